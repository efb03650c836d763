import { answerPrecedence, type ProtocolErrorCode, type RankedCode } from '../protocol/error-catalogue.js';
import { isIdentifier } from '../protocol/identifier.js';
import type { Screen } from '../protocol/screen-graph.js';
import type { PintoAndroid1TerminalMessage } from '../protocol/types/generated.js';
import type { Intent } from './intent.js';

/**
 * The rules that decide whether a terminal's action is allowed where the
 * terminal is, as pure functions of what it shows and which transaction it
 * is in: no store, no timers, no wire. When several apply, the answer is the
 * first in the order of ERR-10 (`answerPrecedence`): the terminal session
 * (`judgeAction`) and the connection (`invalidFrameAnswer`, for frames that
 * fail the schema) both rank through `firstApplying`.
 */

/** The transaction id of a terminal outside a payment cycle (FLOW-1, ENV-7). */
export const INITIAL = 'initial';

// ERR-10's order is protocol/error-catalogue.ts's answerPrecedence, shared with the validator.
export { answerPrecedence, type RankedCode };

/**
 * ERR-10: the first code, in `answerPrecedence` order, that `applies` to a
 * message; undefined when none does. Codes are asked in that order and no
 * further once one applies, so each check may take those before it as passed
 * (the screen rule is asked only of an action in the right transaction).
 */
export function firstApplying(applies: (code: RankedCode) => boolean): RankedCode | undefined {
  return answerPrecedence.find(applies);
}

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
  /** accepts-reused-transaction-id: a first action may reuse any id. */
  acceptsReusedTransactionId?: boolean;
  /** no-limit-check: no amount is ever over the daily limit. */
  noLimitCheck?: boolean;
  /** keypad-skips-limit: keypad amounts are never over the daily limit. */
  keypadSkipsLimit?: boolean;
}

/** Which transaction the terminal is in, as the transaction rule sees it. */
export interface InTransaction {
  /** The active transaction id (`INITIAL` when none). */
  active: string;
  /** The id the terminal was given for it: the active one in a correct server (keeps-initial-id announces "initial"). */
  announced: string;
  /** Whether a transaction with this id was ever started, by any terminal (TXN-4, TXN-7). */
  used(id: string): boolean;
}

/**
 * TXN-3, TXN-4, TXN-7: whether an action's transaction id is answered
 * INVALID_TRANSACTION ("id does not match the active transaction, or reuses
 * a finished one"). Outside a transaction, a first action may name a new id
 * of its own (or "initial", for one the server assigns), never one already
 * used; inside one, it must name the active transaction.
 */
export function transactionProblem(terminal: InTransaction, id: string, bends: RuleBends = {}): boolean {
  if (terminal.active === INITIAL) return id !== INITIAL && !bends.acceptsReusedTransactionId && terminal.used(id);
  return id !== terminal.active && id !== terminal.announced;
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

/**
 * FLOW-6: whether an amount is above what is left of the terminal's daily
 * limit, so the terminal is shown LIMIT_ERROR instead of PAYMENT_METHOD.
 * `keypadEntry`: the amount was typed on KEYPAD, not a preset.
 */
export function overDailyLimit(amount: number, remaining: number, keypadEntry: boolean, bends: RuleBends = {}): boolean {
  return amount > remaining && !bends.noLimitCheck && !(keypadEntry && bends.keypadSkipsLimit);
}

/** What the rules need to know of a terminal to judge its action. */
export interface TerminalView extends InTransaction {
  shown: Shown;
}

/** The rules' verdict on one schema-valid action. */
export interface Judgement {
  /** The ERROR code to answer with (ERR-10's first that applies); undefined when the action is allowed. */
  code: RankedCode | undefined;
  /** The terminal's own id that a first action starts its transaction under (TXN-2); undefined for one the server assigns (TXN-5) or inside a transaction. */
  startsUnder: string | undefined;
}

/**
 * Judges one schema-valid action other than RESET, in the order of ERR-10:
 * transaction (TXN-3, TXN-4, TXN-7), then screen (ERR-6, FLOW-21), then amount
 * (FLOW-5). An action the rules refuse changes nothing (ERR-3).
 */
export function judgeAction(terminal: TerminalView, message: PintoAndroid1TerminalMessage, intent: Intent, bends: RuleBends = {}): Judgement {
  const id = message.transactionId;
  const code = firstApplying((rank) => {
    switch (rank) {
      case 'INVALID_MESSAGE':
        return false; // the schema already passed it
      case 'INVALID_TRANSACTION':
        return transactionProblem(terminal, id, bends);
      case 'UNEXPECTED_ACTION':
        return screenProblem(terminal.shown, message, intent, bends) !== undefined;
      case 'INVALID_AMOUNT':
        return amountProblem(terminal.shown, intent, bends);
    }
  });
  return { code, startsUnder: terminal.active === INITIAL && id !== INITIAL ? id : undefined };
}

/**
 * ERR-10 for a frame that fails the schema (ERR-2): INVALID_MESSAGE if any of
 * its problems is one, then INVALID_TRANSACTION if it names, with a well-formed
 * id, another transaction than the active one (TXN-3), then the highest-ranked
 * code of its problems. Outside a transaction the store is not asked whether
 * the id was used (TXN-4): the frame starts nothing, its own problem is the answer.
 */
export function invalidFrameAnswer(codes: readonly ProtocolErrorCode[], id: unknown, active: string): ProtocolErrorCode {
  const first = codes[0];
  // A frame with no problem named is still not a valid message.
  if (first === undefined) return 'INVALID_MESSAGE';
  const terminal: InTransaction = { active, announced: active, used: () => false };
  const code = firstApplying((rank) => (rank === 'INVALID_TRANSACTION' ? isIdentifier(id) && transactionProblem(terminal, id) : codes.includes(rank)));
  return code ?? first;
}
