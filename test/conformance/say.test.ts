import { describe, expect, it } from 'vitest';
import { TerminalActions } from '../../conformance/context/say.js';

/** A connection that keeps what it is told to send. */
function terminal(transactionId?: string): { transactionId: string | undefined; sent: Array<Record<string, unknown>>; send(v: object | string): void } {
  const sent: Array<Record<string, unknown>> = [];
  return { transactionId, sent, send: (v) => sent.push(v as Record<string, unknown>) };
}
const forms = (sent: Array<Record<string, unknown>>): unknown[] => sent.map(({ screen, data, transactionId }) => ({ screen, data, transactionId }));

describe('a case\'s terminal actions on its connections (conformance/context/say.ts)', () => {
  it('acts from the id the connection holds, sends every message of an action in order, and takes an explicit id', () => {
    const actions = new TerminalActions('pinto-android-1', () => 'T-new', () => 'u-1');
    const t = terminal('T-1');
    actions.say.cancel(t, 'PAYMENT_METHOD');
    actions.say.preset(t, 30, 'T-other');
    actions.say.ok(t, 'LIMIT_ERROR');
    expect(forms(t.sent)).toEqual([
      { screen: 'CANCEL', data: undefined, transactionId: 'T-1' },
      { screen: 'RESET', data: undefined, transactionId: 'T-1' },
      { screen: 'AMOUNT_SELECT', data: { selectedAmount: 30, selectionMethod: 'CUSTOM' }, transactionId: 'T-other' },
      { screen: 'RESET', data: undefined, transactionId: 'u-1' },
    ]);
  });

  it('the strict profile starts a cycle with the run\'s fresh id (TXN-1); message() defaults to the held id, then "initial"', () => {
    const actions = new TerminalActions('strict', () => 'T-new');
    const t = terminal();
    actions.say.other(t);
    expect(t.sent[0]).toMatchObject({ transactionId: 'T-new', data: { selectionMethod: 'OTHER' } });
    expect(actions.message(t, 'KEYPAD', { action: 'CANCEL' })).toMatchObject({ messageType: 'USER_ACTION', transactionId: 'initial' });
    t.transactionId = 'T-2';
    expect(actions.message(t, 'KEYPAD', undefined)).not.toHaveProperty('data');
    expect(actions.message(t, 'KEYPAD', undefined).transactionId).toBe('T-2');
    expect(actions.message(t, 'KEYPAD', undefined, 'T-3').transactionId).toBe('T-3');
  });
});
