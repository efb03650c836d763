import { CouldNotRun } from '../../case-errors.js';
import { isHard } from '../../grounds.js';
import type { V2CaseContext } from '../context.js';
import { describeScreen } from '../context.js';
import type { BackendFrame, KioskFrame, KioskLink } from '../kiosk-link.js';
import { finalAmountWithFee, type PlanetStep } from '../../../kiosk-v2/index.js';

/** Whether a LIMIT_CHECK_RESULT approves: "APPROVED" in any letter case (V2-BAK-4). */
export const approves = (screen: unknown): boolean => typeof screen === 'string' && screen.toUpperCase() === 'APPROVED';

/** Waits for the kiosk's next CARD_CHECK_RESULT (K6) after `before` of them; ERROR when the kiosk never sends it. */
export async function nextCardCheck(ctx: V2CaseContext, link: KioskLink, before: number, ms: number): Promise<KioskFrame> {
  const sent = await link.until(() => link.sentOf('CARD_CHECK_RESULT').length > before, ms);
  const frame = link.sentOf('CARD_CHECK_RESULT')[before];
  if (!sent || !frame) throw new CouldNotRun(`${link.label}: the kiosk sent no CARD_CHECK_RESULT (${describeScreen(link.kiosk.screen)})`);
  return frame;
}

/**
 * The backend's answer to one K6: exactly one LIMIT_CHECK_RESULT echoing its
 * transactionId (V2-FLOW-9, V2-TXN-3). Returns its screen (the verdict).
 */
export async function limitAnswer(ctx: V2CaseContext, link: KioskLink, k6: KioskFrame): Promise<string> {
  const id = k6.message?.transactionId as string;
  const from = link.received.findIndex((f) => f.event > k6.event);
  const start = from === -1 ? link.received.length : from;
  const came = await link.until(() => ctx.framesOf(link, 'LIMIT_CHECK_RESULT', undefined, start).length > 0, ctx.waits.answerMs);
  const answer = ctx.framesOf(link, 'LIMIT_CHECK_RESULT', undefined, start)[0];
  // The K6 is d540407's pretty-printed frame (V2-KIO-6, V2-ENV-5), sent after a card method that sent nothing (V2-FLOW-7): an answer shows the backend took it.
  ctx.check('one LIMIT_CHECK_RESULT answers the CARD_CHECK_RESULT, with its transactionId', ['V2-FLOW-9', 'V2-TXN-3', 'V2-KIO-6', 'V2-ENV-5', 'V2-FLOW-7'], came && answer?.message?.transactionId === id,
    `LIMIT_CHECK_RESULT transactionId "${id}" within ${ctx.waits.answerMs} ms`, answer ? `LIMIT_CHECK_RESULT ${String(answer.message?.screen)} transactionId "${String(answer.message?.transactionId)}"` : `nothing within ${ctx.waits.answerMs} ms`);
  return String(answer?.message?.screen);
}

/** Exactly one LIMIT_CHECK_RESULT for each K6 the kiosk sent, none repeated (V2-M-3); checked after a quiet moment. */
export async function oneAnswerEach(ctx: V2CaseContext, link: KioskLink): Promise<void> {
  await ctx.quiet(ctx.waits.answerMs / 2);
  for (const k6 of link.sentOf('CARD_CHECK_RESULT')) {
    const id = k6.message?.transactionId as string;
    const answers = ctx.framesOf(link, 'LIMIT_CHECK_RESULT', id).length;
    ctx.check('exactly one LIMIT_CHECK_RESULT per CARD_CHECK_RESULT', ['V2-M-3'], answers === 1, `one LIMIT_CHECK_RESULT for transactionId "${id}"`, `${answers}`);
  }
}

/** The backend's REVERSAL_REQUESTs and REFUND_REQUESTs to a kiosk since frame `from` (flow h), in order. */
export function reversalRequestsSince(ctx: V2CaseContext, link: KioskLink, from: number): BackendFrame[] {
  return link.framesSince(from, (m) => m.messageType === 'REVERSAL_REQUEST' || m.messageType === 'REFUND_REQUEST');
}

/** No ERROR from the backend on this kiosk since frame `from` (V2-ERR-1, and the rule named). */
export function noError(ctx: V2CaseContext, link: KioskLink, requirements: string[], what: string, from = 0): void {
  const errors = ctx.framesOf(link, 'ERROR', undefined, from);
  ctx.check(`no ERROR ${what}`, ['V2-ERR-1', ...requirements], errors.length === 0, 'no ERROR frame', errors.length === 0 ? 'none' : errors[0]!.text.slice(0, 200));
}

/**
 * Every backend frame of the case so far is one d540407 parses and acts on (the v2 schemas, which name the rule
 * each problem breaks; v1's framesValid), and none was binary (V2-TRN-4). Problems under a SHOULD only are left
 * to the runner's frame rules, which WARN on them.
 */
export function backendFramesValid(ctx: V2CaseContext, requirements: string[]): void {
  const errors = ctx.log.schemaErrors.filter((e) => isHard([e.requirement]));
  const first = errors[0];
  ctx.check('every backend frame so far is one the kiosk parses and acts on', requirements, errors.length === 0, 'no problem under a MUST on any backend frame', first ? `${errors.length}, first: frame #${first.event} ${first.path || '(message)'} ${first.message} [${first.requirement}]` : 'none');
  const binary = ctx.kiosks.reduce((n, k) => n + k.binaryFrames, 0);
  ctx.check('every backend message is a text frame', ['V2-TRN-4'], binary === 0, 'no binary frame (the kiosk ignores them)', `${binary} binary frames`);
}

/**
 * After a successful sale the backend drives the kiosk on: RECEIPT_QUESTION
 * (answered NO) or PRINT_TICKET, then COLLECT_TICKET, THANK_YOU and
 * AMOUNT_SELECT (V2-FLOW-13, V2-SCR-4). Returns the frames seen.
 */
export async function ticketToNextCustomer(ctx: V2CaseContext, link: KioskLink, from: number): Promise<void> {
  const ms = ctx.waits.afterSaleMs;
  await link.until(() => ['RECEIPT_QUESTION', 'PRINT_TICKET', 'COLLECT_TICKET', 'THANK_YOU', 'AMOUNT_SELECT'].includes(link.kiosk.screen.name) && ctx.framesOf(link, 'SCREEN_CHANGE', undefined, from).length > 0, ms);
  if (link.kiosk.screen.name === 'RECEIPT_QUESTION') link.kiosk.answerReceipt(false);
  const back = await link.until(() => ctx.framesOf(link, 'SCREEN_CHANGE', undefined, from).some((f) => f.message?.screen === 'AMOUNT_SELECT'), ms);
  const screens = ctx.framesOf(link, 'SCREEN_CHANGE', undefined, from).map((f) => String(f.message?.screen));
  // It goes on from d540407's PAYMENT_RESULT (V2-KIO-7, V2-KIO-8) and RECEIPT_RESPONSE (V2-KIO-5), each under the id of the backend's last message (V2-TXN-1).
  ctx.check('after the sale the backend drives the kiosk through the ticket to AMOUNT_SELECT', ['V2-FLOW-13', 'V2-SCR-4', 'V2-FLOW-24', 'V2-KIO-7', 'V2-KIO-8', 'V2-KIO-5', 'V2-TXN-1'], back && screens.includes('COLLECT_TICKET') && screens.includes('THANK_YOU'),
    `RECEIPT_QUESTION or PRINT_TICKET, then COLLECT_TICKET, THANK_YOU, AMOUNT_SELECT within ${ms} ms`, screens.length > 0 ? screens.join(' > ') : 'no screen');
}

/**
 * A card sale the terminal approves, up to its PAYMENT_RESULT: the card
 * check (K6, this kiosk's next one) answered APPROVED with the limit left
 * for `amount`, and the sale reported (Integra and NNSmart alike once the
 * card is presented). Returns the kiosk's PAYMENT_RESULT, undefined when it
 * sent none.
 */
export async function paySale(ctx: V2CaseContext, link: KioskLink, card: string, amount: number): Promise<KioskFrame | undefined> {
  const checks = link.sentOf('CARD_CHECK_RESULT').length;
  const results = link.sentOf('PAYMENT_RESULT').length;
  await ctx.payByCard(link, amount);
  const k6 = await nextCardCheck(ctx, link, checks, ctx.waits.kioskMs(2_000));
  const verdict = await limitAnswer(ctx, link, k6);
  ctx.check('a card with the limit left for the amount is APPROVED', ['V2-M-1'], approves(verdict), 'LIMIT_CHECK_RESULT APPROVED', verdict);
  const paid = await link.until(() => link.sentOf('PAYMENT_RESULT').length > results, ctx.waits.kioskMs(2_000));
  if (paid) ctx.leaveCounted(card, amount);
  return link.sentOf('PAYMENT_RESULT')[results];
}

/** A paid sale (paySale), then the ticket steps to the next customer, one answer per card check. Returns the kiosk's PAYMENT_RESULT. */
export async function paidToNextCustomer(ctx: V2CaseContext, link: KioskLink, card: string, amount: number): Promise<KioskFrame | undefined> {
  const k7 = await paySale(ctx, link, card, amount);
  await ticketToNextCustomer(ctx, link, link.received.length);
  await oneAnswerEach(ctx, link);
  backendFramesValid(ctx, saleFrameRules);
  return k7;
}

/**
 * The rules of the backend's frames a whole sale shows (configuration, AMOUNT_SELECT, PAYMENT_METHOD,
 * LIMIT_CHECK_RESULT, the ticket screens, and any ERROR or STATUS_UPDATE that comes): the v2 schemas state
 * them, and every problem names one of them.
 */
const saleFrameRules = ['V2-ENV-1', 'V2-ENV-2', 'V2-ENV-3', 'V2-MSG-1', 'V2-MSG-2', 'V2-BAK-1', 'V2-BAK-2', 'V2-BAK-3', 'V2-BAK-4', 'V2-BAK-6', 'V2-BAK-9', 'V2-BAK-10', 'V2-BAK-11', 'V2-SCR-1', 'V2-AMT-1', 'V2-ERR-4'];
/** What paidToNextCustomer checks besides the case's own flow: the card method, the ticket screens driven on, d540407's K5-K7 taken, every frame. */
export const paidToNextCustomerRules = ['V2-FLOW-7', 'V2-FLOW-24', 'V2-SCR-4', 'V2-KIO-5', 'V2-KIO-6', 'V2-KIO-7', 'V2-KIO-8', 'V2-ENV-5', 'V2-TXN-1', 'V2-TRN-4', ...saleFrameRules];

/**
 * Waits for AMOUNT_SELECT after the kiosk's RESET number `resets` (default: its next one) (V2-FLOW-22, and d540407's
 * RESET form: V2-KIO-4, V2-ENV-4): its timers send one after FAILED, LIMIT_ERROR and reversals (`also`: V2-SCR-7 then).
 */
export async function resetAnswered(ctx: V2CaseContext, link: KioskLink, timerMs: number, why: string, resets = link.sentOf('USER_ACTION', 'RESET').length, also: string[] = []): Promise<void> {
  const sent = await link.until(() => link.sentOf('USER_ACTION', 'RESET').length > resets, ctx.waits.kioskMs(timerMs));
  if (!sent) throw new CouldNotRun(`${link.label}: the kiosk sent no RESET ${why} (${describeScreen(link.kiosk.screen)})`);
  const reset = link.sentOf('USER_ACTION', 'RESET')[resets]!;
  const from = link.received.filter((f) => f.event < reset.event).length;
  const back = await link.until(() => ctx.framesOf(link, 'SCREEN_CHANGE', undefined, from).some((f) => f.message?.screen === 'AMOUNT_SELECT'), ctx.waits.answerMs);
  ctx.check(`the RESET ${why} is answered with AMOUNT_SELECT`, ['V2-FLOW-22', 'V2-KIO-4', 'V2-ENV-4', ...also], back, `SCREEN_CHANGE AMOUNT_SELECT within ${ctx.waits.answerMs} ms`, describeScreen(link.kiosk.screen));
}

/**
 * Reads a card's counted amount through the books endpoint and checks it (the
 * books side of a money rule). `expected` is what the case left counted, as
 * the amount it chose on the kiosk. Both readings V2-OPEN-1 leaves open pass
 * (pinto-android-2.md §9.1 "whether the fee part of `selectedAmount` counts
 * (M1)"): the chosen amount, or the amount the kiosk sent with its fee. The
 * day is the books' own (their day label of the card's newest sale), and the
 * base is what the books counted on that day when the case leased the card.
 * `times`: how many times the sale may legally count (a repeated SUCCESS,
 * V2-OPEN-5).
 */
export async function booksCount(ctx: V2CaseContext, card: string, expected: number | readonly number[], title: string, requirements: string[], soft = false, times: readonly number[] = [1]): Promise<void> {
  const read = await ctx.booksToday(card);
  if (!read) return;
  const day = read.day ?? '';
  // What earlier runs left on a listed card is the base; the case's own effect comes on top.
  const base = card === 'null' ? 0 : (ctx.countedAtLease(card, day) ?? ctx.target.dailyLimitPerCard - ctx.left(card));
  // Each sale carries its own fee: a FIXED fee counts once per sale, not once on their sum.
  const sales = typeof expected === 'number' ? [expected] : expected;
  const sum = (amounts: readonly number[]): number => amounts.reduce((a, b) => a + b, 0);
  const each = [sum(sales), ...ctx.kiosks.map((k) => sum(sales.map((a) => finalAmountWithFee(a, k.kiosk.persisted.deviceConfig))))];
  const legal = [...new Set(times.flatMap((n) => each.map((e) => base + n * e)))];
  ctx.check(title, requirements, legal.includes(read.counted), `the books count ${legal.join(' or ')} on the card today (spent + reserved${legal.length > 1 ? '; the fee counted or not, V2-OPEN-1' : ''}${base > 0 ? `; ${base} from before the case` : ''})`, `spent ${read.spent}, reserved ${read.reserved}, counted ${read.counted} (day ${read.day ?? '?'}; sales: ${(read.sales ?? []).map((x) => `${x.amount} ${x.state}`).join(', ') || 'none'})`, soft);
}

/** A leased card and an Integra kiosk on AMOUNT_SELECT whose terminal approves the card check and then does `sale`; the smallest amount the kiosk can pay. */
export async function integraSale(ctx: V2CaseContext, sale: PlanetStep): Promise<{ card: string; link: KioskLink; amount: number }> {
  const card = await ctx.card();
  const link = await ctx.ready({ provider: 'integra' });
  link.terminal.cardChecks.push({ outcome: 'approve', token: card });
  link.terminal.sales.push(sale);
  return { card, link, amount: ctx.smallestAmount(link) };
}
