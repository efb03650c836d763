import Database from 'better-sqlite3';
import { describe, expect, it, vi } from 'vitest';
import { BatchedRows } from '../../reference-server/batched-rows.js';

describe('BatchedRows', () => {
  it('writes any number of rows in statements of 64, 16, 4 and 1 rows, each prepared once', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER)');
    const upsert = new BatchedRows(db, 'INSERT INTO t (k, v)', 2, 'ON CONFLICT(k) DO UPDATE SET v = excluded.v');
    const prepare = vi.spyOn(db, 'prepare');
    const rows = (n: number, v: number): unknown[][] => Array.from({ length: n }, (_, i) => [`k${i}`, v]);
    upsert.write(rows(85, 1)); // 64 + 16 + 4 + 1
    expect(prepare).toHaveBeenCalledTimes(4);
    upsert.write(rows(150, 2)); // 64 + 64 + 16 + 4 + 1 + 1: nothing new to prepare
    expect(prepare).toHaveBeenCalledTimes(4);
    upsert.write([]);
    expect(db.prepare('SELECT COUNT(*) AS n, SUM(v) AS s FROM t').get()).toEqual({ n: 150, s: 300 });
    db.close();
  });

  it('without a conflict clause a row that exists fails the whole statement', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER)');
    const insert = new BatchedRows(db, 'INSERT INTO t (k, v)', 2);
    insert.write([['a', 1]]);
    expect(() => insert.write([['b', 2], ['c', 3], ['a', 9], ['d', 4]])).toThrow(/UNIQUE/);
    expect(db.prepare('SELECT k, v FROM t').all()).toEqual([{ k: 'a', v: 1 }]);
    db.close();
  });
});
