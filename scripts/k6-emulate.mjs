#!/usr/bin/env node
// `npm run k6:emulate`: compiles the emulated k6 runtime (test/load/k6-runtime, a test tool that is
// not shipped in dist/) on the fly with esbuild and runs a k6 bundle with it. See docs/load-testing.md.
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// Inside the project, so the bundled runtime resolves ws and esbuild from node_modules.
const dir = mkdtempSync(join(root, 'node_modules', '.paysock-k6-emulate-'));
const outfile = join(dir, 'cli.mjs');
try {
  await build({
    entryPoints: [join(root, 'test', 'load', 'k6-runtime', 'cli.ts')],
    bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', outfile, logLevel: 'warning',
  });
  await import(pathToFileURL(outfile).href);
} finally {
  process.once('beforeExit', () => rmSync(dir, { recursive: true, force: true }));
}
