import { checkFormat, FormatError, parseJson } from '../../protocol/format-validators.js';
import { RESULTS_FORMAT_VERSION, type RunResults } from '../results.js';

/**
 * Parses and checks the text of a results.json against
 * schemas/formats/results.schema.json. Throws an Error whose message is one
 * line naming what is wrong (bad JSON, other format version, the first
 * missing or mistyped field with its JSON path), so the CLI can print it as is.
 */
export function parseRunResults(text: string): RunResults {
  const value = parseJson(text);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not a results object (expected a JSON object)');
  const format = (value as { format?: unknown }).format;
  if (format === undefined) throw new Error('no "format" field: not a paysock results.json');
  if (format !== RESULTS_FORMAT_VERSION) {
    throw new Error(`results format ${JSON.stringify(format)} is not supported (this paysock reads format ${RESULTS_FORMAT_VERSION})`);
  }
  try {
    return checkFormat('results', value);
  } catch (error) {
    if (error instanceof FormatError) throw new Error(`invalid results: ${error.message}`);
    throw error;
  }
}
