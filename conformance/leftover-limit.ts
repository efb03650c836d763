import type { WireEvent } from './results.js';
import type { Arrival } from './terminal-connection.js';

/** What a LIMIT_ERROR said of the terminal's daily limit (FLOW-6, SCR-7). */
export interface LimitState {
  limit: number;
  remaining: number;
}

interface LooseFrame {
  messageType?: unknown;
  screen?: unknown;
  data?: Record<string, unknown>;
}

function parse(text: string): LooseFrame | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' ? (value as LooseFrame) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The limit state of a LIMIT_ERROR that is consistent with a daily limit
 * partly spent before the amount was selected: a valid frame (SCR-7, ENV-11),
 * something spent today (remaining < limit) and the selected amount above what
 * is left (FLOW-6). Undefined for anything else: a malformed or unexplained
 * LIMIT_ERROR is the backend's fault, not leftover state.
 */
export function spentLimitError(arrival: Arrival | undefined, selectedAmount: number | undefined): LimitState | undefined {
  if (arrival?.kind !== 'message' || !arrival.valid) return undefined;
  const m = arrival.raw as LooseFrame | undefined;
  if (m?.messageType !== 'SCREEN_CHANGE' || m.screen !== 'LIMIT_ERROR') return undefined;
  const { limit, remaining } = m.data ?? {};
  if (!Number.isInteger(limit) || !Number.isInteger(remaining)) return undefined;
  const state = { limit: limit as number, remaining: remaining as number };
  if (state.remaining < 0 || state.remaining >= state.limit) return undefined;
  if (selectedAmount === undefined || selectedAmount <= state.remaining) return undefined;
  return state;
}

/** The amount of the last AMOUNT_SELECT or KEYPAD selection sent on connection `label` (ACT-1, ACT-3). */
export function lastSelectedAmount(events: readonly WireEvent[], label: string): number | undefined {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i] as WireEvent;
    if (e.direction !== 'sent' || e.kind !== 'text' || e.connection !== label) continue;
    const amount = parse(e.data)?.data?.selectedAmount;
    if (amount !== undefined) return Number.isInteger(amount) ? (amount as number) : undefined;
  }
  return undefined;
}

/**
 * Whether the wire log shows a payment that may have counted against a daily
 * limit on one of the connections `labels`: a method selected on
 * PAYMENT_METHOD (the payment starts, FLOW-7, and may complete after the case
 * stops watching) or PROCESSING or SUCCESS shown. Errs towards yes, which
 * keeps a LIMIT_ERROR a FAIL.
 */
export function mayHavePaid(events: readonly WireEvent[], labels: ReadonlySet<string>): boolean {
  return events.some((e) => {
    if (e.kind !== 'text' || !labels.has(e.connection)) return false;
    const m = parse(e.data);
    if (e.direction === 'received') return m?.messageType === 'SCREEN_CHANGE' && (m.screen === 'PROCESSING' || m.screen === 'SUCCESS');
    if (e.direction !== 'sent') return false;
    // A frame the runner sent that is not JSON (TRN-10 bytes) cannot be told apart: count it.
    if (!m) return true;
    return m.screen === 'PAYMENT_METHOD' && m.data !== undefined && ('selectedMethod' in m.data || 'selectionMethod' in m.data);
  });
}
