import { join } from 'node:path';
import { runEmulatedK6, type LogEntry } from './runtime.js';

/**
 * `npm run k6:emulate [script]`: runs a k6 script bundle (default
 * dist/k6/paysock.js) under the emulated runtime with the environment as
 * __ENV, the way `k6 run` takes system environment variables. An emulation
 * for trying the scripts without k6; real load runs use `k6 run`.
 */
async function main(): Promise<void> {
  const script = process.argv[2] ?? join(process.cwd(), 'dist', 'k6', 'paysock.js');
  process.stderr.write(`paysock k6:emulate: EMULATED k6 runtime (a test tool, not k6): ${script}\n  real runs: k6 run ${script}\n`);
  const controller = new AbortController();
  process.once('SIGINT', () => {
    process.stderr.write('stopping: interrupting VUs, then handleSummary (Ctrl-C again to quit at once)\n');
    controller.abort();
    process.once('SIGINT', () => process.exit(105));
  });
  const env = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined));
  const result = await runEmulatedK6({
    script,
    env,
    signal: controller.signal,
    onLog: (entry: LogEntry) => process.stderr.write(`level=${entry.level} vu=${entry.vu} msg=${JSON.stringify(entry.message)}\n`),
    onStdout: (text) => process.stdout.write(text),
    onStderr: (text) => process.stderr.write(text),
  });
  const it = result.iterations;
  process.stderr.write(`emulated run: ${it.completed} iterations completed, ${it.errored} with errors, ${it.interrupted} interrupted; ${result.vusInitialized} VUs`
    + `${result.abortedBy ? `; stopped early: ${result.abortedBy}` : ''}${result.filesWritten.length > 0 ? `; wrote ${result.filesWritten.join(', ')}` : ''}; exit ${result.exitCode}\n`);
  process.exitCode = result.exitCode;
}

main().catch((error: unknown) => {
  process.stderr.write(`k6:emulate failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 107;
});
