import type { ProtocolErrorCode } from '../protocol/error-catalogue.js';
import type { Screen } from '../protocol/screen-graph.js';
import type { PintoAndroid1TerminalMessage } from '../protocol/types/generated.js';
import type { Intent } from './intent.js';

/**
 * The rules that decide whether a terminal's action is allowed where the
 * terminal is, as pure functions of the screen it shows: no store, no
 * timers, no wire. The session asks them in the order of ERR-10
 * (transaction, then screen, then amount).
 */

/** What the terminal shows: the screen and the data it was sent with. */
export interface Shown {
  screen: Screen;
  data: Record<string, unknown>;
}

/** Deliberate faults (faults.ts) that bend these rules; all false in a correct server. */
export interface RuleBends {
  /** cancel-not-supported: no cancel is ever allowed. */
  cancelNotSupported?: boolean;
  /** accepts-unoffered-amount: any preset amount goes. */
  acceptsUnofferedAmount?: boolean;
  /** no-keypad-bounds: any keypad amount goes. */
  noKeypadBounds?: boolean;
}

/**
 * Why `intent` is not allowed on the shown screen (ERR-6, FLOW-21:
 * UNEXPECTED_ACTION), or undefined when it is.
 * - "Other" only on AMOUNT_SELECT that offers it (SCR-1);
 * - an amount on AMOUNT_SELECT, or on KEYPAD as the keypad entry (DIA-2); a keypad amount on KEYPAD;
 * - cancel on KEYPAD, or on PAYMENT_METHOD when it allows cancel; the strict form names the screen shown,
 *   the dialect's CANCEL screen does not (DIA-4);
 * - a method on PAYMENT_METHOD, one of those it offers;
 * - OK on FAILED or LIMIT_ERROR, naming that screen.
 */
export function screenProblem(shown: Shown, message: PintoAndroid1TerminalMessage, intent: Intent, bends: RuleBends = {}): ProtocolErrorCode | undefined {
  const { screen, data } = shown;
  switch (intent.kind) {
    case 'other':
      return screen === 'AMOUNT_SELECT' && data.showOtherOption === true ? undefined : 'UNEXPECTED_ACTION';
    case 'amount':
      return screen === 'AMOUNT_SELECT' || screen === 'KEYPAD' ? undefined : 'UNEXPECTED_ACTION';
    case 'keypad':
      return screen === 'KEYPAD' ? undefined : 'UNEXPECTED_ACTION';
    case 'cancel':
      if (bends.cancelNotSupported) return 'UNEXPECTED_ACTION';
      if (!intent.dialect && message.screen !== screen) return 'UNEXPECTED_ACTION';
      if (screen === 'KEYPAD') return undefined;
      return screen === 'PAYMENT_METHOD' && data.allowCancel === true ? undefined : 'UNEXPECTED_ACTION';
    case 'method':
      return screen === 'PAYMENT_METHOD' && Array.isArray(data.methods) && data.methods.includes(intent.method) ? undefined : 'UNEXPECTED_ACTION';
    case 'ok':
      return (screen === 'FAILED' || screen === 'LIMIT_ERROR') && message.screen === screen ? undefined : 'UNEXPECTED_ACTION';
    default:
      return 'UNEXPECTED_ACTION';
  }
}

/**
 * Whether the amount breaks FLOW-5 (INVALID_AMOUNT): on AMOUNT_SELECT it must
 * be one of the amounts offered; on KEYPAD within the keypad's bounds.
 */
export function amountProblem(shown: Shown, intent: Intent, bends: RuleBends = {}): boolean {
  const { screen, data } = shown;
  if (intent.kind === 'amount' && screen === 'AMOUNT_SELECT') {
    return !bends.acceptsUnofferedAmount && !(Array.isArray(data.amounts) && data.amounts.includes(intent.amount));
  }
  if (intent.kind === 'keypad' || intent.kind === 'amount') {
    const min = data.minAmount as number;
    const max = data.maxAmount as number;
    return !bends.noKeypadBounds && !(intent.amount >= min && intent.amount <= max);
  }
  return false;
}
