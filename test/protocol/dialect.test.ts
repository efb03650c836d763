import { describe, expect, it } from 'vitest';
import { parseFrame } from '../../protocol/frame.js';
import { dialectFor } from '../../protocol/profiles/index.js';

const strict = dialectFor('strict', { newTransactionId: () => 'T-fresh', newUuid: () => 'uuid-unused', now: () => 1_700_000_000_000 });
const pinto = dialectFor('pinto-android-1', { newTransactionId: () => 'T-unused', newUuid: () => '0b6f3c1e-2f4a-4c1b-9d2e-7a8b9c0d1e2f', now: () => 1_700_000_000_000 });

describe('each profile\'s terminal actions, one module for the certifier and the kiosk page (protocol/dialects/)', () => {
  it('strict: the document\'s forms, a fresh id on the first action of a cycle', () => {
    expect(strict.preset('initial', 20)).toEqual([{ messageType: 'USER_ACTION', screen: 'AMOUNT_SELECT', data: { selectedAmount: 20, selectionMethod: 'PRESET_BUTTON' }, transactionId: 'T-fresh', timestamp: 1_700_000_000_000 }]);
    expect(strict.other('initial')[0]).toMatchObject({ screen: 'AMOUNT_SELECT', data: { selectedAmount: -1, selectionMethod: 'OTHER' }, transactionId: 'T-fresh' });
    expect(strict.keypad('T-9', 75)[0]).toMatchObject({ screen: 'KEYPAD', data: { selectedAmount: 75, selectionMethod: 'KEYPAD' }, transactionId: 'T-9' });
    expect(strict.method('T-9', 'DEBIT_CARD')[0]).toMatchObject({ screen: 'PAYMENT_METHOD', data: { selectedMethod: 'DEBIT_CARD' }, transactionId: 'T-9' });
    expect(strict.cancel('T-9', 'PAYMENT_METHOD')).toEqual([expect.objectContaining({ screen: 'PAYMENT_METHOD', data: { action: 'CANCEL' } })]);
    expect(strict.ok('T-9', 'LIMIT_ERROR')).toEqual([expect.objectContaining({ screen: 'LIMIT_ERROR', data: { action: 'OK' }, transactionId: 'T-9' })]);
  });

  it('pinto-android-1: CUSTOM, selectionMethod, CANCEL then RESET without data, "initial" echoed, RESET with a fresh UUID off LIMIT_ERROR', () => {
    expect(pinto.preset('initial', 20)[0]).toMatchObject({ data: { selectedAmount: 20, selectionMethod: 'PRESET_BUTTON' }, transactionId: 'initial' });
    expect(pinto.preset('initial', 25)[0]).toMatchObject({ data: { selectedAmount: 25, selectionMethod: 'CUSTOM' } });
    expect(pinto.other('initial')[0]).toMatchObject({ screen: 'AMOUNT_SELECT', data: { selectedAmount: -1, selectionMethod: 'CUSTOM' }, transactionId: 'initial' });
    expect(pinto.keypad('T-9', 75)[0]).toMatchObject({ screen: 'AMOUNT_SELECT', data: { selectedAmount: 75, selectionMethod: 'CUSTOM' } });
    expect(pinto.keypad('T-9', 40)[0]).toMatchObject({ screen: 'AMOUNT_SELECT', data: { selectedAmount: 40, selectionMethod: 'PRESET_BUTTON' } });
    expect(pinto.method('T-9', 'PAY_BY_BANK')[0]).toMatchObject({ data: { selectionMethod: 'PAY_BY_BANK' } });
    const cancel = pinto.cancel('T-9', 'PAYMENT_METHOD');
    expect(cancel.map((m) => JSON.stringify(m))).toEqual([
      '{"messageType":"USER_ACTION","screen":"CANCEL","transactionId":"T-9","timestamp":1700000000000}',
      '{"messageType":"USER_ACTION","screen":"RESET","transactionId":"T-9","timestamp":1700000000000}',
    ]);
    expect(pinto.ok('T-9', 'LIMIT_ERROR')).toEqual([expect.objectContaining({ screen: 'RESET', transactionId: '0b6f3c1e-2f4a-4c1b-9d2e-7a8b9c0d1e2f' })]);
    expect(pinto.ok('T-9', 'LIMIT_ERROR')[0]).not.toHaveProperty('data');
  });

  it('an explicit id wins over the one the dialect would choose (a case acting on another id on purpose)', () => {
    expect(strict.preset('initial', 20, 'T-mine')[0]?.transactionId).toBe('T-mine');
    expect(strict.other('T-9', 'T-mine')[0]?.transactionId).toBe('T-mine');
    expect(pinto.preset(undefined, 20, 'T-mine')[0]?.transactionId).toBe('T-mine');
    expect(pinto.preset(undefined, 20)[0]?.transactionId).toBe('initial');
  });

  it('every action is a valid terminal message of its own profile', () => {
    for (const [profile, d] of [['strict', strict], ['pinto-android-1', pinto]] as const) {
      expect(d.profile).toBe(profile);
      const all = [
        ...d.preset('initial', 20), ...d.other('initial'), ...d.keypad('T-9', 75), ...d.method('T-9', 'DEBIT_CARD'),
        ...d.cancel('T-9', 'KEYPAD'), ...d.cancel('T-9', 'PAYMENT_METHOD'), ...d.ok('T-9', 'FAILED'), ...d.ok('T-9', 'LIMIT_ERROR'),
      ];
      for (const m of all) {
        const result = parseFrame(JSON.stringify(m), { from: 'terminal', profile });
        expect(result.ok, `${profile}: ${JSON.stringify(m)} ${result.ok ? '' : JSON.stringify(result.problems)}`).toBe(true);
      }
    }
  });
});
