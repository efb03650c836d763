import type Database from 'better-sqlite3';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { utcDay } from '../../reference-server/store.js';
import { useDiskStores } from './disk-store.js';

const storeOnDisk = useDiskStores('cache');

const committed = (reader: Database.Database, id: string): unknown =>
  reader.prepare('SELECT state, amount, method, outcome, charged, ticket FROM transactions WHERE id = ?').get(id);
const NOW = Date.UTC(2026, 11, 2, 12);
const DAY = utcDay(NOW);

describe('the store holds transactions and daily totals in memory beside SQLite', () => {
  it('writes a transaction changed several times in a turn once, when the turn commits, with its last values', () => {
    const { store, endTurn, reader } = storeOnDisk();
    store.createTransaction('T-1', 'K1', NOW);
    store.updateTransaction('T-1', { amount: 20 }, NOW);
    expect(store.transactionAmount('T-1')).toBe(20);
    expect(store.hasTransaction('T-1')).toBe(true);
    expect(committed(reader, 'T-1')).toBeUndefined();
    endTurn();
    expect(committed(reader, 'T-1')).toEqual({ state: 'open', amount: 20, method: null, outcome: null, charged: 0, ticket: null });
    expect(store.beginPayment('T-1', 'K1', 20, 'DEBIT_CARD', NOW)).toBe(true);
    expect(store.finishPayment('T-1', 'approved', NOW)).toBe(true);
    store.updateTransaction('T-1', { ticket: 'printed' }, NOW);
    endTurn();
    expect(committed(reader, 'T-1')).toEqual({ state: 'paid', amount: 20, method: 'DEBIT_CARD', outcome: 'approved', charged: 1, ticket: 'printed' });
    expect(store.dailyTotal('K1', DAY)).toBe(20);
    expect((reader.prepare('SELECT total FROM daily_totals WHERE terminal_id = ?').get('K1') as { total: number }).total).toBe(20);
  });

  it('settles a payment once: a second outcome for the same payment changes nothing', () => {
    const { store, endTurn } = storeOnDisk();
    store.createTransaction('T-2', 'K1', NOW);
    expect(store.beginPayment('T-2', 'K1', 40, 'DEBIT_CARD', NOW)).toBe(true);
    expect(store.beginPayment('T-2', 'K1', 40, 'DEBIT_CARD', NOW)).toBe(false);
    expect(store.finishPayment('T-2', 'approved', NOW)).toBe(true);
    expect(store.finishPayment('T-2', 'approved', NOW)).toBe(false);
    expect(store.finishPayment('T-2', 'declined', NOW)).toBe(false);
    endTurn();
    expect(store.dailyTotal('K1', DAY)).toBe(40);
    expect(store.transaction('T-2')).toMatchObject({ state: 'paid', outcome: 'approved', charged: true });
  });

  it('undoes what a rolled-back change held, in memory as in the database', () => {
    const { store, endTurn, reader } = storeOnDisk();
    store.createTransaction('T-3', 'K1', NOW);
    store.updateTransaction('T-3', { amount: 20 }, NOW);
    store.addToDailyTotal('K1', DAY, 100);
    expect(store.dailyTotal('K1', DAY)).toBe(100);
    expect(() =>
      store.atomically(() => {
        store.updateTransaction('T-3', { amount: 60, state: 'processing' }, NOW);
        store.addToDailyTotal('K1', DAY, 60);
        store.createTransaction('T-4', 'K1', NOW);
        expect(store.beginPayment('T-3', 'K1', 60, 'DEBIT_CARD', NOW)).toBe(true);
        store.recordCharge('T-3', 60, 'approved', NOW);
        expect(store.charges('T-3')).toHaveLength(1);
        throw new Error('half-way');
      }),
    ).toThrow('half-way');
    expect(store.transaction('T-3')).toMatchObject({ amount: 20, state: 'open' });
    expect(store.dailyTotal('K1', DAY)).toBe(100);
    expect(store.hasTransaction('T-4')).toBe(false);
    expect(store.payment('T-3')).toBeUndefined();
    expect(store.charges('T-3')).toEqual([]);
    endTurn();
    expect(committed(reader, 'T-3')).toMatchObject({ amount: 20, state: 'open' });
    expect(committed(reader, 'T-4')).toBeUndefined();
    expect(reader.prepare('SELECT * FROM payments WHERE transaction_id = ?').get('T-3')).toBeUndefined();
    expect(reader.prepare('SELECT * FROM processor_charges WHERE transaction_id = ?').get('T-3')).toBeUndefined();
    expect((reader.prepare('SELECT total FROM daily_totals WHERE terminal_id = ?').get('K1') as { total: number }).total).toBe(100);
  });

  it('runs no SQL for a claim or an outcome, not even a savepoint: their rows are written when the turn commits, and only then seen', () => {
    const { store, endTurn, reader } = storeOnDisk();
    store.createTransaction('T-9', 'K1', NOW);
    store.updateTransaction('T-9', { amount: 20 }, NOW);
    // The payment flow reads the total first (the daily limit, FLOW-6).
    expect(store.dailyTotal('K1', DAY)).toBe(0);
    endTurn();
    // better-sqlite3 does not export its Statement class: its prototype, reached through an instance.
    const statement = Object.getPrototypeOf(store.db.prepare('SELECT 1')) as Record<'run' | 'get' | 'all', () => unknown>;
    const spies = (['run', 'get', 'all'] as const).map((method) => vi.spyOn(statement, method));
    // The store's statements only (the test's reader shares the prototype): their first three words.
    const ran = (): string[] =>
      spies.flatMap((spy) =>
        (spy.mock.contexts as Array<{ source: string; database: unknown }>).filter((c) => c.database === store.db).map((c) => c.source.split(/\s+/).slice(0, 3).join(' ')),
      );
    try {
      expect(store.atomically(() => store.beginPayment('T-9', 'K1', 20, 'DEBIT_CARD', NOW), true)).toBe(true);
      store.recordCharge('T-9', 20, 'approved', NOW);
      expect(store.atomically(() => store.finishPayment('T-9', 'approved', NOW), true)).toBe(true);
      expect(ran()).toEqual([]);
      expect(reader.prepare('SELECT status FROM payments WHERE transaction_id = ?').get('T-9')).toBeUndefined();
      endTurn();
      expect(ran().sort()).toEqual(['INSERT INTO daily_totals', 'INSERT INTO payments', 'INSERT INTO processor_charges', 'INSERT INTO transactions']);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    expect(reader.prepare('SELECT status, amount FROM payments WHERE transaction_id = ?').get('T-9')).toEqual({ status: 'approved', amount: 20 });
    expect(reader.prepare('SELECT total FROM daily_totals WHERE terminal_id = ?').pluck().get('K1')).toBe(20);
    expect(store.charges('T-9')).toEqual([{ decision: 'approved', readyAt: NOW, amount: 20 }]);
    expect(committed(reader, 'T-9')).toMatchObject({ state: 'paid', outcome: 'approved', charged: 1 });
  });

  it('fails the commit, never overwrites, when a new transaction reuses an id the database has; then reads the database again', () => {
    const { store, endTurn, reader, dir } = storeOnDisk();
    const failures: unknown[] = [];
    store.group.onFailure = (error) => failures.push(error);
    store.createTransaction('T-5', 'K1', NOW);
    store.updateTransaction('T-5', { amount: 80 }, NOW);
    endTurn();
    // A second store (a restarted server) does not hold T-5 in memory.
    const { store: other, endTurn: endOther } = storeOnDisk(dir);
    other.group.onFailure = (error) => failures.push(error);
    store.close();
    other.createTransaction('T-5', 'K2', NOW);
    other.addToDailyTotal('K2', DAY, 5);
    expect(other.dailyTotal('K2', DAY)).toBe(5);
    endOther();
    expect(failures).toHaveLength(1);
    expect(committed(reader, 'T-5')).toMatchObject({ amount: 80 });
    expect(other.transaction('T-5')).toMatchObject({ terminalId: 'K1', amount: 80 });
    expect(other.dailyTotal('K2', DAY)).toBe(0);
  });

  it('never checkpoints inside a commit; a worker copies the WAL, the writer its tail, and the WAL starts over under steady commits', async () => {
    const { store, endTurn, dir } = storeOnDisk();
    expect(store.db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    const wal = join(dir, 'paysock.sqlite-wal');
    const sizes: number[] = [];
    await store.checkpointer!.ready;
    // Commits never wait for the worker: a writer that stopped for it would hide a WAL that never starts over.
    for (let round = 0; round < 40; round++) {
      for (let i = 0; i < 100; i++) {
        const id = `R${round}-${i}`;
        store.createTransaction(id, 'K1', NOW);
        store.saveTerminal({ terminalId: `K${i}`, screen: 'KEYPAD', data: { pad: 'x'.repeat(400) }, transactionId: id, idleDeadline: null }, NOW);
        endTurn();
      }
      await new Promise((resolve) => setImmediate(resolve));
      sizes.push(statSync(wal).size);
    }
    expect(store.checkpointer!.counts.done).toBeGreaterThanOrEqual(5);
    // The 40 rounds write about 70 MB of WAL frames (a WAL that never starts over is that big at the end); starting
    // over after each checkpoint keeps the file at a few rounds' worth (about 5 MB here).
    expect(Math.max(...sizes)).toBeLessThan(20 * 1024 * 1024);
  });
});
