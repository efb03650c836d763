import { randomBytes } from 'node:crypto';
import { CouldNotRun, NotApplicable } from '../../case-errors.js';
import { kioskFrames } from '../../../kiosk-v2/index.js';
import type { V2Case } from '../case.js';
import type { V2CaseContext } from '../context.js';
import type { KioskFrame, KioskLink } from '../kiosk-link.js';
import { approves, booksCount, limitAnswer, nextCardCheck, oneAnswerEach } from './helpers.js';
import { backToAmounts, bothSides, cardCheck, HOLD_MS, limitReversal } from './money.js';

/**
 * Money rules about keys: which sale a result or a card check belongs to
 * (V2-M-10: a later reversal result for a reversed sale; V2-M-15: card checks
 * of two kiosks under one transaction id).
 */

/** pinto-android-2.md §9.6, word for word: the suite may not FAIL on it (§9 "The suite MUST NOT FAIL a backend on them"). */
const OPEN_6 = 'open, pinto-android-2.md §9.6 "Contradictory reversal results for one sale (e.g. `LIMIT_REVERSED` then `LIMIT_REVERSAL_FAILED` after an M3 violation): which wins (M10 says any success)"';

/**
 * A second REVERSAL_RESULT for the sale a kiosk reversed: its own LIMIT_REVERSED
 * K8a turned into the failure the same path writes (screen FAILED,
 * `LIMIT_REVERSAL_FAILED`, kiosk-v2's builder of PaymentViewModel.kt:819-853),
 * for the same `originalTransactionId` and terminal reference, under another
 * `RequesterTransRefNum`: a second cancellation after a duplicate rejection
 * (an M3 violation, §9.6's example), whose M10 key is not the first one's, so
 * it is not a repeat but a contradicting result.
 */
function contradicting(k8a: KioskFrame): KioskFrame {
  const m = k8a.message;
  const data = m?.data ?? {};
  const details = (data.paymentDetails ?? {}) as Record<string, unknown>;
  const text = kioskFrames.reversalResultBuilt(
    {
      success: false,
      transactionId: String(m?.transactionId),
      resultCode: 'LIMIT_REVERSAL_FAILED',
      message: 'Limit exceeded - REVERSAL FAILED',
      requesterTransRefNum: `${String(details.RequesterTransRefNum)}-2`,
      originalRequesterTransRefNum: String(details.OriginalRequesterTransRefNum),
      originalTransactionId: String(data.originalTransactionId),
      reversalAmount: Number(data.reversalAmount),
    },
    Number((JSON.parse(k8a.text) as { timestamp?: unknown }).timestamp) + 1,
  );
  return { ...k8a, text };
}

/**
 * Two kiosks pay the same card at once, each after adopting `shared` as its
 * id on PAYMENT_METHOD (KioskLink.adoptId, §3.4.1), so both K6 carry it; both
 * sales are held on the terminal and then declined. Returns once both are
 * approved and held.
 */
async function twoChecksOneId(ctx: V2CaseContext): Promise<{ card: string; small: number; kiosks: KioskLink[] }> {
  const card = await ctx.card();
  const limit = ctx.left(card);
  const a = await ctx.ready({ as: 'A', provider: 'integra' });
  const b = await ctx.ready({ as: 'B', provider: 'integra' });
  const small = Math.max(ctx.smallestAmount(a), ctx.smallestAmount(b));
  if (2 * small > limit) throw new NotApplicable(`two payments of ${small} exceed the ${limit} left on the card`);
  // The id a configuration push leaves on a kiosk (§3.4, M15 "a `config-…`/`info-…` id"), as if pushed to both kiosks in
  // one millisecond by a backend that names pushes by the time; a random tail keeps it apart from any other case's or run's.
  const shared = `config-${Date.now()}-${randomBytes(3).toString('hex')}`;
  for (const k of [a, b]) {
    const before = k.sentOf('CARD_CHECK_RESULT').length;
    k.terminal.cardChecks.push({ outcome: 'approve', token: card });
    k.terminal.sales.push({ outcome: 'decline', afterMs: HOLD_MS });
    await ctx.payByCard(k, small, () => k.adoptId(shared));
    const k6 = await nextCardCheck(ctx, k, before, ctx.waits.kioskMs(2_000));
    if (k6.message?.transactionId !== shared) throw new CouldNotRun(`${k.label}: the kiosk's CARD_CHECK_RESULT carries "${String(k6.message?.transactionId)}", not the id it adopted ("${shared}")`);
    if (k === b) {
      const from = k.received.filter((f) => f.event < k6.event).length;
      const came = await k.until(() => ctx.framesOf(k, 'LIMIT_CHECK_RESULT', shared, from).length > 0, ctx.waits.answerMs);
      ctx.check('a CARD_CHECK_RESULT whose transactionId another kiosk\'s card check carried too is answered', ['V2-M-15', 'V2-FLOW-9', 'V2-M-3'], came,
        `LIMIT_CHECK_RESULT transactionId "${shared}" on kiosk B within ${ctx.waits.answerMs} ms (payments keyed by kiosk and cycle, not by the id alone)`, came ? 'answered' : 'nothing');
    }
    const verdict = await limitAnswer(ctx, k, k6);
    ctx.check(`${k.label}: a card with ${limit} left is APPROVED for ${small}`, ['V2-M-1', 'V2-M-15'], approves(verdict), 'APPROVED', verdict);
  }
  return { card, small, kiosks: [a, b] };
}

export const v2MoneyKeyCases: readonly V2Case[] = [
  ...bothSides('v2-money/10', 'A reversed NNSmart sale is not revived by a later, contradicting reversal result for it (LIMIT_REVERSAL_FAILED after LIMIT_REVERSED)', ['V2-M-8', 'V2-M-10', 'V2-OPEN-6'], 2, 'nnsmart', async (ctx, side) => {
    const { a, b, card, whole } = await limitReversal(ctx, true);
    const k8a = b.sentOf('REVERSAL_RESULT')[0]!;
    if (k8a.message?.screen !== 'SUCCESS') throw new CouldNotRun(`${b.label}: the kiosk's reversal did not succeed (${String(k8a.message?.screen)})`);
    b.replay(contradicting(k8a));
    await ctx.quiet(ctx.waits.answerMs / 4);
    // Soft: §6 M8 says a reversed sale "MUST NOT be revived by a later result for the same sale", but §9 leaves this very case open.
    if (side === 'books') return booksCount(ctx, card, 0, `the reversed sale still counts nothing after a failed result for it (${OPEN_6})`, ['V2-M-8', 'V2-M-10', 'V2-OPEN-6'], true);
    await backToAmounts(ctx, a, 'after the declined sale');
    const again = await cardCheck(ctx, a, 'integra', card, whole);
    ctx.check(`after LIMIT_REVERSED and then LIMIT_REVERSAL_FAILED for the sale the card's limit is whole again (${OPEN_6})`, ['V2-M-8', 'V2-M-10', 'V2-OPEN-6'], approves(again), `APPROVED for ${whole}`, again, true);
  }),
  ...bothSides('v2-money/15', 'Two kiosks\' card checks carry the same transactionId (a config-… id both adopted): each is answered and counted on the card', ['V2-M-15', 'V2-FLOW-9', 'V2-M-3'], 2, 'integra', async (ctx, side) => {
    const { card, small, kiosks } = await twoChecksOneId(ctx);
    if (side === 'wire') for (const k of kiosks) await oneAnswerEach(ctx, k);
    // Both sales are held on their terminals: both approved amounts are reserved now (V2-M-4), then released by K7 FAILED.
    else await booksCount(ctx, card, small, 'both sales under the one transactionId are counted on the card', ['V2-M-15', 'V2-M-4'], false, [2]);
    // What is left counted: nothing once both K7 FAILED arrive. A backend that knows kiosks by address alone (V2-OPEN-7) sees
    // one kiosk send two K7 with one V2-M-6 key and may keep the second as an anomaly; the case does not judge that.
    await Promise.all(kiosks.map((k) => k.until(() => k.sentOf('PAYMENT_RESULT', 'FAILED').length > 0, ctx.waits.kioskMs(HOLD_MS + 2_000))));
  }),
];
