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

/** `paysock report <results.json>`: re-renders the reports of a finished run; `--matrix`: puts several runs side by side. */
export const reportCommand: PaysockCommand = {
  command: 'report [results..]',
  describe: 'Re-render the HTML/JUnit/JSON reports of a conformance run from its results.json; --matrix puts several runs (files or folders) side by side in one page',
  builder: (y) =>
    y
      .positional('results', { type: 'string', array: true, describe: 'results.json written by "paysock certify" (with --matrix: several, or folders holding them)' })
      .option('report-dir', { type: 'string', default: 'reports', describe: 'Directory to write the reports to' })
      .option('formats', { type: 'string', default: reportFormats.join(','), describe: `Comma-separated report formats (${reportFormats.join(', ')})` })
      .option('matrix', { type: 'boolean', default: false, describe: 'Write matrix.html: the runs side by side (cases and requirements by run), and what changed between two of them' })
      .option('mixed-specs', { type: 'boolean', default: false, describe: 'With --matrix: accept runs of different spec versions in one matrix' }),
  handler: async (args) => {
    const files = ((args.results as string[] | undefined) ?? []).map(String);
    if (args.matrix === true) return writeMatrix(files, String(args['report-dir']), args['mixed-specs'] === true);
    if (args['mixed-specs'] === true) throw new UsageError('--mixed-specs goes with --matrix');
    if (files.length === 0) throw new UsageError('missing argument: paysock report <results> (or paysock report --matrix <results.json|folder>...)');
    if (files.length > 1) throw new UsageError(`${files.length} results files: add --matrix to put them side by side (paysock report --matrix ${files.join(' ')})`);
    const { parseReportFormats, parseRunResults, writeReports } = await import('../../conformance/report/index.js');
    const file = files[0] as string;
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

/** `paysock report --matrix`: reads every run, refuses mixed spec versions unless told, writes matrix.html. */
async function writeMatrix(inputs: string[], dir: string, mixedSpecs: boolean): Promise<number> {
  if (inputs.length === 0) throw new UsageError('--matrix: name the runs: paysock report --matrix a/results.json b/results.json (or a folder holding them)');
  const [{ loadMatrixColumns, specVersionConflict }, { renderMatrix }, { mkdir, writeFile }, { join }] = await Promise.all([
    import('../../conformance/report/matrix/columns.js'), import('../../conformance/report/matrix/html.js'), import('node:fs/promises'), import('node:path'),
  ]);
  let columns;
  try {
    columns = loadMatrixColumns(inputs, dir);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const conflict = specVersionConflict(columns);
  if (conflict && !mixedSpecs) throw new UsageError(conflict);
  await mkdir(dir, { recursive: true });
  const path = join(dir, 'matrix.html');
  await writeFile(path, renderMatrix(columns, conflict ? { mixedSpecs: conflict } : {}), 'utf8');
  for (const c of columns) process.stdout.write(`${c.label}: ${c.results.verdict} (${c.results.cases.length} cases, ${c.results.counts.FAIL} failed) ${c.results.target.url}\n`);
  process.stdout.write(`wrote ${path}\n`);
  return 0;
}
