import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from './cli-run.js';
import { loadSummaryProblem } from '../../load/read-summary.js';
import type { LoadSummary } from '../../load/summary.js';
import { startV2ReferenceServer, type V2ReferenceServer } from '../../reference-server/v2/index.js';
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

describe('paysock load --profile pinto-android-2 --books (against the reference server)', () => {
  let server: V2ReferenceServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  /** A few v2 kiosks sharing two cards, every kiosk journey of the default mix, fast terminal and think time. */
  const v2Args = ['--profile', 'pinto-android-2', '--terminals', '8', '--duration', '3s', '--think-time', '10ms-30ms', '--terminal-time', '30ms', '--cards', '2', '--daily-limit', '150'];
  const booksUrl = (s: V2ReferenceServer): string => `${s.url.replace(/^ws/, 'http').replace(/\/$/, '')}/v2/books`;
  const booksKinds = (summary: LoadSummary): Record<string, number> => Object.fromEntries(Object.entries(summary.moneyViolations?.byKind ?? {}).filter(([k]) => k.startsWith('books-')));

  async function runWithBooks(options: Parameters<typeof startV2ReferenceServer>[0], extra: string[] = []): Promise<{ code: number; stdout: string; summary: LoadSummary }> {
    server = await startV2ReferenceServer({ host: '127.0.0.1', port: 0, testControl: true, ...options, config: { stepDelayMs: 20, dailyLimit: 150 } });
    const out = mkdtempSync(join(tmpdir(), 'paysock-load-books-'));
    const { code, stdout } = await runCli(['load', server.url, ...v2Args, '--books', booksUrl(server), ...extra, '--out', out]);
    const summary = JSON.parse(readFileSync(join(out, 'load-summary.json'), 'utf8')) as LoadSummary;
    expect(loadSummaryProblem(summary)).toBeUndefined();
    return { code, stdout, summary };
  }

  it('a correct backend: the books read, 0 books violations, exit 0', async () => {
    const { code, stdout, summary } = await runWithBooks({ books: {} });
    expect(summary.cards?.approved).toBeGreaterThan(0);
    expect(summary.errors['books-unreadable']).toBeUndefined();
    expect(booksKinds(summary)).toEqual({});
    expect(summary.moneyViolations?.total).toBe(0);
    expect(stdout).toContain('money violations: 0');
    expect(code).toBe(0);
  }, 30_000);

  it.each([['limit-day-site-local'], ['limit-day-rolling-24h'], ['limit-fee-excluded'], ['kiosk-by-source-address']])('a correct backend under the legal variant %s: 0 books violations', async (variant) => {
    const { summary } = await runWithBooks({ books: {}, variants: [variant] });
    expect(summary.cards?.approved).toBeGreaterThan(0);
    expect(summary.errors['books-unreadable']).toBeUndefined();
    expect(booksKinds(summary)).toEqual({});
  }, 30_000);

  it('a fault only the books show (v2-card-total-drift): books-total-mismatch, no kiosk-side violation, exit 1', async () => {
    const { code, stdout, summary } = await runWithBooks({ books: {}, faults: ['v2-card-total-drift'] });
    expect(summary.moneyViolations?.byKind['books-total-mismatch']).toBeGreaterThan(0);
    expect(Object.keys(summary.moneyViolations?.byKind ?? {})).toEqual(['books-total-mismatch']);
    expect(summary.moneyViolations?.samples.some((s) => s.startsWith('books-total-mismatch: card '))).toBe(true);
    expect(stdout).toMatch(/money violation\(s\): books-total-mismatch=\d+/);
    expect(code).toBe(1);
  }, 30_000);

  it("books that hold none of the sales (another backend's books): every APPROVED the kiosks received is books-approval-lost", async () => {
    server = await startV2ReferenceServer({ host: '127.0.0.1', port: 0, testControl: true, config: { stepDelayMs: 20, dailyLimit: 150 } });
    const empty = createServer((_req, res) => res.end(JSON.stringify({ kiosks: [], cards: [], sales: [], paymentResults: [], reversals: [] })));
    await new Promise<void>((resolve) => empty.listen(0, '127.0.0.1', resolve));
    try {
      const out = mkdtempSync(join(tmpdir(), 'paysock-load-books-'));
      const { code } = await runCli(['load', server.url, ...v2Args, '--books', `http://127.0.0.1:${(empty.address() as AddressInfo).port}/v2/books`, '--out', out]);
      const summary = JSON.parse(readFileSync(join(out, 'load-summary.json'), 'utf8')) as LoadSummary;
      expect(summary.cards?.approved).toBeGreaterThan(0);
      expect(booksKinds(summary)).toEqual({ 'books-approval-lost': summary.cards?.approved });
      expect(code).toBe(1);
    } finally {
      empty.close();
    }
  }, 30_000);

  it('books that cannot be read (a token required, none given): errors books-unreadable, exit 1; with the token they are read', async () => {
    const refused = await runWithBooks({ books: { token: 'books-secret' } });
    expect(refused.summary.errors['books-unreadable']).toBe(1);
    expect(refused.summary.moneyViolations?.samples[0]).toMatch(/^books-unreadable: GET http:\/\/127\.0\.0\.1:\d+\/v2\/books: HTTP 401/);
    expect(refused.stdout).toContain('paysock load: books-unreadable: GET');
    expect(refused.code).toBe(1);
    await server?.close();
    const read = await runWithBooks({ books: { token: 'books-secret' } }, ['--books-token', 'books-secret']);
    expect(read.summary.errors['books-unreadable']).toBeUndefined();
    expect(read.code).toBe(0);
  }, 40_000);

  it('--books is refused without --profile pinto-android-2, and must be http(s)', async () => {
    expect((await runCli(['load', 'ws://127.0.0.1:9/', '--books', 'http://127.0.0.1:9/v2/books'])).code).toBe(2);
    expect((await runCli(['load', 'ws://127.0.0.1:9/', '--profile', 'pinto-android-2', '--books', 'ftp://x/v2/books'])).code).toBe(2);
  });
});
