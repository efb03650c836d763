import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { parseRunResults } from '../read-results.js';
import type { MatrixColumn } from './model.js';

/** A results file of a run, as found from what the user named. */
interface Found {
  file: string;
  /** The label it gets before duplicates are told apart. */
  label: string;
}

/** Every results.json under `dir` (recursively), labelled by its folder relative to `dir`. */
function resultsUnder(dir: string): Found[] {
  const found: Found[] = [];
  const walk = (at: string): void => {
    for (const entry of readdirSync(at, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && entry.name === 'results.json') {
        const folder = relative(dir, at).split(sep).join('/');
        found.push({ file: path, label: folder === '' ? basename(dir) : folder });
      }
    }
  };
  walk(dir);
  return found;
}

/** A results file named directly: labelled by its folder ("release-2/results.json" -> "release-2"), or by its name when it is not results.json. */
function labelOf(file: string): string {
  return basename(file) === 'results.json' ? basename(dirname(file)) || basename(file) : basename(file).replace(/\.json$/i, '');
}

/** An href for a local file from the folder the page is written in ("/"-separated, each segment URL-encoded). */
function hrefFrom(outDir: string, file: string): string {
  return relative(outDir, file).split(sep).map(encodeURIComponent).join('/');
}

/**
 * Reads the runs of a matrix: each input is a results.json or a folder
 * searched for results.json files. A folder's runs are ordered by start time
 * (oldest first, so the last column is the latest run); files named one by
 * one keep the order given. Throws an Error naming the file and the problem
 * (unreadable, not JSON, not a results file), for the CLI to print.
 */
export function loadMatrixColumns(inputs: readonly string[], outDir: string): MatrixColumn[] {
  const columns: MatrixColumn[] = [];
  for (const input of inputs) {
    let isDirectory: boolean;
    try {
      isDirectory = statSync(input).isDirectory();
    } catch (error) {
      throw new Error(`cannot read ${input}: ${(error as Error).message}`);
    }
    const found = isDirectory ? resultsUnder(input) : [{ file: input, label: labelOf(input) }];
    if (isDirectory && found.length === 0) throw new Error(`${input} holds no results.json`);
    const read = found.map((f) => ({ ...f, results: readResults(f.file) }));
    if (isDirectory) read.sort((a, b) => Date.parse(a.results.startedAt) - Date.parse(b.results.startedAt) || (a.label < b.label ? -1 : 1));
    for (const r of read) {
      const report = join(dirname(r.file), 'conformance.html');
      columns.push({ label: r.label, source: r.file, results: r.results, ...(existsSync(report) ? { reportHref: hrefFrom(outDir, report) } : {}) });
    }
  }
  // Two runs from folders of the same name ("a/reports", "b/reports") get told apart by number.
  const seen = new Map<string, number>();
  for (const column of columns) {
    const n = (seen.get(column.label) ?? 0) + 1;
    seen.set(column.label, n);
    if (n > 1) column.label = `${column.label} (${n})`;
  }
  return columns;
}

function readResults(file: string): MatrixColumn['results'] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    return parseRunResults(text);
  } catch (error) {
    throw new Error(`${file}: ${(error as Error).message}`);
  }
}

/**
 * Undefined when every run judged against the same spec version; otherwise
 * why they cannot share a matrix, naming each run's version.
 */
export function specVersionConflict(columns: readonly MatrixColumn[]): string | undefined {
  const versions = new Map<string, string[]>();
  for (const c of columns) versions.set(c.results.suite.specVersion, [...(versions.get(c.results.suite.specVersion) ?? []), c.source]);
  if (versions.size <= 1) return undefined;
  const listed = [...versions].map(([version, sources]) => `${sources.join(', ')} ${sources.length === 1 ? 'is' : 'are'} spec ${version}`).join('; ');
  return `results of different spec versions: ${listed}. A row compares one case under one set of rules; across spec versions the same case id may check another rule, so its verdicts do not compare (add --mixed-specs to put them side by side anyway)`;
}
