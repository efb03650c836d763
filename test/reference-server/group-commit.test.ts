import type Database from 'better-sqlite3';
import { describe, expect, it, vi } from 'vitest';
import { manualGroup, useDiskStores } from './disk-store.js';

const storeOnDisk = useDiskStores('group');

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
    expect(store.group.counts).toEqual({ commits: 1, durableCommits: 0, fsyncs: 0 });
  });

  it('a change written through the store opens its savepoint before its first statement: a throw after it undoes the statement, a change with none runs no SAVEPOINT', () => {
    const { store, endTurn, reader } = storeOnDisk();
    const insert = store.db.prepare("INSERT INTO daily_totals (terminal_id, day, total) VALUES (?, 'd', 1)");
    store.group.single(() => insert.run('A'));
    expect(() =>
      store.group.atomically(() => {
        store.group.deferred();
        store.group.single(() => insert.run('B'));
        throw new Error('half-way');
      }),
    ).toThrow('half-way');
    let savepoints = 0;
    const statement = Object.getPrototypeOf(insert) as { run: (...args: unknown[]) => unknown };
    const run = vi.spyOn(statement, 'run');
    try {
      store.group.atomically(() => store.group.deferred(true));
      savepoints = (run.mock.contexts as Array<{ source: string }>).filter((c) => c.source.startsWith('SAVEPOINT')).length;
    } finally {
      run.mockRestore();
    }
    expect(savepoints).toBe(0);
    store.group.atomically(() => store.group.single(() => insert.run('C')));
    endTurn();
    expect(reader.prepare("SELECT terminal_id FROM daily_totals WHERE day = 'd' ORDER BY terminal_id").pluck().all()).toEqual(['A', 'C']);
  });

  it('runs output at once when nothing waits for a commit', () => {
    const { store } = storeOnDisk();
    let ran = false;
    store.afterCommit(() => (ran = true));
    expect(ran).toBe(true);
  });

  it('holds the output of a turn that changed money until an fsync, and later output behind it; one fsync covers every commit before it', () => {
    const { store } = storeOnDisk();
    const { group, endTurn, pendingSyncs, change } = manualGroup(store);
    const sent: string[] = [];
    change('claim', true);
    group.afterCommit(() => sent.push('PROCESSING'));
    endTurn();
    change('screen');
    group.afterCommit(() => sent.push('KEYPAD'));
    endTurn();
    change('outcome', true);
    group.afterCommit(() => sent.push('SUCCESS'));
    endTurn();
    // An answer that changed nothing still waits behind the frames before it.
    group.afterCommit(() => sent.push('ERROR'));
    expect(sent).toEqual([]);
    // The outcome was committed while the first fsync ran: a second one starts for it at once.
    expect(pendingSyncs).toHaveLength(2);
    pendingSyncs.shift()!(null);
    expect(sent).toEqual(['PROCESSING', 'KEYPAD']);
    pendingSyncs.shift()!(null);
    expect(sent).toEqual(['PROCESSING', 'KEYPAD', 'SUCCESS', 'ERROR']);
    expect(group.counts).toEqual({ commits: 3, durableCommits: 2, fsyncs: 2 });
  });

  it('output without a key waits for everything before it, and everything after waits for it', () => {
    const { store } = storeOnDisk();
    const { group, endTurn, pendingSyncs, change } = manualGroup(store);
    const sent: string[] = [];
    const a = { terminal: 'A' };
    const b = { terminal: 'B' };
    change('claim', true);
    group.afterCommit(() => sent.push('A PROCESSING'), a);
    group.afterCommit(() => sent.push('processor asked'));
    endTurn();
    group.afterCommit(() => sent.push('B answer'), b);
    expect(sent).toEqual([]);
    pendingSyncs.shift()!(null);
    expect(sent).toEqual(['A PROCESSING', 'processor asked', 'B answer']);
  });

  it('runs at most two fsyncs at once; a later one covers every commit before it, whichever ends first', () => {
    const { store } = storeOnDisk();
    const { group, endTurn, pendingSyncs, change } = manualGroup(store);
    const sent: string[] = [];
    const money = (id: string): void => {
      change(id, true);
      group.afterCommit(() => sent.push(id));
      endTurn();
    };
    money('one');
    money('two');
    money('three');
    expect(pendingSyncs).toHaveLength(2);
    // The second fsync (started after "two") ends first: it covers "one" and "two", not "three".
    pendingSyncs.splice(1, 1)[0]!(null);
    expect(sent).toEqual(['one', 'two']);
    // "three" needs an fsync started after it: that starts now, beside the first one still running.
    expect(pendingSyncs).toHaveLength(2);
    pendingSyncs.shift()!(null);
    expect(sent).toEqual(['one', 'two']);
    pendingSyncs.shift()!(null);
    expect(sent).toEqual(['one', 'two', 'three']);
    expect(group.counts.fsyncs).toBe(3);
  });

  it('keeps order per connection: another terminal\'s answer does not wait for an fsync it does not need; the same connection\'s does', () => {
    const { store } = storeOnDisk();
    const { group, endTurn, pendingSyncs, change } = manualGroup(store);
    const sent: string[] = [];
    const a = { terminal: 'A' };
    const b = { terminal: 'B' };
    change('claim A', true);
    group.afterCommit(() => sent.push('A PROCESSING'), a);
    endTurn();
    change('amount B');
    group.afterCommit(() => sent.push('B PAYMENT_METHOD'), b);
    change('double tap A');
    group.afterCommit(() => sent.push('A ERROR'), a);
    endTurn();
    // B's commit is in the WAL and changed no money: B's frame leaves; A's waits behind A's PROCESSING.
    expect(sent).toEqual(['B PAYMENT_METHOD']);
    // Outside any turn: B at once, A still behind.
    group.afterCommit(() => sent.push('B STATUS'), b);
    group.afterCommit(() => sent.push('A STATUS'), a);
    expect(sent).toEqual(['B PAYMENT_METHOD', 'B STATUS']);
    pendingSyncs.shift()!(null);
    expect(sent).toEqual(['B PAYMENT_METHOD', 'B STATUS', 'A PROCESSING', 'A ERROR', 'A STATUS']);
  });

  it('in a turn that changed one terminal\'s money, only that terminal\'s output waits for the fsync; another\'s answer leaves once committed', () => {
    const { store } = storeOnDisk();
    const { group, endTurn, pendingSyncs } = manualGroup(store);
    const sent: string[] = [];
    const sessionA = { session: 'A' };
    const a = { terminal: 'A' };
    const b = { terminal: 'B' };
    group.afterCommit(() => sent.push('B PAYMENT_METHOD'), b);
    group.atomically(() => group.deferred(true), true, [sessionA, a]);
    group.afterCommit(() => sent.push('A PROCESSING'), a);
    group.afterCommit(() => sent.push('processor asked for A'), sessionA);
    group.afterCommit(() => sent.push('B STATUS'), b);
    endTurn();
    expect(sent).toEqual(['B PAYMENT_METHOD', 'B STATUS']);
    // A's later output keeps its order behind the fsync; B's does not wait.
    group.afterCommit(() => sent.push('A ERROR'), a);
    group.afterCommit(() => sent.push('B KEYPAD'), b);
    expect(sent).toEqual(['B PAYMENT_METHOD', 'B STATUS', 'B KEYPAD']);
    pendingSyncs.shift()!(null);
    expect(sent).toEqual(['B PAYMENT_METHOD', 'B STATUS', 'B KEYPAD', 'A PROCESSING', 'processor asked for A', 'A ERROR']);
  });

  it('a durable change that names no keys holds all of its turn\'s output, and a keyless effect holds everything after it', () => {
    const { store } = storeOnDisk();
    const { group, endTurn, pendingSyncs } = manualGroup(store);
    const sent: string[] = [];
    const a = { terminal: 'A' };
    const b = { terminal: 'B' };
    group.atomically(() => group.deferred(true), true, [a]);
    // A durable change outside the keyed write names nobody: the whole turn waits.
    group.deferred(true);
    group.afterCommit(() => sent.push('B answer'), b);
    endTurn();
    expect(sent).toEqual([]);
    pendingSyncs.shift()!(null);
    expect(sent).toEqual(['B answer']);
    group.atomically(() => group.deferred(true), true, [a]);
    group.afterCommit(() => sent.push('keyless'));
    group.afterCommit(() => sent.push('B after keyless'), b);
    endTurn();
    expect(sent).toEqual(['B answer']);
    pendingSyncs.shift()!(null);
    expect(sent).toEqual(['B answer', 'keyless', 'B after keyless']);
  });

  it('never sends what waited for an fsync that failed', () => {
    const { store } = storeOnDisk();
    const failures: unknown[] = [];
    const { group, endTurn, change } = manualGroup(store, (done) => done(new Error('EIO')));
    group.onFailure = (error) => failures.push(error);
    const sent: string[] = [];
    change('K1', true);
    group.afterCommit(() => sent.push('SUCCESS'));
    endTurn();
    expect(sent).toEqual([]);
    expect(failures).toHaveLength(1);
  });

  it('a turn that changed money on disk really waits for the WAL fsync before its output', async () => {
    const { store, endTurn } = storeOnDisk();
    const now = Date.now();
    const sent: string[] = [];
    store.createTransaction('T-1', 'K1', now);
    store.atomically(() => store.beginPayment('T-1', 'K1', 20, 'DEBIT_CARD', now), true);
    store.afterCommit(() => sent.push('PROCESSING'));
    endTurn();
    expect(sent).toEqual([]);
    await new Promise<void>((resolve) => {
      const poll = (): void => (sent.length > 0 ? resolve() : void setImmediate(poll));
      poll();
    });
    expect(sent).toEqual(['PROCESSING']);
    expect(store.group.counts).toMatchObject({ durableCommits: 1, fsyncs: 1 });
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

  it('writes a terminal row once per turn, with the last screen of the turn; a rolled-back change puts the earlier one back', () => {
    const { store, endTurn, reader } = storeOnDisk();
    const now = Date.now();
    for (const screen of ['SUCCESS', 'PRINT_TICKET', 'COLLECT_TICKET', 'THANK_YOU'] as const) {
      store.saveTerminal({ terminalId: 'K1', screen, data: {}, transactionId: 'T-1', idleDeadline: null }, now);
    }
    expect(() =>
      store.atomically(() => {
        store.saveTerminal({ terminalId: 'K1', screen: 'AMOUNT_SELECT', data: {}, transactionId: 'initial', idleDeadline: null }, now);
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(store.terminal('K1')?.screen).toBe('THANK_YOU');
    endTurn();
    expect(screenOf(reader, 'K1')).toBe('THANK_YOU');
    expect(reader.prepare('SELECT COUNT(*) FROM terminals').pluck().get()).toBe(1);
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
