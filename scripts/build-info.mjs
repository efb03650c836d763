#!/usr/bin/env node
// Writes dist/build-info.json: the git commit paysock is built from, and
// whether the work tree had uncommitted changes. An installed package has no
// .git, so this file, written when the package is built (`npm run build`,
// which `npm pack` and `npm publish` run through `prepare`), is how a
// certificate (paysock certify --sign) names the commit. Built outside git:
// the commit is null and certificates say the commit is unknown.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function git(...args) {
  try {
    return execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

const commit = git('rev-parse', 'HEAD');
const info = commit === undefined ? { commit: null } : { commit, dirty: (git('status', '--porcelain', '--untracked-files=no') ?? '') !== '' };
mkdirSync(join(root, 'dist'), { recursive: true });
writeFileSync(join(root, 'dist', 'build-info.json'), `${JSON.stringify(info, null, 2)}\n`);
