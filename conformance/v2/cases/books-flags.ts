import type { V2CaseContext } from '../context.js';

/** A payment result as the books endpoint of the reference server's shape lists it (GET /v2/books `paymentResults`). */
interface BooksPaymentResult {
  transactionId?: unknown;
  screen?: unknown;
  anomaly?: unknown;
  flags?: unknown;
}

/** Whether a record carries a flag: a non-empty `flags` list, or `anomaly: true`. Any flag name passes: a vendor names its own. */
const flagged = (record: { flags?: unknown; anomaly?: unknown }): boolean => record.anomaly === true || (Array.isArray(record.flags) && record.flags.length > 0);

/**
 * Whether any of these books records has a flag field at all (`flags`,
 * `flag` or `anomaly`). Books that show none may keep their flags where the
 * endpoint does not show them: a missing flag is then at most a WARN (the
 * project's reading of the books' shape), never a FAIL.
 */
export function showsFlags(records: ReadonlyArray<object | undefined>): boolean {
  return records.some((r) => r !== undefined && ('flags' in r || 'flag' in r || 'anomaly' in r));
}

/**
 * V2-M-6 on the books: after a second PAYMENT_RESULT SUCCESS for the sale
 * under `transactionId` with another timestamp, some record of it carries a
 * flag: one of the card's sales under that id (GET /v2/cards/<token>), or one
 * of the payment results under it (GET /v2/books). pinto-android-2.md §6 M6 "a
 * second `SUCCESS` with the same key but another `timestamp` MUST be kept as
 * an anomaly for reconciliation, not merged silently". Whether it also counts
 * is open (V2-OPEN-5) and not judged here.
 */
export async function anomalyKept(ctx: V2CaseContext, card: string, transactionId: string): Promise<void> {
  const read = await ctx.books(card);
  if (!read) return;
  const sales = (read.sales ?? []).filter((s) => s.transactionId === transactionId);
  let results: BooksPaymentResult[] = [];
  if (!sales.some(flagged)) {
    const all = await ctx.booksRead<{ paymentResults?: BooksPaymentResult[] }>('/v2/books');
    results = (all?.paymentResults ?? []).filter((r) => r.transactionId === transactionId);
  }
  const describe = (records: Array<{ flags?: unknown; anomaly?: unknown; state?: unknown; screen?: unknown }>): string =>
    records.map((r) => `${String(r.state ?? r.screen)} ${Array.isArray(r.flags) ? `[${r.flags.join(', ')}]` : r.anomaly === true ? '(anomaly)' : '(no flag)'}`).join('; ') || 'none';
  // Books that show no `flags` or `anomaly` field at all may keep the anomaly where the endpoint does not show it:
  // reading it there is the project's reading of the books' shape, so a missing one is at most a WARN.
  const shown = showsFlags([...sales, ...results]);
  ctx.check('the second SUCCESS is kept as an anomaly for reconciliation, not merged silently', ['V2-M-6'], sales.some(flagged) || results.some(flagged),
    `a flag (any name) on the card's sale "${transactionId}" or on one of its payment results`, `sales: ${describe(sales)}${results.length > 0 ? `; payment results: ${describe(results)}` : ''}${shown ? '' : ' (these books show no flags field: WARN, not FAIL)'}`, !shown);
}
