import type { ConformanceCase } from '../case.js';
import { describeArrival } from '../verifiers.js';
import { dataField, expectCancelled, firstMethod, followReceipt, payUnderOwnId, smallest, start, toPaymentMethod, toProcessing } from './helpers.js';

/** Section 7, transaction ids (TXN). */
export const transactionIdCases: ConformanceCase[] = [
  {
    id: 'txn/1/1',
    title: 'A first action with a terminal-generated id: the cycle carries that id',
    requirements: ['TXN-1', 'TXN-2'],
    level: 'MUST',
    needs: { payments: 1 },
    async run(ctx) {
      const s = await start(ctx);
      await payUnderOwnId(ctx, s, ['TXN-1', 'TXN-2']);
    },
  },
  {
    id: 'txn/1/2',
    title: 'A first action echoing "initial": the server assigns a new id, never "initial"',
    requirements: ['TXN-1', 'TXN-5', 'ENV-7', 'DIA-6'],
    level: 'MUST',
    needs: { payments: 1 },
    async run(ctx) {
      const s = await start(ctx);
      ctx.say.preset(s.t, smallest(ctx, s), 'initial');
      const pm = await ctx.expectScreen(s.t, 'PAYMENT_METHOD', { requirements: ['TXN-1', 'TXN-5'], txn: { not: ['initial'] } });
      await toProcessing(ctx, s.t, firstMethod(pm));
    },
  },
  {
    id: 'txn/3/1',
    title: "An action with another id than the active transaction's is INVALID_TRANSACTION and changes nothing",
    requirements: ['TXN-3', 'TXN-6', 'ERR-3'],
    level: 'MUST',
    needs: { payments: 2 },
    async run(ctx) {
      const s = await start(ctx);
      const pm = await toPaymentMethod(ctx, s);
      const txn = s.t.transactionId as string;
      s.t.send(ctx.message(s.t, 'PAYMENT_METHOD', { selectedMethod: firstMethod(pm) }, ctx.newTransactionId()));
      await ctx.expectError(s.t, 'INVALID_TRANSACTION', { requirements: ['TXN-3', 'TXN-6'], screen: 'PAYMENT_METHOD', txn });
      await toProcessing(ctx, s.t, firstMethod(pm));
    },
  },
  {
    id: 'txn/4/1',
    title: 'A first action reusing a finished transaction id is INVALID_TRANSACTION',
    requirements: ['TXN-4', 'SEC-1'],
    level: 'MUST',
    needs: { payments: 1 },
    async run(ctx) {
      const s = await start(ctx);
      const id = await payUnderOwnId(ctx, s, ['TXN-1']);
      const success = await ctx.expectScreen(s.t, 'SUCCESS', { requirements: ['FLOW-8'], within: ctx.waits.resultMs });
      await followReceipt(ctx, s.t, dataField(success, 'showReceipt') !== false);
      s.t.send(ctx.message(s.t, 'AMOUNT_SELECT', { selectedAmount: smallest(ctx, s), selectionMethod: 'PRESET_BUTTON' }, id));
      await ctx.expectError(s.t, 'INVALID_TRANSACTION', { requirements: ['TXN-4'], txn: 'initial' });
    },
  },
  {
    id: 'txn/5/1',
    title: 'Ids the server assigns are unique across cycles',
    requirements: ['TXN-5'],
    level: 'MUST',
    async run(ctx) {
      const s = await start(ctx);
      const ids: string[] = [];
      for (let i = 0; i < 2; i++) {
        ctx.say.preset(s.t, smallest(ctx, s), 'initial');
        const pm = await ctx.expectScreen(s.t, 'PAYMENT_METHOD', { requirements: ['TXN-1', 'TXN-5'], txn: { not: ['initial', ...ids] } });
        ids.push(s.t.transactionId as string);
        if (i === 1) break;
        // CANCEL is only an action on PAYMENT_METHOD when allowCancel is true (ACT-4); otherwise the cycle ends through the idle timeout.
        if (dataField(pm, 'allowCancel') === true) {
          ctx.say.cancel(s.t, 'PAYMENT_METHOD');
          await expectCancelled(ctx, s.t, ['FLOW-13']);
        } else {
          await ctx.expectError(s.t, 'TIMEOUT', { requirements: ['FLOW-15'], within: ctx.waits.idleMs, screen: 'PAYMENT_METHOD' });
          await ctx.expectScreen(s.t, 'AMOUNT_SELECT', { requirements: ['FLOW-15'], txn: 'initial' });
        }
      }
    },
  },
  {
    id: 'txn/7/1',
    title: "A first action using another terminal's transaction id never touches that terminal's transaction",
    requirements: ['TXN-7', 'AUTH-5'],
    level: 'MUST',
    needs: { terminals: 2, payments: 1 },
    async run(ctx) {
      const a = await start(ctx, { as: 'A' });
      const id = ctx.newTransactionId();
      ctx.say.preset(a.t, smallest(ctx, a), id);
      const pm = await ctx.expectScreen(a.t, 'PAYMENT_METHOD', { requirements: ['TXN-1'], txn: id });
      const b = await start(ctx, { as: 'B' });
      b.t.send(ctx.message(b.t, 'AMOUNT_SELECT', { selectedAmount: smallest(ctx, b), selectionMethod: 'PRESET_BUTTON' }, id));
      // One id space for all terminals rejects it (TXN-7, the project's reading); an id space per terminal
      // may start B's own transaction under the same id. Either way A's transaction is not B's (AUTH-5).
      const answer = await ctx.nextAnswer(b.t, ctx.allow(b.t, ctx.waits.answerMs));
      const m = answer?.kind === 'message' ? (answer.raw as { messageType?: unknown; screen?: unknown; data?: { errorCode?: unknown } }) : undefined;
      const rejected = m?.messageType === 'ERROR' && m.data?.errorCode === 'INVALID_TRANSACTION';
      const ownCycle = m?.messageType === 'SCREEN_CHANGE' && m.screen === 'PAYMENT_METHOD';
      ctx.check('B gets INVALID_TRANSACTION or its own cycle', ['AUTH-5', 'FLOW-17'], rejected || ownCycle, 'ERROR INVALID_TRANSACTION, or PAYMENT_METHOD of B\'s own transaction', describeArrival(answer));
      ctx.check('ids are one space for all terminals: B is rejected', ['TXN-7'], rejected, 'ERROR INVALID_TRANSACTION', describeArrival(answer));
      await ctx.expectNoAnswer(a.t, ctx.waits.silenceMs, { requirements: ['AUTH-5'], title: "A's connection sees nothing of B's action" });
      await toProcessing(ctx, a.t, firstMethod(pm));
    },
  },
];
