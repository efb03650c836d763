import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunResults } from '../results.js';
import { renderHtml } from './html.js';
import { renderJson } from './json.js';
import { renderJunit } from './junit.js';

export { renderHtml } from './html.js';
export { renderJunit } from './junit.js';
export { renderJson } from './json.js';
export { parseRunResults } from './read-results.js';

/** The report formats, in the order they are written. */
export const reportFormats = ['html', 'junit', 'json'] as const;
export type ReportFormat = (typeof reportFormats)[number];

/** File name of each format inside the report directory. */
export const reportFileNames: Record<ReportFormat, string> = {
  html: 'conformance.html',
  junit: 'conformance.junit.xml',
  json: 'results.json',
};

const renderers: Record<ReportFormat, (results: RunResults) => string> = {
  html: renderHtml,
  junit: renderJunit,
  json: renderJson,
};

/**
 * Parses a `--formats` value ("html,junit" or an array of such strings) into
 * distinct formats. Throws an Error naming the unknown format, for the CLI
 * to turn into a usage error.
 */
export function parseReportFormats(value: string | readonly string[]): ReportFormat[] {
  const names = (typeof value === 'string' ? [value] : value).flatMap((v) => v.split(',')).map((v) => v.trim().toLowerCase()).filter((v) => v !== '');
  const known = new Set<string>(reportFormats);
  const unknown = names.find((n) => !known.has(n));
  if (unknown !== undefined) throw new Error(`unknown report format "${unknown}" (choose from ${reportFormats.join(', ')})`);
  if (names.length === 0) throw new Error(`no report format given (choose from ${reportFormats.join(', ')})`);
  return reportFormats.filter((f) => names.includes(f));
}

/**
 * Writes the reports of a run into `dir` (created if missing) and returns
 * the paths written, in the order of `reportFormats`: conformance.html,
 * conformance.junit.xml, results.json.
 */
export async function writeReports(results: RunResults, dir: string, formats: ReportFormat[]): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const format of reportFormats.filter((f) => formats.includes(f))) {
    const path = join(dir, reportFileNames[format]);
    await writeFile(path, renderers[format](results), 'utf8');
    written.push(path);
  }
  return written;
}
