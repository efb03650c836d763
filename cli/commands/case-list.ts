import { UsageError } from '../usage-error.js';

/** What `--list` prints of a case. */
interface ListedCase {
  id: string;
  level: string;
  requirements: readonly string[];
  title: string;
}

/**
 * `paysock certify --list` (both protocol versions): one line per selected
 * case, then `footer`. Returns the command's exit code.
 */
export function printCaseList(cases: readonly ListedCase[], footer: string): 0 {
  for (const c of cases) process.stdout.write(`${c.id.padEnd(20)} ${c.level.padEnd(6)} ${c.requirements.join(',').padEnd(40)} ${c.title}\n`);
  process.stdout.write(`${footer}\n`);
  return 0;
}

/**
 * Checks that `--case`/`--grep` selected something, and parses `--formats`
 * with `parse` (passed in: the report module is loaded lazily by the
 * command); a bad value is a usage error (exit 2).
 */
export function selectionAndFormats<F>(selected: readonly unknown[], formats: unknown, parse: (value: string) => F): F {
  if (selected.length === 0) throw new UsageError('no case matches --case/--grep (see --list)');
  try {
    return parse(String(formats));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
