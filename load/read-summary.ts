import { formatProblem, problemLine, parseJson } from '../protocol/format-validators.js';
import type { LoadSummary } from './summary.js';

/**
 * What is wrong with a parsed load summary, checked against
 * schemas/formats/load-summary.schema.json: one line, "<JSON path> <what>",
 * or undefined when it is a load summary. Node only (ajv): the k6 scripts
 * write summaries, they never read one.
 */
export function loadSummaryProblem(value: unknown): string | undefined {
  const problem = formatProblem('load-summary', value);
  return problem ? problemLine(problem) : undefined;
}

/** Whether a parsed file is a load summary (the history folder of `load compare` skips what is not). */
export function isLoadSummary(value: unknown): value is LoadSummary {
  return loadSummaryProblem(value) === undefined;
}

/** Parses load-summary.json text; throws an Error whose message is one line: not JSON, or the first problem with its JSON path. */
export function parseLoadSummary(text: string): LoadSummary {
  const value = parseJson(text);
  const problem = loadSummaryProblem(value);
  if (problem !== undefined) throw new Error(`not a load summary: ${problem}`);
  return value as LoadSummary;
}
