import yargs, { type Argv } from 'yargs';
import { commands } from './commands/index.js';
import type { PaysockCommand } from './commands/command.js';
import { UsageError } from './usage-error.js';
import { notANumber, oneLine, usageLine } from './usage-message.js';

/**
 * The `paysock` command line. Exit codes: 0 success (conformant), 1 the check
 * failed (not conformant, threshold missed, nothing completed), 2 could not
 * run or bad usage. Bad usage stops before any command's handler runs: one
 * line on stderr, nothing started, nothing written.
 */
export async function main(argv: string[]): Promise<number> {
  const names = commands.map(commandName);
  // The subcommand being parsed, for messages about its missing arguments (the first word that names one).
  const named = argv.find((a) => names.includes(a));
  const current = commands.find((c) => commandName(c) === named);
  const usage = current ? { name: commandName(current), usage: `paysock ${current.command}` } : undefined;
  let exitCode = 0;
  const parser = yargs(argv)
    .scriptName('paysock')
    // Parse errors are rewritten into one line (usage-message.ts), which reads yargs' English wording.
    .locale('en')
    .usage('$0 <command> [options]\n\nConformance and load testing for the payment-kiosk WebSocket protocol (v1).')
    .strict()
    .demandCommand(1, `name a command: ${names.join(', ')} (paysock --help describes them)`)
    .recommendCommands()
    .help()
    .alias('h', 'help')
    .version()
    .wrap(Math.min(110, process.stdout.columns || 110))
    .fail((message, error) => {
      // yargs calls this for its own parse errors (message) and for handler exceptions (error). Throwing, not
      // returning, is what stops it: after a returning fail handler yargs goes on into the command's handler.
      // yargs-parser's own errors (a flag without its value) arrive as an error too.
      if (error && !/^Not enough arguments following/.test(error.message)) throw error;
      throw new UsageError(usageLine(message ?? error?.message ?? '', argv, usage, names));
    });
  for (const command of commands) {
    parser.command(command.command, command.describe, (y) => requireValues(command.builder(y), command), async (args) => {
      const nan = notANumber(args, argv);
      if (nan !== undefined) throw new UsageError(nan);
      exitCode = await command.handler(args);
    });
  }
  try {
    await parser.parseAsync();
  } catch (error) {
    // Usage errors and anything else that stopped a command: one line, exit 2, never a stack trace.
    process.stderr.write(`paysock: ${oneLine(error instanceof Error ? error.message : String(error))}\n`);
    return 2;
  }
  return exitCode;
}

/** The part of yargs' option table requireValues reads (yargs has getOptions at runtime but does not type it). */
interface OptionTable {
  string: string[];
  number: string[];
  array: string[];
  choices: Record<string, unknown>;
}

/**
 * Every option that takes a value must be given one: without this, yargs
 * reads a bare "--port" as "use the default" and the command runs. Array
 * options stay as they are ("--case a b" collects both).
 */
function requireValues(y: Argv, command: PaysockCommand): Argv {
  const options = (y as unknown as { getOptions(): OptionTable }).getOptions();
  const positionals = [...command.command.matchAll(/[<[]([^\]>.]+)/g)].map((m) => m[1]);
  const keys = [...new Set([...options.string, ...options.number, ...Object.keys(options.choices)])]
    .filter((k) => !options.array.includes(k) && !positionals.includes(k));
  return keys.length > 0 ? y.requiresArg(keys) : y;
}

function commandName(command: PaysockCommand): string {
  return command.command.split(' ')[0] ?? command.command;
}
