import { describe, expect, it } from 'vitest';
import type { PintoAndroid1TerminalMessage } from '../../protocol/types/generated.js';
import { amountProblem, screenProblem, type Shown } from '../../reference-server/action-rules.js';
import { intentOf } from '../../reference-server/intent.js';

const amountSelect: Shown = { screen: 'AMOUNT_SELECT', data: { amounts: [20, 40], currency: '£', showOtherOption: true } };
const keypad: Shown = { screen: 'KEYPAD', data: { currency: '£', minAmount: 10, maxAmount: 300 } };
const paymentMethod: Shown = { screen: 'PAYMENT_METHOD', data: { methods: ['DEBIT_CARD'], allowCancel: true, currency: '£' } };
const failed: Shown = { screen: 'FAILED', data: { errorCode: 'CARD_DECLINED', errorMessage: 'x' } };
const processing: Shown = { screen: 'PROCESSING', data: { amount: 20, method: 'DEBIT_CARD' } };

const msg = (screen: string, data?: Record<string, unknown>): PintoAndroid1TerminalMessage =>
  ({ messageType: 'USER_ACTION', screen, transactionId: 'T-1', timestamp: 1, ...(data ? { data } : {}) }) as unknown as PintoAndroid1TerminalMessage;

describe('action rules (pure)', () => {
  it.each([
    ['preset on AMOUNT_SELECT', amountSelect, msg('AMOUNT_SELECT', { selectedAmount: 20, selectionMethod: 'PRESET_BUTTON' }), undefined],
    ['"Other" on AMOUNT_SELECT that offers it', amountSelect, msg('AMOUNT_SELECT', { selectedAmount: -1, selectionMethod: 'CUSTOM' }), undefined],
    ['"Other" where it is not offered', { ...amountSelect, data: { ...amountSelect.data, showOtherOption: false } }, msg('AMOUNT_SELECT', { selectedAmount: -1, selectionMethod: 'CUSTOM' }), 'UNEXPECTED_ACTION'],
    ['an AMOUNT_SELECT amount on KEYPAD is the keypad entry (DIA-2)', keypad, msg('AMOUNT_SELECT', { selectedAmount: 25, selectionMethod: 'CUSTOM' }), undefined],
    ['cancel on KEYPAD', keypad, msg('KEYPAD', { action: 'CANCEL' }), undefined],
    ['strict cancel naming another screen', keypad, msg('PAYMENT_METHOD', { action: 'CANCEL' }), 'UNEXPECTED_ACTION'],
    ['dialect CANCEL on PAYMENT_METHOD (DIA-4)', paymentMethod, msg('CANCEL'), undefined],
    ['an offered method', paymentMethod, msg('PAYMENT_METHOD', { selectedMethod: 'DEBIT_CARD' }), undefined],
    ['a method not offered', paymentMethod, msg('PAYMENT_METHOD', { selectedMethod: 'PAY_BY_BANK' }), 'UNEXPECTED_ACTION'],
    ['a method while PROCESSING (a double tap)', processing, msg('PAYMENT_METHOD', { selectedMethod: 'DEBIT_CARD' }), 'UNEXPECTED_ACTION'],
    ['OK on FAILED naming it', failed, msg('FAILED', { action: 'OK' }), undefined],
    ['OK naming another screen', failed, msg('LIMIT_ERROR', { action: 'OK' }), 'UNEXPECTED_ACTION'],
  ] as const)('screen rule: %s', (_name, shown, message, expected) => {
    expect(screenProblem(shown, message, intentOf(message))).toBe(expected);
  });

  it('amount rule (FLOW-5): presets offered on AMOUNT_SELECT, bounds on KEYPAD', () => {
    const preset = (n: number) => intentOf(msg('AMOUNT_SELECT', { selectedAmount: n, selectionMethod: 'PRESET_BUTTON' }));
    const entry = (n: number) => intentOf(msg('KEYPAD', { selectedAmount: n }));
    expect([amountProblem(amountSelect, preset(20)), amountProblem(amountSelect, preset(30))]).toEqual([false, true]);
    expect([amountProblem(keypad, entry(10)), amountProblem(keypad, entry(300)), amountProblem(keypad, entry(9)), amountProblem(keypad, entry(301))]).toEqual([false, false, true, true]);
  });
});
