import { describe, expect, it } from 'vitest';
import { lastSelectedAmount, limitErrorState } from '../../conformance/daily-limit.js';
import type { WireEvent } from '../../conformance/results.js';
import type { Arrival } from '../../conformance/certifier-terminal.js';

function limitError(data: Record<string, unknown>, valid = true): Arrival {
  const raw = { messageType: 'SCREEN_CHANGE', screen: 'LIMIT_ERROR', transactionId: 'T-1', timestamp: 1, data: { currency: '£', ...data } };
  return { kind: 'message', event: 0, at: 0, text: JSON.stringify(raw), valid, raw };
}

function sent(connection: string, frame: object): WireEvent {
  return { at: 0, connection, direction: 'sent', kind: 'text', data: JSON.stringify(frame) };
}

describe('what a LIMIT_ERROR tells of the daily limit (FLOW-6)', () => {
  it('takes a valid LIMIT_ERROR whose selected amount is above what is left', () => {
    expect(limitErrorState(limitError({ limit: 30, remaining: 10 }), 20)).toEqual({ limit: 30, remaining: 10 });
    expect(limitErrorState(limitError({ limit: 30, remaining: 0 }), 20)).toEqual({ limit: 30, remaining: 0 });
  });

  it('refuses a LIMIT_ERROR that does not explain itself', () => {
    expect(limitErrorState(limitError({ limit: 30, remaining: 10 }, false), 20), 'a frame that failed the schemas').toBeUndefined();
    expect(limitErrorState(limitError({ limit: 30, remaining: 20 }), 20), 'the amount fits').toBeUndefined();
    expect(limitErrorState(limitError({ limit: 30, remaining: 10 }), undefined), 'no amount selected').toBeUndefined();
    expect(limitErrorState(limitError({ limit: '30', remaining: 10 }), 20), 'a string limit').toBeUndefined();
    expect(limitErrorState(limitError({ limit: 30, remaining: -1 }), 20), 'a negative remaining').toBeUndefined();
    expect(limitErrorState(limitError({ limit: 30, remaining: 40 }), 50), 'remaining above the limit').toBeUndefined();
    expect(limitErrorState(undefined, 20)).toBeUndefined();
  });

  it('reads the last amount selected on the connection', () => {
    const events = [sent('A', { screen: 'AMOUNT_SELECT', data: { selectedAmount: 20 } }), sent('B', { screen: 'AMOUNT_SELECT', data: { selectedAmount: 60 } })];
    expect(lastSelectedAmount(events, 'A')).toBe(20);
    expect(lastSelectedAmount(events, 'A#2')).toBeUndefined();
    expect(lastSelectedAmount([sent('A', { screen: 'KEYPAD', data: { selectedAmount: 10.5 } })], 'A'), 'not an integer').toBeUndefined();
  });
});
