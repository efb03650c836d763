/**
 * The books audit: a v2 backend's books (GET /v2/books, the reference
 * server's shape, docs/reference-server-v2.md) against what its kiosks were
 * told. Shared by `paysock load --profile pinto-android-2 --books <url>` and
 * the v2 chaos bench (bench/chaos-v2.ts).
 *
 * The load tool judges only what holds on every legal backend: a sale the
 * books must hold (an APPROVED a kiosk received, V2-M-4, V2-M-7), one sale per
 * card check (V2-M-3), and a card's total equal to the sum of its counting
 * sales (V2-M-4, V2-M-8). It does not sum the amounts of a card's day against
 * the limit: whether the fee part of `selectedAmount` counts and where the day
 * ends are the backend's choice (V2-OPEN-1), so that sum may legally exceed the
 * limit; the kiosks' own ledger judges the limit (money-ledger.ts, over-limit).
 */

/** One sale as the books show it; only `transactionId` and `amount` are read from every backend. */
export interface BooksSale {
  saleNo?: number;
  kioskId?: string;
  transactionId: string;
  card?: string | null;
  amount: number;
  day?: string;
  state?: string;
  /** Whether the sale counts against its card now (the reference server's column). */
  counts?: boolean;
  limitDecision?: string | null;
  flags?: string[];
}

/** A card's day as the books show it. */
export interface BooksCard {
  card: string;
  day: string;
  spent: number;
  reserved: number;
  counted?: number;
}

/** A PAYMENT_RESULT as the books keep it. */
export interface BooksPaymentResult {
  kioskId: string;
  transactionId: string;
  saleNo: number | null;
  screen: string;
  anomaly: boolean;
}

/** The part of GET /v2/books the audits read. */
export interface BooksSnapshot {
  sales: BooksSale[];
  cards?: BooksCard[];
  paymentResults?: BooksPaymentResult[];
}

/** Sale states that count against the card (docs/reference-server-v2.md, the books), for books without `counts`. */
const COUNTING_STATES: ReadonlySet<string> = new Set(['outcome-unknown', 'captured-reversal-pending', 'paid', 'refund-needed']);
const FINAL = new Set(['paid', 'failed', 'rejected', 'reversed', 'refund-needed']);
const UNKNOWN = new Set(['outcome-unknown', 'captured-reversal-pending']);

/** The books-only money violations the load tool reports (beside money-ledger.ts's kinds). */
export type BooksViolationKind =
  /** V2-M-4, V2-M-7: a kiosk received APPROVED and the books hold no sale of that card check. */
  | 'books-approval-lost'
  /** V2-M-3: one card check the kiosk received APPROVED for is booked as two or more sales. */
  | 'books-sale-twice'
  /** V2-M-4, V2-M-8: a card's spent + reserved (or counted) differs from the sum of its counting sales of the day. */
  | 'books-total-mismatch';

export const booksViolationKinds: readonly BooksViolationKind[] = ['books-approval-lost', 'books-sale-twice', 'books-total-mismatch'];

/** An APPROVED one kiosk received (from the kiosks' own frames). */
export interface ReceivedApproval {
  kioskId: string;
  transactionId: string;
  card: string;
  amount: number;
}

/** One violation the books show. */
export interface BooksViolation {
  kind: BooksViolationKind;
  detail: string;
}

/** Whether a sale counts against its card: the backend's `counts` when it says, else its state as the docs define it. */
function counting(sale: BooksSale): boolean {
  return typeof sale.counts === 'boolean' ? sale.counts : sale.state !== undefined && COUNTING_STATES.has(sale.state);
}

/** The books' sales by transaction id (kiosks make a fresh UUID per card check, kiosk-v2). */
function salesByTransaction(books: BooksSnapshot): Map<string, BooksSale[]> {
  const by = new Map<string, BooksSale[]>();
  for (const s of books.sales) {
    const list = by.get(s.transactionId);
    if (list) list.push(s);
    else by.set(s.transactionId, [s]);
  }
  return by;
}

/**
 * Cards whose total differs from the sum of their counting sales of the day
 * (`card day: total X, counting sales Y`); `cardFilter` limits it to the
 * cards of interest. Books without per-card totals have nothing to compare.
 */
export function cardTotalMismatches(books: BooksSnapshot, cardFilter: (card: string) => boolean = () => true): string[] {
  const counted = new Map<string, number>();
  for (const s of books.sales) {
    if (s.card === null || s.card === undefined || !counting(s) || !cardFilter(s.card)) continue;
    const key = `${s.card} ${s.day ?? ''}`;
    counted.set(key, (counted.get(key) ?? 0) + s.amount);
  }
  const found: string[] = [];
  const seen = new Set<string>();
  for (const c of books.cards ?? []) {
    if (!cardFilter(c.card)) continue;
    const key = `${c.card} ${c.day}`;
    seen.add(key);
    const total = c.spent + c.reserved;
    const sum = counted.get(key) ?? 0;
    if (total !== sum || (c.counted !== undefined && c.counted !== sum)) found.push(`${key}: total ${total}${c.counted !== undefined && c.counted !== total ? ` (counted ${c.counted})` : ''}, counting sales ${sum}`);
  }
  // A card with counting sales and no total at all is counted as nothing; only books that list totals are judged.
  if (books.cards !== undefined) for (const [key, sum] of counted) if (!seen.has(key) && sum > 0) found.push(`${key}: no total, counting sales ${sum}`);
  return found;
}

/**
 * The books-only violations of a load run: each APPROVED a kiosk received must
 * be one sale on the books, and each card of the run (`cardFilter`) must total
 * its counting sales.
 */
export function booksViolations(books: BooksSnapshot, approvals: readonly ReceivedApproval[], cardFilter: (card: string) => boolean): BooksViolation[] {
  const byTransaction = salesByTransaction(books);
  const found: BooksViolation[] = [];
  for (const a of approvals) {
    const sales = byTransaction.get(a.transactionId) ?? [];
    if (sales.length === 0) found.push({ kind: 'books-approval-lost', detail: `kiosk ${a.kioskId}: APPROVED ${a.amount} on card ${a.card} received for card check ${a.transactionId}, no sale on the books (V2-M-4, V2-M-7)` });
    else if (sales.length > 1) found.push({ kind: 'books-sale-twice', detail: `kiosk ${a.kioskId}: card check ${a.transactionId} (APPROVED ${a.amount} on card ${a.card}) booked as ${sales.length} sales${sales.some((s) => s.saleNo !== undefined) ? ` (${sales.map((s) => s.saleNo).join(', ')})` : ''} (V2-M-3)` });
  }
  for (const detail of cardTotalMismatches(books, cardFilter)) found.push({ kind: 'books-total-mismatch', detail: `card ${detail} (V2-M-4, V2-M-8)` });
  return found;
}

/** Reads a GET /v2/books answer; throws a message naming what is missing. */
export function parseBooks(value: unknown): BooksSnapshot {
  const o = value as Partial<Record<string, unknown>> | null;
  if (typeof o !== 'object' || o === null || !Array.isArray(o.sales)) throw new Error('no "sales" array');
  for (const [i, s] of (o.sales as unknown[]).entries()) {
    const sale = s as Partial<BooksSale> | null;
    if (typeof sale !== 'object' || sale === null || typeof sale.transactionId !== 'string' || typeof sale.amount !== 'number') throw new Error(`sales[${i}] has no string "transactionId" and number "amount"`);
  }
  if (o.cards !== undefined) {
    if (!Array.isArray(o.cards)) throw new Error('"cards" is not an array');
    for (const [i, c] of (o.cards as unknown[]).entries()) {
      const card = c as Partial<BooksCard> | null;
      if (typeof card !== 'object' || card === null || typeof card.card !== 'string' || typeof card.day !== 'string' || typeof card.spent !== 'number' || typeof card.reserved !== 'number') {
        throw new Error(`cards[${i}] has no "card", "day", "spent" and "reserved"`);
      }
    }
  }
  return o as unknown as BooksSnapshot;
}


/** What one kiosk was told and did, from its own frames (the chaos bench's view). */
export interface KioskView {
  kioskId: string;
  /** transactionId -> amount of each APPROVED received. */
  approvals: Map<string, number>;
  /** transactionId -> number of LIMIT_CHECK_RESULTs received. */
  limitAnswers: Map<string, number>;
  /** transactionIds of PAYMENT_RESULT SUCCESS sent, with the amount of the cycle. */
  successSent: Map<string, number>;
  /** transactionIds the server answered after their SUCCESS (RECEIPT_QUESTION, a reversal or refund request). */
  acknowledged: Set<string>;
  /** The amount of the cycle each K1 started. */
  amountOf: Map<string, number>;
}

/** What the chaos audit found. */
export interface ChaosAudit {
  approved: number;
  approvedAmount: number;
  salesInBooks: number;
  paid: number;
  lost: string[];
  overLimitCards: string[];
  doubleCounts: string[];
  notFinal: string[];
  unknownOutcomes: number;
}

/**
 * The chaos bench's audit of the reference server's books against the
 * kiosks' views. It also sums each card's approved, counting sales of a day
 * against `dailyLimit`: sound for the reference server in its default
 * answers (UTC day, the fee counted), which the bench runs.
 */
export function audit(books: BooksSnapshot, views: readonly KioskView[], dailyLimit: number): ChaosAudit {
  const byKey = new Map<string, BooksSale[]>();
  for (const s of books.sales) byKey.set(`${s.kioskId} ${s.transactionId}`, [...(byKey.get(`${s.kioskId} ${s.transactionId}`) ?? []), s]);
  const lost: string[] = [];
  const doubleCounts: string[] = [];
  let approved = 0;
  let approvedAmount = 0;
  for (const view of views) {
    for (const [id, amount] of view.approvals) {
      approved++;
      approvedAmount += amount;
      const sale = byKey.get(`${view.kioskId} ${id}`)?.[0];
      if (!sale || sale.limitDecision !== 'APPROVED') lost.push(`${view.kioskId} ${id}: APPROVED ${amount} received, books ${sale ? `${sale.state}/${String(sale.limitDecision)}` : 'none'}`);
    }
    for (const id of view.acknowledged) {
      const sale = byKey.get(`${view.kioskId} ${id}`)?.[0];
      if (!view.approvals.has(id)) {
        approved++;
        approvedAmount += view.successSent.get(id) ?? 0;
      }
      if (!sale || !['paid', 'reversed', 'refund-needed'].includes(sale.state ?? '')) lost.push(`${view.kioskId} ${id}: SUCCESS answered, books ${sale ? sale.state : 'none'}`);
    }
    for (const [id, n] of view.limitAnswers) if (n > 1) doubleCounts.push(`${view.kioskId} ${id}: ${n} LIMIT_CHECK_RESULTs (V2-M-3)`);
  }
  for (const [key, list] of byKey) if (list.length > 1) doubleCounts.push(`${key}: booked ${list.length} times`);
  const results = new Map<number, number>();
  for (const r of books.paymentResults ?? []) if (r.saleNo !== null && !r.anomaly && r.screen === 'SUCCESS') results.set(r.saleNo, (results.get(r.saleNo) ?? 0) + 1);
  for (const [saleNo, n] of results) if (n > 1) doubleCounts.push(`sale ${saleNo}: ${n} PAYMENT_RESULT SUCCESS counted (V2-M-6)`);
  doubleCounts.push(...cardTotalMismatches(books));
  const approvedCounting = new Map<string, number>();
  for (const s of books.sales) {
    if (s.card === null || s.card === undefined || !counting(s) || s.limitDecision !== 'APPROVED') continue;
    const key = `${s.card} ${s.day ?? ''}`;
    approvedCounting.set(key, (approvedCounting.get(key) ?? 0) + s.amount);
  }
  const overLimitCards = [...approvedCounting].filter(([, sum]) => sum > dailyLimit).map(([key, sum]) => `${key}: ${sum} approved and counting, limit ${dailyLimit}`);
  const notFinal = books.sales.filter((s) => !FINAL.has(s.state ?? '') && !UNKNOWN.has(s.state ?? '')).map((s) => `sale ${s.saleNo}: ${s.state}`);
  return {
    approved, approvedAmount, salesInBooks: books.sales.length, paid: books.sales.filter((s) => s.state === 'paid').length,
    lost, overLimitCards, doubleCounts, notFinal, unknownOutcomes: books.sales.filter((s) => UNKNOWN.has(s.state ?? '')).length,
  };
}
