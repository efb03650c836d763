import { describe, expect, it } from 'vitest';
import { TerminalActions } from '../../conformance/context/say.js';

/** A connection that keeps what it is told to send. */
function terminal(transactionId?: string): { transactionId: string | undefined; sent: Array<Record<string, unknown>>; send(v: object | string): void } {
  const sent: Array<Record<string, unknown>> = [];
  return { transactionId, sent, send: (v) => sent.push(v as Record<string, unknown>) };
}
const forms = (sent: Array<Record<string, unknown>>): unknown[] => sent.map(({ screen, data, transactionId }) => ({ screen, data, transactionId }));

describe('the terminal\'s actions in the run\'s dialect (conformance/context/say.ts)', () => {
  it('strict: section 5\'s forms; the first action of a cycle carries a fresh id (TXN-1)', () => {
    const actions = new TerminalActions('strict', () => 'T-new', () => 'u-1');
    const t = terminal();
    actions.say.preset(t, 30);
    actions.say.other(t);
    actions.say.cancel(t, 'KEYPAD');
    t.transactionId = 'T-1';
    actions.say.keypad(t, 35);
    actions.say.method(t, 'DEBIT_CARD');
    actions.say.ok(t, 'LIMIT_ERROR');
    expect(forms(t.sent)).toEqual([
      { screen: 'AMOUNT_SELECT', data: { selectedAmount: 30, selectionMethod: 'PRESET_BUTTON' }, transactionId: 'T-new' },
      { screen: 'AMOUNT_SELECT', data: { selectedAmount: -1, selectionMethod: 'OTHER' }, transactionId: 'T-new' },
      { screen: 'KEYPAD', data: { action: 'CANCEL' }, transactionId: 'initial' },
      { screen: 'KEYPAD', data: { selectedAmount: 35, selectionMethod: 'KEYPAD' }, transactionId: 'T-1' },
      { screen: 'PAYMENT_METHOD', data: { selectedMethod: 'DEBIT_CARD' }, transactionId: 'T-1' },
      { screen: 'LIMIT_ERROR', data: { action: 'OK' }, transactionId: 'T-1' },
    ]);
  });

  it('pinto-android-1: section 10\'s forms; "initial" echoed (DIA-6), CANCEL + RESET (DIA-4), RESET with a fresh UUID off LIMIT_ERROR (DIA-5)', () => {
    const actions = new TerminalActions('pinto-android-1', () => 'T-new', () => 'u-1');
    const t = terminal();
    actions.say.preset(t, 30);
    actions.say.preset(t, 40);
    actions.say.other(t);
    actions.say.keypad(t, 60);
    actions.say.method(t, 'CREDIT_CARD');
    actions.say.cancel(t, 'PAYMENT_METHOD');
    actions.say.ok(t, 'LIMIT_ERROR');
    actions.say.ok(t, 'FAILED');
    expect(forms(t.sent)).toEqual([
      { screen: 'AMOUNT_SELECT', data: { selectedAmount: 30, selectionMethod: 'CUSTOM' }, transactionId: 'initial' },
      { screen: 'AMOUNT_SELECT', data: { selectedAmount: 40, selectionMethod: 'PRESET_BUTTON' }, transactionId: 'initial' },
      { screen: 'AMOUNT_SELECT', data: { selectedAmount: -1, selectionMethod: 'CUSTOM' }, transactionId: 'initial' },
      { screen: 'AMOUNT_SELECT', data: { selectedAmount: 60, selectionMethod: 'PRESET_BUTTON' }, transactionId: 'initial' },
      { screen: 'PAYMENT_METHOD', data: { selectionMethod: 'CREDIT_CARD' }, transactionId: 'initial' },
      { screen: 'CANCEL', data: undefined, transactionId: 'initial' },
      { screen: 'RESET', data: undefined, transactionId: 'initial' },
      { screen: 'RESET', data: undefined, transactionId: 'u-1' },
      { screen: 'FAILED', data: { action: 'OK' }, transactionId: 'initial' },
    ]);
    expect(Object.keys(t.sent[5] ?? {})).toEqual(['messageType', 'screen', 'transactionId', 'timestamp']);
  });
});
