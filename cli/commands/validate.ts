import { readFileSync } from 'node:fs';
import type { PaysockCommand } from './command.js';
import { formatProblem } from '../../protocol/problems.js';
import { splitV2Frames } from '../../protocol/v2/frame.js';
import { validateFrame, type ValidationProfile } from '../../protocol/validate-message.js';
import { profileChoices } from '../profile-option.js';
import { defaultProfile, registeredProfile } from '../../protocol/profiles/index.js';
import { UsageError } from '../usage-error.js';

/** `paysock validate <file|->`: checks messages against the schemas of the chosen profile. */
export const validateCommand: PaysockCommand = {
  command: 'validate <file>',
  describe: 'Validate protocol messages (one JSON message per line; "-" reads stdin) against the v1 schemas, or the v2 ones with --profile pinto-android-2',
  builder: (y) =>
    y
      .positional('file', { type: 'string', describe: 'File of newline-separated JSON messages (pinto-android-2: pretty-printed frames too), or - for stdin', demandOption: true })
      .option('from', { choices: ['server', 'terminal'] as const, default: 'server' as const, describe: 'Which side sent the messages' })
      .option('profile', {
        choices: profileChoices,
        default: defaultProfile as ValidationProfile,
        describe: 'v1 terminal dialect (strict, pinto-android-1; with --from terminal), or pinto-android-2: protocol v2 as the Android kiosk app release v2.2 (d540407) speaks it, both directions',
      }),
  handler: async (args) => {
    // yargs turns a lone "-" positional into "".
    const file = args.file === '' || args.file === '-' ? '-' : String(args.file);
    let text: string;
    try {
      text = readFileSync(file === '-' ? 0 : file, 'utf8');
    } catch (error) {
      throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
    }
    const profile = args.profile as ValidationProfile;
    // The v2 kiosk writes some frames pretty-printed over several lines (docs/protocol-v2.md V2-ENV-5).
    const frames = registeredProfile(profile).protocolVersion === 2
      ? splitV2Frames(text)
      : text.split('\n').flatMap((line, index) => (line.trim() === '' ? [] : [{ line: index + 1, text: line }]));
    let failed = 0;
    for (const frame of frames) {
      const result = validateFrame(frame.text, { from: args.from as 'server' | 'terminal', profile });
      const where = `${file}:${frame.line}`;
      if (!result.ok) {
        failed++;
        for (const problem of result.problems) process.stdout.write(`${where}: FAIL ${formatProblem(problem)}\n`);
      }
      for (const warning of result.warnings) process.stdout.write(`${where}: WARN ${formatProblem(warning)}\n`);
    }
    process.stdout.write(`${frames.length - failed} valid, ${failed} invalid\n`);
    return failed === 0 ? 0 : 1;
  },
};
