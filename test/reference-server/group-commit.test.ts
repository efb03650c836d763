import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Store } from '../../reference-server/store.js';

/** A store on disk whose turns end when the test says so. */
function storeOnDisk(): { store: Store; endTurn: () => void; reader: Database.Database; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'paysock-group-'));
  dirs.push(dir);
  const turns: Array<() => void> = [];
  const store = new Store(dir, (callback) => turns.push(callback));
  stores.push(store);
  // A second connection sees only what is committed.
  const reader = new Database(join(dir, 'paysock.sqlite'), { readonly: true });
  readers.push(reader);
  return { store, endTurn: () => turns.splice(0).forEach((t) => t()), reader, dir };
}
const dirs: string[] = [];
const stores: Store[] = [];
const readers: Database.Database[] = [];
afterEach(() => {
  for (const r of readers.splice(0)) r.close();
  for (const s of stores.splice(0)) s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const screenOf = (reader: Database.Database, terminalId: string): unknown =>
  (reader.prepare('SELECT screen FROM terminals WHERE terminal_id = ?').get(terminalId) as { screen: string } | undefined)?.screen;

describe('group commit (write-ahead)', () => {
  it('commits the changes of one turn in one transaction, and runs their output only after the commit', () => {
    const { store, endTurn, reader } = storeOnDisk();
    const now = Date.now();
    const seen: unknown[] = [];
    for (const id of ['K1', 'K2', 'K3']) {
      store.saveTerminal({ terminalId: id, screen: 'KEYPAD', data: {}, transactionId: `T-${id}`, idleDeadline: null }, now);
      store.afterCommit(() => seen.push(screenOf(reader, id)));
    }
    expect(seen).toEqual([]);
    expect(screenOf(reader, 'K1')).toBeUndefined();
    endTurn();
    expect(seen).toEqual(['KEYPAD', 'KEYPAD', 'KEYPAD']);
    expect(store.group.counts).toEqual({ commits: 1, durableCommits: 0 });
  });

  it('runs output at once when nothing waits for a commit', () => {
    const { store } = storeOnDisk();
    let ran = false;
    store.afterCommit(() => (ran = true));
    expect(ran).toBe(true);
  });

  it('fsyncs (synchronous = FULL) the commit of a turn that claimed a payment, not the others', () => {
    const { store, endTurn } = storeOnDisk();
    const now = Date.now();
    const modes: number[] = [];
    const mode = (): void => void modes.push(store.db.pragma('synchronous', { simple: true }) as number);
    store.saveTerminal({ terminalId: 'K1', screen: 'PAYMENT_METHOD', data: {}, transactionId: 'T-1', idleDeadline: null }, now);
    store.createTransaction('T-1', 'K1', now);
    store.afterCommit(mode);
    endTurn();
    // A screen change, then a claim in the same turn: the turn splits, the claim's part commits with FULL.
    store.saveTerminal({ terminalId: 'K2', screen: 'KEYPAD', data: {}, transactionId: 'T-2', idleDeadline: null }, now);
    store.atomically(() => store.beginPayment('T-1', 'K1', 20, 'DEBIT_CARD', now), true);
    store.afterCommit(mode);
    endTurn();
    // 1 = NORMAL, 2 = FULL
    expect(modes).toEqual([1, 2]);
    expect(store.group.counts).toEqual({ commits: 3, durableCommits: 1 });
  });

  it('a failed change inside a turn leaves none of its writes, and the turn goes on', () => {
    const { store, endTurn, reader } = storeOnDisk();
    const now = Date.now();
    store.saveTerminal({ terminalId: 'K1', screen: 'KEYPAD', data: {}, transactionId: 'T-1', idleDeadline: null }, now);
    expect(() =>
      store.atomically(() => {
        store.saveTerminal({ terminalId: 'K2', screen: 'KEYPAD', data: {}, transactionId: 'T-2', idleDeadline: null }, now);
        throw new Error('boom');
      }),
    ).toThrow('boom');
    endTurn();
    expect(screenOf(reader, 'K1')).toBe('KEYPAD');
    expect(screenOf(reader, 'K2')).toBeUndefined();
  });

  it('a failed commit drops the output that waited for it and says so', () => {
    const { store, endTurn } = storeOnDisk();
    const failures: unknown[] = [];
    store.group.onFailure = (error) => failures.push(error);
    let sent = false;
    store.saveTerminal({ terminalId: 'K1', screen: 'KEYPAD', data: {}, transactionId: 'T-1', idleDeadline: null }, Date.now());
    store.afterCommit(() => (sent = true));
    // Ending the transaction behind the group's back makes its COMMIT fail.
    store.db.exec('ROLLBACK');
    endTurn();
    expect(sent).toBe(false);
    expect(failures).toHaveLength(1);
  });
});
