/**
 * The per-card daily limit of protocol v2, as pure functions (V2-M-1, V2-M-4,
 * V2-M-5). The books (books.ts) call them inside the one synchronous write
 * that also reserves the amount, so the check and the reservation of one card
 * can never interleave with another kiosk's (V2-M-4).
 */

/** The fixed PAR the NNSmart path sends when the terminal returned none (pinto-android-2.md §6 M5). */
export const DEV_PAR = 'V0010013021140394841643193699';

/**
 * The card a `cardToken` names, or null when the value is not a card: the
 * text `"null"` (Integra without a token), the fixed dev PAR (NNSmart without
 * a PAR), or an empty token. Such values are never aggregated as one card's
 * spend (V2-M-5).
 */
export function cardOf(cardToken: string | null | undefined): string | null {
  if (cardToken === null || cardToken === undefined) return null;
  const token = cardToken.trim();
  if (token === '' || token === 'null' || token === DEV_PAR) return null;
  return token;
}

/** What the backend answers a CARD_CHECK_RESULT: the LIMIT_CHECK_RESULT screen (V2-BAK-4). */
export type LimitVerdict = 'APPROVED' | 'REJECTED';

/** The decision on one card check. */
export interface LimitDecision {
  verdict: LimitVerdict;
  /** Whether the amount is reserved against the card (only an approved amount of a real card). */
  reserves: boolean;
}

/**
 * V2-M-1: the card's counted amounts for the day plus `amount`, against the
 * limit. The whole `selectedAmount` counts, fee included: it is what the
 * kiosk charges (V2-AMT-2; the fee question is open, V2-OPEN-1, and this is
 * the project's reading). A value that is not a card (`card` null) is judged
 * alone, as a card with nothing spent, and reserves nothing (V2-M-5; what to
 * answer is open, V2-OPEN-2: rejecting it on NNSmart would reverse money
 * already taken, so the project approves what one card could pay).
 */
export function decideLimit(card: string | null, amount: number, counted: number, limit: number): LimitDecision {
  if (card === null) return { verdict: amount <= limit ? 'APPROVED' : 'REJECTED', reserves: false };
  return counted + amount <= limit ? { verdict: 'APPROVED', reserves: true } : { verdict: 'REJECTED', reserves: false };
}

/** The message shown on a rejection (the kiosk's own default text, pinto-android-2.md §3.3 B4). */
export const LIMIT_MESSAGE = 'Daily spending limit exceeded';
