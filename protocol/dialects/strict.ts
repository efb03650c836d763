import { heldId as held, messagesFrom, type ActionSource, type Dialect } from './actions.js';

/**
 * The document's forms (section 5): PRESET_BUTTON and OTHER on AMOUNT_SELECT,
 * KEYPAD on its own screen, selectedMethod, {action: CANCEL} and
 * {action: OK}; the first action of a cycle carries a fresh id (TXN-1).
 */
export function strictDialect(source: ActionSource): Dialect {
  const message = messagesFrom(source);
  const firstId = (current: string | undefined): string => (held(current) !== 'initial' ? held(current) : source.newTransactionId());
  return {
    profile: 'strict',
    preset: (current, amount, transactionId) => [message('AMOUNT_SELECT', { selectedAmount: amount, selectionMethod: 'PRESET_BUTTON' }, transactionId ?? firstId(current))],
    other: (current, transactionId) => [message('AMOUNT_SELECT', { selectedAmount: -1, selectionMethod: 'OTHER' }, transactionId ?? firstId(current))],
    keypad: (current, amount) => [message('KEYPAD', { selectedAmount: amount, selectionMethod: 'KEYPAD' }, held(current))],
    method: (current, method) => [message('PAYMENT_METHOD', { selectedMethod: method }, held(current))],
    cancel: (current, screen) => [message(screen, { action: 'CANCEL' }, held(current))],
    ok: (current, screen) => [message(screen, { action: 'OK' }, held(current))],
    message,
  };
}
