import { describe, expect, it } from 'vitest';
import { TerminalPool } from '../../conformance/terminal-pool.js';

describe('TerminalPool: leasing terminal tokens to cases', () => {
  it('hands out fresh tokens first, in pool order, and records no reuse', () => {
    const pool = new TerminalPool(['t1', 't2', 't3']);
    expect(pool.lease('flow/1/1', 'A')).toEqual({ token: 't1' });
    pool.release('flow/1/1');
    expect(pool.lease('flow/2/1', 'A')).toEqual({ token: 't2' });
    expect(pool.lease('flow/2/1', 'B')).toEqual({ token: 't3' });
    expect(pool.reuses).toEqual([]);
    expect(pool.used).toBe(3);
  });

  it('reuses a token only after its case finished, the longest-finished first, naming that case', () => {
    const pool = new TerminalPool(['t1', 't2']);
    pool.lease('a/1/1', 'A');
    pool.lease('b/1/1', 'A');
    expect(pool.lease('c/1/1', 'A')).toBeUndefined();
    pool.release('b/1/1');
    pool.release('a/1/1');
    expect(pool.lease('c/1/1', 'A')).toEqual({ token: 't2', reusedFrom: 'b/1/1' });
    expect(pool.lease('c/1/1', 'B')).toEqual({ token: 't1', reusedFrom: 'a/1/1' });
    expect(pool.reuses).toEqual([{ case: 'c/1/1', identity: 'A', from: 'b/1/1' }, { case: 'c/1/1', identity: 'B', from: 'a/1/1' }]);
  });

  it('runs as many cases at once as leave two terminals each, at least one', () => {
    expect(new TerminalPool(Array.from({ length: 10 }, (_, i) => `t${i}`)).casesAtOnce(8)).toBe(5);
    expect(new TerminalPool(Array.from({ length: 40 }, (_, i) => `t${i}`)).casesAtOnce(8)).toBe(8);
    expect(new TerminalPool(['t1', 't2', 't3']).casesAtOnce(8)).toBe(1);
    expect(new TerminalPool(['t1']).casesAtOnce(8)).toBe(1);
  });
});
