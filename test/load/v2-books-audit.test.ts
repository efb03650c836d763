import { describe, expect, it } from 'vitest';
import { audit, booksViolations, parseBooks, type BooksSale, type BooksSnapshot, type ReceivedApproval } from '../../load/v2/books-audit.js';

const ours = (card: string): boolean => card.startsWith('run-card-');

function sale(no: number, transactionId: string, amount: number, state: string, extra: Partial<BooksSale> = {}): BooksSale {
  const counts = ['outcome-unknown', 'captured-reversal-pending', 'paid', 'refund-needed'].includes(state);
  return { saleNo: no, kioskId: `k${no}`, transactionId, card: 'run-card-1', amount, day: '2026-12-07', state, counts, limitDecision: 'APPROVED', flags: [], ...extra };
}

/** A clean day of card run-card-1: 60 paid, 40 reserved, 20 reversed (not counting), 30 rejected. */
function cleanBooks(): BooksSnapshot {
  return {
    sales: [sale(1, 't1', 60, 'paid'), sale(2, 't2', 40, 'outcome-unknown'), sale(3, 't3', 20, 'reversed'), sale(4, 't4', 30, 'rejected', { limitDecision: 'REJECTED' })],
    cards: [{ card: 'run-card-1', day: '2026-12-07', spent: 60, reserved: 40, counted: 100 }],
    paymentResults: [],
  };
}

const approvals: ReceivedApproval[] = [
  { kioskId: 'k1', transactionId: 't1', card: 'run-card-1', amount: 60 },
  { kioskId: 'k2', transactionId: 't2', card: 'run-card-1', amount: 40 },
  { kioskId: 'k3', transactionId: 't3', card: 'run-card-1', amount: 20 },
];

describe('books audit (load --books)', () => {
  it('finds nothing in clean books', () => {
    expect(booksViolations(cleanBooks(), approvals, ours)).toEqual([]);
  });

  it('finds an APPROVED the kiosk received with no sale on the books', () => {
    const books = cleanBooks();
    books.sales = books.sales.filter((s) => s.transactionId !== 't2');
    books.cards = [{ card: 'run-card-1', day: '2026-12-07', spent: 60, reserved: 0, counted: 60 }];
    const found = booksViolations(books, approvals, ours);
    expect(found.map((v) => v.kind)).toEqual(['books-approval-lost']);
    expect(found[0]!.detail).toContain('t2');
  });

  it('finds one card check booked as two sales', () => {
    const books = cleanBooks();
    books.sales.push(sale(5, 't1', 60, 'rejected', { counts: false, limitDecision: 'REJECTED' }));
    const found = booksViolations(books, approvals, ours);
    expect(found.map((v) => v.kind)).toEqual(['books-sale-twice']);
    expect(found[0]!.detail).toContain('1, 5');
  });

  it('finds a card total that is not the sum of its counting sales, on spent, reserved or counted', () => {
    for (const card of [
      { card: 'run-card-1', day: '2026-12-07', spent: 80, reserved: 40, counted: 120 },
      { card: 'run-card-1', day: '2026-12-07', spent: 60, reserved: 0, counted: 60 },
      { card: 'run-card-1', day: '2026-12-07', spent: 60, reserved: 40, counted: 120 },
    ]) {
      const books = { ...cleanBooks(), cards: [card] };
      expect(booksViolations(books, approvals, ours).map((v) => v.kind)).toEqual(['books-total-mismatch']);
    }
    const missing = { ...cleanBooks(), cards: [] };
    expect(booksViolations(missing, approvals, ours).map((v) => v.detail)).toEqual(['card run-card-1 2026-12-07: no total, counting sales 100 (V2-M-4, V2-M-8)']);
  });

  it('judges counting by state where the books carry no counts field, and only the cards of the run', () => {
    const books = cleanBooks();
    for (const s of books.sales) delete s.counts;
    expect(booksViolations(books, approvals, ours)).toEqual([]);
    books.cards = [{ card: 'run-card-1', day: '2026-12-07', spent: 60, reserved: 40 }, { card: 'other-card', day: '2026-12-07', spent: 5, reserved: 0 }];
    expect(booksViolations(books, approvals, ours)).toEqual([]);
    expect(booksViolations(books, approvals, () => true).map((v) => v.kind)).toEqual(['books-total-mismatch']);
  });

  it('does not sum a day against the limit: a fee not counted (V2-OPEN-1) may take the amounts above it', () => {
    // limit 100, a FIXED fee of 2 not counted: 51 + 51 selectedAmount is 98 counted.
    const books: BooksSnapshot = {
      sales: [sale(1, 't1', 51, 'paid'), sale(2, 't2', 51, 'paid')],
      cards: [{ card: 'run-card-1', day: '2026-12-07', spent: 102, reserved: 0, counted: 102 }],
    };
    expect(booksViolations(books, approvals.slice(0, 2), ours)).toEqual([]);
  });

  it('reads books of the reference shape and says what is missing', () => {
    expect(parseBooks(cleanBooks()).sales).toHaveLength(4);
    expect(() => parseBooks({ kiosks: [] })).toThrow('no "sales" array');
    expect(() => parseBooks({ sales: [{ amount: 1 }] })).toThrow('sales[0]');
    expect(() => parseBooks({ sales: [], cards: [{ card: 'c' }] })).toThrow('cards[0]');
  });
});

describe('chaos audit (bench/chaos-v2.ts)', () => {
  const view = (kioskId: string, approved: Record<string, number>) => ({
    kioskId, approvals: new Map(Object.entries(approved)), limitAnswers: new Map(Object.keys(approved).map((id) => [id, 1])), successSent: new Map(), acknowledged: new Set<string>(), amountOf: new Map(),
  });

  it('shares the total check with the load audit and keeps its own findings', () => {
    const clean = audit(cleanBooks(), [view('k1', { t1: 60 }), view('k2', { t2: 40 })], 100);
    expect(clean).toMatchObject({ approved: 2, approvedAmount: 100, lost: [], overLimitCards: [], doubleCounts: [], notFinal: [] });
    const books = cleanBooks();
    books.cards = [{ card: 'run-card-1', day: '2026-12-07', spent: 70, reserved: 40, counted: 110 }];
    expect(audit(books, [], 100).doubleCounts).toEqual(['run-card-1 2026-12-07: total 110, counting sales 100']);
    expect(audit(cleanBooks(), [view('k1', { t1: 60 }), view('k9', { t9: 10 })], 90)).toMatchObject({ lost: ['k9 t9: APPROVED 10 received, books none'], overLimitCards: ['run-card-1 2026-12-07: 100 approved and counting, limit 90'] });
  });
});
