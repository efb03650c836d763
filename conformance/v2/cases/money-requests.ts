import { CouldNotRun, NotApplicable } from '../../case-errors.js';
import { finalAmountWithFee } from '../../../kiosk-v2/index.js';
import type { V2Case } from '../case.js';
import { describeScreen, type BooksSale, type OperatorAnswer, type V2CaseContext } from '../context.js';
import type { BackendFrame, KioskFrame, KioskLink } from '../kiosk-link.js';
import type { V2Provider } from '../target.js';
import { showsFlags } from './books-flags.js';
import { printFailure, unknownSaleRecovered } from './flow.js';
import { booksCount, paidToNextCustomer, paySale, resetAnswered, reversalRequestsSince } from './helpers.js';

/**
 * The backend's own messages that move money (V2-M-11, V2-M-12), asked for
 * by an operator through the books endpoint's POST actions, and the books
 * side of the rules flows (h) and (i) check on the wire (V2-M-14, V2-M-9).
 * The kiosk's card terminal is the certifier's own, so what it really did to
 * the card is known, whatever any message says; the books must agree with it.
 */

type Side = 'wire' | 'books';

/** The screens that end a kiosk's ticket window (§5g step 5, M12): each clears its pending-ticket marker. */
const TICKET_CONFIRMED = ['COLLECT_TICKET', 'THANK_YOU', 'AMOUNT_SELECT'];

const confirmsTicket = (m: NonNullable<BackendFrame['message']>): boolean => m.messageType === 'SCREEN_CHANGE' && TICKET_CONFIRMED.includes(String(m.screen));

/** The card provider a case plays: NNSmart where served (its kiosk reverses its last sale whatever a request names, §5h step 4, M11), else Integra. */
function cardProvider(ctx: V2CaseContext): V2Provider {
  if (ctx.target.providers.includes('nnsmart')) return 'nnsmart';
  if (ctx.target.providers.includes('integra')) return 'integra';
  throw new NotApplicable('the target serves no card provider (Integra or NNSmart)');
}

/** Scripts the kiosk's terminal to approve one card sale of `card`. */
function approveSale(link: KioskLink, provider: V2Provider, card: string): void {
  if (provider === 'nnsmart') link.terminal.nnsmartSales.push({ outcome: 'approve', par: card });
  else {
    link.terminal.cardChecks.push({ outcome: 'approve', token: card });
    link.terminal.sales.push({ outcome: 'approve' });
  }
}

/** Two different amounts the kiosk can pay, the smaller first, that fit together in what is left of the card's limit. */
function twoAmounts(ctx: V2CaseContext, link: KioskLink, card: string): [number, number] {
  const first = ctx.smallestAmount(link);
  const screen = link.kiosk.screen;
  const second = screen.name === 'AMOUNT_SELECT' && !screen.showOtherOption ? Math.min(...screen.amounts.filter((a) => a > first)) : first + 1;
  if (!Number.isFinite(second) || ctx.largestAmount(link, second) !== second) throw new NotApplicable(`the kiosk offers no second amount above ${first}`);
  const config = link.kiosk.persisted.deviceConfig;
  const need = finalAmountWithFee(first, config) + finalAmountWithFee(second, config);
  if (need > ctx.left(card)) throw new NotApplicable(`two sales of ${first} and ${second} need ${need} of the card's limit; ${ctx.left(card)} is left`);
  return [first, second];
}

/**
 * Which of the kiosk's card sales, in order, its terminal reversed: what
 * really happened to the card. Integra reverses by the reference the kiosk
 * passes, NNSmart by its own transaction id (§5h step 4).
 */
function reversedOnTerminal(link: KioskLink): boolean[] {
  const records = link.terminal.records;
  const taken = records.filter((r) => (r.operation === 'sale' || r.operation === 'nnsmart-sale') && r.charged === 'taken');
  const reversals = records.filter((r) => r.charged === 'reversed');
  const placed = reversals.filter((r) => taken.some((s) => r.trxId !== undefined && (r.trxId === s.trxId || r.trxId === s.requesterRef)));
  if (placed.length < reversals.length) throw new CouldNotRun(`${link.label}: the terminal reversed a reference that is none of the case's sales (${reversals.map((r) => r.trxId).join(', ')})`);
  return taken.map((s) => reversals.some((r) => r.trxId === s.trxId || r.trxId === s.requesterRef));
}

/** One line for an operator action's answer in a report. */
const said = (answer: OperatorAnswer): string => ('sent' in answer ? 'sent (202)' : `refused (409: ${answer.refused.slice(0, 160)})`);

/** A kiosk's sale that succeeded, with its PAYMENT_RESULT; ERROR when the kiosk reported none. */
function succeeded(link: KioskLink, k7: KioskFrame | undefined): KioskFrame {
  if (k7?.message?.screen !== 'SUCCESS') throw new CouldNotRun(`${link.label}: the kiosk reported no successful sale (${describeScreen(link.kiosk.screen)})`);
  return k7;
}

/**
 * V2-M-11: kiosk A pays two sales of different amounts, then the operator
 * asks for a reversal of the older one. Refused (a legal answer), the
 * operator asks for the kiosk's latest sale, so the sale settles (reversed,
 * or refused again) and a re-run the same day finds the card's budget known.
 */
async function olderSaleReversal(ctx: V2CaseContext, side: Side): Promise<void> {
  const card = await ctx.card(40);
  const provider = cardProvider(ctx);
  const a = await ctx.ready({ provider });
  const amounts = twoAmounts(ctx, a, card);
  const sales: KioskFrame[] = [];
  for (const amount of amounts) {
    approveSale(a, provider, card);
    sales.push(succeeded(a, await paidToNextCustomer(ctx, a, card, amount)));
  }
  const [older, latest] = sales.map((k7) => String(k7.message?.transactionId)) as [string, string];
  const olderRefs = [older, (sales[0]!.message?.data?.paymentDetails as Record<string, unknown> | undefined)?.RequesterTransRefNum].filter((r) => typeof r === 'string' && r !== '');
  const olderNo = ((await ctx.books(card))?.sales ?? []).find((s) => s.transactionId === older)?.saleNo;
  if (olderNo === undefined) throw new NotApplicable(`the books show no sale number for the older sale "${older}"`);
  const from = a.received.length;
  const resets = a.sentOf('USER_ACTION', 'RESET').length;
  const first = await ctx.operate(a, 'reversal-request', { saleNo: olderNo });
  const then = 'refused' in first ? await ctx.operate(a, 'reversal-request') : undefined;
  if ('sent' in first || (then && 'sent' in then)) await a.until(() => a.sentOf('REVERSAL_RESULT').length > 0, ctx.waits.kioskMs(4_000));
  if (side === 'wire') {
    const requests = reversalRequestsSince(ctx, a, from);
    const wrong = requests.filter((r) => {
      const named = r.message?.data?.originalTransactionId;
      return (named !== undefined && named !== null && named !== latest) || olderRefs.includes(r.message?.data?.originalRequesterTransRefNum);
    });
    ctx.check('every reversal request names the kiosk\'s most recent sale', ['V2-M-11'], wrong.length === 0, `originalTransactionId "${latest}" (or none), never the older sale "${older}"`,
      `older sale: ${said(first)}${then ? `; latest sale: ${said(then)}` : ''}; requests: ${requests.map((r) => `${String(r.message?.messageType)} ${JSON.stringify(r.message?.data ?? null)}`).join(', ') || 'none'}`);
  }
  const outcome = a.sentOf('REVERSAL_RESULT').at(-1);
  if (outcome && outcome.message?.screen !== 'NO_SALE_FOUND') await resetAnswered(ctx, a, 4_000, 'after the reversal', resets);
  else await ctx.quiet(ctx.waits.answerMs / 2);
  const reversed = reversedOnTerminal(a);
  // A sale the terminal reversed no longer counts (V2-M-8): the run's budget gets it back.
  amounts.forEach((amount, i) => {
    if (reversed[i]) ctx.leaveCounted(card, -amount);
  });
  if (side === 'books') await booksCount(ctx, card, amounts.filter((_, i) => !reversed[i]), `the books count what the terminal did not reverse (${reversed.map((r, i) => `${amounts[i]} ${r ? 'reversed' : 'paid'}`).join(', ')})`, ['V2-M-11', 'V2-M-8']);
}

/** A card sale on kiosk A, approved and reported SUCCESS (its ticket window open from here, M12). */
async function oneSale(ctx: V2CaseContext): Promise<{ a: KioskLink; card: string; amount: number; k7: KioskFrame }> {
  const card = await ctx.card();
  const provider = cardProvider(ctx);
  const a = await ctx.ready({ provider });
  const amount = ctx.smallestAmount(a);
  approveSale(a, provider, card);
  const k7 = succeeded(a, await paySale(ctx, a, card, amount));
  return { a, card, amount, k7 };
}

/** Backend frames to a kiosk after one it sent (its first answer and on). */
const framesAfter = (link: KioskLink, sent: KioskFrame): BackendFrame[] => link.received.filter((f) => f.event > sent.event);

export const v2MoneyRequestCases: readonly V2Case[] = [
  ...(['wire', 'books'] as const).map((side, i): V2Case => ({
    id: `v2-money/11/${i + 1}`,
    title: `A reversal request for the kiosk's older sale: refused, or the books follow the sale the terminal reversed (${side === 'wire' ? 'on the wire: the requests the kiosk receives' : 'on the books endpoint'})`,
    requirements: ['V2-M-11', 'V2-M-8', 'V2-FLOW-16'],
    level: 'MUST',
    needs: { books: true },
    run: (ctx) => olderSaleReversal(ctx, side),
  })),
  {
    id: 'v2-money/12/1',
    title: 'An operator restart while the kiosk holds a sale (before COLLECT_TICKET): refused, or RESTART_APP only after the ticket is confirmed',
    requirements: ['V2-M-12', 'V2-FLOW-21'],
    level: 'MUST',
    needs: { books: true },
    async run(ctx) {
      const { a, k7 } = await oneSale(ctx);
      // The backend has the sale once its first screen after it comes; the customer leaves the receipt question unanswered (it has no timeout, §5g step 3), so the window stays open.
      await a.until(() => framesAfter(a, k7).some((f) => f.message?.messageType === 'SCREEN_CHANGE'), ctx.waits.afterSaleMs);
      const answer = await ctx.operate(a, 'restart');
      const restarts = (): BackendFrame[] => framesAfter(a, k7).filter((f) => f.message?.messageType === 'RESTART_APP');
      if ('sent' in answer) await a.until(() => restarts().length > 0, ctx.waits.answerMs);
      if (a.kiosk.isAlive && a.kiosk.screen.name === 'RECEIPT_QUESTION') a.kiosk.answerReceipt(false);
      if (a.kiosk.isAlive) await a.until(() => !a.kiosk.isAlive || framesAfter(a, k7).some((f) => f.message?.screen === 'AMOUNT_SELECT'), ctx.waits.afterSaleMs);
      const frames = framesAfter(a, k7);
      const early = restarts().filter((r) => !frames.some((f) => f.event < r.event && f.message !== undefined && confirmsTicket(f.message)));
      ctx.check('no RESTART_APP between the successful sale and COLLECT_TICKET', ['V2-M-12', 'V2-FLOW-21'], early.length === 0, 'a refusal, or RESTART_APP only after COLLECT_TICKET, THANK_YOU or AMOUNT_SELECT',
        `operator restart ${said(answer)}; after the sale: ${frames.map((f) => String(f.message?.messageType === 'SCREEN_CHANGE' ? f.message.screen : f.message?.messageType)).join(' > ') || 'nothing'}`);
    },
  },
  {
    id: 'v2-money/12/2',
    title: 'The link dies before the ticket is confirmed: the kiosk reverses the sale on its own, the books count it no more and void its ticket (on the books endpoint)',
    requirements: ['V2-M-12', 'V2-M-8', 'V2-TRN-11'],
    level: 'MUST',
    needs: { books: true },
    async run(ctx) {
      const { a, card, amount, k7 } = await oneSale(ctx);
      // The backend confirms the printed ticket; the link dies with that frame in flight and stays down past the kiosk's 20 s grace (§5g step 6).
      a.dropAndGoOffline = confirmsTicket;
      await a.until(() => a.kiosk.screen.name === 'RECEIPT_QUESTION' || a.offline, ctx.waits.afterSaleMs);
      if (!a.offline && a.kiosk.screen.name === 'RECEIPT_QUESTION') a.kiosk.answerReceipt(false);
      if (!(await a.until(() => a.offline, ctx.waits.afterSaleMs))) throw new CouldNotRun(`${a.label}: the backend never confirmed the ticket (${describeScreen(a.kiosk.screen)})`);
      await a.until(() => a.kiosk.persisted.pendingCriticalMessage !== undefined || a.sentOf('REVERSAL_RESULT').length > 0, ctx.waits.kioskMs(24_000));
      a.offline = false;
      const reported = await a.until(() => a.sentOf('REVERSAL_RESULT').length > 0, ctx.waits.kioskMs(7_000));
      await ctx.quiet(ctx.waits.answerMs / 2);
      const reversed = reversedOnTerminal(a)[0] === true;
      if (reversed && !reported) throw new CouldNotRun(`${a.label}: the kiosk reversed the sale and never delivered its result`);
      if (reversed) ctx.leaveCounted(card, -amount);
      await booksCount(ctx, card, reversed ? 0 : amount, reversed ? 'the sale the kiosk reversed on its own no longer counts' : 'the sale the kiosk kept still counts', ['V2-M-12', 'V2-M-8']);
      if (!reversed) return;
      const sale: BooksSale | undefined = ((await ctx.books(card))?.sales ?? []).find((s) => s.transactionId === k7.message?.transactionId);
      // How a printed ticket is voided is open (pinto-android-2.md §9.8 "how a printed ticket is voided after a ticket-recovery reversal"): any mark of it passes, none WARNs.
      ctx.check('the reversed sale\'s printed ticket is void on the books', ['V2-M-12', 'V2-OPEN-8'], sale !== undefined && (sale.ticket === 'void' || (sale.flags ?? []).some((f) => /void/i.test(f))),
        'ticket "void" or a void flag on the sale', sale ? `ticket ${JSON.stringify(sale.ticket ?? null)}, flags ${JSON.stringify(sale.flags ?? [])}` : 'the sale is not on the card', true);
    },
  },
  {
    id: 'v2-flow/h/2',
    title: 'Printer fault, on the books endpoint: the sale the kiosk reversed after the print failure no longer counts on the card',
    requirements: ['V2-M-14', 'V2-M-8', 'V2-FLOW-16'],
    level: 'MUST',
    needs: { provider: 'integra', scenario: 'printer-fault', books: true },
    async run(ctx) {
      const { link, card, amount, asked } = await printFailure(ctx);
      if (asked) await resetAnswered(ctx, link, 6_000, 'after the reversal');
      const reversed = reversedOnTerminal(link)[0] === true;
      if (!reversed) ctx.leaveCounted(card, amount);
      await booksCount(ctx, card, reversed ? 0 : amount, reversed ? 'the sale reversed after the print failure no longer counts' : 'the sale the terminal did not reverse still counts', ['V2-M-14', 'V2-M-8']);
    },
  },
  {
    id: 'v2-flow/i/2',
    title: 'Recovery after a restart, on the books endpoint: the result for a sale the backend never heard of is recorded and flagged',
    requirements: ['V2-M-9', 'V2-FLOW-18'],
    level: 'MUST',
    needs: { provider: 'nnsmart', books: true },
    async run(ctx) {
      const recovered = await unknownSaleRecovered(ctx);
      if (!recovered) return;
      const { link, result, resets } = recovered;
      await resetAnswered(ctx, link, 4_000, 'after the recovery', resets);
      const id = String(result.message?.data?.originalTransactionId ?? result.message?.transactionId);
      const sale = ((await ctx.booksRead<BooksSale[]>('/v2/sales')) ?? []).find((s) => s.transactionId === id);
      const record = ((await ctx.booksRead<Array<{ transactionId?: string; originalTransactionId?: string | null; flag?: string | null }>>('/v2/reversals')) ?? []).find((r) => r.originalTransactionId === id || r.transactionId === id);
      const found = `sale ${sale ? `${sale.state}, flags ${JSON.stringify(sale.flags ?? [])}` : 'none'}; reversal result ${record ? `flag ${JSON.stringify(record.flag ?? null)}` : 'none'}`;
      ctx.check('the recovery result for the unknown sale is on the books', ['V2-M-9'], sale !== undefined || record !== undefined, `a sale or a reversal result for "${id}" (GET /v2/sales, /v2/reversals)`, found);
      const shown = showsFlags([sale, record]);
      ctx.check('the record of the unknown sale is flagged', ['V2-M-9'], (sale?.flags ?? []).length > 0 || Boolean(record?.flag), 'a flag on the sale or on its reversal result', `${found}${shown ? '' : ' (these books show no flags field: WARN, not FAIL)'}`, !shown);
    },
  },
];
