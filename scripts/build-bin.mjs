#!/usr/bin/env node
// Makes the program file dist/cli/main.js executable, as package.json's "bin" needs it to be. npm sets the
// mode only when it makes a link, and a link it made before (npx's cache of this folder, a global install
// of it) outlives the rebuild, which tsc writes without the execute bits: `npx paysock` then answered
// "paysock: Permission denied" in a fresh clone at a folder npx had seen before.
import { chmodSync, readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { bin } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
for (const file of Object.values(bin)) chmodSync(join(root, file), 0o755);
