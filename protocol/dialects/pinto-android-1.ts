import { heldId as held, messagesFrom, type ActionSource, type Dialect } from './actions.js';

/** The shipped client's own preset list: its selectionMethod says PRESET_BUTTON exactly for these values (DIA-2). */
export const PINTO_PRESETS: readonly number[] = [20, 40, 60, 80, 100];

/**
 * The shipped client's forms (section 10): CUSTOM for any amount not on its
 * preset list and for "Other", the keypad's amount sent as an AMOUNT_SELECT,
 * selectionMethod for the payment method, CANCEL then RESET without data
 * (DIA-4), RESET with a fresh UUID off LIMIT_ERROR (DIA-5), and "initial"
 * echoed on the first action of a cycle (DIA-6).
 */
export function pintoAndroid1Dialect(source: ActionSource): Dialect {
  const message = messagesFrom(source);
  const selection = (amount: unknown): string => (PINTO_PRESETS.includes(amount as number) ? 'PRESET_BUTTON' : 'CUSTOM');
  return {
    profile: 'pinto-android-1',
    preset: (current, amount, transactionId) => [message('AMOUNT_SELECT', { selectedAmount: amount, selectionMethod: selection(amount) }, transactionId ?? held(current))],
    other: (current, transactionId) => [message('AMOUNT_SELECT', { selectedAmount: -1, selectionMethod: 'CUSTOM' }, transactionId ?? held(current))],
    keypad: (current, amount) => [message('AMOUNT_SELECT', { selectedAmount: amount, selectionMethod: selection(amount) }, held(current))],
    method: (current, method) => [message('PAYMENT_METHOD', { selectionMethod: method }, held(current))],
    cancel: (current) => [message('CANCEL', undefined, held(current)), message('RESET', undefined, held(current))],
    ok: (current, screen) => [screen === 'LIMIT_ERROR' ? message('RESET', undefined, source.newUuid()) : message(screen, { action: 'OK' }, held(current))],
    message,
  };
}
