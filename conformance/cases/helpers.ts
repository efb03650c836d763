import type { ServerMessage } from '../../protocol/types/generated.js';
import type { CaseContext, OpenOptions } from '../context.js';
import type { CertifierTerminal } from '../certifier-terminal.js';
import { describeArrival } from '../verifiers.js';

/** Data of a SCREEN_CHANGE as the runner reads it (already schema-checked by the frame checker). */
type Data = Record<string, unknown>;

/** A terminal on AMOUNT_SELECT "initial", with the amounts the backend offers. */
export interface Started {
  t: CertifierTerminal;
  amounts: number[];
  showOtherOption: boolean;
}

/** Opens a connection and expects AMOUNT_SELECT "initial" within 1 s (FLOW-1). */
export async function start(ctx: CaseContext, options: OpenOptions = {}, requirements: string[] = ['FLOW-1']): Promise<Started> {
  const t = await ctx.open(options);
  const screen = await ctx.expectScreen(t, 'AMOUNT_SELECT', { requirements, txn: 'initial', title: `${t.label} opens on AMOUNT_SELECT "initial"` });
  return { t, ...amountsOf(screen) };
}

/** The offered amounts of an AMOUNT_SELECT screen, sorted ascending (never guessed: read from the screen). */
export function amountsOf(screen: ServerMessage | undefined): { amounts: number[]; showOtherOption: boolean } {
  const data = (screen?.data ?? {}) as Data;
  const amounts = Array.isArray(data.amounts) ? data.amounts.filter((a): a is number => Number.isInteger(a)).sort((a, b) => a - b) : [];
  return { amounts, showOtherOption: data.showOtherOption === true };
}

/** The smallest offered amount, or a failed check when the screen offered none. */
export function smallest(ctx: CaseContext, started: Started): number {
  const amount = started.amounts[0];
  ctx.check('AMOUNT_SELECT offers at least one amount', ['SCR-1'], amount !== undefined, 'amounts with at least one integer', JSON.stringify(started.amounts));
  return amount as number;
}

/** A positive integer that the screen did not offer. */
export function unoffered(amounts: number[]): number {
  let candidate = (amounts[0] ?? 10) + 1;
  while (amounts.includes(candidate)) candidate++;
  return candidate;
}

/** Selects the smallest preset and expects PAYMENT_METHOD with an assigned transaction id (FLOW-2, TXN-1). */
export async function toPaymentMethod(ctx: CaseContext, started: Started): Promise<ServerMessage> {
  ctx.say.preset(started.t, smallest(ctx, started));
  return ctx.expectScreen(started.t, 'PAYMENT_METHOD', { requirements: ['FLOW-2', 'ACT-1', 'TXN-1'], txn: { not: ['initial'] } });
}

/** Selects OTHER and expects KEYPAD (FLOW-3). */
export async function toKeypad(ctx: CaseContext, started: Started): Promise<ServerMessage> {
  ctx.check('AMOUNT_SELECT offers OTHER', ['SCR-1', 'ACT-2'], started.showOtherOption, 'showOtherOption true (the target declares otherKeypad)', `showOtherOption ${String(started.showOtherOption)}`);
  ctx.say.other(started.t);
  return ctx.expectScreen(started.t, 'KEYPAD', { requirements: ['FLOW-3', 'ACT-2'], txn: { not: ['initial'] } });
}

/** The methods a PAYMENT_METHOD screen offers. */
export function methodsOf(screen: ServerMessage | undefined): string[] {
  const methods = ((screen?.data ?? {}) as Data).methods;
  return Array.isArray(methods) ? methods.filter((m): m is string => typeof m === 'string') : [];
}

/** Picks DEBIT_CARD when offered, else the first method. */
export function firstMethod(screen: ServerMessage | undefined): string {
  const methods = methodsOf(screen);
  return methods.includes('DEBIT_CARD') ? 'DEBIT_CARD' : (methods[0] ?? 'DEBIT_CARD');
}

/** Selects a method and expects PROCESSING at once (FLOW-7). */
export async function toProcessing(ctx: CaseContext, t: CertifierTerminal, method: string): Promise<ServerMessage> {
  const txn = t.transactionId;
  ctx.say.method(t, method);
  return ctx.expectScreen(t, 'PROCESSING', { requirements: ['FLOW-7', 'ACT-5', 'FLOW-17', 'TXN-2'], ...(txn ? { txn } : {}) });
}

/**
 * Starts a cycle under an id the terminal made up (TXN-1): selects the
 * smallest amount with it, expects PAYMENT_METHOD carrying it, and picks the
 * first method (PROCESSING). Returns the id.
 */
export async function payUnderOwnId(ctx: CaseContext, started: Started, requirements: string[]): Promise<string> {
  const id = ctx.newTransactionId();
  ctx.say.preset(started.t, smallest(ctx, started), id);
  const pm = await ctx.expectScreen(started.t, 'PAYMENT_METHOD', { requirements, txn: id });
  await toProcessing(ctx, started.t, firstMethod(pm));
  return id;
}

/** Selects the smallest preset, then the preferred method: PAYMENT_METHOD, then PROCESSING (FLOW-2, FLOW-7). */
export async function presetToProcessing(ctx: CaseContext, started: Started): Promise<{ pm: ServerMessage; method: string }> {
  const pm = await toPaymentMethod(ctx, started);
  const method = firstMethod(pm);
  await toProcessing(ctx, started.t, method);
  return { pm, method };
}

/** A payment that the scenario makes fail: from AMOUNT_SELECT to the FAILED screen, returned. */
export async function payToFailed(ctx: CaseContext, started: Started, requirements: string[], within = ctx.waits.resultMs): Promise<ServerMessage> {
  await presetToProcessing(ctx, started);
  return ctx.expectScreen(started.t, 'FAILED', { requirements, within });
}

/** One field of a message's data, as received (unknown until checked). */
export function dataField(message: ServerMessage | undefined, field: string): unknown {
  return ((message?.data ?? {}) as Data)[field];
}

/** A full approved payment from AMOUNT_SELECT to SUCCESS; returns the transaction id. */
export async function payToSuccess(ctx: CaseContext, started: Started): Promise<{ txn: string; showReceipt: boolean; method: string }> {
  const { method } = await presetToProcessing(ctx, started);
  const txn = started.t.transactionId as string;
  const success = await ctx.expectScreen(started.t, 'SUCCESS', { requirements: ['FLOW-8', 'TXN-2', 'SCR-5'], within: ctx.waits.resultMs, txn });
  return { txn, showReceipt: dataField(success, 'showReceipt') !== false, method };
}

/** A step asserting that every server frame so far passed the schemas (SEC-2). */
export function framesValid(ctx: CaseContext, requirements: string[]): void {
  const errors = ctx.log.schemaErrors;
  ctx.check('every server frame so far is valid', requirements, errors.length === 0, 'no schema errors', errors.length === 0 ? 'none' : `${errors.length}, first: ${errors[0]?.path || '(message)'} ${errors[0]?.message} [${errors[0]?.requirement}]`);
}

/** After SUCCESS, follows the server-driven steps back to AMOUNT_SELECT "initial" (FLOW-11, FLOW-19). */
export async function followReceipt(ctx: CaseContext, t: CertifierTerminal, showReceipt: boolean): Promise<void> {
  const within = ctx.waits.stepMs;
  let prints = showReceipt;
  if (!showReceipt) {
    // FLOW-11 (a source) prints after every SUCCESS; skipping the ticket when showReceipt is false is the
    // project's reading (FLOW-19, a SHOULD): both are accepted, printing anyway is a WARN.
    const next = await ctx.nextAnswer(t, ctx.allow(t, within));
    const screen = next?.kind === 'message' ? (next.raw as { messageType?: unknown; screen?: unknown }) : undefined;
    prints = screen?.messageType === 'SCREEN_CHANGE' && screen.screen === 'PRINT_TICKET';
    const thanks = screen?.messageType === 'SCREEN_CHANGE' && screen.screen === 'THANK_YOU';
    ctx.record('after SUCCESS: PRINT_TICKET (FLOW-11) or THANK_YOU (showReceipt false, FLOW-19)', ['FLOW-11'], { ok: prints || thanks, expected: `SCREEN_CHANGE PRINT_TICKET or THANK_YOU within ${within} ms`, actual: describeArrival(next, within) }, next?.event);
    ctx.check('showReceipt false skips printing', ['FLOW-19'], thanks, 'THANK_YOU after SUCCESS', 'PRINT_TICKET after SUCCESS', true);
    if (prints) await ctx.expectScreen(t, 'COLLECT_TICKET', { requirements: ['FLOW-11'], within });
    if (prints) await ctx.expectScreen(t, 'THANK_YOU', { requirements: ['FLOW-11'], within });
  } else {
    await ctx.expectScreen(t, 'PRINT_TICKET', { requirements: ['FLOW-11'], within });
    await ctx.expectScreen(t, 'COLLECT_TICKET', { requirements: ['FLOW-11'], within });
    await ctx.expectScreen(t, 'THANK_YOU', { requirements: ['FLOW-11'], within });
  }
  await ctx.expectScreen(t, 'AMOUNT_SELECT', { requirements: ['FLOW-11', 'ENV-7'], within, txn: 'initial' });
}

/**
 * After ctx.say.cancel: the terminal is back on AMOUNT_SELECT "initial"
 * (FLOW-13). In the dialect the CANCEL + RESET pair gets two answers (FLOW-17)
 * and either message may be the one that cancels (DIA-4); the other is
 * answered with the current screen, or with an ERROR, which DIA-10 (a project
 * reading) warns about because the shipped client shows FAILED for any ERROR.
 */
export async function expectCancelled(ctx: CaseContext, t: CertifierTerminal, requirements: string[]): Promise<void> {
  if (ctx.profile !== 'pinto-android-1') {
    await ctx.expectScreen(t, 'AMOUNT_SELECT', { requirements, txn: 'initial', title: 'cancel leads to AMOUNT_SELECT "initial"' });
    return;
  }
  const answers: string[] = [];
  let errors = 0;
  const deadline = Date.now() + ctx.allow(t, ctx.waits.answerMs);
  while (answers.length < 2) {
    const arrival = await t.next(Math.max(0, deadline - Date.now()));
    if (arrival?.kind === 'message' && arrival.status) continue;
    if (!arrival || arrival.kind !== 'message') {
      answers.push(describeArrival(arrival, ctx.waits.answerMs));
      break;
    }
    const m = arrival.raw as { messageType?: unknown } | undefined;
    if (m?.messageType === 'ERROR') errors++;
    answers.push(describeArrival(arrival));
  }
  const back = t.screen === 'AMOUNT_SELECT' && t.transactionId === 'initial';
  ctx.check('the CANCEL + RESET pair leaves the terminal on AMOUNT_SELECT "initial"', [...requirements, 'DIA-4'], back, 'AMOUNT_SELECT "initial" after both answers', `${t.screen ?? 'no screen'} "${t.transactionId ?? ''}" after: ${answers.join('; ')}`);
  ctx.check('each message of the pair gets an answer', ['FLOW-17', 'DIA-4'], answers.length === 2 && !answers.some((a) => a.startsWith('nothing') || a.startsWith('connection closed')), 'two answers: SCREEN_CHANGE or ERROR', answers.join('; '));
  ctx.check('the message that does not cancel is answered with the current screen, not an ERROR', ['DIA-10'], errors === 0, 'no ERROR', answers.join('; '), true);
}
