import { describe, expect, it } from 'vitest';
import { CouldNotRun } from '../../conformance/case-errors.js';
import { CaseIdentities } from '../../conformance/context/identities.js';
import { LimitLedger } from '../../conformance/context/limit-ledger.js';
import type { Arrival } from '../../conformance/certifier-terminal.js';
import { TerminalPool } from '../../conformance/terminal-pool.js';
import { WireLog } from '../../conformance/wire-log.js';

const send = (log: WireLog, label: string, m: object): number => log.add(label, 'sent', 'text', JSON.stringify(m));
const receive = (log: WireLog, label: string, m: object): number => log.add(label, 'received', 'text', JSON.stringify(m));

/** A payment of `amount` on connection A under transaction `id`: selected, shown PAYMENT_METHOD, method picked. */
function pay(log: WireLog, id: string, amount: number): void {
  send(log, 'A', { messageType: 'USER_ACTION', screen: 'AMOUNT_SELECT', data: { selectedAmount: amount, selectionMethod: 'PRESET_BUTTON' }, transactionId: id });
  receive(log, 'A', { messageType: 'SCREEN_CHANGE', screen: 'PAYMENT_METHOD', transactionId: id, data: { amount } });
  send(log, 'A', { messageType: 'USER_ACTION', screen: 'PAYMENT_METHOD', data: { selectedMethod: 'DEBIT_CARD' }, transactionId: id });
}

function setup(byToken: boolean, tokens: string[] = []): { ids: CaseIdentities; ledger: LimitLedger; log: WireLog; pool: TerminalPool; a: { label: string } } {
  const pool = new TerminalPool(tokens);
  const ids = new CaseIdentities('c/1', 'r', pool, byToken);
  const log = new WireLog();
  const a = { label: 'A' };
  ids.attach(a, ids.claim('A'));
  return { ids, ledger: new LimitLedger(ids, 500, log), log, pool, a };
}

const limitError = (remaining: number, limit = 500): Arrival => ({ kind: 'message', event: 0, at: 0, text: '', valid: true, raw: { messageType: 'SCREEN_CHANGE', screen: 'LIMIT_ERROR', transactionId: 'T-2', data: { limit, remaining } } });

describe('a case\'s daily-limit ledger (conformance/context/limit-ledger.ts)', () => {
  it('a terminal id of the case\'s own starts with the declared limit; what the case pays counts against it (FLOW-6)', () => {
    const { ledger, log } = setup(false);
    expect(ledger.left('A')).toBe(500);
    pay(log, 'T-1', 120);
    expect(ledger.left('A')).toBe(380);
  });

  it('an accepted limit-remaining scenario sets what is left from its event on; one not accepted makes it unknown; approve leaves it alone (TC-4)', () => {
    const { ledger, log } = setup(false);
    pay(log, 'T-1', 120);
    ledger.noteScenario('A', 'limit-remaining:300', true);
    expect(ledger.left('A')).toBe(300);
    pay(log, 'T-2', 100);
    expect(ledger.left('A')).toBe(200);
    ledger.noteScenario('A', 'approve', true);
    expect(ledger.left('A')).toBe(200);
    ledger.noteScenario('A', 'limit-remaining:50', false);
    expect(ledger.left('A')).toBeUndefined();
    ledger.knownFromHere('A', 40);
    expect(ledger.left('A')).toBe(40);
  });

  it('a pool token\'s limit is known only when the runner reset it', () => {
    const { ledger, pool } = setup(true, ['t1']);
    expect(ledger.left('A')).toBeUndefined();
    pool.markReset('t1', 250);
    expect(ledger.left('A')).toBe(250);
  });

  it('a LIMIT_ERROR on a limit the case spent is an ERROR; on one the run knows fits, the FAIL stands', () => {
    const { ledger, log, a } = setup(false);
    pay(log, 'T-1', 450);
    send(log, 'A', { messageType: 'USER_ACTION', screen: 'AMOUNT_SELECT', data: { selectedAmount: 100, selectionMethod: 'PRESET_BUTTON' }, transactionId: 'T-2' });
    expect(() => ledger.blameSpentLimit(a, 'PAYMENT_METHOD', limitError(50))).toThrow(CouldNotRun);
    expect(() => ledger.blameSpentLimit(a, 'PAYMENT_METHOD', limitError(50))).toThrow(/has 50 of its daily limit of 500 left after this run's own payments/);
    const fresh = setup(false);
    send(fresh.log, 'A', { messageType: 'USER_ACTION', screen: 'AMOUNT_SELECT', data: { selectedAmount: 100, selectionMethod: 'PRESET_BUTTON' }, transactionId: 'T-2' });
    expect(() => fresh.ledger.blameSpentLimit(fresh.a, 'PAYMENT_METHOD', limitError(50))).not.toThrow();
    expect(() => fresh.ledger.blameSpentLimit(fresh.a, 'PAYMENT_METHOD', limitError(50, 300))).toThrow(/declare dailyLimit/);
  });

  it('tells the pool what the case paid, reset or spent on each leased terminal', () => {
    const { ledger, log, pool } = setup(true, ['t1']);
    pay(log, 'T-1', 70);
    ledger.settleInto();
    expect(pool.terminals[0]).toMatchObject({ paid: 70, dirty: false });
    ledger.noteScenario('A', 'limit-remaining:300', true);
    ledger.settleInto();
    expect(pool.terminals[0]).toMatchObject({ resetTo: 300, paid: 0 });
    ledger.noteScenario('A', 'processor-fault:maybe', true);
    ledger.settleInto();
    expect(pool.terminals[0]?.dirty).toBe(true);
  });
});
