import { describe, expect, it } from 'vitest';
import { TerminalPool } from '../../conformance/terminal-pool.js';

describe('TerminalPool: the run\'s test terminals', () => {
  it('gives a case the terminals the runner assigned, in identity order, and records reuse after an earlier case', () => {
    const pool = new TerminalPool(['t1', 't2', 't3']);
    const [one, two] = pool.free();
    pool.assign('a/1/1', [one!, two!]);
    expect(pool.lease('a/1/1', 'A')).toEqual({ token: 't1' });
    expect(pool.lease('a/1/1', 'B')).toEqual({ token: 't2' });
    expect(pool.free().map((t) => t.token)).toEqual(['t3']);
    pool.release('a/1/1');
    pool.assign('b/1/1', [pool.terminalOf('t2')!]);
    expect(pool.lease('b/1/1', 'A')).toEqual({ token: 't2', reusedFrom: 'a/1/1' });
    expect(pool.reuses).toEqual([{ case: 'b/1/1', identity: 'A', from: 'a/1/1' }]);
    expect(pool.used).toBe(2);
  });

  it('gives a case no terminal beyond those assigned (a second identity it did not declare)', () => {
    const pool = new TerminalPool(['t1', 't2']);
    pool.assign('c/1/1', [pool.terminalOf('t1')!]);
    expect(pool.lease('c/1/1', 'B')).toBeUndefined();
  });

  it('a case run on its own takes free terminals; none when all are held', () => {
    const pool = new TerminalPool(['t1']);
    expect(pool.lease('d/1/1', 'A')).toEqual({ token: 't1' });
    expect(pool.lease('e/1/1', 'A')).toBeUndefined();
  });

  it('a settle step borrows a held terminal without changing who holds it', () => {
    const pool = new TerminalPool(['t1']);
    pool.assign('f/1/1', [pool.terminalOf('t1')!]);
    pool.lend('settle 1 after f/1/1', 't1');
    expect(pool.lease('settle 1 after f/1/1', 'A')).toEqual({ token: 't1' });
    pool.unlend('settle 1 after f/1/1');
    expect(pool.terminalOf('t1')?.holder).toBe('f/1/1');
  });

  it('knows what is left of a daily limit only after a reset, minus what the run may have paid; a scenario makes it unknown', () => {
    const pool = new TerminalPool(['t1']);
    expect(pool.knownLeft('t1')).toBeUndefined();
    pool.markReset('t1', 300);
    pool.markPaid('t1', 20);
    expect(pool.knownLeft('t1')).toBe(280);
    pool.markSpent('t1');
    expect(pool.knownLeft('t1')).toBeUndefined();
    expect(pool.spentThisRun('t1')).toBe(true);
  });

  it('a withdrawn terminal is neither usable nor free', () => {
    const pool = new TerminalPool(['t1', 't2']);
    pool.withdraw('t1', 'PROCESSING "T-1"');
    expect(pool.usable.map((t) => t.number)).toEqual([2]);
    expect(pool.free().map((t) => t.token)).toEqual(['t2']);
    expect(pool.numberOf('t2')).toBe(2);
  });
});
