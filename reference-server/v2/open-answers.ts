/**
 * The open questions of pinto-android-2.md §9 (V2-OPEN-n) that a backend
 * answers on the wire or in the books: for each, the answers the sources
 * leave legal, and `firstV2Choices`, the project's own pick (listed in
 * docs/reference-server-v2.md). A server may pick another answer only among
 * those listed here; the rules never ask who picked.
 */
import { utcDay } from '../store.js';
import type { LimitDecision } from './limit-rules.js';

/** V2-OPEN-1: the window a card's counted amounts are summed over, for a decision at one moment. */
export type LimitWindow =
  /** A calendar day: sales carrying this day label count. */
  | { kind: 'day'; day: string }
  /** A rolling window: sales made at or after `since` (epoch ms) count. */
  | { kind: 'since'; since: number; day: string };

/** The calendar day of `ms` in an IANA time zone, `YYYY-MM-DD` (V2-OPEN-1: a site-local day). */
export function zonedDayOf(ms: number, timeZone: string): string {
  // en-CA writes dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(ms));
}

/** The day boundaries V2-OPEN-1 names: "UTC, site-local, rolling 24 h". */
export const limitWindows = {
  utc: (now: number): LimitWindow => ({ kind: 'day', day: utcDay(now) }),
  siteLocal: (timeZone: string) => (now: number): LimitWindow => ({ kind: 'day', day: `${zonedDayOf(now, timeZone)}@${timeZone}` }),
  rolling24h: (now: number): LimitWindow => ({ kind: 'since', since: now - 24 * 60 * 60 * 1000, day: utcDay(now) }),
} as const;

/** The fee a kiosk adds to the amount before it sends `selectedAmount` (pinto-android-2.md §5b step 3). */
export interface KioskFee {
  transactionFeeType: 'FIXED' | 'PERCENTAGE' | string;
  transactionFeeValue: number;
}

/**
 * V2-OPEN-1, "whether the fee part of `selectedAmount` counts": the whole
 * amount (what the card is charged), or the amount before the fee. The kiosk
 * computes `trunc(a + fee)` (FIXED) or `trunc(a * (1 + fee / 100))`
 * (PERCENTAGE); the part before the fee is recovered from it.
 */
export const countedAmounts = {
  whole: (selectedAmount: number): number => selectedAmount,
  beforeFee: (selectedAmount: number, fee: KioskFee): number => {
    if (fee.transactionFeeValue <= 0) return selectedAmount;
    const before = fee.transactionFeeType === 'PERCENTAGE' ? selectedAmount / (1 + fee.transactionFeeValue / 100) : selectedAmount - fee.transactionFeeValue;
    return Math.max(0, Math.floor(before));
  },
} as const;

/** V2-OPEN-2: the legal answers for a value that is not a card ("approve without counting, reject, per provider"), the first being the one `decideLimit` made. */
export function tokenlessAnswers(decided: LimitDecision): LimitDecision[] {
  const reject: LimitDecision = { verdict: 'REJECTED', reserves: false };
  return decided.verdict === 'REJECTED' ? [decided] : [decided, reject];
}

/** V2-OPEN-3: the two rejecting `LIMIT_CHECK_RESULT` screens the kiosk handles alike. */
export type RejectionScreen = 'REJECTED' | 'LIMIT_ERROR';

/** V2-OPEN-9: after a successful sale, the receipt question first, or straight to the ticket (the kiosk accepts both). */
export type AfterSale = 'RECEIPT_QUESTION' | 'PRINT_TICKET';

/** V2-OPEN-11: the answer to K2 (a method the server runs no payment for): FAILED (the kiosk RESETs 4 s later) or a new AMOUNT_SELECT. */
export type OtherMethodAnswer = 'FAILED' | 'AMOUNT_SELECT';

/** V2-OPEN-14: the answer to the idle CANCEL on AMOUNT_SELECT: nothing or AMOUNT_SELECT (both work). */
export type IdleCancelAnswer = 'nothing' | 'AMOUNT_SELECT';

/** V2-OPEN-13: the configuration sent on connect carries the AMOUNT_SELECT's id, or its own (then the kiosk may end on either id). */
export type ConfigId = 'same-as-amount-select' | 'own';

/** Where the sources leave a backend several answers, the ones this server gives. */
export interface V2Choices {
  /** V2-OPEN-1: the day boundary. */
  limitWindow(now: number): LimitWindow;
  /** V2-OPEN-1: the part of `selectedAmount` that counts against the card. */
  countedAmount(selectedAmount: number, fee: KioskFee): number;
  /** V2-OPEN-2: one of `answers` (`tokenlessAnswers`) for a provider. */
  tokenless(provider: string, answers: readonly LimitDecision[]): LimitDecision;
  /** V2-OPEN-3. */
  readonly rejectionScreen: RejectionScreen;
  /** V2-OPEN-5: whether a second SUCCESS with the same key (kept as an anomaly, V2-M-6) is also counted against the card as a second charge. */
  readonly secondSuccessCharges: boolean;
  /** V2-OPEN-9. */
  readonly afterSale: AfterSale;
  /** V2-OPEN-11. */
  readonly otherMethod: OtherMethodAnswer;
  /** V2-OPEN-13. */
  readonly configId: ConfigId;
  /** V2-OPEN-14. */
  readonly idleCancel: IdleCancelAnswer;
}

/** The project's answers (docs/reference-server-v2.md, "Decisions on the open questions"). */
export const firstV2Choices: V2Choices = {
  limitWindow: limitWindows.utc,
  countedAmount: countedAmounts.whole,
  tokenless: (_provider, answers) => answers[0]!,
  rejectionScreen: 'REJECTED',
  secondSuccessCharges: false,
  afterSale: 'RECEIPT_QUESTION',
  otherMethod: 'FAILED',
  configId: 'same-as-amount-select',
  idleCancel: 'nothing',
};
