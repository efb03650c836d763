import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Screen } from '../protocol/screen-graph.js';
import { GroupCommit, type TurnScheduler } from './group-commit.js';

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

const schema = `
CREATE TABLE IF NOT EXISTS terminals (
  terminal_id TEXT PRIMARY KEY,
  screen TEXT NOT NULL,
  screen_data TEXT NOT NULL,
  transaction_id TEXT NOT NULL,
  idle_deadline INTEGER,
  updated_at INTEGER NOT NULL
);
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
);
CREATE INDEX IF NOT EXISTS transactions_terminal ON transactions(terminal_id);
CREATE TABLE IF NOT EXISTS payments (
  transaction_id TEXT NOT NULL UNIQUE,
  terminal_id TEXT NOT NULL,
  amount INTEGER NOT NULL,
  method TEXT NOT NULL,
  status TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  decided_at INTEGER
);
CREATE TABLE IF NOT EXISTS daily_totals (
  terminal_id TEXT NOT NULL,
  day TEXT NOT NULL,
  total INTEGER NOT NULL,
  PRIMARY KEY (terminal_id, day)
);
CREATE TABLE IF NOT EXISTS processor_charges (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
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
    saveTerminal: db.prepare(
      `INSERT INTO terminals (terminal_id, screen, screen_data, transaction_id, idle_deadline, updated_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT(terminal_id) DO UPDATE SET screen = excluded.screen, screen_data = excluded.screen_data,
         transaction_id = excluded.transaction_id, idle_deadline = excluded.idle_deadline, updated_at = excluded.updated_at`,
    ),
    transaction: db.prepare('SELECT * FROM transactions WHERE id = ?'),
    transactionField: {
      exists: db.prepare('SELECT 1 FROM transactions WHERE id = ?').pluck(),
      amount: db.prepare('SELECT amount FROM transactions WHERE id = ?').pluck(),
      ticket: db.prepare('SELECT ticket FROM transactions WHERE id = ?').pluck(),
    },
    createTransaction: db.prepare(`INSERT INTO transactions (id, terminal_id, state, created_at, updated_at) VALUES (?, ?, 'open', ?, ?)`),
    replaceTransaction: db.prepare(`INSERT OR REPLACE INTO transactions (id, terminal_id, state, created_at, updated_at) VALUES (?, ?, 'open', ?, ?)`),
    beginPayment: db.prepare(`INSERT OR IGNORE INTO payments (transaction_id, terminal_id, amount, method, status, created_at) VALUES (?, ?, ?, ?, 'pending', ?)`),
    payment: db.prepare('SELECT * FROM payments WHERE transaction_id = ?'),
    decidePayment: db.prepare('UPDATE payments SET status = ?, decided_at = ? WHERE transaction_id = ?'),
    settleTransaction: db.prepare('UPDATE transactions SET state = ?, outcome = ?, charged = ?, updated_at = ? WHERE id = ?'),
    dailyTotal: db.prepare('SELECT total FROM daily_totals WHERE terminal_id = ? AND day = ?'),
    setDailyTotal: db.prepare('INSERT INTO daily_totals (terminal_id, day, total) VALUES (?, ?, ?) ON CONFLICT(terminal_id, day) DO UPDATE SET total = excluded.total'),
    addToDailyTotal: db.prepare('INSERT INTO daily_totals (terminal_id, day, total) VALUES (?, ?, ?) ON CONFLICT(terminal_id, day) DO UPDATE SET total = total + excluded.total'),
    recordCharge: db.prepare('INSERT INTO processor_charges (transaction_id, amount, decision, ready_at) VALUES (?, ?, ?, ?)'),
    charges: db.prepare('SELECT decision, ready_at, amount FROM processor_charges WHERE transaction_id = ? ORDER BY seq'),
  };
}
type Statements = ReturnType<typeof prepareStatements>;

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
  /** Whose daily total a terminal's payments count in: its own (the global-daily-total fault shares one). */
  totalsKey: (terminalId: string) => string = (terminalId) => terminalId;

  /** This store's group commit: one transaction per event-loop turn, output after it. */
  readonly group: GroupCommit;

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
    }
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(schema);
    this.sql = prepareStatements(this.db);
    this.group = new GroupCommit(this.db, schedule);
    this.group.beforeCommit = () => this.writeTerminals();
    this.group.afterRollback = () => this.pendingTerminals.clear();
    this.group.savepointEnded = (rolledBack) => {
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
   * turn's commit; `durable` makes that commit fsync (what money depends on).
   */
  atomically<T>(change: () => T, durable = false): T {
    return this.group.write(change, durable);
  }

  /** Runs `effect` once the changes of this turn are committed (right away when there are none). */
  afterCommit(effect: () => void): void {
    this.group.afterCommit(effect);
  }

  /** Statements prepared once: preparing is a parse and a plan, too dear for every call of a hot path. */
  private readonly sql: Statements;
  /** Terminal rows saved during this turn, written just before it commits. */
  private readonly pendingTerminals = new Map<string, { row: TerminalRow; now: number }>();
  /** What the deferred rows set inside the running savepoint replaced, oldest first. */
  private readonly undoTerminals: Array<[string, { row: TerminalRow; now: number } | undefined]> = [];
  /** updateTransaction's statements, one per set of columns (a handful in practice). */
  private readonly updates = new Map<string, Database.Statement>();

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
    this.group.single(() => {
      // Inside a savepoint, remember what this replaces: a rollback of the savepoint undoes it.
      if (this.group.inSavepoint) this.undoTerminals.push([row.terminalId, this.pendingTerminals.get(row.terminalId)]);
      this.pendingTerminals.set(row.terminalId, { row, now });
    });
  }

  /** Writes the terminal rows saved during this turn (the group commit calls it before COMMIT). */
  private writeTerminals(): void {
    for (const { row, now } of this.pendingTerminals.values()) {
      this.sql.saveTerminal.run(row.terminalId, row.screen, JSON.stringify(row.data), row.transactionId, row.idleDeadline, now);
    }
    this.pendingTerminals.clear();
  }

  /** A transaction by id, whatever terminal owns it. */
  transaction(id: string): TransactionRow | undefined {
    const row = this.sql.transaction.get(id) as
      | { id: string; terminal_id: string; state: TransactionState; amount: number | null; method: string | null; outcome: string | null; charged: number; ticket: 'printed' | 'not-printed' | null; created_at: number; updated_at: number }
      | undefined;
    if (!row) return undefined;
    return {
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
    };
  }

  /** Whether a transaction with this id exists (a narrow read for the hot path: TXN-5 uniqueness). */
  hasTransaction(id: string): boolean {
    return this.sql.transactionField.exists.get(id) !== undefined;
  }

  /** A transaction's amount, null when none was chosen or there is no such transaction. */
  transactionAmount(id: string): number | null {
    return (this.sql.transactionField.amount.get(id) as number | null | undefined) ?? null;
  }

  /** Whether a transaction's ticket was printed, failed, or neither yet. */
  transactionTicket(id: string): TransactionRow['ticket'] {
    return (this.sql.transactionField.ticket.get(id) as TransactionRow['ticket'] | undefined) ?? null;
  }

  /** Records a new transaction; `replace` overwrites a finished one with the same id (only the accepts-reused-transaction-id fault). */
  createTransaction(id: string, terminalId: string, now: number, replace = false): void {
    this.group.single(() => (replace ? this.sql.replaceTransaction : this.sql.createTransaction).run(id, terminalId, now, now));
  }

  /** Updates some fields of a transaction. */
  updateTransaction(id: string, fields: Partial<Pick<TransactionRow, 'state' | 'amount' | 'method' | 'outcome' | 'ticket'>>, now: number): void {
    const sets: string[] = [];
    const values: Array<string | number | null> = [];
    for (const [key, value] of Object.entries(fields)) {
      sets.push(`${key} = ?`);
      values.push(value as string | number | null);
    }
    if (sets.length === 0) return;
    const text = `UPDATE transactions SET ${sets.join(', ')}, updated_at = ? WHERE id = ?`;
    let statement = this.updates.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.updates.set(text, statement);
    }
    const prepared = statement;
    this.group.single(() => prepared.run(...values, now, id));
  }

  /**
   * Claims the one payment attempt of a transaction, before the processor is
   * called (RES-4). False when the transaction already has one: the caller
   * must not charge.
   */
  beginPayment(transactionId: string, terminalId: string, amount: number, method: string, now: number): boolean {
    // Durable: the processor is asked only after this commit, and a claim it was asked about is never lost.
    return this.group.write(() => {
      const result = this.sql.beginPayment.run(transactionId, terminalId, amount, method, now);
      if (result.changes === 1) this.updateTransaction(transactionId, { state: 'processing', amount, method }, now);
      return result.changes === 1;
    }, true);
  }

  /** The payment attempt of a transaction. */
  payment(transactionId: string): PaymentRow | undefined {
    const row = this.sql.payment.get(transactionId) as
      | { transaction_id: string; terminal_id: string; amount: number; method: string; status: PaymentStatus }
      | undefined;
    return row && { transactionId: row.transaction_id, terminalId: row.terminal_id, amount: row.amount, method: row.method, status: row.status };
  }

  /**
   * Records a payment's outcome, its transaction's state and (for an approved
   * payment, or any payment when `countAnyway`) the daily total, atomically
   * and durably (the result screen leaves only after the fsync). False when
   * there was no pending payment to settle.
   */
  finishPayment(transactionId: string, status: Exclude<PaymentStatus, 'pending'>, now: number, countAnyway = false): boolean {
    return this.group.write(() => {
      const payment = this.payment(transactionId);
      if (!payment || payment.status !== 'pending') return false;
      this.sql.decidePayment.run(status, now, transactionId);
      const paid = status === 'approved';
      this.sql.settleTransaction.run(paid ? 'paid' : 'failed', status, paid ? 1 : 0, now, transactionId);
      if (paid || countAnyway) this.addToDailyTotal(payment.terminalId, utcDay(now), payment.amount);
      return true;
    }, true);
  }

  /** What the terminal has paid today (UTC), counting successful payments only (FLOW-6). */
  dailyTotal(terminalId: string, day: string): number {
    const row = this.sql.dailyTotal.get(this.totalsKey(terminalId), day) as { total: number } | undefined;
    return row?.total ?? 0;
  }

  /** Sets a terminal's total for a day (the limit-remaining scenario, TC-4). */
  setDailyTotal(terminalId: string, day: string, total: number): void {
    this.group.single(() => this.sql.setDailyTotal.run(this.totalsKey(terminalId), day, total));
  }

  /** Adds a payment's amount to a terminal's total for a day (FLOW-6); public for the faults that count money twice. */
  addToDailyTotal(terminalId: string, day: string, amount: number): void {
    this.group.single(() => this.sql.addToDailyTotal.run(this.totalsKey(terminalId), day, amount));
  }

  /**
   * The simulated processor's record of a charge request (one row per charge). Not fsynced on its own:
   * the outcome it leads to is, and that fsync keeps this record too; a power loss before it loses the
   * record and the claim's outcome alike, and recovery finds no charge (FAILED, nothing counted).
   */
  recordCharge(transactionId: string, amount: number, decision: string, readyAt: number): void {
    this.group.single(() => this.sql.recordCharge.run(transactionId, amount, decision, readyAt));
  }

  /** The simulated processor's charges of a transaction, oldest first. */
  charges(transactionId: string): Array<{ decision: string; readyAt: number; amount: number }> {
    return (this.sql.charges.all(transactionId) as Array<{ decision: string; ready_at: number; amount: number }>).map(
      (r) => ({ decision: r.decision, readyAt: r.ready_at, amount: r.amount }),
    );
  }

  /** Flushes the WAL into the main file and closes the database. */
  close(): void {
    if (!this.db.open) return;
    this.group.close();
    if (!this.db.memory) this.db.pragma('wal_checkpoint(TRUNCATE)');
    this.db.close();
  }
}
