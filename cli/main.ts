#!/usr/bin/env node
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { commands } from './commands/index.js';
import { UsageError } from './usage-error.js';

/**
 * The `paysock` command line. Exit codes: 0 success (conformant), 1 the check
 * failed (not conformant, threshold missed), 2 could not run or bad usage.
 */
export async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  const parser = yargs(argv)
    .scriptName('paysock')
    .usage('$0 <command> [options]\n\nConformance and load testing for the payment-kiosk WebSocket protocol (v1).')
    .strict()
    .demandCommand(1, 'Name a command: see the list above.')
    .recommendCommands()
    .help()
    .alias('h', 'help')
    .version()
    .wrap(Math.min(110, process.stdout.columns || 110))
    .fail((message, error) => {
      // yargs calls this for its own parse errors (message) and for handler exceptions (error).
      if (error) throw error;
      process.stderr.write(`paysock: ${message}\nRun "paysock --help" for usage.\n`);
      exitCode = 2;
    });
  for (const command of commands) {
    parser.command(command.command, command.describe, command.builder, async (args) => {
      try {
        exitCode = await command.handler(args);
      } catch (error) {
        if (!(error instanceof UsageError)) throw error;
        process.stderr.write(`paysock: ${error.message}\n`);
        exitCode = 2;
      }
    });
  }
  try {
    await parser.parseAsync();
  } catch (error) {
    process.stderr.write(`paysock: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  return exitCode;
}

/**
 * A reader that stops early (`paysock certify --list | head`) closes our stdout:
 * that ends the output, it is not a crash.
 */
function exitQuietlyOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/').split('/').slice(-2).join('/'));
if (invokedDirectly) {
  exitQuietlyOnClosedPipe(process.stdout);
  main(hideBin(process.argv)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`paysock: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
