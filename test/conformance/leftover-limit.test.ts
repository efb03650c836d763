import { describe, expect, it } from 'vitest';
import { lastSelectedAmount, mayHavePaid, spentLimitError } from '../../conformance/leftover-limit.js';
import type { WireEvent } from '../../conformance/results.js';
import type { Arrival } from '../../conformance/terminal-connection.js';

function limitError(data: Record<string, unknown>, valid = true): Arrival {
  const raw = { messageType: 'SCREEN_CHANGE', screen: 'LIMIT_ERROR', transactionId: 'T-1', timestamp: 1, data: { currency: '£', ...data } };
  return { kind: 'message', event: 0, at: 0, text: JSON.stringify(raw), valid, raw };
}

function sent(connection: string, frame: object): WireEvent {
  return { at: 0, connection, direction: 'sent', kind: 'text', data: JSON.stringify(frame) };
}

describe('the evidence that a LIMIT_ERROR is a daily limit spent before the case (FLOW-6)', () => {
  it('takes a valid LIMIT_ERROR with something spent and the amount above what is left', () => {
    expect(spentLimitError(limitError({ limit: 30, remaining: 10 }), 20)).toEqual({ limit: 30, remaining: 10 });
    expect(spentLimitError(limitError({ limit: 30, remaining: 0 }), 20)).toEqual({ limit: 30, remaining: 0 });
  });

  it('refuses anything less certain', () => {
    expect(spentLimitError(limitError({ limit: 30, remaining: 10 }, false), 20), 'a frame that failed the schemas').toBeUndefined();
    expect(spentLimitError(limitError({ limit: 30, remaining: 30 }), 40), 'nothing spent').toBeUndefined();
    expect(spentLimitError(limitError({ limit: 30, remaining: 20 }), 20), 'the amount fits').toBeUndefined();
    expect(spentLimitError(limitError({ limit: 30, remaining: 10 }), undefined), 'no amount selected').toBeUndefined();
    expect(spentLimitError(limitError({ limit: '30', remaining: 10 }), 20), 'a string limit').toBeUndefined();
    expect(spentLimitError(limitError({ limit: 30, remaining: -1 }), 20), 'a negative remaining').toBeUndefined();
    expect(spentLimitError(undefined, 20)).toBeUndefined();
  });

  it('reads the last amount selected on the connection', () => {
    const events = [sent('A', { screen: 'AMOUNT_SELECT', data: { selectedAmount: 20 } }), sent('B', { screen: 'AMOUNT_SELECT', data: { selectedAmount: 60 } })];
    expect(lastSelectedAmount(events, 'A')).toBe(20);
    expect(lastSelectedAmount(events, 'A#2')).toBeUndefined();
  });

  it('counts a method selected, PROCESSING or SUCCESS shown, or an unreadable frame sent as a possible payment', () => {
    const labels = new Set(['A', 'A#2']);
    const amount = sent('A', { screen: 'AMOUNT_SELECT', data: { selectedAmount: 20, selectionMethod: 'PRESET_BUTTON' } });
    expect(mayHavePaid([amount], labels)).toBe(false);
    expect(mayHavePaid([amount, sent('A#2', { screen: 'PAYMENT_METHOD', data: { selectedMethod: 'DEBIT_CARD' } })], labels)).toBe(true);
    expect(mayHavePaid([sent('A', { screen: 'PAYMENT_METHOD', data: { selectionMethod: 'DEBIT_CARD' } })], labels)).toBe(true);
    expect(mayHavePaid([sent('A', { screen: 'PAYMENT_METHOD', data: { action: 'CANCEL' } })], labels)).toBe(false);
    expect(mayHavePaid([sent('B', { screen: 'PAYMENT_METHOD', data: { selectedMethod: 'DEBIT_CARD' } })], labels), 'another terminal').toBe(false);
    expect(mayHavePaid([{ at: 0, connection: 'A', direction: 'received', kind: 'text', data: '{"messageType":"SCREEN_CHANGE","screen":"PROCESSING"}' }], labels)).toBe(true);
    expect(mayHavePaid([{ at: 0, connection: 'A', direction: 'sent', kind: 'text', data: '<invalid UTF-8>' }], labels)).toBe(true);
  });
});
