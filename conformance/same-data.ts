import { isDeepStrictEqual } from 'node:util';
import { definedDataFields } from '../protocol/unknown-fields.js';

/** What comparing two screens' data found: equal, or the first field that differs. */
export interface DataComparison {
  same: boolean;
  /** The fields compared and their values, for a report ("methods ["DEBIT_CARD"] vs ["PAY_BY_BANK"]"). */
  difference?: string;
}

/**
 * Compares the data of two SCREEN_CHANGEs of one screen as JSON values: key
 * order does not matter, and fields the spec does not define for that screen
 * are left out (receivers ignore them, ENV-13). Defined fields compare by
 * value, arrays in order.
 */
export function sameScreenData(screen: string, a: unknown, b: unknown): DataComparison {
  const left = (a ?? {}) as Record<string, unknown>;
  const right = (b ?? {}) as Record<string, unknown>;
  const defined = definedDataFields('SCREEN_CHANGE', screen);
  const fields = [...new Set([...Object.keys(left), ...Object.keys(right)])].filter((f) => defined === undefined || defined.has(f)).sort();
  for (const f of fields) {
    if (!isDeepStrictEqual(left[f], right[f])) return { same: false, difference: `${f} ${JSON.stringify(left[f])} vs ${JSON.stringify(right[f])}` };
  }
  return { same: true };
}
