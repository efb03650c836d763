import { existsSync, mkdirSync, readFileSync, renameSync, watch, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import { runCommand, userEnv } from './run-command.js';

/** The repository: what `npm pack` packs. */
export const repository = join(import.meta.dirname, '..', '..');

/** paysock packed with `npm pack` and installed into a new project, as a user installs it. */
export interface InstalledPackage {
  /** The .tgz `npm pack` wrote. */
  tarball: string;
  /** Its size in bytes, and unpacked. */
  size: number;
  unpackedSize: number;
  /** Every path in it, as `npm pack --json` lists them. */
  files: string[];
  /** The project that installed it (a package.json of type module, paysock in its dependencies). */
  project: string;
  /** node_modules/.bin/paysock of that project: the link npm made. */
  bin: string;
}

interface PackJson {
  filename: string;
  size: number;
  unpackedSize: number;
  files: { path: string }[];
}

/**
 * Packs the repository and installs the tarball into a new project, once per test run: the first test file to
 * ask does it, the others wait for it (a folder made with mkdir is the lock, as only one maker succeeds).
 * The install runs as a user's does, install scripts included (better-sqlite3 builds its addon).
 */
export async function installedPackage(): Promise<InstalledPackage> {
  const dir = inject('packageDir');
  const ready = join(dir, 'ready.json');
  const failed = join(dir, 'failed.txt');
  let mine = true;
  try {
    mkdirSync(join(dir, 'lock'));
  } catch {
    mine = false;
  }
  if (mine) {
    try {
      writeFileSync(ready + '.tmp', JSON.stringify(await packAndInstall(dir)));
      // Written whole, then renamed: a waiting file never reads half of it.
      renameSync(ready + '.tmp', ready);
    } catch (error) {
      writeFileSync(failed, error instanceof Error ? error.message : String(error));
      throw error;
    }
  }
  await appears(dir, [ready, failed], 300_000);
  if (existsSync(failed)) throw new Error(`packing or installing paysock failed: ${readFileSync(failed, 'utf8')}`);
  return JSON.parse(readFileSync(ready, 'utf8')) as InstalledPackage;
}

async function packAndInstall(dir: string): Promise<InstalledPackage> {
  // npm test has just built dist/; --ignore-scripts keeps pack from building it again.
  const pack = await runCommand('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: repository });
  if (pack.code !== 0) throw new Error(`npm pack exited ${pack.code}: ${pack.stderr}`);
  const [packed] = JSON.parse(pack.stdout) as PackJson[];
  if (!packed) throw new Error(`npm pack listed no package: ${pack.stdout}`);
  const tarball = join(dir, packed.filename);
  const project = join(dir, 'project');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), `${JSON.stringify({ name: 'paysock-user', version: '1.0.0', private: true, type: 'module' }, null, 2)}\n`);
  // --prefer-offline: the dependencies are in npm's cache from the repository's own install; the registry is asked only for what is not.
  const install = await runCommand('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball], { cwd: project, env: userEnv(), timeoutMs: 280_000 });
  if (install.code !== 0) throw new Error(`npm install ${tarball} exited ${install.code}: ${install.stderr}`);
  return {
    tarball,
    size: packed.size,
    unpackedSize: packed.unpackedSize,
    files: packed.files.map((f) => f.path),
    project,
    bin: join(project, 'node_modules', '.bin', 'paysock'),
  };
}

/** Resolves once one of `files` exists in `dir` (another test file's install writes it). */
function appears(dir: string, files: string[], timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const watcher = watch(dir);
    const done = (error?: Error): void => {
      clearTimeout(timer);
      watcher.close();
      if (error) reject(error);
      else resolve();
    };
    const timer = setTimeout(() => done(new Error(`packing and installing paysock took over ${timeoutMs / 1000} s`)), timeoutMs);
    watcher.on('change', () => {
      if (files.some((f) => existsSync(f))) done();
    });
    // It may have appeared before the watch began.
    if (files.some((f) => existsSync(f))) done();
  });
}
