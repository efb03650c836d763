import type { Argv } from 'yargs';

/**
 * One `paysock` subcommand. The handler returns the process exit code
 * (0 ok, 1 check failed, 2 could not run) instead of calling process.exit,
 * so tests can call it and servers can drain first.
 */
export interface PaysockCommand {
  command: string;
  describe: string;
  // yargs' builder types are too deep to name per command; each command narrows its own args.
  builder: (y: Argv) => Argv<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  handler: (args: Record<string, unknown>) => Promise<number>;
}
