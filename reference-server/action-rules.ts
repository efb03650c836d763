import { answerPrecedence, byPrecedence, type ProtocolErrorCode, type RankedCode } from '../protocol/error-catalogue.js';
import { screens, type Screen } from '../protocol/screen-graph.js';
import type { KeypadScreen, PintoAndroid1TerminalMessage } from '../protocol/types/generated.js';
import { afterPayment, type Answer } from './answers.js';
import type { Intent, Named } from './intent.js';

/**
 * The rules that decide whether a terminal's action is allowed where the
 * terminal is, as pure functions of what it shows and which transaction it
 * is in: no store, no timers, no wire. They list every answer the sources
 * allow, ERR-10's first (`byPrecedence` over `answerPrecedence`, the one
 * ranking, in protocol/error-catalogue.ts); the server's choices
 * (answers.ts) pick one.
 */

/** The transaction id of a terminal outside a payment cycle (FLOW-1, ENV-7). */
export const INITIAL = 'initial';

// ERR-10's order is protocol/error-catalogue.ts's answerPrecedence, shared with the validator.
export { answerPrecedence, type RankedCode };

/** What the terminal shows: the screen and the data it was sent with. */
export interface Shown {
  screen: Screen;
  data: Record<string, unknown>;
}

/** Which transaction the terminal is in, as the transaction rule sees it. */
export interface InTransaction {
  /** The active transaction id (`INITIAL` when none). */
  active: string;
  /** The id the terminal was told for it (TXN-1): what its actions name. */
  announced: string;
  /** Whether a transaction with this id was ever started, by any terminal (TXN-4, TXN-7). */
  used(id: string): boolean;
}

/** What the rules need to know of a terminal to judge its action. */
export interface TerminalView extends InTransaction {
  shown: Shown;
  /** What is left of the terminal's daily limit today (FLOW-6); asked only of an amount. */
  remaining(): number;
}

/**
 * TXN-3, TXN-4, TXN-7: whether an action's transaction id is answered
 * INVALID_TRANSACTION ("id does not match the active transaction, or reuses
 * a finished one"). Outside a transaction, a first action may name a new id
 * of its own (or "initial", for one the server assigns), never one already
 * used; inside one, it must name the active transaction.
 */
export function transactionProblem(terminal: InTransaction, id: string): boolean {
  if (terminal.active === INITIAL) return id !== INITIAL && terminal.used(id);
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
export function screenProblem(shown: Shown, message: PintoAndroid1TerminalMessage, intent: Intent): ProtocolErrorCode | undefined {
  const { screen, data } = shown;
  switch (intent.kind) {
    case 'other':
      return screen === 'AMOUNT_SELECT' && data.showOtherOption === true ? undefined : 'UNEXPECTED_ACTION';
    case 'amount':
      return screen === 'AMOUNT_SELECT' || screen === 'KEYPAD' ? undefined : 'UNEXPECTED_ACTION';
    case 'keypad':
      return screen === 'KEYPAD' ? undefined : 'UNEXPECTED_ACTION';
    case 'cancel':
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
 * be one of the amounts offered; on KEYPAD within the keypad's bounds. Asked
 * only of an action the screen rule allows: the bounds are the shown screen's.
 */
export function amountProblem(shown: Shown, intent: Intent): boolean {
  const { screen, data } = shown;
  if (intent.kind === 'amount' && screen === 'AMOUNT_SELECT') return !(Array.isArray(data.amounts) && data.amounts.includes(intent.amount));
  if (intent.kind === 'keypad' || intent.kind === 'amount') {
    // The data as sent; a screen sent without its bounds accepts no amount.
    const { minAmount, maxAmount } = data as Partial<KeypadScreen['data']>;
    return !(minAmount !== undefined && maxAmount !== undefined && intent.amount >= minAmount && intent.amount <= maxAmount);
  }
  return false;
}

/** FLOW-6: whether an amount is above what is left of the terminal's daily limit (LIMIT_ERROR instead of PAYMENT_METHOD). */
export function overDailyLimit(amount: number, remaining: number): boolean {
  return amount > remaining;
}

/** FLOW-6 for an action: whether it chooses an amount above what is left of the terminal's daily limit. */
export function limitProblem(terminal: TerminalView, intent: Intent): boolean {
  return (intent.kind === 'amount' || intent.kind === 'keypad') && overDailyLimit(intent.amount, terminal.remaining());
}

/**
 * ERR-6 for what a message names: a screen of the protocol other than the one
 * shown. The dialect's keypad entry arrives as an AMOUNT_SELECT action on
 * KEYPAD (DIA-2): not another screen.
 */
export function namesAnotherScreen(shown: Screen, named: unknown): boolean {
  return typeof named === 'string' && (screens as readonly string[]).includes(named) && named !== shown && !(named === 'AMOUNT_SELECT' && shown === 'KEYPAD');
}

/** The rules a server judges actions by: `protocolRules`, these functions. */
export interface ActionRules {
  transactionProblem(terminal: InTransaction, id: string): boolean;
  screenProblem(shown: Shown, message: PintoAndroid1TerminalMessage, intent: Intent): ProtocolErrorCode | undefined;
  amountProblem(shown: Shown, intent: Intent): boolean;
  limitProblem(terminal: TerminalView, intent: Intent): boolean;
}

/** The protocol's rules. */
export const protocolRules: ActionRules = { transactionProblem, screenProblem, amountProblem, limitProblem };

/** The rules' verdict on one schema-valid action. */
export interface ActionAnswers {
  /** Every answer the sources allow, ERR-10's first (never empty). */
  answers: Answer[];
  /** The terminal's own id that a first action starts its transaction under (TXN-2); undefined for one the server assigns (TXN-5) or inside a transaction. */
  startsUnder: string | undefined;
}

/**
 * Judges one schema-valid action other than RESET: the codes that apply
 * (transaction: TXN-3, TXN-4, TXN-7; screen: ERR-6, FLOW-21; amount: FLOW-5),
 * ranked by ERR-10; none: the action goes on, to LIMIT_ERROR above the daily
 * limit (FLOW-6). Where the sources allow another answer too, it follows.
 */
export function judgeAction(rules: ActionRules, terminal: TerminalView, message: PintoAndroid1TerminalMessage, intent: Intent): ActionAnswers {
  const id = message.transactionId;
  const codes: RankedCode[] = [];
  if (rules.transactionProblem(terminal, id)) codes.push('INVALID_TRANSACTION');
  if (rules.screenProblem(terminal.shown, message, intent) !== undefined) codes.push('UNEXPECTED_ACTION');
  else if (rules.amountProblem(terminal.shown, intent)) codes.push('INVALID_AMOUNT');
  const startsUnder = terminal.active === INITIAL && id !== INITIAL ? id : undefined;
  const [first] = byPrecedence(codes, (code) => code);
  if (first === undefined) return { answers: [rules.limitProblem(terminal, intent) ? { kind: 'limit' } : { kind: 'go' }], startsUnder };
  const answers: Answer[] = [{ kind: 'error', code: first }];
  // TXN-3 and ERR-6 both apply to an action for another screen in another transaction; no source ranks them.
  if (first === 'INVALID_TRANSACTION' && codes.includes('UNEXPECTED_ACTION') && namesAnotherScreen(terminal.shown.screen, message.screen)) {
    answers.push({ kind: 'error', code: 'UNEXPECTED_ACTION' });
  }
  // RES-4: a replayed selection of the active transaction "is answered with the current screen or UNEXPECTED_ACTION".
  if (first === 'UNEXPECTED_ACTION' && intent.kind === 'method' && id === terminal.announced && id !== INITIAL && afterPayment.has(terminal.shown.screen)) {
    answers.push({ kind: 'screen' });
  }
  // Flow 3: a keypad amount outside the bounds and above what is left: "ERROR INVALID_AMOUNT" and "LIMIT_ERROR" both apply; no source ranks them.
  if (first === 'INVALID_AMOUNT' && terminal.shown.screen === 'KEYPAD' && rules.limitProblem(terminal, intent)) answers.push({ kind: 'limit' });
  return { answers, startsUnder };
}

/**
 * The answers to a frame that fails the schema (ERR-2): its problems' codes,
 * and INVALID_TRANSACTION if it names, with a well-formed id, another
 * transaction than the active one (TXN-3), ranked by ERR-10. Outside a
 * transaction the store is not asked whether the id was used (TXN-4): the
 * frame starts nothing, its own problem is the answer. The screen rule cannot
 * read its action, but where it names another transaction and another screen,
 * ERR-6 is an answer too.
 */
export function invalidFrameAnswers(rules: ActionRules, codes: readonly ProtocolErrorCode[], named: Named, shown: Screen, active: string): Answer[] {
  // A frame with no problem named is still not a valid message.
  if (codes.length === 0) return [{ kind: 'error', code: 'INVALID_MESSAGE' }];
  const terminal: InTransaction = { active, announced: active, used: () => false };
  const id = named.transactionId;
  const all = id !== undefined && rules.transactionProblem(terminal, id) ? [...codes, 'INVALID_TRANSACTION' as const] : [...codes];
  const [first = 'INVALID_MESSAGE'] = byPrecedence(all, (code) => code);
  const answers: Answer[] = [{ kind: 'error', code: first }];
  if (first === 'INVALID_TRANSACTION' && namesAnotherScreen(shown, named.screen)) answers.push({ kind: 'error', code: 'UNEXPECTED_ACTION' });
  return answers;
}
