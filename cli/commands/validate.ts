import { readFileSync } from 'node:fs';
import type { PaysockCommand } from './command.js';
import { parseFrame } from '../../protocol/frame.js';
import { formatProblem } from '../../protocol/problems.js';
import { defaultProfile, terminalProfiles, type TerminalProfile } from '../../protocol/profiles/index.js';
import { UsageError } from '../usage-error.js';

/** `paysock validate <file|->`: checks messages (one JSON object per line) against the schemas. */
export const validateCommand: PaysockCommand = {
  command: 'validate <file>',
  describe: 'Validate protocol messages (one JSON message per line; "-" reads stdin) against the v1 schemas',
  builder: (y) =>
    y
      .positional('file', { type: 'string', describe: 'File of newline-separated JSON messages, or - for stdin', demandOption: true })
      .option('from', { choices: ['server', 'terminal'] as const, default: 'server' as const, describe: 'Which side sent the messages' })
      .option('profile', { choices: terminalProfiles, default: defaultProfile, describe: 'Terminal dialect (with --from terminal)' }),
  handler: async (args) => {
    // yargs turns a lone "-" positional into "".
    const file = args.file === '' || args.file === '-' ? '-' : String(args.file);
    let text: string;
    try {
      text = readFileSync(file === '-' ? 0 : file, 'utf8');
    } catch (error) {
      throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
    }
    let failed = 0;
    let count = 0;
    for (const [index, line] of text.split('\n').entries()) {
      if (line.trim() === '') continue;
      count++;
      const result = args.from === 'terminal'
        ? parseFrame(line, { from: 'terminal', profile: args.profile as TerminalProfile })
        : parseFrame(line);
      const where = `${file}:${index + 1}`;
      if (!result.ok) {
        failed++;
        for (const problem of result.problems) process.stdout.write(`${where}: FAIL ${formatProblem(problem)}\n`);
      }
      for (const warning of result.warnings) process.stdout.write(`${where}: WARN ${formatProblem(warning)}\n`);
    }
    process.stdout.write(`${count - failed} valid, ${failed} invalid\n`);
    return failed === 0 ? 0 : 1;
  },
};
