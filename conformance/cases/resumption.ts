import type { ConformanceCase } from '../case.js';
import { sameScreenData } from '../same-data.js';
import { firstMethod, presetToProcessing, start, toPaymentMethod, toProcessing } from './helpers.js';
import { checkChargedOnce, followToInitial } from './ledger.js';

const RESULT_SCREENS = ['SUCCESS', 'PRINT_TICKET', 'COLLECT_TICKET', 'THANK_YOU'];

/** Section 8, resumption and money safety (RES). */
export const resumptionCases: ConformanceCase[] = [
  {
    id: 'resumption/1/1',
    title: 'After a disconnect the open transaction resumes on its screen, with its id and data',
    requirements: ['RES-1', 'RES-3', 'FLOW-1'],
    level: 'MUST',
    needs: { payments: 1 },
    async run(ctx) {
      const s = await start(ctx);
      const pm = await toPaymentMethod(ctx, s);
      const txn = s.t.transactionId as string;
      s.t.terminate();
      const again = await ctx.open();
      const resumed = await ctx.expectScreen(again, 'PAYMENT_METHOD', { requirements: ['RES-1', 'RES-3', 'FLOW-1'], txn });
      const compared = sameScreenData('PAYMENT_METHOD', pm?.data, resumed?.data);
      ctx.check('the resumed screen has the same data (as values)', ['RES-3'], compared.same, JSON.stringify(pm?.data), compared.same ? JSON.stringify(resumed?.data) : `${JSON.stringify(resumed?.data)}: ${compared.difference}`);
      await toProcessing(ctx, again, firstMethod(pm));
    },
  },
  {
    id: 'resumption/5/1',
    title: 'A result reached while the terminal was away is delivered on reconnect (SUCCESS first)',
    requirements: ['RES-5', 'RES-6'],
    level: 'MUST',
    needs: { payments: 1 },
    async run(ctx) {
      const s = await start(ctx);
      await presetToProcessing(ctx, s);
      const txn = s.t.transactionId as string;
      s.t.terminate();
      await new Promise((r) => setTimeout(r, ctx.waits.resultMs));
      const again = await ctx.open();
      const arrival = await again.next(ctx.waits.answerMs);
      const raw = arrival?.kind === 'message' ? (arrival.raw as { screen?: string; transactionId?: string; messageType?: string }) : undefined;
      ctx.check('the result is delivered', ['RES-5'], raw?.messageType === 'SCREEN_CHANGE' && RESULT_SCREENS.includes(raw.screen ?? '') && raw.transactionId === txn, `SUCCESS (or a later step) of ${txn}`, `${raw?.messageType} ${raw?.screen} ${raw?.transactionId}`);
      ctx.check('steps paused while away: SUCCESS comes first', ['RES-6'], raw?.screen === 'SUCCESS', 'SUCCESS', String(raw?.screen), true);
    },
  },
  {
    id: 'resumption/4/1',
    title: 'A double-tapped payment method is not charged twice',
    requirements: ['RES-4'],
    level: 'MUST',
    needs: { payments: 1 },
    async run(ctx) {
      const s = await start(ctx);
      const pm = await toPaymentMethod(ctx, s);
      const method = firstMethod(pm);
      const txn = s.t.transactionId as string;
      await toProcessing(ctx, s.t, method);
      await ctx.expectScreen(s.t, 'SUCCESS', { requirements: ['FLOW-8'], within: ctx.waits.resultMs });
      s.t.send(ctx.message(s.t, 'PAYMENT_METHOD', ctx.profile === 'pinto-android-1' ? { selectionMethod: method } : { selectedMethod: method }, txn));
      // The current screen re-sent is passed over by nextAnswer: then the next step (or nothing yet) comes.
      const arrival = await ctx.nextAnswer(s.t, ctx.allow(s.t, ctx.waits.answerMs));
      const raw = arrival?.kind === 'message' ? (arrival.raw as { screen?: string; messageType?: string; data?: { errorCode?: string } }) : undefined;
      const charged = raw?.messageType === 'SCREEN_CHANGE' && raw.screen === 'PROCESSING';
      const fine = raw?.messageType === 'ERROR' ? raw.data?.errorCode === 'UNEXPECTED_ACTION' : !charged;
      ctx.check('the replay is answered with the current screen or UNEXPECTED_ACTION, never processed', ['RES-4'], fine, 'current screen or ERROR UNEXPECTED_ACTION', charged ? 'PROCESSING again: the payment was processed twice' : `${raw?.messageType ?? 'nothing'} ${raw?.screen ?? ''}`);
      await followToInitial(ctx, s.t, ctx.waits.resultMs + 4 * ctx.waits.stepMs);
      checkChargedOnce(ctx, txn, ['RES-4']);
    },
  },
  {
    id: 'resumption/4/2',
    title: 'A payment method replayed after a reconnect is not charged twice',
    requirements: ['RES-4', 'RES-1'],
    level: 'MUST',
    needs: { payments: 1 },
    async run(ctx) {
      const s = await start(ctx);
      const pm = await toPaymentMethod(ctx, s);
      const method = firstMethod(pm);
      const txn = s.t.transactionId as string;
      const action = ctx.message(s.t, 'PAYMENT_METHOD', ctx.profile === 'pinto-android-1' ? { selectionMethod: method } : { selectedMethod: method }, txn);
      s.t.send(action);
      await ctx.expectScreen(s.t, 'PROCESSING', { requirements: ['FLOW-7'] });
      s.t.terminate();
      const again = await ctx.open();
      const first = await again.next(ctx.waits.answerMs);
      const firstRaw = first?.kind === 'message' ? (first.raw as { screen?: string }) : undefined;
      ctx.check('the reconnect resumes the transaction', ['RES-3'], ['PROCESSING', ...RESULT_SCREENS].includes(firstRaw?.screen ?? ''), 'PROCESSING or its result', String(firstRaw?.screen));
      again.send({ ...action, timestamp: Date.now() });
      // Every screen of this transaction id up to the end of the cycle, on both connections: it never goes back.
      await followToInitial(ctx, again, ctx.waits.resultMs + 4 * ctx.waits.stepMs);
      checkChargedOnce(ctx, txn, ['RES-4']);
    },
  },
  {
    id: 'resumption/7/1',
    title: 'The idle timeout keeps running while the terminal is away',
    requirements: ['RES-7'],
    level: 'SHOULD',
    needs: { idleTimeout: true },
    async run(ctx) {
      const s = await start(ctx);
      await toPaymentMethod(ctx, s);
      s.t.terminate();
      await new Promise((r) => setTimeout(r, ctx.waits.idleMs));
      const again = await ctx.open();
      await ctx.expectScreen(again, 'AMOUNT_SELECT', { requirements: ['RES-7'], txn: 'initial' });
    },
  },
];
