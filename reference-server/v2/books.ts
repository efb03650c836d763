import type Database from 'better-sqlite3';
import type { Clock } from '../clock.js';
import { utcDay, type Store } from '../store.js';
import type { LimitVerdict } from './limit-rules.js';
import { firstV2Choices, tokenlessAnswers, type KioskFee, type LimitWindow, type V2Choices } from './open-answers.js';
import type { BooksTally } from './metrics.js';
import type { ReversalEffect, ReversalFields, ReversalPath } from './reversal-rules.js';
import type { V2Rules } from './rules.js';

/**
 * The v2 books live in the reference server's one SQLite store, beside v1's
 * tables, and change through its group commit: a turn's changes commit
 * together, and a money change (a card check, a result) is fsynced before the
 * kiosk's answer leaves (docs/reference-server-durability.md).
 */
const schema = `
CREATE TABLE IF NOT EXISTS v2_kiosks (
  kiosk_id TEXT PRIMARY KEY,
  provider TEXT NOT NULL,
  config TEXT NOT NULL,
  device_ip TEXT,
  device_serial TEXT,
  cycle INTEGER NOT NULL DEFAULT 0,
  connection INTEGER NOT NULL DEFAULT 0,
  connected_at INTEGER,
  updated_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS v2_sales (
  sale_no INTEGER PRIMARY KEY,
  sale_key TEXT NOT NULL UNIQUE,
  kiosk_id TEXT NOT NULL,
  cycle INTEGER NOT NULL,
  connection INTEGER NOT NULL,
  transaction_id TEXT NOT NULL,
  provider TEXT NOT NULL,
  card_token TEXT,
  card TEXT,
  amount INTEGER NOT NULL,
  day TEXT NOT NULL,
  state TEXT NOT NULL,
  counts INTEGER NOT NULL,
  captured INTEGER NOT NULL,
  limit_decision TEXT,
  outcome TEXT,
  terminal_ref TEXT,
  ticket TEXT,
  flags TEXT NOT NULL DEFAULT '[]',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS v2_sales_card ON v2_sales(card, day, counts);
CREATE INDEX IF NOT EXISTS v2_sales_kiosk ON v2_sales(kiosk_id, transaction_id);
CREATE TABLE IF NOT EXISTS v2_payment_results (
  seq INTEGER PRIMARY KEY,
  kiosk_id TEXT NOT NULL,
  transaction_id TEXT NOT NULL,
  ref TEXT NOT NULL,
  sale_no INTEGER,
  screen TEXT NOT NULL,
  timestamp INTEGER NOT NULL,
  frame TEXT NOT NULL,
  anomaly INTEGER NOT NULL,
  received_at INTEGER NOT NULL
);
-- One first result per M6 key and sale: a kiosk that adopted one id ("initial") in two cycles reports two sales under one key (M15).
DROP INDEX IF EXISTS v2_payment_results_key;
CREATE UNIQUE INDEX IF NOT EXISTS v2_payment_results_sale_key ON v2_payment_results(kiosk_id, transaction_id, ref, sale_no) WHERE anomaly = 0;
CREATE TABLE IF NOT EXISTS v2_reversals (
  kiosk_id TEXT NOT NULL,
  result_key TEXT NOT NULL,
  sale_no INTEGER,
  path TEXT NOT NULL,
  screen TEXT NOT NULL,
  code TEXT,
  transaction_id TEXT NOT NULL,
  original_transaction_id TEXT,
  original_ref TEXT,
  amount INTEGER,
  flag TEXT,
  repeats INTEGER NOT NULL DEFAULT 0,
  frame TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  PRIMARY KEY (kiosk_id, result_key)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS v2_requests (
  seq INTEGER PRIMARY KEY,
  kiosk_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  transaction_id TEXT NOT NULL,
  sale_no INTEGER,
  data TEXT NOT NULL,
  sent_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS v2_unparsed_frames (
  seq INTEGER PRIMARY KEY,
  kiosk_id TEXT NOT NULL,
  frame TEXT NOT NULL,
  message_type TEXT,
  screen TEXT,
  transaction_id TEXT,
  received_at INTEGER NOT NULL
);
`;

/** Where a sale is (docs/reference-server-v2.md, the books). */
export type SaleState = 'outcome-unknown' | 'rejected' | 'captured-reversal-pending' | 'paid' | 'failed' | 'reversed' | 'refund-needed';

/** States whose amount counts against the card (V2-M-4, V2-M-8): reserved, captured or spent, not reversed. */
/** No fee: the whole amount is the amount before the fee. */
const NO_FEE: KioskFee = { transactionFeeType: 'FIXED', transactionFeeValue: 0 };

const COUNTING: ReadonlySet<string> = new Set(['outcome-unknown', 'captured-reversal-pending', 'paid', 'refund-needed']);

/** One sale as the books hold it. */
export interface Sale {
  saleNo: number;
  kioskId: string;
  cycle: number;
  connection: number;
  transactionId: string;
  provider: string;
  /** The token as the kiosk sent it (null: none was sent, the mock provider). */
  cardToken: string | null;
  /** The card the sale counts against; null when the token is not a card (V2-M-5). */
  card: string | null;
  amount: number;
  day: string;
  state: SaleState;
  counts: boolean;
  /** Whether money was taken before the limit decision (NNSmart, V2-M-2). */
  captured: boolean;
  limitDecision: LimitVerdict | null;
  outcome: 'SUCCESS' | 'FAILED' | null;
  /** The terminal's reference of the sale, learned from results (V2-M-11). */
  terminalRef: string | null;
  ticket: 'printed' | 'not-printed' | 'void' | null;
  flags: string[];
  createdAt: number;
  updatedAt: number;
}

/** A sale's row as SQLite returns it. */
interface SaleRow {
  sale_no: number; kiosk_id: string; cycle: number; connection: number; transaction_id: string; provider: string; card_token: string | null; card: string | null;
  amount: number; day: string; state: SaleState; counts: number; captured: number; limit_decision: LimitVerdict | null; outcome: 'SUCCESS' | 'FAILED' | null;
  terminal_ref: string | null; ticket: Sale['ticket']; flags: string; created_at: number; updated_at: number;
}

function saleOf(row: SaleRow): Sale {
  return {
    saleNo: row.sale_no, kioskId: row.kiosk_id, cycle: row.cycle, connection: row.connection, transactionId: row.transaction_id, provider: row.provider,
    cardToken: row.card_token, card: row.card, amount: row.amount, day: row.day, state: row.state, counts: row.counts === 1, captured: row.captured === 1,
    limitDecision: row.limit_decision, outcome: row.outcome, terminalRef: row.terminal_ref, ticket: row.ticket, flags: JSON.parse(row.flags) as string[],
    createdAt: row.created_at, updatedAt: row.updated_at,
  };
}

/** A kiosk as the books know it. */
export interface KioskRecord {
  kioskId: string;
  provider: string;
  /** Settings pushed to this kiosk alone, over the server's configuration. */
  config: Record<string, unknown>;
  deviceIp: string | null;
  deviceSerial: string | null;
  cycle: number;
  connection: number;
  connectedAt: number | null;
}

/** A card check (K6) to decide. */
export interface CardCheck {
  kioskId: string;
  cycle: number;
  connection: number;
  transactionId: string;
  provider: string;
  cardToken: string;
  amount: number;
  /** The per-card daily limit (V2-M-1). */
  limit: number;
  /** The fee the kiosk was configured with (V2-OPEN-1: whether it counts is the server's choice). */
  fee?: KioskFee;
}

/** A PAYMENT_RESULT (K7) to record. */
export interface PaymentResultInput {
  kioskId: string;
  cycle: number;
  connection: number;
  provider: string;
  transactionId: string;
  screen: string;
  /** `paymentDetails.RequesterTransRefNum` (the transaction id when absent). */
  ref: string;
  timestamp: number;
  /** The frame's text, to tell a byte-identical repeat (V2-M-6). */
  frame: string;
  /** The amount the kiosk chose in this cycle, for a sale the books never saw checked (the mock provider). */
  amount: number | null;
}

/** What became of a PAYMENT_RESULT. */
export type PaymentResultRecord = { recorded: 'first' | 'repeat' | 'anomaly'; saleNo: number | undefined };

/** One reversal result as the books hold it. */
export interface ReversalRecord {
  kioskId: string;
  key: string;
  saleNo: number | null;
  path: ReversalPath;
  screen: string;
  code: string | null;
  transactionId: string;
  originalTransactionId: string | null;
  originalRef: string | null;
  amount: number | null;
  flag: string | null;
  repeats: number;
  receivedAt: number;
}

/**
 * The v2 backend's books (V2-M-1..V2-M-10): kiosks, sales, payment results,
 * reversal results, the messages the backend sent of its own accord, and the
 * kiosk frames it could not read. A card's counted amount is the sum of its
 * counting sales of the day, read in the same synchronous write that adds
 * the next one: on one event loop no other card check runs between the read
 * and the write (V2-M-4). Each method names the duty it does, so faults
 * (v2/faults/) can wrap it from outside.
 */
export class Books {
  private readonly db: Database.Database;
  private readonly sql;

  constructor(
    private readonly store: Store,
    readonly rules: V2Rules,
    private readonly clock: Clock,
    /** Where the sources leave several answers, the server's (open-answers.ts). */
    readonly choices: V2Choices = firstV2Choices,
  ) {
    this.db = store.db;
    this.db.exec(schema);
    const db = this.db;
    this.sql = {
      kiosk: db.prepare('SELECT * FROM v2_kiosks WHERE kiosk_id = ?'),
      kiosks: db.prepare('SELECT * FROM v2_kiosks ORDER BY kiosk_id'),
      upsertKiosk: db.prepare(`INSERT INTO v2_kiosks (kiosk_id, provider, config, connection, connected_at, updated_at) VALUES (?, ?, '{}', 1, ?, ?)
        ON CONFLICT(kiosk_id) DO UPDATE SET provider = excluded.provider, connection = connection + 1, connected_at = excluded.connected_at, updated_at = excluded.updated_at`),
      setConfig: db.prepare('UPDATE v2_kiosks SET provider = ?, config = ?, updated_at = ? WHERE kiosk_id = ?'),
      nextCycle: db.prepare('UPDATE v2_kiosks SET cycle = cycle + 1, updated_at = ? WHERE kiosk_id = ? RETURNING cycle').pluck(),
      deviceIp: db.prepare('UPDATE v2_kiosks SET device_ip = ?, updated_at = ? WHERE kiosk_id = ?'),
      deviceSerial: db.prepare('UPDATE v2_kiosks SET device_serial = ?, updated_at = ? WHERE kiosk_id = ?'),
      counted: db.prepare("SELECT COALESCE(SUM(amount), 0) FROM v2_sales WHERE card = ? AND day = ? AND counts = 1 AND state = ?").pluck(),
      countingOnDay: db.prepare('SELECT amount, state FROM v2_sales WHERE card = ? AND day = ? AND counts = 1'),
      secondCharges: db.prepare('SELECT COUNT(*) FROM v2_sales WHERE sale_key LIKE ?').pluck(),
      countingSince: db.prepare('SELECT amount, state FROM v2_sales WHERE card = ? AND created_at >= ? AND counts = 1'),
      saleByKey: db.prepare('SELECT * FROM v2_sales WHERE sale_key = ?'),
      sale: db.prepare('SELECT * FROM v2_sales WHERE sale_no = ?'),
      awaiting: db.prepare("SELECT * FROM v2_sales WHERE kiosk_id = ? AND transaction_id = ? AND state = 'outcome-unknown' ORDER BY sale_no DESC LIMIT 1"),
      latestOfTransaction: db.prepare('SELECT * FROM v2_sales WHERE kiosk_id = ? AND transaction_id = ? ORDER BY sale_no DESC LIMIT 1'),
      latestOfKiosk: db.prepare("SELECT * FROM v2_sales WHERE kiosk_id = ? AND state NOT IN ('rejected', 'failed') ORDER BY sale_no DESC LIMIT 1"),
      latestOnConnection: db.prepare("SELECT * FROM v2_sales WHERE kiosk_id = ? AND connection = ? AND state NOT IN ('rejected', 'failed') ORDER BY sale_no DESC LIMIT 1"),
      insertSale: db.prepare(`INSERT INTO v2_sales (sale_key, kiosk_id, cycle, connection, transaction_id, provider, card_token, card, amount, day, state, counts, captured, limit_decision, outcome, terminal_ref, ticket, flags, created_at, updated_at)
        VALUES (@saleKey, @kioskId, @cycle, @connection, @transactionId, @provider, @cardToken, @card, @amount, @day, @state, @counts, @captured, @limitDecision, @outcome, @terminalRef, @ticket, @flags, @now, @now)`),
      updateSale: db.prepare('UPDATE v2_sales SET state = @state, counts = @counts, outcome = @outcome, terminal_ref = @terminalRef, ticket = @ticket, flags = @flags, updated_at = @now WHERE sale_no = @saleNo'),
      sales: db.prepare('SELECT * FROM v2_sales ORDER BY sale_no'),
      salesIn: db.prepare('SELECT * FROM v2_sales WHERE state = ? ORDER BY sale_no'),
      cards: db.prepare(`SELECT card, day, SUM(CASE WHEN state = 'outcome-unknown' THEN amount ELSE 0 END) AS reserved, SUM(CASE WHEN state <> 'outcome-unknown' THEN amount ELSE 0 END) AS spent
        FROM v2_sales WHERE card IS NOT NULL AND counts = 1 GROUP BY card, day ORDER BY day, card`),
      salesOfCard: db.prepare('SELECT * FROM v2_sales WHERE card = ? ORDER BY sale_no'),
      firstResult: db.prepare('SELECT frame, sale_no FROM v2_payment_results WHERE kiosk_id = ? AND transaction_id = ? AND ref = ? AND anomaly = 0 ORDER BY rowid DESC LIMIT 1'),
      insertResult: db.prepare('INSERT INTO v2_payment_results (kiosk_id, transaction_id, ref, sale_no, screen, timestamp, frame, anomaly, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)'),
      results: db.prepare('SELECT seq, kiosk_id, transaction_id, ref, sale_no, screen, timestamp, anomaly, received_at FROM v2_payment_results ORDER BY seq'),
      reversal: db.prepare('SELECT 1 FROM v2_reversals WHERE kiosk_id = ? AND result_key = ?').pluck(),
      repeatReversal: db.prepare('UPDATE v2_reversals SET repeats = repeats + 1 WHERE kiosk_id = ? AND result_key = ?'),
      insertReversal: db.prepare(`INSERT INTO v2_reversals (kiosk_id, result_key, sale_no, path, screen, code, transaction_id, original_transaction_id, original_ref, amount, flag, frame, received_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      reversals: db.prepare('SELECT * FROM v2_reversals ORDER BY received_at, kiosk_id, result_key'),
      request: db.prepare('SELECT sale_no FROM v2_requests WHERE kiosk_id = ? AND transaction_id = ? ORDER BY seq DESC LIMIT 1').pluck(),
      insertRequest: db.prepare('INSERT INTO v2_requests (kiosk_id, kind, transaction_id, sale_no, data, sent_at) VALUES (?, ?, ?, ?, ?, ?)'),
      requests: db.prepare('SELECT * FROM v2_requests ORDER BY seq'),
      insertUnparsed: db.prepare('INSERT INTO v2_unparsed_frames (kiosk_id, frame, message_type, screen, transaction_id, received_at) VALUES (?, ?, ?, ?, ?, ?)'),
      unparsed: db.prepare('SELECT * FROM v2_unparsed_frames ORDER BY seq'),
      unknownOutcomes: db.prepare("SELECT COUNT(*) FROM v2_sales WHERE state = 'outcome-unknown'").pluck(),
      flagCounts: db.prepare('SELECT f.value AS flag, COUNT(*) AS n FROM v2_sales, json_each(v2_sales.flags) AS f GROUP BY f.value'),
    };
  }

  /** A kiosk connected and was told `provider`: its connection number (V2-M-11 tells connections apart). */
  kioskConnected(kioskId: string, provider: string): number {
    const now = this.clock.now();
    return this.store.group.write(() => {
      this.sql.upsertKiosk.run(kioskId, provider, now, now);
      return this.kiosk(kioskId)?.connection ?? 1;
    });
  }

  /** Settings pushed to one kiosk through the control endpoint (DEVICE_INFO, V2-FLOW-20): they outlast its connections. */
  configured(kioskId: string, provider: string, config: Record<string, unknown>): void {
    const now = this.clock.now();
    this.store.group.write(() => this.sql.setConfig.run(provider, JSON.stringify(config), now, kioskId));
  }

  /** A new cycle of a kiosk: one per AMOUNT_SELECT the backend sends (V2-M-15). */
  nextCycle(kioskId: string): number {
    const now = this.clock.now();
    return this.store.group.write(() => this.sql.nextCycle.get(now, kioskId) as number);
  }

  /** K9 / K10: what the kiosk said of itself (V2-FLOW-19). */
  deviceInfo(kioskId: string, field: 'ip' | 'serial', value: string): void {
    const now = this.clock.now();
    this.store.group.write(() => (field === 'ip' ? this.sql.deviceIp : this.sql.deviceSerial).run(value, now, kioskId));
  }

  /** A kiosk's record. */
  kiosk(kioskId: string): KioskRecord | undefined {
    const row = this.sql.kiosk.get(kioskId) as Record<string, unknown> | undefined;
    return row && kioskOf(row);
  }

  /** Every kiosk the books know. */
  kiosks(): KioskRecord[] {
    return (this.sql.kiosks.all() as Array<Record<string, unknown>>).map(kioskOf);
  }

  /** What a card has spent today (K7 SUCCESS, captured and not reversed) and has reserved (approved, outcome unknown). */
  cardDay(card: string, day: string): { spent: number; reserved: number } {
    const sum = (state: string): number => this.sql.counted.get(card, day, state) as number;
    return { spent: sum('paid') + sum('refund-needed') + sum('captured-reversal-pending'), reserved: sum('outcome-unknown') };
  }

  /** The counting sales (reserved and spent, V2-M-4) of a card in a limit window (V2-M-1; the window is V2-OPEN-1's choice). */
  countingSales(card: string, window: LimitWindow): Array<{ amount: number; state: SaleState }> {
    return (window.kind === 'day' ? this.sql.countingOnDay.all(card, window.day) : this.sql.countingSince.all(card, window.since)) as Array<{ amount: number; state: SaleState }>;
  }

  /** What counts against a card in a window: each counting sale's counted part (V2-OPEN-1: the fee or not). */
  countedAgainst(card: string, window: LimitWindow, fee: KioskFee): number {
    return this.countingSales(card, window).reduce((sum, sale) => sum + this.choices.countedAmount(sale.amount, fee), 0);
  }

  /** Everything counted against a card today (V2-M-4: reserved and spent). */
  countedToday(card: string, day: string): number {
    const { spent, reserved } = this.cardDay(card, day);
    return spent + reserved;
  }

  /**
   * V2-M-1..V2-M-5: records a card check and decides it, all or nothing in
   * one durable write: the sale (captured when the provider takes the sale
   * first, V2-M-2), the decision, and the reservation of an approved amount
   * (V2-M-4). A check whose key the books already have is a duplicate: it is
   * flagged and gets no second decision (V2-M-3).
   */
  checkCard(check: CardCheck, keys?: readonly object[]): { verdict: LimitVerdict; saleNo: number; duplicate: boolean } {
    const now = this.clock.now();
    return this.store.group.write(
      () => {
        const key = this.rules.saleKey(check.kioskId, check.cycle, check.transactionId);
        const existing = this.sql.saleByKey.get(key) as SaleRow | undefined;
        if (existing) {
          this.flag(saleOf(existing), 'duplicate-card-check', now);
          return { verdict: existing.limit_decision ?? 'REJECTED', saleNo: existing.sale_no, duplicate: true };
        }
        const card = this.rules.cardOf(check.cardToken);
        const window = this.choices.limitWindow(now);
        const day = window.day;
        const fee = check.fee ?? NO_FEE;
        const counted = card === null ? 0 : this.countedAgainst(card, window, fee);
        const decided = this.rules.decideLimit(card, this.choices.countedAmount(check.amount, fee), counted, check.limit);
        const decision = card === null ? this.choices.tokenless(check.provider, tokenlessAnswers(decided)) : decided;
        const captured = isSaleFirst(check.provider);
        const state: SaleState = decision.verdict === 'APPROVED' ? 'outcome-unknown' : captured ? 'captured-reversal-pending' : 'rejected';
        const flags = card === null ? ['tokenless'] : [];
        const saleNo = this.insertSale({ ...check, card, day, state, captured, limitDecision: decision.verdict, outcome: null, flags, reserves: decision.reserves }, key, now);
        return { verdict: decision.verdict, saleNo, duplicate: false };
      },
      true,
      keys,
    );
  }

  private insertSale(
    sale: Omit<CardCheck, 'cardToken' | 'limit'> & { cardToken: string | null; card: string | null; day: string; state: SaleState; captured: boolean; limitDecision: LimitVerdict | null; outcome: Sale['outcome']; flags: string[]; reserves: boolean },
    key: string,
    now: number,
  ): number {
    const counts = sale.card !== null && COUNTING.has(sale.state) && (sale.reserves || sale.state !== 'outcome-unknown');
    const info = this.sql.insertSale.run({
      saleKey: key, kioskId: sale.kioskId, cycle: sale.cycle, connection: sale.connection, transactionId: sale.transactionId, provider: sale.provider,
      cardToken: sale.cardToken, card: sale.card, amount: sale.amount, day: sale.day, state: sale.state, counts: counts ? 1 : 0, captured: sale.captured ? 1 : 0,
      limitDecision: sale.limitDecision, outcome: sale.outcome, terminalRef: null, ticket: null, flags: JSON.stringify(sale.flags), now,
    });
    return Number(info.lastInsertRowid);
  }

  /** V2-OPEN-5 answered "a second charge": the anomaly (kept, V2-M-6) also counts against the card, as the money it may be. */
  private secondCharge(sale: Sale, now: number): void {
    const charges = this.sql.secondCharges.get(`${JSON.stringify(['second-charge', sale.saleNo]).slice(0, -1)},%`) as number;
    this.insertSale(
      { kioskId: sale.kioskId, cycle: sale.cycle, connection: sale.connection, transactionId: sale.transactionId, provider: sale.provider, cardToken: sale.cardToken, card: sale.card,
        amount: sale.amount, day: sale.day, state: 'paid', captured: sale.captured, limitDecision: null, outcome: 'SUCCESS', flags: ['payment-result-anomaly', 'second-charge'], reserves: false },
      JSON.stringify(['second-charge', sale.saleNo, charges + 1]),
      now,
    );
  }

  private update(sale: Sale, now: number): void {
    const counts = sale.card !== null && COUNTING.has(sale.state) && (sale.counts || sale.state !== 'outcome-unknown');
    this.sql.updateSale.run({ saleNo: sale.saleNo, state: sale.state, counts: counts ? 1 : 0, outcome: sale.outcome, terminalRef: sale.terminalRef, ticket: sale.ticket, flags: JSON.stringify(sale.flags), now });
  }

  private flag(sale: Sale, flag: string, now: number): void {
    if (sale.flags.includes(flag)) return;
    this.update({ ...sale, flags: [...sale.flags, flag] }, now);
  }

  /**
   * V2-M-6: records a PAYMENT_RESULT once, keyed by (kiosk, transactionId,
   * RequesterTransRefNum). A byte-identical repeat changes nothing; another
   * frame with the same key is kept as an anomaly and changes no sale. The
   * first SUCCESS turns the reservation into spend, FAILED releases it
   * (V2-M-4); a result for a reversed sale never revives it (V2-M-8). A
   * result for a sale the books never saw checked (the mock provider, or a
   * K6 that was lost) makes one, from the cycle's amount.
   */
  paymentResult(input: PaymentResultInput, keys?: readonly object[]): PaymentResultRecord {
    const now = this.clock.now();
    return this.store.group.write(
      () => {
        const key = this.rules.saleKey(input.kioskId, input.cycle, input.transactionId);
        const ofCycle = this.sql.saleByKey.get(key) as SaleRow | undefined;
        const earlier = this.sql.firstResult.get(input.kioskId, input.transactionId, input.ref) as { frame: string; sale_no: number | null } | undefined;
        // M6's key has no cycle, M15 keys money by the cycle: a kiosk that adopted one id ("initial") in two cycles reports
        // each cycle's sale under the same key. The result of a sale still awaiting its outcome in this cycle is that
        // sale's first, not a repeat of the earlier sale's.
        const first = earlier !== undefined && !(ofCycle?.state === 'outcome-unknown' && ofCycle.sale_no !== earlier.sale_no) ? earlier.frame : undefined;
        if (first !== undefined) {
          if (first === input.frame) return { recorded: 'repeat' as const, saleNo: undefined };
          const sale = this.latestOfTransaction(input.kioskId, input.transactionId);
          this.sql.insertResult.run(input.kioskId, input.transactionId, input.ref, sale?.saleNo ?? null, input.screen, input.timestamp, input.frame, 1, now);
          if (sale) this.flag(sale, 'payment-result-anomaly', now);
          if (sale && input.screen === 'SUCCESS' && sale.outcome === 'SUCCESS' && this.choices.secondSuccessCharges) this.secondCharge(sale, now);
          return { recorded: 'anomaly' as const, saleNo: sale?.saleNo };
        }
        const outcome = input.screen === 'SUCCESS' ? 'SUCCESS' : 'FAILED';
        const awaiting = ofCycle ?? (this.sql.awaiting.get(input.kioskId, input.transactionId) as SaleRow | undefined);
        let saleNo: number;
        if (awaiting) {
          const sale = saleOf(awaiting);
          saleNo = sale.saleNo;
          if (sale.state === 'outcome-unknown') this.update({ ...sale, outcome, state: outcome === 'SUCCESS' ? 'paid' : 'failed' }, now);
          else this.update({ ...sale, outcome: sale.outcome ?? outcome, flags: [...sale.flags, `payment-result-in-state-${sale.state}`] }, now);
        } else {
          const flags = [input.provider === 'mock' ? 'no-card-check' : 'unknown-card', ...(input.amount === null ? ['amount-unknown'] : [])];
          saleNo = this.insertSale(
            { kioskId: input.kioskId, cycle: input.cycle, connection: input.connection, transactionId: input.transactionId, provider: input.provider, cardToken: null, card: null,
              amount: input.amount ?? 0, day: utcDay(now), state: outcome === 'SUCCESS' ? 'paid' : 'failed', captured: false, limitDecision: null, outcome, flags, reserves: false },
            key,
            now,
          );
        }
        this.sql.insertResult.run(input.kioskId, input.transactionId, input.ref, saleNo, input.screen, input.timestamp, input.frame, 0, now);
        return { recorded: 'first' as const, saleNo };
      },
      true,
      keys,
    );
  }

  /**
   * V2-M-8..V2-M-10: records a REVERSAL_RESULT once (its key, V2-M-10) and
   * books its effect on the sale. The sale is found by the result's
   * `originalTransactionId`, or by the request it answers; a result for a
   * sale the books do not know makes a flagged record (V2-M-9), never an
   * error. The terminal reference is learned, or checked against the one
   * known (V2-M-11).
   */
  reversalResult(kioskId: string, fields: ReversalFields, frame: string, keys?: readonly object[]): { duplicate: boolean; saleNo: number | null; effect: ReversalEffect | undefined } {
    const now = this.clock.now();
    return this.store.group.write(
      () => {
        const key = this.rules.reversalKey(fields);
        if (this.sql.reversal.get(kioskId, key) !== undefined) {
          this.sql.repeatReversal.run(kioskId, key);
          return { duplicate: true, saleNo: null, effect: undefined };
        }
        const path = this.rules.reversalPath(fields);
        const { effect, flag } = this.rules.reversalEffect(fields, path);
        let sale = fields.originalTransactionId !== null ? this.latestOfTransaction(kioskId, fields.originalTransactionId) : undefined;
        if (sale === undefined) {
          const requested = this.sql.request.get(kioskId, fields.transactionId) as number | null | undefined;
          if (typeof requested === 'number') sale = this.sale(requested);
        }
        const flags: string[] = flag ? [flag] : [];
        if (sale === undefined && fields.originalTransactionId !== null) {
          // V2-M-9: the sale's K6 or K7 never arrived; the result is all the books will ever hear of it.
          const saleNo = this.insertSale(
            { kioskId, cycle: -1, connection: -1, transactionId: fields.originalTransactionId, provider: 'unknown', cardToken: null, card: null, amount: fields.reversalAmount ?? 0,
              day: utcDay(now), state: effect === 'reversed' ? 'reversed' : effect === 'refund-needed' ? 'refund-needed' : 'paid', captured: true, limitDecision: null, outcome: null,
              flags: ['unknown-sale', ...flags], reserves: false },
            JSON.stringify(['reversal', kioskId, key]),
            now,
          );
          sale = this.sale(saleNo);
          if (sale) this.update({ ...sale, terminalRef: fields.originalRef }, now);
        } else if (sale !== undefined) {
          const state = this.rules.stateAfterReversal(sale.state, effect) as SaleState;
          const saleFlags = [...sale.flags, ...flags.filter((f) => !sale!.flags.includes(f))];
          let terminalRef = sale.terminalRef;
          if (fields.originalRef) {
            if (terminalRef === null) terminalRef = fields.originalRef;
            else if (terminalRef !== fields.originalRef && !saleFlags.includes('reference-mismatch')) saleFlags.push('reference-mismatch');
          }
          const ticket = flag === 'ticket-void' && sale.ticket === 'printed' ? 'void' : sale.ticket;
          this.update({ ...sale, state, terminalRef, ticket, flags: saleFlags }, now);
        } else flags.push('unknown-sale');
        this.sql.insertReversal.run(kioskId, key, sale?.saleNo ?? null, path, fields.screen, fields.errorCode, fields.transactionId, fields.originalTransactionId, fields.originalRef,
          fields.reversalAmount, flags.join(',') || null, frame, now);
        return { duplicate: false, saleNo: sale?.saleNo ?? null, effect };
      },
      true,
      keys,
    );
  }

  /** Whether a sale's ticket was printed or not (V2-FLOW-13, V2-M-12). */
  ticket(saleNo: number, ticket: 'printed' | 'not-printed'): void {
    const now = this.clock.now();
    this.store.group.write(() => {
      const sale = this.sale(saleNo);
      if (sale && sale.ticket !== 'void') this.update({ ...sale, ticket }, now);
    });
  }

  /** A message the backend sent of its own accord (a reversal or refund request, V2-M-11), kept so its answer finds its sale. */
  requestSent(kioskId: string, kind: string, transactionId: string, saleNo: number | null, data: Record<string, unknown>, keys?: readonly object[]): void {
    const now = this.clock.now();
    this.store.group.write(() => this.sql.insertRequest.run(kioskId, kind, transactionId, saleNo, JSON.stringify(data), now), true, keys);
  }

  /** A kiosk frame that is not JSON (V2-ERR-5): kept raw, with what could be read from it. */
  unparsedFrame(kioskId: string, frame: string, recovered: { messageType?: string | undefined; screen?: string | undefined; transactionId?: string | undefined }, keys?: readonly object[]): void {
    const now = this.clock.now();
    this.store.group.write(() => this.sql.insertUnparsed.run(kioskId, frame, recovered.messageType ?? null, recovered.screen ?? null, recovered.transactionId ?? null, now), true, keys);
  }

  /** A sale by number. */
  sale(saleNo: number): Sale | undefined {
    const row = this.sql.sale.get(saleNo) as SaleRow | undefined;
    return row && saleOf(row);
  }

  /** The latest sale of a kiosk under a transaction id. */
  latestOfTransaction(kioskId: string, transactionId: string): Sale | undefined {
    const row = this.sql.latestOfTransaction.get(kioskId, transactionId) as SaleRow | undefined;
    return row && saleOf(row);
  }

  /**
   * The kiosk's most recent sale that took money or may have (V2-M-11: the
   * one it remembers). With `connection`, the most recent one taken on that
   * connection when there is one: kiosks known by one id (behind one address,
   * V2-OPEN-7) each remember their own sale, and a connection is one kiosk.
   */
  latestSale(kioskId: string, connection?: number): Sale | undefined {
    const onConnection = connection === undefined ? undefined : (this.sql.latestOnConnection.get(kioskId, connection) as SaleRow | undefined);
    const row = onConnection ?? (this.sql.latestOfKiosk.get(kioskId) as SaleRow | undefined);
    return row && saleOf(row);
  }

  /** What the metrics read at each scrape: open unknown outcomes (V2-M-7) and how many sales carry each flag, counted in SQL. */
  tally(): BooksTally {
    const flags: Record<string, number> = {};
    for (const row of this.sql.flagCounts.all() as Array<{ flag: string; n: number }>) flags[row.flag] = row.n;
    return { unknownOutcomes: this.sql.unknownOutcomes.get() as number, flags };
  }

  /** Sales, all or in one state (`outcome-unknown` lists V2-M-7's). */
  sales(state?: string): Sale[] {
    const rows = (state === undefined ? this.sql.sales.all() : this.sql.salesIn.all(state)) as SaleRow[];
    return rows.map(saleOf);
  }

  /** A card's sales and its day (V2-M-1). */
  card(card: string, day = utcDay(this.clock.now())): { card: string; day: string; spent: number; reserved: number; counted: number; sales: Sale[] } {
    const { spent, reserved } = this.cardDay(card, day);
    return { card, day, spent, reserved, counted: spent + reserved, sales: (this.sql.salesOfCard.all(card) as SaleRow[]).map(saleOf) };
  }

  /** Every card's counted amounts, per day (V2-M-1, V2-M-4). */
  cards(): Array<{ card: string; day: string; spent: number; reserved: number; counted: number }> {
    return (this.sql.cards.all() as Array<{ card: string; day: string; spent: number; reserved: number }>).map((r) => ({ ...r, counted: r.spent + r.reserved }));
  }

  /** Every reversal result. */
  reversals(): ReversalRecord[] {
    return (this.sql.reversals.all() as Array<Record<string, unknown>>).map((r) => ({
      kioskId: r.kiosk_id as string, key: r.result_key as string, saleNo: r.sale_no as number | null, path: r.path as ReversalPath, screen: r.screen as string, code: r.code as string | null,
      transactionId: r.transaction_id as string, originalTransactionId: r.original_transaction_id as string | null, originalRef: r.original_ref as string | null,
      amount: r.amount as number | null, flag: r.flag as string | null, repeats: r.repeats as number, receivedAt: r.received_at as number,
    }));
  }

  /** Every payment result, anomalies included (V2-M-6). */
  paymentResults(): Array<{ kioskId: string; transactionId: string; ref: string; saleNo: number | null; screen: string; timestamp: number; anomaly: boolean; receivedAt: number }> {
    return (this.sql.results.all() as Array<Record<string, unknown>>).map((r) => ({
      kioskId: r.kiosk_id as string, transactionId: r.transaction_id as string, ref: r.ref as string, saleNo: r.sale_no as number | null, screen: r.screen as string,
      timestamp: r.timestamp as number, anomaly: r.anomaly === 1, receivedAt: r.received_at as number,
    }));
  }

  /** The messages the backend sent of its own accord. */
  requests(): Array<Record<string, unknown>> {
    return this.sql.requests.all() as Array<Record<string, unknown>>;
  }

  /** Kiosk frames that were not JSON. */
  unparsedFrames(): Array<Record<string, unknown>> {
    return this.sql.unparsed.all() as Array<Record<string, unknown>>;
  }
}

/** Whether the provider takes the sale before the card check (NNSmart / Newland, V2-FLOW-12). */
export function isSaleFirst(provider: string): boolean {
  const p = provider.trim().toLowerCase();
  return p === 'nnsmart' || p === 'newland';
}

function kioskOf(row: Record<string, unknown>): KioskRecord {
  return {
    kioskId: row.kiosk_id as string, provider: row.provider as string, config: JSON.parse(row.config as string) as Record<string, unknown>,
    deviceIp: row.device_ip as string | null, deviceSerial: row.device_serial as string | null, cycle: row.cycle as number, connection: row.connection as number,
    connectedAt: row.connected_at as number | null,
  };
}
