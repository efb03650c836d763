import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Screen } from '../protocol/screen-graph.js';
import { GroupCommit, type TurnScheduler } from './group-commit.js';
import { BatchedRows } from './batched-rows.js';
import { jsonOf } from './screens.js';
import { TurnCache } from './turn-cache.js';
import { startWalCheckpointer, type WalCheckpointer } from './wal-checkpointer.js';

/** What a terminal shows and which transaction it is in: enough to resume it (RES-1, RES-3). */
export interface TerminalRow {
  terminalId: string;
  screen: Screen;
  data: Record<string, unknown>;
  /** The active transaction's id, or "initial" (ENV-7). */
  transactionId: string;
  /** When the idle timeout of the current screen fires (FLOW-15, RES-7), epoch ms; null when none runs. */
  idleDeadline: number | null;
}

/** Lifecycle state of one transaction (LOG-5). */
export type TransactionState =
  | 'open'
  | 'limit-exceeded'
  | 'processing'
  | 'paid'
  | 'completed'
  | 'paid-ticket-not-printed'
  | 'failed'
  | 'cancelled'
  | 'abandoned';

/** One transaction as stored. */
export interface TransactionRow {
  id: string;
  terminalId: string;
  state: TransactionState;
  amount: number | null;
  method: string | null;
  outcome: string | null;
  charged: boolean;
  ticket: 'printed' | 'not-printed' | null;
  createdAt: number;
  updatedAt: number;
}

/** Status of the single payment attempt of a transaction (RES-4). */
export type PaymentStatus = 'pending' | 'approved' | 'declined' | 'timeout' | 'error';

/** One payment attempt; at most one per transaction id. */
export interface PaymentRow {
  transactionId: string;
  terminalId: string;
  amount: number;
  method: string;
  status: PaymentStatus;
}

/*
 * Every table that has a natural key is a WITHOUT ROWID table keyed by it: a
 * row lives in one B-tree, not in a rowid table plus an index on the key, so
 * each write updates one B-tree instead of two (SQLite time a payment went
 * from 47 to 33 µs: bench/store-statements.ts).
 * No AUTOINCREMENT: it updates sqlite_sequence on every insert, and charges
 * are never deleted, so a plain INTEGER PRIMARY KEY already only grows.
 * A store made by an earlier version keeps its tables; every statement here
 * reads and writes both shapes.
 */
const schema = `
CREATE TABLE IF NOT EXISTS terminals (
  terminal_id TEXT PRIMARY KEY,
  screen TEXT NOT NULL,
  screen_data TEXT NOT NULL,
  transaction_id TEXT NOT NULL,
  idle_deadline INTEGER,
  updated_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS transactions (
  id TEXT PRIMARY KEY,
  terminal_id TEXT NOT NULL,
  state TEXT NOT NULL,
  amount INTEGER,
  method TEXT,
  outcome TEXT,
  charged INTEGER NOT NULL DEFAULT 0,
  ticket TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS payments (
  transaction_id TEXT PRIMARY KEY,
  terminal_id TEXT NOT NULL,
  amount INTEGER NOT NULL,
  method TEXT NOT NULL,
  status TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  decided_at INTEGER
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS daily_totals (
  terminal_id TEXT NOT NULL,
  day TEXT NOT NULL,
  total INTEGER NOT NULL,
  PRIMARY KEY (terminal_id, day)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS processor_charges (
  seq INTEGER PRIMARY KEY,
  transaction_id TEXT NOT NULL,
  amount INTEGER NOT NULL,
  decision TEXT NOT NULL,
  ready_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS processor_charges_tx ON processor_charges(transaction_id);
`;

/** Every fixed statement of the store, prepared once per database. */
function prepareStatements(db: Database.Database) {
  return {
    terminal: db.prepare('SELECT * FROM terminals WHERE terminal_id = ?'),
    terminalsOn: db.prepare('SELECT terminal_id FROM terminals WHERE screen = ?'),
    transaction: db.prepare('SELECT * FROM transactions WHERE id = ?'),
    transactionExists: db.prepare('SELECT 1 FROM transactions WHERE id = ?').pluck(),
    payment: db.prepare('SELECT * FROM payments WHERE transaction_id = ?'),
    dailyTotal: db.prepare('SELECT total FROM daily_totals WHERE terminal_id = ? AND day = ?'),
    charges: db.prepare('SELECT decision, ready_at, amount FROM processor_charges WHERE transaction_id = ? ORDER BY seq'),
  };
}
type Statements = ReturnType<typeof prepareStatements>;

const TRANSACTION_COLUMNS = 'INSERT INTO transactions (id, terminal_id, state, amount, method, outcome, charged, ticket, created_at, updated_at)';
const PAYMENT_COLUMNS = 'INSERT INTO payments (transaction_id, terminal_id, amount, method, status, created_at, decided_at)';

/** The writes made at the end of a turn, many rows a statement. */
function prepareBatches(db: Database.Database) {
  return {
    terminals: new BatchedRows(
      db,
      'INSERT INTO terminals (terminal_id, screen, screen_data, transaction_id, idle_deadline, updated_at)',
      6,
      `ON CONFLICT(terminal_id) DO UPDATE SET screen = excluded.screen, screen_data = excluded.screen_data,
         transaction_id = excluded.transaction_id, idle_deadline = excluded.idle_deadline, updated_at = excluded.updated_at`,
    ),
    // Plain INSERT, not an upsert: a new transaction whose id exists fails the commit instead of overwriting money state.
    newTransactions: new BatchedRows(db, TRANSACTION_COLUMNS, 10),
    // Rows read from the database or inserted earlier: the conflict is the update.
    changedTransactions: new BatchedRows(
      db,
      TRANSACTION_COLUMNS,
      10,
      `ON CONFLICT(id) DO UPDATE SET state = excluded.state, amount = excluded.amount, method = excluded.method,
         outcome = excluded.outcome, charged = excluded.charged, ticket = excluded.ticket, updated_at = excluded.updated_at`,
    ),
    // A claim is a plain INSERT: a claim the database already has fails the commit, never becomes a second one (RES-4).
    newPayments: new BatchedRows(db, PAYMENT_COLUMNS, 7),
    // An outcome changes only the status of a claim read from the database or inserted earlier.
    decidedPayments: new BatchedRows(db, PAYMENT_COLUMNS, 7, 'ON CONFLICT(transaction_id) DO UPDATE SET status = excluded.status, decided_at = excluded.decided_at'),
    // The total held in memory is the new total (it was read before it was added to).
    dailyTotals: new BatchedRows(db, 'INSERT INTO daily_totals (terminal_id, day, total)', 3, 'ON CONFLICT(terminal_id, day) DO UPDATE SET total = excluded.total'),
    charges: new BatchedRows(db, 'INSERT INTO processor_charges (transaction_id, amount, decision, ready_at)', 4),
  };
}

/** A transaction row held in memory; `fresh` until its INSERT was written. */
interface HeldTransaction {
  row: TransactionRow;
  fresh: boolean;
}

/**
 * Writes the rows of `cache` changed during this turn (the group commit calls it before COMMIT): those
 * never written with `inserts` (a plain INSERT: one the database has fails the commit), the rest with
 * `updates`; each counts as written from here on. A null value (known to have no row) writes nothing.
 */
function writeChanged<Held extends { fresh: boolean }>(
  cache: TurnCache<Held | null>,
  inserts: BatchedRows,
  updates: BatchedRows,
  values: (held: Held) => unknown[],
): void {
  const fresh: unknown[][] = [];
  const known: unknown[][] = [];
  for (const [, held] of cache.takeChanged()) {
    if (held === null) continue;
    (held.fresh ? fresh : known).push(values(held));
    held.fresh = false;
  }
  inserts.write(fresh);
  updates.write(known);
}

/** A payment row held in memory, `fresh` until its INSERT was written; null: the transaction has none. */
type HeldPayment = { row: PaymentRow; createdAt: number; decidedAt: number | null; fresh: boolean } | null;

/** Bytes the WAL file is cut back to when it starts over after a checkpoint. */
const WAL_SIZE_LIMIT = 64 * 1024 * 1024;

/** How many transaction rows and daily totals stay in memory beyond those changed in the running turn. */
const HELD_ROWS = 10_000;

/** The UTC day of an epoch-ms time, "YYYY-MM-DD" (FLOW-6). */
export function utcDay(ms: number): string {
  // Cached for the current day: every payment asks, and toISOString is not free.
  if (ms < dayCache.start || ms >= dayCache.start + DAY_MS) {
    const start = ms - (((ms % DAY_MS) + DAY_MS) % DAY_MS);
    dayCache = { start, day: new Date(start).toISOString().slice(0, 10) };
  }
  return dayCache.day;
}
const DAY_MS = 86_400_000;
let dayCache = { start: 0, day: '1970-01-01' };

/**
 * The durable store of the reference server (RES-2): terminals' screens,
 * transactions, payments, daily totals and the simulated processor's own
 * records, in one SQLite file. Writes go through the group commit: the
 * changes of one event-loop turn commit together, each write method all or
 * nothing inside them (a savepoint), so a SIGKILL leaves either the old or the
 * new state, never half of it; what waits for them (`afterCommit`) runs
 * after the commit (docs/reference-server-durability.md).
 */
export class Store {
  readonly db: Database.Database;

  /** This store's group commit: one transaction per event-loop turn, output after it. */
  readonly group: GroupCommit;
  /** The worker that copies the WAL into the database file (none in memory). */
  readonly checkpointer: WalCheckpointer | undefined;

  /** `dataDir` ':memory:' keeps everything in memory (tests); otherwise <dataDir>/paysock.sqlite. */
  constructor(dataDir: string, schedule?: TurnScheduler) {
    if (dataDir === ':memory:') {
      this.db = new Database(':memory:');
    } else {
      mkdirSync(dataDir, { recursive: true });
      this.db = new Database(join(dataDir, 'paysock.sqlite'));
      this.db.pragma('journal_mode = WAL');
      // NORMAL: a commit survives a process kill; the group commit fsyncs the WAL before the output of turns
      // that changed money (claims, outcomes) leaves, so those survive a power loss too, with everything before them.
      this.db.pragma('synchronous = NORMAL');
      // Checkpoints run on a worker thread (wal-checkpointer.ts), never inside a commit on the event loop.
      this.db.pragma('wal_autocheckpoint = 0');
      // A WAL that grew under a burst is cut back to this size when it starts over.
      this.db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT}`);
      this.checkpointer = startWalCheckpointer(this.db.name, (message) => process.emitWarning(`WAL checkpoint failed: ${message}`));
    }
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(schema);
    this.sql = prepareStatements(this.db);
    this.batches = prepareBatches(this.db);
    this.group = new GroupCommit(this.db, schedule);
    this.group.beforeCommit = () => {
      this.writeTerminals();
      this.writeTransactions();
      this.writePayments();
      this.writeDailyTotals();
      this.batches.charges.write(this.pendingCharges);
      this.pendingCharges.length = 0;
    };
    const checkpointer = this.checkpointer;
    this.group.afterCommitted = () => {
      this.transactions.trim();
      this.payments.trim();
      this.totals.trim();
      if (!checkpointer) return;
      // Outside any transaction (just committed), before the worker is asked again: copy what the worker left,
      // so the next transaction starts the WAL over; if that was not all (the worker held the checkpoint), again next time.
      if (checkpointer.tailDue()) {
        const [result] = this.db.pragma('wal_checkpoint(PASSIVE)') as Array<{ busy: number; log: number; checkpointed: number }>;
        if (result && (result.busy !== 0 || result.checkpointed < result.log)) checkpointer.tailAgain();
      }
      checkpointer.committed();
    };
    this.group.afterRollback = () => {
      this.pendingTerminals.clear();
      this.transactions.forgetAll();
      this.payments.forgetAll();
      this.totals.forgetAll();
      this.pendingCharges.length = 0;
      this.chargesBeforeSavepoint = undefined;
    };
    this.group.savepointEnded = (rolledBack) => {
      this.transactions.savepointEnded(rolledBack);
      this.payments.savepointEnded(rolledBack);
      this.totals.savepointEnded(rolledBack);
      if (rolledBack && this.chargesBeforeSavepoint !== undefined) this.pendingCharges.length = this.chargesBeforeSavepoint;
      this.chargesBeforeSavepoint = undefined;
      if (rolledBack) {
        for (const [terminalId, before] of this.undoTerminals.reverse()) {
          if (before) this.pendingTerminals.set(terminalId, before);
          else this.pendingTerminals.delete(terminalId);
        }
      }
      this.undoTerminals.length = 0;
    };
  }

  /**
   * Runs `change` (writes through this store) all or nothing within this
   * turn's commit; `durable` makes that commit fsync (what money depends on),
   * and the output of `keys` (the terminal's session and connections) wait
   * for it; without keys all of the turn's output does.
   */
  atomically<T>(change: () => T, durable = false, keys?: readonly object[]): T {
    return this.group.atomically(change, durable, keys);
  }

  /** Runs `effect` once the changes of this turn are committed (right away when there are none), in order with earlier effects of `key`. */
  afterCommit(effect: () => void, key?: object): void {
    this.group.afterCommit(effect, key);
  }

  /** The release an effect queued now would join (GroupCommit.epoch). */
  get commitEpoch(): number {
    return this.group.epoch;
  }

  /** Statements prepared once: preparing is a parse and a plan, too dear for every call of a hot path. */
  private readonly sql: Statements;
  /** The end-of-turn writes, many rows a statement. */
  private readonly batches: ReturnType<typeof prepareBatches>;
  /** Terminal rows saved during this turn, written just before it commits. */
  private readonly pendingTerminals = new Map<string, { row: TerminalRow; now: number }>();
  /** What the deferred rows set inside the running savepoint replaced, oldest first. */
  private readonly undoTerminals: Array<[string, { row: TerminalRow; now: number } | undefined]> = [];
  /** Transactions read or changed lately; changed ones are written just before the turn commits. */
  private readonly transactions = new TurnCache<HeldTransaction>(HELD_ROWS);
  /** Payments (claims and outcomes) read or changed lately; changed ones are written just before the turn commits. */
  private readonly payments = new TurnCache<HeldPayment>(HELD_ROWS);
  /** Daily totals read or changed lately, by terminal and day; changed ones are written just before the turn commits. */
  private readonly totals = new TurnCache<number>(HELD_ROWS);
  /** The simulated processor's charge records of this turn, in order, written just before it commits. */
  private readonly pendingCharges: Array<[string, number, string, number]> = [];
  /** How many charge records there were when the running savepoint added its first (a rollback cuts back to it). */
  private chargesBeforeSavepoint: number | undefined;

  /** The stored screen of a terminal, if it ever connected. */
  terminal(terminalId: string): TerminalRow | undefined {
    const pending = this.pendingTerminals.get(terminalId);
    if (pending) return { ...pending.row, data: JSON.parse(JSON.stringify(pending.row.data)) as Record<string, unknown> };
    const row = this.sql.terminal.get(terminalId) as
      | { terminal_id: string; screen: Screen; screen_data: string; transaction_id: string; idle_deadline: number | null }
      | undefined;
    if (!row) return undefined;
    return {
      terminalId: row.terminal_id,
      screen: row.screen,
      data: JSON.parse(row.screen_data) as Record<string, unknown>,
      transactionId: row.transaction_id,
      idleDeadline: row.idle_deadline,
    };
  }

  /** Terminals whose stored screen is `screen` (crash recovery of PROCESSING). */
  terminalsOn(screen: Screen): string[] {
    this.group.flush();
    return (this.sql.terminalsOn.all(screen) as Array<{ terminal_id: string }>).map((r) => r.terminal_id);
  }

  /**
   * Saves what a terminal shows now. The row is written once per turn, just
   * before the turn commits: a terminal that goes through several screens in
   * one turn (the steps after SUCCESS without delay) costs one write, and the
   * commit holds its last screen, the one its frames end on.
   */
  saveTerminal(row: TerminalRow, now: number): void {
    this.group.deferred();
    // Inside a savepoint, remember what this replaces: a rollback of the savepoint undoes it.
    if (this.group.inSavepoint) this.undoTerminals.push([row.terminalId, this.pendingTerminals.get(row.terminalId)]);
    this.pendingTerminals.set(row.terminalId, { row, now });
  }

  /** Writes the terminal rows saved during this turn (the group commit calls it before COMMIT). */
  private writeTerminals(): void {
    const rows: unknown[][] = [];
    for (const { row, now } of this.pendingTerminals.values()) rows.push([row.terminalId, row.screen, jsonOf(row.data), row.transactionId, row.idleDeadline, now]);
    this.batches.terminals.write(rows);
    this.pendingTerminals.clear();
  }

  /** A transaction by id, whatever terminal owns it. */
  transaction(id: string): TransactionRow | undefined {
    const row = this.heldTransaction(id)?.row;
    return row && { ...row };
  }

  /** The transaction from memory, or read once from the database and then held. */
  private heldTransaction(id: string): HeldTransaction | undefined {
    const held = this.transactions.get(id);
    if (held) return held;
    const row = this.sql.transaction.get(id) as
      | { id: string; terminal_id: string; state: TransactionState; amount: number | null; method: string | null; outcome: string | null; charged: number; ticket: 'printed' | 'not-printed' | null; created_at: number; updated_at: number }
      | undefined;
    if (!row) return undefined;
    const value: HeldTransaction = {
      fresh: false,
      row: {
        id: row.id,
        terminalId: row.terminal_id,
        state: row.state,
        amount: row.amount,
        method: row.method,
        outcome: row.outcome,
        charged: row.charged === 1,
        ticket: row.ticket,
        createdAt: row.created_at,
        updatedAt: row.updated_at,
      },
    };
    this.transactions.remember(id, value, this.group.inSavepoint);
    return value;
  }

  /** Writes the transactions changed during this turn (the group commit calls it before COMMIT). */
  private writeTransactions(): void {
    writeChanged(this.transactions, this.batches.newTransactions, this.batches.changedTransactions, ({ row: r }) => [
      r.id, r.terminalId, r.state, r.amount, r.method, r.outcome, r.charged ? 1 : 0, r.ticket, r.createdAt, r.updatedAt,
    ]);
  }

  /** Whether a transaction with this id exists (TXN-5 uniqueness of a new id). */
  hasTransaction(id: string): boolean {
    return this.transactions.get(id) !== undefined || this.sql.transactionExists.get(id) !== undefined;
  }

  /** A transaction's amount, null when none was chosen or there is no such transaction. */
  transactionAmount(id: string): number | null {
    return this.heldTransaction(id)?.row.amount ?? null;
  }

  /** Whether a transaction's ticket was printed, failed, or neither yet. */
  transactionTicket(id: string): TransactionRow['ticket'] {
    return this.heldTransaction(id)?.row.ticket ?? null;
  }

  /** Records a new transaction (TXN-5: its id is new). */
  createTransaction(id: string, terminalId: string, now: number): void {
    // Opens the turn's transaction: the row is written when it commits.
    this.group.deferred();
    const row: TransactionRow = { id, terminalId, state: 'open', amount: null, method: null, outcome: null, charged: false, ticket: null, createdAt: now, updatedAt: now };
    this.transactions.change(id, { row, fresh: true }, this.group.inSavepoint);
    // A new id has no payment: claiming it reads nothing back. Were the database to have one, the claim's
    // plain INSERT would fail the commit (as the transaction's own INSERT would), never make a second one.
    this.payments.remember(id, null, this.group.inSavepoint);
  }

  /** Updates some fields of a transaction (nothing when there is no such transaction). */
  updateTransaction(id: string, fields: Partial<Pick<TransactionRow, 'state' | 'amount' | 'method' | 'outcome' | 'ticket'>>, now: number): void {
    this.changeTransaction(id, fields, now);
  }

  private changeTransaction(id: string, fields: Partial<Omit<TransactionRow, 'id' | 'terminalId' | 'createdAt' | 'updatedAt'>>, now: number): void {
    const held = this.heldTransaction(id);
    if (!held) return;
    const was = held.row;
    // Field by field (a new object: an undo entry may hold the old one); absent fields keep their value.
    const row: TransactionRow = {
      id: was.id,
      terminalId: was.terminalId,
      state: fields.state ?? was.state,
      amount: fields.amount !== undefined ? fields.amount : was.amount,
      method: fields.method !== undefined ? fields.method : was.method,
      outcome: fields.outcome !== undefined ? fields.outcome : was.outcome,
      charged: fields.charged ?? was.charged,
      ticket: fields.ticket !== undefined ? fields.ticket : was.ticket,
      createdAt: was.createdAt,
      updatedAt: now,
    };
    this.group.deferred();
    this.transactions.change(id, { row, fresh: held.fresh }, this.group.inSavepoint);
  }

  /**
   * Claims the one payment attempt of a transaction, before the processor is
   * called (RES-4). False when the transaction already has one: the caller
   * must not charge.
   */
  beginPayment(transactionId: string, terminalId: string, amount: number, method: string, now: number): boolean {
    // Durable: the processor is asked only after this commit, and a claim it was asked about is never lost.
    return this.group.atomically(() => {
      if (this.heldPayment(transactionId) !== null) return false;
      this.group.deferred(true);
      const row: PaymentRow = { transactionId, terminalId, amount, method, status: 'pending' };
      this.payments.change(transactionId, { row, createdAt: now, decidedAt: null, fresh: true }, this.group.inSavepoint);
      this.updateTransaction(transactionId, { state: 'processing', amount, method }, now);
      return true;
    }, true);
  }

  /** The payment attempt of a transaction. */
  payment(transactionId: string): PaymentRow | undefined {
    const held = this.heldPayment(transactionId);
    return held === null ? undefined : { ...held.row };
  }

  /** The payment from memory, or read once from the database and then held (null: none). */
  private heldPayment(transactionId: string): HeldPayment {
    const held = this.payments.get(transactionId);
    if (held !== undefined) return held;
    const row = this.sql.payment.get(transactionId) as
      | { transaction_id: string; terminal_id: string; amount: number; method: string; status: PaymentStatus; created_at: number; decided_at: number | null }
      | undefined;
    const value: HeldPayment = row
      ? {
          row: { transactionId: row.transaction_id, terminalId: row.terminal_id, amount: row.amount, method: row.method, status: row.status },
          createdAt: row.created_at,
          decidedAt: row.decided_at,
          fresh: false,
        }
      : null;
    this.payments.remember(transactionId, value, this.group.inSavepoint);
    return value;
  }

  /** Writes the payments changed during this turn (the group commit calls it before COMMIT). */
  private writePayments(): void {
    writeChanged(this.payments, this.batches.newPayments, this.batches.decidedPayments, ({ row: r, createdAt, decidedAt }) => [
      r.transactionId, r.terminalId, r.amount, r.method, r.status, createdAt, decidedAt,
    ]);
  }

  /**
   * Records a payment's outcome, its transaction's state and (for an approved
   * payment) the daily total, atomically
   * and durably (the result screen leaves only after the fsync). False when
   * there was no pending payment to settle.
   */
  finishPayment(transactionId: string, status: Exclude<PaymentStatus, 'pending'>, now: number): boolean {
    return this.group.atomically(() => {
      const held = this.heldPayment(transactionId);
      if (held === null || held.row.status !== 'pending') return false;
      this.group.deferred(true);
      // A new object: an undo entry may hold the old one.
      this.payments.change(transactionId, { row: { ...held.row, status }, createdAt: held.createdAt, decidedAt: now, fresh: held.fresh }, this.group.inSavepoint);
      const paid = status === 'approved';
      this.changeTransaction(transactionId, { state: paid ? 'paid' : 'failed', outcome: status, charged: paid }, now);
      if (paid) this.addToDailyTotal(held.row.terminalId, utcDay(now), held.row.amount);
      return true;
    }, true);
  }

  /** What the terminal has paid today (UTC), counting successful payments only (FLOW-6). */
  dailyTotal(terminalId: string, day: string): number {
    const key = this.totalKey(terminalId, day);
    const held = this.totals.get(key);
    if (held !== undefined) return held;
    const row = this.sql.dailyTotal.get(terminalId, day) as { total: number } | undefined;
    const total = row?.total ?? 0;
    this.totals.remember(key, total, this.group.inSavepoint);
    return total;
  }

  /** Where a terminal's total for a day is held in memory: its id, a line break, the day. */
  private totalKey(terminalId: string, day: string): string {
    return `${terminalId}\n${day}`;
  }

  /** Sets a terminal's total for a day (the limit-remaining scenario, TC-4). */
  setDailyTotal(terminalId: string, day: string, total: number): void {
    this.group.deferred();
    this.totals.change(this.totalKey(terminalId, day), total, this.group.inSavepoint);
  }

  /** Adds a payment's amount to a terminal's total for a day (FLOW-6). */
  addToDailyTotal(terminalId: string, day: string, amount: number): void {
    const total = this.dailyTotal(terminalId, day) + amount;
    this.group.deferred();
    this.totals.change(this.totalKey(terminalId, day), total, this.group.inSavepoint);
  }

  /** Writes the daily totals changed during this turn (the group commit calls it before COMMIT). */
  private writeDailyTotals(): void {
    const rows: unknown[][] = [];
    for (const [key, total] of this.totals.takeChanged()) {
      // The day never holds a line break; a terminal id might.
      const cut = key.lastIndexOf('\n');
      rows.push([key.slice(0, cut), key.slice(cut + 1), total]);
    }
    this.batches.dailyTotals.write(rows);
  }

  /**
   * The simulated processor's record of a charge request (one row per charge). Not fsynced on its own:
   * the outcome it leads to is, and that fsync keeps this record too; a power loss before it loses the
   * record and the claim's outcome alike, and recovery finds no charge (FAILED, nothing counted).
   */
  recordCharge(transactionId: string, amount: number, decision: string, readyAt: number): void {
    this.group.deferred();
    if (this.group.inSavepoint) this.chargesBeforeSavepoint ??= this.pendingCharges.length;
    this.pendingCharges.push([transactionId, amount, decision, readyAt]);
  }

  /** The simulated processor's charges of a transaction, oldest first. */
  charges(transactionId: string): Array<{ decision: string; readyAt: number; amount: number }> {
    const written = (this.sql.charges.all(transactionId) as Array<{ decision: string; ready_at: number; amount: number }>).map(
      (r) => ({ decision: r.decision, readyAt: r.ready_at, amount: r.amount }),
    );
    // Records of this turn follow: they are written after every committed one.
    for (const [id, amount, decision, readyAt] of this.pendingCharges) if (id === transactionId) written.push({ decision, readyAt, amount });
    return written;
  }

  /** Flushes the WAL into the main file and closes the database. */
  close(): void {
    if (!this.db.open) return;
    this.group.close();
    this.checkpointer?.close();
    if (!this.db.memory) this.db.pragma('wal_checkpoint(TRUNCATE)');
    this.db.close();
  }
}
