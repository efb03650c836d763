import { readFileSync } from 'node:fs';
import type { PaysockCommand } from './command.js';
import type { ReportFormat, reportFormats as reportFormatList } from '../../conformance/report/index.js';
import type { RunResults } from '../../conformance/results.js';
import { UsageError } from '../usage-error.js';

/**
 * The report formats for the help text, without loading the renderers for
 * every command (about 9 MiB of memory, which `paysock load` felt). The type
 * is the renderers' own tuple, so a format added or reordered there fails
 * the type check here until this list matches.
 */
const reportFormats = ['html', 'junit', 'json'] as const satisfies typeof reportFormatList;

/** `paysock report <results.json>`: re-renders the reports of a finished run from its results.json. */
export const reportCommand: PaysockCommand = {
  command: 'report <results>',
  describe: 'Re-render the HTML/JUnit/JSON reports of a conformance run from its results.json',
  builder: (y) =>
    y
      .positional('results', { type: 'string', describe: 'results.json written by "paysock certify"', demandOption: true })
      .option('report-dir', { type: 'string', default: 'reports', describe: 'Directory to write the reports to' })
      .option('formats', { type: 'string', default: reportFormats.join(','), describe: `Comma-separated report formats (${reportFormats.join(', ')})` }),
  handler: async (args) => {
    const { parseReportFormats, parseRunResults, writeReports } = await import('../../conformance/report/index.js');
    const file = String(args.results);
    let formats: ReportFormat[];
    try {
      formats = parseReportFormats(args.formats as string | string[]);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
    }
    let results: RunResults;
    try {
      results = parseRunResults(text);
    } catch (error) {
      throw new UsageError(`${file}: ${(error as Error).message}`);
    }
    const written = await writeReports(results, String(args['report-dir']), formats);
    process.stdout.write(results.verdict === 'COULD_NOT_RUN'
      ? `COULD_NOT_RUN: ${results.reason ?? 'no reason recorded'} (${results.target.url})\n`
      : `${results.verdict} (${results.cases.length} cases, ${results.counts.FAIL} failed, ${results.counts.ERROR} errors) for ${results.target.url}\n`);
    for (const path of written) process.stdout.write(`wrote ${path}\n`);
    return 0;
  },
};
