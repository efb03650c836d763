#!/usr/bin/env node
// The `paysock` program. npm starts it through links (node_modules/.bin, the npx cache, a global prefix), so it
// must not guess whether it is the main module: running it is its only job, and program.ts is the importable part.
import { hideBin } from 'yargs/helpers';
import { main } from './program.js';

// A reader that stops early (`paysock certify --list | head`) closes our stdout: that ends the output, it is not a crash.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

main(hideBin(process.argv)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`paysock: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 2;
  },
);
