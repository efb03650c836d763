import type { RunResults } from '../results.js';

/** results.json: the whole run, pretty-printed, newline-terminated. */
export function renderJson(results: RunResults): string {
  return `${JSON.stringify(results, null, 2)}\n`;
}
