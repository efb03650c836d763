import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packagePath, packageRoot } from '../../protocol/package-root.js';
import type { PaysockBuild } from '../../protocol/types/generated-formats.js';

/** Which paysock made a certificate (schemas/formats/certificate.schema.json). */
export type { PaysockBuild } from '../../protocol/types/generated-formats.js';

let cached: PaysockBuild | undefined;

/**
 * The version (package.json) and commit of this paysock. Built code (dist/)
 * reads the commit from dist/build-info.json, which scripts/build-info.mjs
 * writes at build time, since an installed package has no .git; code run
 * from its sources (tests) asks git.
 */
export function paysockBuild(): PaysockBuild {
  if (cached) return cached;
  const version = readVersion();
  const fromDist = fileURLToPath(import.meta.url).startsWith(join(packageRoot(), 'dist') + sep);
  const known = fromDist ? fromBuildInfo() : fromGit();
  cached = known ? { version, ...known } : { version, commitFrom: 'unknown' };
  return cached;
}

function readVersion(): string {
  try {
    return (JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

function fromBuildInfo(): Omit<PaysockBuild, 'version'> | undefined {
  const file = packagePath('dist', 'build-info.json');
  if (!existsSync(file)) return undefined;
  try {
    const info = JSON.parse(readFileSync(file, 'utf8')) as { commit?: unknown; dirty?: unknown };
    if (typeof info.commit !== 'string') return undefined;
    return { commit: info.commit, ...(info.dirty === true ? { dirty: true } : {}), commitFrom: 'build' };
  } catch {
    return undefined;
  }
}

function fromGit(): Omit<PaysockBuild, 'version'> | undefined {
  const git = (...args: string[]): string | undefined => {
    try {
      return execFileSync('git', args, { cwd: packageRoot(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      return undefined;
    }
  };
  const commit = git('rev-parse', 'HEAD');
  if (commit === undefined || !/^[0-9a-f]{40,64}$/.test(commit)) return undefined;
  const dirty = (git('status', '--porcelain', '--untracked-files=no') ?? '') !== '';
  return { commit, ...(dirty ? { dirty: true } : {}), commitFrom: 'git' };
}
