import { NotApplicable } from '../../case-errors.js';
import type { V2Case } from '../case.js';
import type { V2CaseContext } from '../context.js';
import { describeScreen } from '../context.js';
import type { PlanetStep } from '../../../kiosk-v2/index.js';
import type { KioskLink } from '../kiosk-link.js';
import type { V2Provider } from '../target.js';
import { approves, booksCount, limitAnswer, nextCardCheck, resetAnswered } from './helpers.js';
import { anomalyKept } from './books-flags.js';

/** How long a held sale keeps its reservation open on the terminal, kiosk ms (well inside the terminal's 120 s). */
export const HOLD_MS = 20_000;

/**
 * One card payment from AMOUNT_SELECT to the backend's verdict on its K6.
 * `sale` scripts what the terminal does next (Integra: the sale; NNSmart:
 * the cancellation after a rejection). Returns the verdict.
 */
export async function cardCheck(ctx: V2CaseContext, link: KioskLink, provider: V2Provider, token: string | null, amount: number, sale: PlanetStep = { outcome: 'decline' }, cancelOk = true): Promise<string> {
  const before = link.sentOf('CARD_CHECK_RESULT').length;
  if (provider === 'integra') {
    link.terminal.cardChecks.push({ outcome: 'approve', token });
    link.terminal.sales.push(sale);
  } else {
    link.terminal.nnsmartSales.push({ outcome: 'approve', par: token });
    link.terminal.nnsmartCancels.push({ outcome: cancelOk ? 'ok' : 'fail' });
  }
  await ctx.payByCard(link, amount);
  const k6 = await nextCardCheck(ctx, link, before, ctx.waits.kioskMs(2_000));
  return limitAnswer(ctx, link, k6);
}

/** Waits until the kiosk is back on AMOUNT_SELECT after its payment ended (FAILED, LIMIT_ERROR or a reversal, then its RESET). */
export async function backToAmounts(ctx: V2CaseContext, link: KioskLink, why: string, also: string[] = []): Promise<void> {
  const last = link.sentOf('CARD_CHECK_RESULT').at(-1)?.event ?? -1;
  const back = await link.until(() => link.kiosk.screen.name === 'AMOUNT_SELECT' && link.received.some((f) => f.event > last && f.message?.screen === 'AMOUNT_SELECT'), ctx.waits.kioskMs(HOLD_MS + 8_000));
  ctx.check(`the kiosk's RESET ${why} is answered with AMOUNT_SELECT`, ['V2-FLOW-22', ...also], back, 'SCREEN_CHANGE AMOUNT_SELECT after the payment ended', describeScreen(link.kiosk.screen));
}

/** The two amounts of a limit case: `whole` fills the card's limit (or as much as the keypad allows), `small` tips it over. */
function amounts(ctx: V2CaseContext, link: KioskLink, limit: number): { whole: number; small: number } {
  const whole = ctx.largestAmount(link, limit);
  const small = ctx.smallestAmount(link);
  if (whole + small <= limit) throw new NotApplicable(`the kiosk cannot reach the card's limit ${limit} in two payments (largest ${whole}, smallest ${small})`);
  return { whole, small };
}

export type Side = 'wire' | 'books';

/**
 * A money rule checked twice: on the wire (later card checks show what is left) and on the books endpoint.
 * `sideRequirements`: rules only one side's checks cite, besides the common ones.
 */
export function bothSides(base: string, title: string, requirements: string[], kiosks: 1 | 2, provider: V2Provider | undefined, body: (ctx: V2CaseContext, side: Side) => Promise<void>, scenario?: string, sideRequirements: Partial<Record<Side, string[]>> = {}): V2Case[] {
  return (['wire', 'books'] as const).map((side, i) => ({
    id: `${base}/${i + 1}`,
    title: `${title} (${side === 'wire' ? 'on the wire: later card checks' : 'on the books endpoint'})`,
    requirements: [...requirements, ...(sideRequirements[side] ?? [])],
    level: 'MUST' as const,
    needs: { kiosks, ...(provider ? { provider } : {}), ...(side === 'books' ? { books: true } : {}), ...(scenario ? { scenario } : {}) },
    run: (ctx: V2CaseContext) => body(ctx, side),
  }));
}

/** Kiosk A holds a reservation of `whole` on the card: approved, its sale slow and then declined (released by K7 FAILED). */
export async function holdOn(ctx: V2CaseContext, card: string | null, provider: V2Provider = 'integra'): Promise<{ a: KioskLink; whole: number; small: number; verdict: string }> {
  const a = await ctx.ready({ as: 'A', provider });
  const { whole, small } = amounts(ctx, a, card === null ? ctx.target.dailyLimitPerCard : ctx.left(card));
  const verdict = await cardCheck(ctx, a, 'integra', card, whole, { outcome: 'decline', afterMs: HOLD_MS });
  return { a, whole, small, verdict };
}

/** Waits for A's held sale to end with PAYMENT_RESULT FAILED. */
export async function released(ctx: V2CaseContext, a: KioskLink): Promise<void> {
  await a.until(() => a.sentOf('PAYMENT_RESULT', 'FAILED').length > 0, ctx.waits.kioskMs(HOLD_MS + 2_000));
  await ctx.quiet(ctx.waits.answerMs / 4);
}

export const v2MoneyCases: readonly V2Case[] = [
  ...bothSides('v2-money/1', 'Per-card limit across two kiosks: a reservation on one kiosk counts on the other; PAYMENT_RESULT FAILED releases it', ['V2-M-1', 'V2-M-4'], 2, 'integra', async (ctx, side) => {
    const card = await ctx.card();
    const limit = ctx.left(card);
    const { a, whole, small, verdict } = await holdOn(ctx, card);
    ctx.check('a card with its whole limit left is APPROVED', ['V2-M-1'], approves(verdict), `APPROVED for ${whole}`, verdict);
    // The amount counted is the kiosk's selectedAmount, fee included or not (V2-AMT-2, V2-OPEN-1: booksCount accepts both).
    if (side === 'books') await booksCount(ctx, card, whole, 'the approved amount is reserved at approval', ['V2-M-4', 'V2-AMT-2']);
    const b = await ctx.ready({ as: 'B', provider: 'integra' });
    if (side === 'wire') {
      const second = await cardCheck(ctx, b, 'integra', card, small);
      ctx.check('the same card on another kiosk, over the limit with the reservation: rejected', ['V2-M-1', 'V2-M-4'], !approves(second), `a rejection (${whole} reserved + ${small} > ${limit} left)`, second);
      // LIMIT_ERROR is sticky until the kiosk's own RESET 5 s later: only an AMOUNT_SELECT in answer to that RESET brings it back (V2-SCR-5, V2-SCR-7).
      await backToAmounts(ctx, b, 'after LIMIT_ERROR', ['V2-SCR-5', 'V2-SCR-7']);
    }
    await released(ctx, a);
    if (side === 'books') return booksCount(ctx, card, 0, 'PAYMENT_RESULT FAILED releases the reservation', ['V2-M-4']);
    const third = await cardCheck(ctx, b, 'integra', card, small);
    ctx.check('after PAYMENT_RESULT FAILED the reservation is released', ['V2-M-4'], approves(third), `APPROVED for ${small}`, third);
  }, undefined, { wire: ['V2-SCR-5', 'V2-SCR-7'], books: ['V2-AMT-2'] }),
  ...bothSides('v2-money/4', 'Two card checks for one card at the same moment on two kiosks: at most the limit approved', ['V2-M-4'], 2, 'integra', async (ctx, side) => {
    const card = await ctx.card();
    const limit = ctx.left(card);
    const a = await ctx.ready({ as: 'A', provider: 'integra' });
    const b = await ctx.ready({ as: 'B', provider: 'integra' });
    const each = Math.min(ctx.largestAmount(a, limit), Math.floor(limit / 2) + 1);
    if (2 * each <= limit) throw new NotApplicable(`two payments of at most ${each} cannot exceed the limit ${limit}`);
    const verdicts = await Promise.all([a, b].map((k) => cardCheck(ctx, k, 'integra', card, each, { outcome: 'decline', afterMs: 4_000 })));
    ctx.check('at most the limit approved for one card across kiosks', ['V2-M-4'], verdicts.filter(approves).length <= 1, `at most one APPROVED (2 x ${each} > ${limit})`, verdicts.join(', '));
    ctx.check('one of them approved', ['V2-M-1'], verdicts.some(approves), 'one APPROVED', verdicts.join(', '), true);
    await Promise.all([a, b].map((k) => k.until(() => k.sentOf('PAYMENT_RESULT').length > 0 || k.kiosk.screen.name === 'LIMIT_ERROR', ctx.waits.kioskMs(6_000))));
    await ctx.quiet(ctx.waits.answerMs / 4);
    if (side === 'books') await booksCount(ctx, card, 0, 'both declined sales released: nothing counted', ['V2-M-4']);
    else {
      await backToAmounts(ctx, a, 'after the payment');
      const again = await cardCheck(ctx, a, 'integra', card, each);
      ctx.check('after both ended, the card\'s limit is whole again', ['V2-M-4'], approves(again), `APPROVED for ${each}`, again);
    }
  }),
  ...bothSides('v2-money/2', 'NNSmart: the CARD_CHECK_RESULT reports money taken; with its PAYMENT_RESULT lost the sale still counts', ['V2-M-2', 'V2-M-7'], 2, 'nnsmart', async (ctx, side) => {
    const card = await ctx.card();
    const limit = ctx.left(card);
    const a = await ctx.ready({ as: 'A', provider: 'nnsmart' });
    const small = ctx.smallestAmount(a);
    a.cutBeforeDelivering = (m) => m.messageType === 'LIMIT_CHECK_RESULT';
    const verdict = await cardCheck(ctx, a, 'nnsmart', card, small);
    ctx.check('APPROVED', ['V2-M-1'], approves(verdict), 'APPROVED', verdict);
    ctx.leaveCounted(card, small);
    await ctx.quiet(ctx.waits.answerMs / 2);
    if (side === 'books') return booksCount(ctx, card, small, 'the captured sale is on the books without its PAYMENT_RESULT', ['V2-M-2', 'V2-M-7']);
    const b = await ctx.ready({ as: 'B', provider: 'integra' });
    const whole = ctx.largestAmount(b, limit);
    if (whole + small <= limit) throw new NotApplicable('cannot reach the limit with one more payment');
    const second = await cardCheck(ctx, b, 'integra', card, whole);
    ctx.check('the captured sale counts against the card', ['V2-M-2', 'V2-M-7'], !approves(second), `a rejection (${small} captured + ${whole} > ${limit})`, second);
  }),
  ...bothSides('v2-money/7', 'Integra: the sale throws after APPROVED (no PAYMENT_RESULT), the kiosk RESETs: the reservation stays (outcome unknown)', ['V2-M-7', 'V2-FLOW-22', 'V2-FLOW-10'], 2, 'integra', async (ctx, side) => {
    const card = await ctx.card();
    const limit = ctx.left(card);
    const a = await ctx.ready({ as: 'A', provider: 'integra' });
    const small = ctx.smallestAmount(a);
    // An exception during the sale: local FAILED, RESET 4 s later, no K7 (§5d step 7). The card may have been charged.
    const verdict = await cardCheck(ctx, a, 'integra', card, small, { outcome: 'throw' });
    ctx.check('APPROVED', ['V2-M-1'], approves(verdict), 'APPROVED', verdict);
    ctx.leaveCounted(card, small);
    await resetAnswered(ctx, a, 4_000, 'after the sale that reported nothing');
    ctx.check('the kiosk reported no PAYMENT_RESULT', ['V2-FLOW-10'], a.sentOf('PAYMENT_RESULT').length === 0, 'none', `${a.sentOf('PAYMENT_RESULT').length}`, true);
    if (side === 'books') return booksCount(ctx, card, small, 'the sale of unknown outcome keeps its reservation after the RESET', ['V2-M-7', 'V2-FLOW-22']);
    const b = await ctx.ready({ as: 'B', provider: 'integra' });
    const whole = ctx.largestAmount(b, limit);
    if (whole + small <= limit) throw new NotApplicable('cannot reach the limit with one more payment');
    const second = await cardCheck(ctx, b, 'integra', card, whole);
    ctx.check('the reservation of the sale of unknown outcome still counts', ['V2-M-7', 'V2-M-4', 'V2-FLOW-22'], !approves(second), `a rejection (${small} reserved + ${whole} > ${limit})`, second);
  }),
  ...bothSides('v2-money/3', 'NNSmart: PAYMENT_RESULT lost after APPROVED and a reconnect: AMOUNT_SELECT unasked, the sale still counts', ['V2-M-7', 'V2-TRN-9', 'V2-M-3'], 1, 'nnsmart', async (ctx, side) => {
    const card = await ctx.card();
    const limit = ctx.left(card);
    const a = await ctx.ready({ provider: 'nnsmart' });
    const small = ctx.smallestAmount(a);
    a.cutBeforeDelivering = (m) => m.messageType === 'LIMIT_CHECK_RESULT';
    const verdict = await cardCheck(ctx, a, 'nnsmart', card, small);
    ctx.check('APPROVED', ['V2-M-1'], approves(verdict), 'APPROVED', verdict);
    ctx.leaveCounted(card, small);
    const from = a.received.length;
    const back = await a.until(() => ctx.framesOf(a, 'SCREEN_CHANGE', undefined, from).some((f) => f.message?.screen === 'AMOUNT_SELECT'), ctx.waits.kioskMs(6_000));
    ctx.check('the reconnected kiosk gets a screen unasked', ['V2-TRN-9'], back, 'SCREEN_CHANGE AMOUNT_SELECT after the reconnect', describeScreen(a.kiosk.screen));
    const again = ctx.framesOf(a, 'LIMIT_CHECK_RESULT', undefined, from).length;
    ctx.check('the LIMIT_CHECK_RESULT is not sent again after the reconnect', ['V2-M-3'], again === 0, 'none', `${again}`);
    if (side === 'books') return booksCount(ctx, card, small, 'the sale whose PAYMENT_RESULT was lost still counts', ['V2-M-7']);
    const rest = limit - small + 1;
    if (ctx.largestAmount(a, rest) !== rest) throw new NotApplicable(`the keypad cannot pay ${rest}`);
    const over = await cardCheck(ctx, a, 'nnsmart', card, rest);
    ctx.check('the limit left is the limit less the lost sale', ['V2-M-7', 'V2-M-1'], !approves(over), `a rejection (${small} + ${rest} > ${limit})`, over);
  }),
  ...bothSides('v2-money/5', 'Tokenless cards ("null") are never aggregated as one card', ['V2-M-5', 'V2-KIO-16'], 2, 'integra', async (ctx, side) => {
    const { a, whole, small, verdict } = await holdOn(ctx, null);
    if (!approves(verdict)) {
      // V2-OPEN-2: rejecting a tokenless card is a legal answer; nothing is aggregated then.
      ctx.check('a tokenless card is approved (the backend rejects tokenless cards, a legal answer: V2-OPEN-2)', ['V2-OPEN-2'], true, 'any answer', verdict);
      return;
    }
    if (side === 'books') {
      await booksCount(ctx, 'null', 0, 'nothing is counted on the tokenless value "null"', ['V2-M-5']);
      return released(ctx, a);
    }
    const b = await ctx.ready({ as: 'B', provider: 'integra' });
    const second = await cardCheck(ctx, b, 'integra', null, small);
    ctx.check('a second tokenless card is judged alone, not added to the first', ['V2-M-5'], approves(second), `APPROVED (the first "null" card's ${whole} is another card's)`, second);
    await released(ctx, a);
  }),
  ...bothSides('v2-money/6', 'A repeated PAYMENT_RESULT is counted once', ['V2-M-6', 'V2-OPEN-5'], 1, 'integra', async (ctx, side) => {
    const card = await ctx.card();
    const limit = ctx.left(card);
    const a = await ctx.ready({ provider: 'integra' });
    const small = ctx.smallestAmount(a);
    const verdict = await cardCheck(ctx, a, 'integra', card, small, { outcome: 'approve' });
    ctx.check('APPROVED', ['V2-M-1'], approves(verdict), 'APPROVED', verdict);
    await a.until(() => a.sentOf('PAYMENT_RESULT').length > 0, ctx.waits.kioskMs(2_000));
    ctx.leaveCounted(card, small);
    const k7 = a.sentOf('PAYMENT_RESULT')[0]!;
    a.replay(k7);
    await ctx.quiet(ctx.waits.answerMs / 4);
    if (side === 'books') {
      await booksCount(ctx, card, small, 'a byte-identical repeat of PAYMENT_RESULT is a no-op', ['V2-M-6']);
      // The same sale reported again with another timestamp: an anomaly to keep, never merged silently (V2-M-6). Whether it is a
      // resend or a second charge is open (pinto-android-2.md §9.5 "whether a second K7 `SUCCESS` with the same key is a resend or a second charge"): once or twice both pass.
      a.replay({ ...k7, text: k7.text.replace(/"timestamp": (\d+)/, (_, t: string) => `"timestamp": ${Number(t) + 1}`) });
      await ctx.quiet(ctx.waits.answerMs / 4);
      await booksCount(ctx, card, small, 'a second SUCCESS for the sale counts once (a resend) or twice (a second charge)', ['V2-OPEN-5'], true, [1, 2]);
      return anomalyKept(ctx, card, String(k7.message?.transactionId));
    }
    // The screens after the sale count from its PAYMENT_RESULT: a backend that skips RECEIPT_QUESTION (V2-OPEN-9) may be back on AMOUNT_SELECT before the repeat.
    const from = a.received.filter((f) => f.event < k7.event).length;
    await a.until(() => ctx.framesOf(a, 'SCREEN_CHANGE', undefined, from).some((f) => f.message?.screen === 'RECEIPT_QUESTION' || f.message?.screen === 'AMOUNT_SELECT'), ctx.waits.afterSaleMs);
    if (a.kiosk.screen.name === 'RECEIPT_QUESTION') a.kiosk.answerReceipt(false);
    await a.until(() => ctx.framesOf(a, 'SCREEN_CHANGE', undefined, from).some((f) => f.message?.screen === 'AMOUNT_SELECT'), ctx.waits.afterSaleMs);
    const rest = limit - small;
    if (ctx.largestAmount(a, rest) !== rest) throw new NotApplicable(`the keypad cannot pay the ${rest} left`);
    const again = await cardCheck(ctx, a, 'integra', card, rest);
    ctx.check('the limit left is the limit less one sale', ['V2-M-6', 'V2-M-1'], approves(again), `APPROVED for the ${rest} left`, again);
  }),
  ...bothSides('v2-money/8', 'LIMIT_REVERSED releases the card\'s limit', ['V2-M-8', 'V2-FLOW-12'], 2, 'nnsmart', async (ctx, side) => reversal(ctx, side, true)),
  ...bothSides('v2-money/9', 'LIMIT_REVERSAL_FAILED keeps the sale counting (a refund is needed)', ['V2-M-8', 'V2-FLOW-12'], 2, 'nnsmart', async (ctx, side) => reversal(ctx, side, false)),
  {
    id: 'v2-money/13/1',
    title: 'A slow terminal (card check and sale over 60 s): the backend leaves the kiosk alone until PAYMENT_RESULT',
    requirements: ['V2-M-13', 'V2-ERR-1'],
    level: 'MUST',
    needs: { provider: 'integra' },
    async run(ctx) {
      const card = await ctx.card();
    const limit = ctx.left(card);
      const a = await ctx.ready({ provider: 'integra' });
      a.terminal.cardChecks.push({ outcome: 'approve', token: card, afterMs: 50_000 });
      a.terminal.sales.push({ outcome: 'decline', afterMs: 15_000 });
      const from = a.received.length;
      await ctx.payByCard(a, ctx.smallestAmount(a));
      const k6 = await nextCardCheck(ctx, a, 0, ctx.waits.kioskMs(52_000));
      await limitAnswer(ctx, a, k6);
      await a.until(() => a.sentOf('PAYMENT_RESULT').length > 0, ctx.waits.kioskMs(17_000));
      const k7 = a.sentOf('PAYMENT_RESULT')[0];
      const before = a.received.slice(from).filter((f) => k7 === undefined || f.event < k7.event);
      const disturbing = before.filter((f) => f.message?.messageType === 'ERROR' || (f.message?.messageType === 'SCREEN_CHANGE' && ['FAILED', 'AMOUNT_SELECT'].includes(String(f.message.screen))));
      ctx.check('no ERROR, FAILED or AMOUNT_SELECT during the card payment', ['V2-M-13'], disturbing.length === 0, 'nothing that replaces the kiosk\'s screen', disturbing[0]?.text.slice(0, 200) ?? 'none');
    },
  },
];

/**
 * The start of the M8 cases: kiosk A holds the card's limit, kiosk B's NNSmart
 * sale over it is rejected and B reverses it (LIMIT_REVERSED) or fails to
 * (LIMIT_REVERSAL_FAILED), then A's held sale ends and releases its part.
 */
export async function limitReversal(ctx: V2CaseContext, reversed: boolean): Promise<{ a: KioskLink; b: KioskLink; card: string; limit: number; whole: number; small: number }> {
  const card = await ctx.card();
  const limit = ctx.left(card);
  const { a, whole, small, verdict } = await holdOn(ctx, card);
  ctx.check('APPROVED', ['V2-M-1'], approves(verdict), 'APPROVED', verdict);
  const b = await ctx.ready({ as: 'B', provider: 'nnsmart' });
  const second = await cardCheck(ctx, b, 'nnsmart', card, small, undefined, reversed);
  ctx.check('the NNSmart sale over the limit is rejected', ['V2-M-1', 'V2-M-4'], !approves(second), 'a rejection', second);
  const done = await b.until(() => b.sentOf('REVERSAL_RESULT').length > 0, ctx.waits.kioskMs(6_000));
  if (!done) throw new NotApplicable('the kiosk did not report its reversal');
  if (!reversed) ctx.leaveCounted(card, small);
  await released(ctx, a);
  return { a, b, card, limit, whole, small };
}

/** A rejected NNSmart sale is reversed by the kiosk (LIMIT_REVERSED) or not (LIMIT_REVERSAL_FAILED): the books follow (V2-M-8). */
async function reversal(ctx: V2CaseContext, side: Side, reversed: boolean): Promise<void> {
  const { a, card, limit, whole, small } = await limitReversal(ctx, reversed);
  if (side === 'books') return booksCount(ctx, card, reversed ? 0 : small, reversed ? 'the reversed sale no longer counts' : 'the sale whose reversal failed still counts', ['V2-M-8']);
  await backToAmounts(ctx, a, 'after the declined sale');
  const rest = limit - (reversed ? 0 : small);
  const amount = reversed ? whole : ctx.largestAmount(a, limit);
  const again = await cardCheck(ctx, a, 'integra', card, amount);
  ctx.check(reversed ? 'after LIMIT_REVERSED the card\'s limit is whole again' : 'after LIMIT_REVERSAL_FAILED the sale still counts', ['V2-M-8'], reversed ? approves(again) : amount <= rest || !approves(again), reversed ? `APPROVED for ${amount}` : `a rejection (${small} + ${amount} > ${limit})`, again);
}
