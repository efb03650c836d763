import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { utcDay } from '../../reference-server/store.js';
import { useDiskStores } from './disk-store.js';

const storeOnDisk = useDiskStores('schema');
const NOW = Date.UTC(2026, 11, 2, 12);

/** The tables as stores made before the WITHOUT ROWID schema have them (rowid tables, AUTOINCREMENT, an index on transactions' terminal). */
const EARLIER_SCHEMA = `
CREATE TABLE terminals (terminal_id TEXT PRIMARY KEY, screen TEXT NOT NULL, screen_data TEXT NOT NULL, transaction_id TEXT NOT NULL, idle_deadline INTEGER, updated_at INTEGER NOT NULL);
CREATE TABLE transactions (id TEXT PRIMARY KEY, terminal_id TEXT NOT NULL, state TEXT NOT NULL, amount INTEGER, method TEXT, outcome TEXT, charged INTEGER NOT NULL DEFAULT 0, ticket TEXT, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
CREATE INDEX transactions_terminal ON transactions(terminal_id);
CREATE TABLE payments (transaction_id TEXT NOT NULL UNIQUE, terminal_id TEXT NOT NULL, amount INTEGER NOT NULL, method TEXT NOT NULL, status TEXT NOT NULL, created_at INTEGER NOT NULL, decided_at INTEGER);
CREATE TABLE daily_totals (terminal_id TEXT NOT NULL, day TEXT NOT NULL, total INTEGER NOT NULL, PRIMARY KEY (terminal_id, day));
CREATE TABLE processor_charges (seq INTEGER PRIMARY KEY AUTOINCREMENT, transaction_id TEXT NOT NULL, amount INTEGER NOT NULL, decision TEXT NOT NULL, ready_at INTEGER NOT NULL);
CREATE INDEX processor_charges_tx ON processor_charges(transaction_id);
`;

/** One payment through the store, as the payment flow makes it, then what the database holds. */
function pay(dir?: string): { rows: unknown; withoutRowid: string[] } {
  const { store, endTurn, reader } = storeOnDisk(dir);
  const failures: unknown[] = [];
  store.group.onFailure = (error) => failures.push(error);
  store.saveTerminal({ terminalId: 'K1', screen: 'PAYMENT_METHOD', data: {}, transactionId: 'T-1', idleDeadline: null }, NOW);
  store.createTransaction('T-1', 'K1', NOW);
  store.updateTransaction('T-1', { amount: 20 }, NOW);
  endTurn();
  expect(store.beginPayment('T-1', 'K1', 20, 'DEBIT_CARD', NOW)).toBe(true);
  expect(store.beginPayment('T-1', 'K1', 20, 'DEBIT_CARD', NOW)).toBe(false);
  endTurn();
  store.recordCharge('T-1', 20, 'approved', NOW);
  store.recordCharge('T-1', 20, 'approved', NOW + 1);
  expect(store.finishPayment('T-1', 'approved', NOW)).toBe(true);
  expect(store.finishPayment('T-1', 'approved', NOW)).toBe(false);
  endTurn();
  // A new transaction may not reuse an id: the commit fails rather than overwrite money state.
  store.createTransaction('T-1', 'K2', NOW);
  endTurn();
  expect(failures.map((e) => (e as { code?: string }).code)).toEqual([expect.stringMatching(/^SQLITE_CONSTRAINT_(PRIMARYKEY|UNIQUE)$/)]);
  const rows = {
    terminal: reader.prepare('SELECT screen, transaction_id FROM terminals WHERE terminal_id = ?').get('K1'),
    transaction: reader.prepare('SELECT terminal_id, state, amount, charged FROM transactions WHERE id = ?').get('T-1'),
    payment: reader.prepare('SELECT status, amount FROM payments WHERE transaction_id = ?').get('T-1'),
    total: reader.prepare('SELECT total FROM daily_totals WHERE terminal_id = ? AND day = ?').pluck().get('K1', utcDay(NOW)),
    charges: store.charges('T-1').map((c) => c.readyAt),
  };
  const withoutRowid = (reader.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND sql LIKE '%WITHOUT ROWID%' ORDER BY name").pluck().all() as string[]);
  return { rows, withoutRowid };
}

const EXPECTED = {
  terminal: { screen: 'PAYMENT_METHOD', transaction_id: 'T-1' },
  transaction: { terminal_id: 'K1', state: 'paid', amount: 20, charged: 1 },
  payment: { status: 'approved', amount: 20 },
  total: 20,
  // In the order charged: the audit of double charges and the recovery read them so.
  charges: [NOW, NOW + 1],
};

describe('the store schema', () => {
  it('keys every table with a natural key WITHOUT ROWID in a new store, and a payment reads back as made', () => {
    const { rows, withoutRowid } = pay();
    expect(withoutRowid).toEqual(['daily_totals', 'payments', 'terminals', 'transactions']);
    expect(rows).toEqual(EXPECTED);
  });

  it('serves a store made with the earlier tables as it is, without changing them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'paysock-schema-earlier-'));
    const earlier = new Database(join(dir, 'paysock.sqlite'));
    earlier.exec(EARLIER_SCHEMA);
    earlier.close();
    const { rows, withoutRowid } = pay(dir);
    expect(withoutRowid).toEqual([]);
    expect(rows).toEqual(EXPECTED);
  });
});
