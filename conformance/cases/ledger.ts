import { NotApplicable } from '../case-errors.js';
import type { CaseContext, Identity, OpenOptions } from '../context.js';
import type { CertifierTerminal, Arrival } from '../certifier-terminal.js';
import { describeArrival } from '../verifiers.js';
import type { ServerMessage } from '../../protocol/types/generated.js';
import { dataField, expectCancelled, firstMethod, followReceipt, smallest, start, toProcessing, type Started } from './helpers.js';

/**
 * The daily limit as a ledger (FLOW-6): the only money a black-box suite can
 * see is what counts against it. A case makes what is left known, pays,
 * replays, declines, then probes: an amount equal to what must be left is
 * accepted, one unit more (or any larger offered amount) gets LIMIT_ERROR
 * with exactly that `remaining`. Any difference names the money.
 */

/** Loose view of a received frame. */
interface Loose {
  messageType?: unknown;
  screen?: unknown;
  transactionId?: unknown;
  data?: Record<string, unknown>;
}

const rawOf = (arrival: Arrival | undefined): Loose | undefined => (arrival?.kind === 'message' ? (arrival.raw as Loose | undefined) : undefined);

/** A terminal on AMOUNT_SELECT "initial" whose remaining daily limit the case knows. */
export interface LedgerTerminal extends Started {
  /** What is left of the daily limit now. */
  left: number;
  /** How it is known, for reports. */
  how: string;
}

/**
 * Opens identity `as` with a known remaining daily limit. With test control
 * the case sets it to `want(amounts)` (limit-remaining, TC-4) on a second
 * connection after reading the offered amounts; without, only a fresh
 * terminal of a target that states its dailyLimit has a known ledger (all of
 * it), and only without authentication (a pool token may have been spent by
 * an earlier run). Otherwise N/A.
 */
export async function openLedger(ctx: CaseContext, as: Identity, want: (smallestAmount: number) => number, options: { acrossConnections?: boolean } = {}): Promise<LedgerTerminal> {
  const testControl = ctx.target.features.testControl;
  if (!testControl && !ctx.target.dailyLimitDeclared) throw new NotApplicable('the daily limit cannot be read as a ledger: the target declares neither test control (limit-remaining) nor its dailyLimit');
  if (!testControl && ctx.target.auth.mode === 'tokens') throw new NotApplicable("without test control what is left of a pool terminal's daily limit is not known (an earlier run may have spent it): declare test control");
  const first = await start(ctx, { as });
  const p = smallest(ctx, first);
  if (!testControl) return { ...first, left: ctx.target.dailyLimit, how: `a fresh terminal with the declared daily limit of ${ctx.target.dailyLimit}` };
  const n = want(p);
  first.t.close();
  const s = await start(ctx, { as, scenario: `limit-remaining:${n}` });
  const ledger = { ...s, left: n, how: `limit-remaining:${n}` };
  return options.acrossConnections ? heldAcrossConnections(ctx, as, ledger) : ledger;
}

/**
 * The clarifications list `limit-remaining:<amount>` among the scenarios a
 * connection names, and do not say whether what it sets outlives that
 * connection (TC-4 reads it as the terminal's day; a backend may scope it to
 * the connection). A case that goes on over other connections first asks a
 * new connection without a scenario: an amount over `n` must get LIMIT_ERROR
 * with remaining `n` (nothing is paid). Anything else makes the case N/A
 * (the ledger is not known there), never a FAIL of FLOW-6. Returns the ledger
 * on that new connection.
 */
async function heldAcrossConnections(ctx: CaseContext, as: Identity, set: LedgerTerminal): Promise<LedgerTerminal> {
  set.t.close();
  const s = await start(ctx, { as });
  const overPreset = s.amounts.find((a) => a > set.left);
  const canKeypad = ctx.target.features.otherKeypad && s.showOtherOption;
  if (overPreset === undefined && !canKeypad) throw new NotApplicable(`cannot tell whether limit-remaining:${set.left} holds beyond its connection: no offered amount over ${set.left} and no keypad`);
  const over = overPreset ?? set.left + 1;
  if (!(await select(ctx, s, over, overPreset === undefined))) throw new NotApplicable(`cannot tell whether limit-remaining:${set.left} holds beyond its connection: ${over} is outside the keypad's bounds`);
  const arrival = await ctx.nextAnswer(s.t, ctx.allow(s.t, ctx.waits.answerMs));
  const m = rawOf(arrival);
  if (m?.messageType === 'SCREEN_CHANGE' && m.screen === 'LIMIT_ERROR' && m.data?.remaining === set.left) {
    ctx.say.ok(s.t, 'LIMIT_ERROR');
    await ctx.expectScreen(s.t, 'AMOUNT_SELECT', { requirements: ['FLOW-14', 'ACT-6'], txn: 'initial' });
    return { ...s, left: set.left, how: `${set.how}, held on a new connection` };
  }
  const scoped = `limit-remaining:${set.left} does not hold beyond the connection that named it (a new connection selecting ${over} got ${describeArrival(arrival, ctx.waits.answerMs)})`;
  const onMethod = m?.messageType === 'SCREEN_CHANGE' && m.screen === 'PAYMENT_METHOD';
  if (onMethod && m.data?.allowCancel === true) {
    ctx.say.cancel(s.t, 'PAYMENT_METHOD');
    await expectCancelled(ctx, s.t, ['FLOW-13']);
  } else if (!onMethod) {
    throw new NotApplicable(`${scoped}; this case needs it to, over reconnects`);
  }
  // No CANCEL offered: the selection is paid as the first payment of the spend-down.
  return spendDown(ctx, as, s, set.left, scoped, onMethod && m.data?.allowCancel !== true ? { amount: over, screen: arrival?.kind === 'message' ? (arrival.raw as ServerMessage) : undefined } : undefined);
}

/**
 * The fallback where test control cannot carry the limit across a
 * reconnect: the target's declared dailyLimit, spent down with real
 * approved payments of the amounts the backend offers (the keypad for the
 * last remainder when no offered amount fits) to `want` on the case's own
 * terminal, then probed like any other ledger. Only a terminal the run knows
 * to be untouched has the whole declared limit: a terminal id of this case
 * (no authentication) under a stated dailyLimit. Otherwise N/A, saying why.
 */
export async function spendDown(ctx: CaseContext, as: Identity, s: Started, want: number, why: string, selected?: { amount: number; screen: ServerMessage | undefined }): Promise<LedgerTerminal> {
  const limit = ctx.target.dailyLimit;
  if (ctx.target.auth.mode === 'tokens') throw new NotApplicable(`${why}; the fallback (spend the declared dailyLimit down with real payments) needs a terminal whose limit is untouched, and what earlier runs paid on a pool token today is not known`);
  if (!ctx.target.dailyLimitDeclared) throw new NotApplicable(`${why}; the fallback (spend the declared dailyLimit down with real payments) needs the target to state its dailyLimit`);
  if (want > limit) throw new NotApplicable(`${why}; the declared dailyLimit of ${limit} is less than the ${want} the case needs left`);
  // The case's terminal id is its own (AUTH-6): nothing was paid on it, and the scenario's limit went with its connection.
  ctx.limitKnownFromHere(as, limit);
  const canKeypad = ctx.target.features.otherKeypad && s.showOtherOption;
  const paid: number[] = [];
  let left = limit;
  if (selected !== undefined) {
    if (selected.amount > limit - want) throw new NotApplicable(`${why}; the terminal is on PAYMENT_METHOD for ${selected.amount} with no CANCEL, more than the declared dailyLimit of ${limit} can spend down to ${want}`);
    await followReceipt(ctx, s.t, await payFrom(ctx, s, selected.screen));
    paid.push(selected.amount);
    left -= selected.amount;
  }
  while (left > want) {
    const gap = left - want;
    const preset = [...s.amounts].reverse().find((a) => a <= gap);
    const amount = preset ?? gap;
    if (preset === undefined && !canKeypad) throw new NotApplicable(`${why}; cannot spend the declared dailyLimit of ${limit} down to ${want}: no offered amount fits the last ${gap}, and no keypad`);
    if (!(await select(ctx, s, amount, preset === undefined))) throw new NotApplicable(`${why}; cannot spend the declared dailyLimit of ${limit} down to ${want}: ${amount} is outside the keypad's bounds`);
    const pm = await ctx.expectScreen(s.t, 'PAYMENT_METHOD', { requirements: ['FLOW-6', 'FLOW-2'], title: `spending the declared daily limit down: ${amount} is within the ${left} left`, txn: { not: ['initial'] } });
    const paidOn = await payFrom(ctx, s, pm);
    await followReceipt(ctx, s.t, paidOn);
    paid.push(amount);
    left -= amount;
  }
  return { ...s, left, how: `the declared dailyLimit of ${limit} spent down to ${want} by ${paid.length} approved payment(s) (${paid.join(' + ')}) on the case's own terminal: ${why}` };
}

/** From PAYMENT_METHOD, the preferred method to SUCCESS; whether a receipt follows (showReceipt). */
async function payFrom(ctx: CaseContext, s: Started, pm: ServerMessage | undefined): Promise<boolean> {
  await toProcessing(ctx, s.t, firstMethod(pm));
  const success = await ctx.expectScreen(s.t, 'SUCCESS', { requirements: ['FLOW-8'], within: ctx.waits.resultMs, txn: s.t.transactionId as string });
  return dataField(success, 'showReceipt') !== false;
}

/** What a ledger probe expects. */
export interface LedgerExpectation {
  /** What was left when the case made it known. */
  from: number;
  /** What must be left now. */
  left: number;
  /** What the case did with the money, for the report: "one payment of 20, tapped twice". */
  story: string;
  requirements: string[];
  /** Probe with keypad amounts even where a preset would do (the keypad's own limit check). */
  keypad?: boolean;
}

/** Whether the ledger can be probed for `left` on this terminal: an offered amount or the keypad. Throws N/A otherwise (before anything is paid). */
export function assertProbeable(ctx: CaseContext, s: Started, left: number, keypad = false): void {
  const viaKeypad = ctx.target.features.otherKeypad && s.showOtherOption;
  if (keypad && !viaKeypad) throw new NotApplicable('needs the keypad (feature otherKeypad, showOtherOption true) to select exact amounts');
  if (viaKeypad) return;
  if (!s.amounts.includes(left) && !s.amounts.some((a) => a > left)) {
    throw new NotApplicable(`cannot probe the daily limit: no offered amount equals or exceeds the ${left} that must be left, and the target does not declare the keypad (otherKeypad)`);
  }
}

/** Selects `amount` from AMOUNT_SELECT: a preset when offered (and not told to use the keypad), else OTHER then the keypad. Returns false when the keypad's bounds exclude it (the terminal is back on AMOUNT_SELECT). */
async function select(ctx: CaseContext, s: Started, amount: number, keypad: boolean): Promise<boolean> {
  if (!keypad && s.amounts.includes(amount)) {
    ctx.say.preset(s.t, amount);
    return true;
  }
  ctx.say.other(s.t);
  const kp = await ctx.expectScreen(s.t, 'KEYPAD', { requirements: ['FLOW-3', 'ACT-2'], title: `${s.t.label} opens the keypad to select ${amount}` });
  const min = dataField(kp, 'minAmount');
  const max = dataField(kp, 'maxAmount');
  if (typeof min === 'number' && typeof max === 'number' && (amount < min || amount > max)) {
    ctx.say.cancel(s.t, 'KEYPAD');
    await expectCancelled(ctx, s.t, ['FLOW-13']);
    return false;
  }
  ctx.say.keypad(s.t, amount);
  return true;
}

/** "the backend counted 40 for one payment of 20 (20 expected)". */
function counted(e: LedgerExpectation, remaining: unknown): string {
  if (typeof remaining !== 'number') return `remaining ${JSON.stringify(remaining)}`;
  return `remaining ${remaining}: the backend counted ${e.from - remaining} for ${e.story}, ${e.from - e.left} expected`;
}

/**
 * Probes the ledger from AMOUNT_SELECT "initial": first an amount over what
 * must be left (LIMIT_ERROR, `remaining` exactly `left`, then OK back to
 * AMOUNT_SELECT), then `left` itself (PAYMENT_METHOD, then CANCEL when
 * allowed). Nothing is paid, so the ledger is left as it was.
 */
export async function probeLedger(ctx: CaseContext, s: Started, e: LedgerExpectation): Promise<void> {
  const t = s.t;
  const keypad = e.keypad === true;
  const canKeypad = ctx.target.features.otherKeypad && s.showOtherOption;
  const overPreset = keypad ? undefined : s.amounts.find((a) => a > e.left);
  const over = overPreset ?? e.left + 1;
  let probed = false;
  if ((overPreset !== undefined || canKeypad) && (await select(ctx, s, over, overPreset === undefined))) {
    probed = true;
    const arrival = await ctx.nextAnswer(t, ctx.allow(t, ctx.waits.answerMs), 'LIMIT_ERROR');
    const m = rawOf(arrival);
    const remaining = m?.data?.remaining;
    const limited = m?.messageType === 'SCREEN_CHANGE' && m.screen === 'LIMIT_ERROR';
    const actual = limited ? counted(e, remaining) : m?.messageType === 'SCREEN_CHANGE' && m.screen === 'PAYMENT_METHOD' ? `PAYMENT_METHOD: ${over} was accepted although only ${e.left} must be left of ${e.from} after ${e.story}` : describeArrival(arrival, ctx.waits.answerMs);
    ctx.record(`ledger: ${over} is over the ${e.left} that must be left after ${e.story}`, [...e.requirements, 'FLOW-6'], { ok: limited && remaining === e.left, expected: `LIMIT_ERROR remaining ${e.left}`, actual }, arrival?.event);
    ctx.say.ok(t, 'LIMIT_ERROR');
    await ctx.expectScreen(t, 'AMOUNT_SELECT', { requirements: ['FLOW-14', 'ACT-6'], txn: 'initial' });
  }
  const equalByKeypad = keypad || !s.amounts.includes(e.left);
  if (e.left > 0 && (!equalByKeypad || canKeypad) && (await select(ctx, s, e.left, equalByKeypad))) {
    probed = true;
    const arrival = await ctx.nextAnswer(t, ctx.allow(t, ctx.waits.answerMs), 'PAYMENT_METHOD');
    const m = rawOf(arrival);
    const accepted = m?.messageType === 'SCREEN_CHANGE' && m.screen === 'PAYMENT_METHOD';
    const actual = m?.messageType === 'SCREEN_CHANGE' && m.screen === 'LIMIT_ERROR' ? `LIMIT_ERROR ${counted(e, m.data?.remaining)}` : describeArrival(arrival, ctx.waits.answerMs);
    ctx.record(`ledger: ${e.left}, what must be left after ${e.story}, is accepted`, [...e.requirements, 'FLOW-6'], { ok: accepted, expected: 'PAYMENT_METHOD', actual: accepted ? 'PAYMENT_METHOD' : actual }, arrival?.event);
    // Leave without paying, so the terminal's ledger stays as the case found it.
    if (m?.data?.allowCancel === true) {
      ctx.say.cancel(t, 'PAYMENT_METHOD');
      await expectCancelled(ctx, t, ['FLOW-13']);
    }
  }
  if (!probed) throw new NotApplicable(`cannot probe the daily limit for ${e.left}: neither an offered amount nor the keypad's bounds allow it`);
}

/** Where each screen of one transaction lies on its way (FLOW-7..FLOW-12): a transaction never goes back. */
const STAGE: Record<string, number> = { KEYPAD: 0, PAYMENT_METHOD: 1, PROCESSING: 2, SUCCESS: 3, FAILED: 3, PRINT_TICKET: 4, COLLECT_TICKET: 5, DEVICE_ERROR: 5, THANK_YOU: 6 };

/**
 * Every sign on the wire that the transaction `txn` was processed more than
 * once, over all the case's connections in arrival order: a screen of it
 * earlier on its way than one already shown (PROCESSING or SUCCESS again
 * after a result), or a second, different result. Re-sends of the current
 * screen (FLOW-18) and resumed screens are not moves back.
 */
export function secondCharges(ctx: CaseContext, txn: string): string[] {
  const found: string[] = [];
  let furthest = -1;
  let furthestScreen = '';
  let result: string | undefined;
  ctx.log.events.forEach((e, index) => {
    if (e.direction !== 'received' || e.kind !== 'text') return;
    let m: Loose | undefined;
    try {
      m = JSON.parse(e.data) as Loose;
    } catch {
      return;
    }
    if (m?.messageType !== 'SCREEN_CHANGE' || m.transactionId !== txn || typeof m.screen !== 'string') return;
    const stage = STAGE[m.screen];
    if (stage === undefined) return;
    if (stage < furthest && stage >= STAGE.PROCESSING!) found.push(`${m.screen} after ${furthestScreen} (${e.connection} #${index})`);
    if (stage === STAGE.SUCCESS) {
      if (result !== undefined && result !== m.screen) found.push(`${m.screen} after ${result} (${e.connection} #${index})`);
      result = m.screen;
    }
    if (stage > furthest) {
      furthest = stage;
      furthestScreen = m.screen;
    }
  });
  return found;
}

/** Checks on the wire that `txn` went through PROCESSING and its result once (RES-4). */
export function checkChargedOnce(ctx: CaseContext, txn: string, requirements: string[]): void {
  const moves = secondCharges(ctx, txn);
  ctx.check(`on the wire, transaction ${txn} is processed once`, requirements, moves.length === 0, 'its screens never go back to PROCESSING or to a result once shown', moves.length === 0 ? 'none' : `processed again: ${moves.join('; ')}`);
}

/** The PAYMENT_METHOD action choosing `method` on transaction `txn`, in the run's dialect (ACT-5, DIA-3): what a replay sends again. */
export function methodAction(ctx: CaseContext, t: CertifierTerminal, method: string, txn: string): Record<string, unknown> {
  return ctx.message(t, 'PAYMENT_METHOD', ctx.profile === 'pinto-android-1' ? { selectionMethod: method } : { selectedMethod: method }, txn);
}

/** Codes an ERROR may answer a replayed payment with: UNEXPECTED_ACTION (RES-4), or INVALID_TRANSACTION once the transaction is finished (TXN-4). */
const REPLAY_CODES = ['UNEXPECTED_ACTION', 'INVALID_TRANSACTION'];

/**
 * Follows `t` until it shows AMOUNT_SELECT "initial" (or `ms` pass),
 * passing over STATUS_UPDATEs and the answers to replays; returns the
 * screens it saw. An ERROR other than the codes a replay may get is a WARN.
 */
export async function followToInitial(ctx: CaseContext, t: CertifierTerminal, ms: number): Promise<string[]> {
  const seen: string[] = [];
  const deadline = Date.now() + ctx.allow(t, ms);
  while (!(t.screen === 'AMOUNT_SELECT' && t.transactionId === 'initial')) {
    const arrival = await ctx.nextAnswer(t, Math.max(0, deadline - Date.now()));
    const m = rawOf(arrival);
    if (!arrival || arrival.kind !== 'message') {
      ctx.record(`${t.label} comes back to AMOUNT_SELECT "initial"`, ['FLOW-11'], { ok: false, expected: `AMOUNT_SELECT "initial" within ${ms} ms`, actual: `${describeArrival(arrival, ms)} after ${seen.join(', ') || 'no screen'}` }, arrival?.event);
      return seen;
    }
    if (m?.messageType === 'ERROR') {
      const code = m.data?.errorCode;
      ctx.check('a replayed payment is answered with the current screen or UNEXPECTED_ACTION', ['RES-4'], REPLAY_CODES.includes(String(code)), `the current screen or ERROR ${REPLAY_CODES.join(' or ')}`, `ERROR ${String(code)}`, true);
      continue;
    }
    if (m?.messageType === 'SCREEN_CHANGE') seen.push(String(m.screen));
  }
  return seen;
}

/** Opens a connection, no scenario: what a terminal coming back does (so a limit-remaining is not set again). */
export function reopen(ctx: CaseContext, as: Identity = 'A', options: OpenOptions = {}): Promise<CertifierTerminal> {
  return ctx.open({ as, ...options });
}

/** Waits `ms` (a terminal away, a result reached meanwhile). */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
