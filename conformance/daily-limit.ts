import type { WireEvent } from './results.js';
import type { Arrival } from './certifier-terminal.js';

interface LooseFrame {
  messageType?: unknown;
  screen?: unknown;
  transactionId?: unknown;
  data?: Record<string, unknown>;
}

/** What a LIMIT_ERROR said of the terminal's daily limit (FLOW-6, SCR-7). */
export interface LimitState {
  limit: number;
  remaining: number;
}

function parse(text: string): LooseFrame | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' ? (value as LooseFrame) : undefined;
  } catch {
    return undefined;
  }
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
 * The limit state of a LIMIT_ERROR that explains itself: a valid frame
 * (SCR-7), integer `limit` and `remaining` with 0 <= remaining <= limit, and
 * the selected amount above what is left (FLOW-6). Undefined for anything
 * else: a malformed or unexplained LIMIT_ERROR is judged as it is.
 */
export function limitErrorState(arrival: Arrival | undefined, selectedAmount: number | undefined): LimitState | undefined {
  if (arrival?.kind !== 'message' || !arrival.valid) return undefined;
  const m = arrival.raw as LooseFrame | undefined;
  if (m?.messageType !== 'SCREEN_CHANGE' || m.screen !== 'LIMIT_ERROR') return undefined;
  const { limit, remaining } = m.data ?? {};
  if (!Number.isInteger(limit) || !Number.isInteger(remaining)) return undefined;
  const state = { limit: limit as number, remaining: remaining as number };
  if (state.remaining < 0 || state.remaining > state.limit) return undefined;
  if (selectedAmount === undefined || selectedAmount <= state.remaining) return undefined;
  return state;
}

/**
 * What the connections `labels` may have paid, from event `from` on: the
 * amount of every transaction for which a payment method was selected
 * (FLOW-7), once per transaction id (a payment is processed at most once
 * per id), unless the wire shows that transaction FAILED (only successful
 * payments count, FLOW-6). An upper bound: a payment the case stopped
 * watching counts. A frame that is not JSON cannot be told apart and counts
 * the last selected amount.
 */
export function paidOnTerminal(events: readonly WireEvent[], labels: ReadonlySet<string>, from = 0): number {
  const amountOf = new Map<string, number>();
  const failed = new Set<string>();
  // What was selected for each transaction: from the action's own id, or (an "initial" first action, the dialect) the id of the screen answering it.
  const selectedFor = new Map<string, number>();
  const pending = new Map<string, number>();
  const screenAmount = new Map<string, number>();
  // Transactions a screen showed this terminal: a method picked on one of them is this terminal's payment.
  const shown = new Set<string>();
  let unknown = 0;
  for (let i = from; i < events.length; i++) {
    const e = events[i] as WireEvent;
    if (e.kind !== 'text' || !labels.has(e.connection)) continue;
    const m = parse(e.data);
    const txn = typeof m?.transactionId === 'string' ? m.transactionId : undefined;
    if (e.direction === 'received') {
      if (m?.messageType !== 'SCREEN_CHANGE' || txn === undefined || txn === 'initial') continue;
      const amount = m.data?.amount;
      if (Number.isInteger(amount)) screenAmount.set(txn, amount as number);
      shown.add(txn);
      const selected = pending.get(e.connection);
      if (selected !== undefined && !selectedFor.has(txn)) selectedFor.set(txn, selected);
      pending.delete(e.connection);
      if (m.screen === 'FAILED') failed.add(txn);
      continue;
    }
    if (e.direction !== 'sent') continue;
    if (!m) {
      // A frame the runner sent that is not JSON (TRN-10 bytes) cannot be told apart: it counts as the largest selection so far.
      unknown = Math.max(unknown, ...selectedFor.values(), ...pending.values(), 0);
      continue;
    }
    const selected = m.data?.selectedAmount;
    if (Number.isInteger(selected) && (selected as number) > 0) {
      pending.set(e.connection, selected as number);
      if (txn !== undefined && txn !== 'initial') selectedFor.set(txn, selected as number);
    }
    const picksMethod = m.screen === 'PAYMENT_METHOD' && m.data !== undefined && ('selectedMethod' in m.data || 'selectionMethod' in m.data);
    if (!picksMethod || txn === undefined || amountOf.has(txn)) continue;
    // An amount the log cannot tell of a transaction this terminal was shown (resumed from before the log) counts as
    // unbounded: nothing is surely left. A method on an id no screen gave this terminal (a foreign or made-up id) pays nothing of its own.
    amountOf.set(txn, screenAmount.get(txn) ?? selectedFor.get(txn) ?? (shown.has(txn) ? Number.POSITIVE_INFINITY : 0));
  }
  let paid = unknown;
  for (const [txn, amount] of amountOf) if (!failed.has(txn)) paid += amount;
  return paid;
}

/** What the runner knows of a terminal's daily limit when a LIMIT_ERROR comes where PAYMENT_METHOD was expected. */
export interface LimitKnowledge {
  /** How reports name the terminal. */
  terminal: string;
  /** The limit the target declares (dailyLimit). */
  declared: number;
  /** What was surely left when the case (or its last limit-remaining scenario) started; undefined when not known. */
  leftAtStart?: number;
  /** What the case may have paid on the terminal since then (paidOnTerminal). */
  paidSince: number;
}

/**
 * Whether a LIMIT_ERROR answering a selection of `selected` is the backend's
 * fault (undefined: the check's FAIL stands) or the state of the terminal's
 * daily limit, which the runner could not budget (a reason for an ERROR). A
 * spent limit is never a FAIL of the backend: only a refusal of an amount
 * that the run knows fits (the limit was reset or fresh, and this run's own
 * payments leave enough) is.
 */
export function blameLimit(state: LimitState, selected: number, known: LimitKnowledge): string | undefined {
  if (state.limit !== known.declared) {
    return `the backend reports a daily limit of ${state.limit} for the terminal of ${known.terminal} (LIMIT_ERROR remaining ${state.remaining}), the target declares ${known.declared}: declare dailyLimit in the target description`;
  }
  if (known.leftAtStart === undefined) {
    return `the terminal of ${known.terminal} has ${state.remaining} of its daily limit of ${state.limit} left (LIMIT_ERROR), less than the ${selected} selected: it was spent before this case (an earlier run on the same tokens, or a scenario); declare test control so the runner resets it, or use fresh tokens`;
  }
  const left = Math.max(0, known.leftAtStart - known.paidSince);
  if (selected <= left) return undefined;
  return `the terminal of ${known.terminal} has ${left} of its daily limit of ${known.declared} left after this run's own payments, less than the ${selected} selected (LIMIT_ERROR remaining ${state.remaining}): the case spent it`;
}

/** How many tokens a run without test control needs so that no token's payments exceed the daily limit. */
export interface LimitPlan {
  /** Case ids that cannot get a token with enough limit left (in the order they would run). */
  unfunded: string[];
  /** Tokens more that would fund every paying case, 0 when they all fit. */
  moreTokens: number;
}

/**
 * Spreads the paying cases over the tokens, largest need first, so that each
 * token's payments stay within `limit` and every case still finds `need`
 * left when it starts (first-fit decreasing). `needs` maps case id to
 * [what it must find left, what it may pay].
 */
export function planLimit(needs: ReadonlyArray<{ id: string; need: number; pays: number }>, tokens: number, limit: number): LimitPlan & { assignment: Map<string, number> } {
  const left = Array.from({ length: tokens }, () => limit);
  const assignment = new Map<string, number>();
  const unfunded: string[] = [];
  const ordered = [...needs].filter((n) => n.pays > 0).sort((a, b) => b.pays - a.pays || b.need - a.need);
  for (const n of ordered) {
    const i = left.findIndex((l) => l >= n.need && l >= n.pays);
    if (i < 0) {
      unfunded.push(n.id);
      continue;
    }
    left[i] = (left[i] as number) - n.pays;
    assignment.set(n.id, i);
  }
  let moreTokens = 0;
  if (unfunded.length > 0) {
    const extra: number[] = [];
    for (const n of ordered.filter((o) => unfunded.includes(o.id))) {
      const i = extra.findIndex((l) => l >= n.need && l >= n.pays);
      if (i >= 0) extra[i] = (extra[i] as number) - n.pays;
      else if (n.need <= limit && n.pays <= limit) extra.push(limit - n.pays);
      else {
        // A case whose own need is over the limit cannot be funded by any number of tokens.
        moreTokens = Number.POSITIVE_INFINITY;
      }
    }
    if (moreTokens === 0) moreTokens = extra.length;
  }
  return { unfunded, moreTokens, assignment };
}
