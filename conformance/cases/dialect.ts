import { randomUUID } from 'node:crypto';
import type { ConformanceCase } from '../case.js';
import { NotApplicable } from '../case-errors.js';
import { dataField, expectCancelled, firstMethod, smallest, start, toPaymentMethod, unoffered } from './helpers.js';

const PINTO = { profile: 'pinto-android-1' as const };

/** Section 10, the shipped client's dialect (DIA), profile pinto-android-1 only. */
export const dialectCases: ConformanceCase[] = [
  {
    id: 'dialect/1/1',
    title: 'OTHER as {selectedAmount: -1, selectionMethod: "CUSTOM"} leads to KEYPAD',
    requirements: ['DIA-1', 'DIA-6'],
    level: 'MUST',
    needs: { ...PINTO, features: ['otherKeypad'] },
    async run(ctx) {
      const s = await start(ctx);
      s.t.send(ctx.message(s.t, 'AMOUNT_SELECT', { selectedAmount: -1, selectionMethod: 'CUSTOM' }, 'initial'));
      await ctx.expectScreen(s.t, 'KEYPAD', { requirements: ['DIA-1'], txn: { not: ['initial'] } });
    },
  },
  {
    id: 'dialect/2/1',
    title: 'On KEYPAD an AMOUNT_SELECT CUSTOM (or PRESET_BUTTON-labelled) amount is the keypad entry',
    requirements: ['DIA-2'],
    level: 'MUST',
    needs: { ...PINTO, features: ['otherKeypad'] },
    async run(ctx) {
      const s = await start(ctx);
      s.t.send(ctx.message(s.t, 'AMOUNT_SELECT', { selectedAmount: -1, selectionMethod: 'CUSTOM' }, 'initial'));
      const keypad = await ctx.expectScreen(s.t, 'KEYPAD', { requirements: ['DIA-1'] });
      const { minAmount = 1, maxAmount = 1 } = (keypad?.data ?? {}) as { minAmount?: number; maxAmount?: number };
      const label = [20, 40, 60, 80, 100].find((a) => a >= minAmount && a <= maxAmount);
      const amount = label ?? minAmount;
      s.t.send(ctx.message(s.t, 'AMOUNT_SELECT', { selectedAmount: amount, selectionMethod: label ? 'PRESET_BUTTON' : 'CUSTOM' }));
      await ctx.expectScreen(s.t, 'PAYMENT_METHOD', { requirements: ['DIA-2'] });
    },
  },
  {
    id: 'dialect/3/1',
    title: 'The payment method as data.selectionMethod leads to PROCESSING',
    requirements: ['DIA-3'],
    level: 'MUST',
    needs: { ...PINTO, payments: 1 },
    async run(ctx) {
      const s = await start(ctx);
      const pm = await toPaymentMethod(ctx, s);
      s.t.send(ctx.message(s.t, 'PAYMENT_METHOD', { selectionMethod: firstMethod(pm) }));
      await ctx.expectScreen(s.t, 'PROCESSING', { requirements: ['DIA-3'] });
    },
  },
  {
    id: 'dialect/4/1',
    title: 'CANCEL then RESET (no data) cancel once; the RESET is answered with the current screen',
    requirements: ['DIA-4'],
    level: 'MUST',
    needs: PINTO,
    async run(ctx) {
      const s = await start(ctx);
      const pm = await toPaymentMethod(ctx, s);
      // CANCEL is an action on PAYMENT_METHOD only when allowCancel is true (ACT-4); KEYPAD always takes it.
      if (dataField(pm, 'allowCancel') !== true) throw new NotApplicable('PAYMENT_METHOD has allowCancel false: the pair is checked on KEYPAD by flow/13/1');
      s.t.send(ctx.message(s.t, 'CANCEL', undefined));
      s.t.send(ctx.message(s.t, 'RESET', undefined));
      await expectCancelled(ctx, s.t, ['DIA-4', 'FLOW-13']);
      ctx.say.preset(s.t, smallest(ctx, s), 'initial');
      await ctx.expectScreen(s.t, 'PAYMENT_METHOD', { requirements: ['DIA-4'], title: 'the terminal goes on normally' });
    },
  },
  {
    id: 'dialect/5/1',
    title: 'RESET with a fresh UUID leaves LIMIT_ERROR',
    requirements: ['DIA-5'],
    level: 'MUST',
    needs: { ...PINTO, scenario: 'limit-remaining:0' },
    async run(ctx) {
      const s = await start(ctx, { scenario: 'limit-remaining:0' });
      ctx.say.preset(s.t, smallest(ctx, s), 'initial');
      await ctx.expectScreen(s.t, 'LIMIT_ERROR', { requirements: ['FLOW-6'] });
      s.t.send(ctx.message(s.t, 'RESET', undefined, randomUUID()));
      await ctx.expectScreen(s.t, 'AMOUNT_SELECT', { requirements: ['DIA-5'], txn: 'initial' });
    },
  },
  {
    id: 'dialect/7/1',
    title: "OkHttp 4.11's handshake without credentials is served, and the whole cycle works in the dialect",
    requirements: ['DIA-7', 'DIA-6', 'DIA-8'],
    level: 'MUST',
    needs: { ...PINTO, payments: 1 },
    async run(ctx) {
      const s = await start(ctx, { deflate: true }, ['DIA-7', 'FLOW-1']);
      s.t.send('{"ping":true}');
      ctx.say.preset(s.t, smallest(ctx, s), 'initial');
      const pm = await ctx.expectScreen(s.t, 'PAYMENT_METHOD', { requirements: ['DIA-6'] });
      ctx.say.method(s.t, firstMethod(pm));
      await ctx.expectScreen(s.t, 'PROCESSING', { requirements: ['DIA-3'] });
      await ctx.expectScreen(s.t, 'SUCCESS', { requirements: ['FLOW-8'], within: ctx.waits.resultMs });
    },
  },
  {
    id: 'dialect/9/1',
    title: 'On AMOUNT_SELECT a positive CUSTOM amount is a preset: offered -> PAYMENT_METHOD, unoffered -> INVALID_AMOUNT',
    requirements: ['DIA-9', 'FLOW-2', 'FLOW-5'],
    level: 'MUST',
    needs: PINTO,
    async run(ctx) {
      const s = await start(ctx);
      s.t.send(ctx.message(s.t, 'AMOUNT_SELECT', { selectedAmount: unoffered(s.amounts), selectionMethod: 'CUSTOM' }, 'initial'));
      await ctx.expectError(s.t, 'INVALID_AMOUNT', { requirements: ['DIA-9', 'FLOW-5'], screen: 'AMOUNT_SELECT', txn: 'initial' });
      s.t.send(ctx.message(s.t, 'AMOUNT_SELECT', { selectedAmount: smallest(ctx, s), selectionMethod: 'CUSTOM' }, 'initial'));
      await ctx.expectScreen(s.t, 'PAYMENT_METHOD', { requirements: ['DIA-9', 'FLOW-2'], txn: { not: ['initial'] } });
    },
  },
];
