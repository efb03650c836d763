import { describe, expect, it } from 'vitest';
import { CouldNotRun } from '../../conformance/case-errors.js';
import { CaseIdentities } from '../../conformance/context/identities.js';
import type { Arrival } from '../../conformance/certifier-terminal.js';
import { TerminalPool } from '../../conformance/terminal-pool.js';
import { WireLog } from '../../conformance/wire-log.js';

const screen = (name: string, transactionId: string): Arrival => ({ kind: 'message', event: 0, at: 0, text: '', valid: true, raw: { messageType: 'SCREEN_CHANGE', screen: name, transactionId } });

describe('a case\'s terminal identities (conformance/context/identities.ts)', () => {
  it('gives each identity a terminal id of the run and case, within 64 characters of ENV-6\'s alphabet (AUTH-6)', () => {
    const ids = new CaseIdentities('flow/4/2', 'r1', new TerminalPool([]), false);
    expect(ids.terminalId()).toBe('ps-r1-flow.4.2-A');
    expect(ids.terminalId('B')).toBe('ps-r1-flow.4.2-B');
    expect(new CaseIdentities('x'.repeat(80), 'r1', new TerminalPool([]), false).terminalId()).toHaveLength(64);
  });

  it('without authentication an identity leases nothing and is named by its terminal id', () => {
    const ids = new CaseIdentities('c/1', 'r', new TerminalPool([]), false);
    const claim = ids.claim('A');
    expect(claim.lease).toBeUndefined();
    const a = { label: 'A' };
    ids.attach(a, claim);
    expect(ids.identityOf(a)).toBe('A');
    expect(ids.terminalName('A')).toBe('terminal id ps-r-c.1-A');
    expect(ids.leased()).toEqual([]);
  });

  it('with tokens an identity leases one token on first use, and both connections on it share its labels', () => {
    const pool = new TerminalPool(['t1', 't2']);
    const ids = new CaseIdentities('c/1', 'r', pool, true);
    const first = ids.claim('A');
    const again = ids.claim('A');
    expect(first).toEqual({ as: 'A', lease: { token: 't1' }, firstLease: true });
    expect(again).toEqual({ as: 'A', lease: { token: 't1' }, firstLease: false });
    const [a, a2, b] = [{ label: 'A' }, { label: 'A#2' }, { label: 'B' }];
    ids.attach(a, first);
    ids.attach(a2, again);
    ids.attach(b, ids.claim('B'));
    expect(ids.labelsOf('A')).toEqual(new Set(['A', 'A#2']));
    expect(ids.terminalName('B')).toBe('auth.pool token 2');
    expect(ids.leased().map(([as, lease]) => [as, lease.token])).toEqual([['A', 't1'], ['B', 't2']]);
  });

  it('is an ERROR when the pool has no token left, and names a missing needs.terminals: 2 for identity B', () => {
    const pool = new TerminalPool(['t1']);
    const ids = new CaseIdentities('c/1', 'r', pool, true);
    ids.claim('A');
    expect(() => ids.claim('B')).toThrow(CouldNotRun);
    expect(() => ids.claim('B')).toThrow(/needs.terminals: 2/);
    const none = new CaseIdentities('c/2', 'r', pool, true);
    expect(() => none.claim('A')).toThrow(/no terminal left for identity A/);
  });

  it('the first screen judged on a leased terminal, before the case acted on it, is the terminal\'s state; asking twice is no longer the first', () => {
    const pool = new TerminalPool(['t1']);
    const ids = new CaseIdentities('c/1', 'r', pool, true);
    const a = { label: 'A' };
    ids.attach(a, ids.claim('A'));
    const log = new WireLog();
    expect(ids.firstScreenOf(a, log.events)).toEqual({ token: 't1' });
    expect(ids.firstScreenOf(a, log.events)).toBeUndefined();
    const acted = new CaseIdentities('c/2', 'r', new TerminalPool(['t2']), true);
    acted.attach(a, acted.claim('A'));
    log.add('A', 'sent', 'text', '{}');
    expect(acted.firstScreenOf(a, log.events)).toBeUndefined();
  });

  it('blames a wrong first screen on a settled terminal as an ERROR naming the case before, unless it is an isolation breach', () => {
    const pool = new TerminalPool(['t1']);
    pool.release('earlier/1');
    pool.terminals[0]!.lastCase = 'earlier/1';
    const ids = new CaseIdentities('c/1', 'r', pool, true);
    const a = { label: 'A' };
    ids.attach(a, ids.claim('A'));
    const first = ids.firstScreenOf(a, []);
    expect(() => ids.blameReuse(a, 'AMOUNT_SELECT', screen('PAYMENT_METHOD', 'T-1'), first, false)).toThrow(/token 1 was settled on AMOUNT_SELECT "initial" after case earlier\/1, but A opened on PAYMENT_METHOD "T-1"/);
    expect(() => ids.blameReuse(a, 'AMOUNT_SELECT', screen('PAYMENT_METHOD', 'T-1'), first, true)).not.toThrow();
    expect(() => ids.blameReuse(a, 'AMOUNT_SELECT', screen('AMOUNT_SELECT', 'T-1'), first, false)).not.toThrow();
    expect(() => ids.blameReuse(a, 'AMOUNT_SELECT', screen('PAYMENT_METHOD', 'T-1'), undefined, false)).not.toThrow();
  });
});
