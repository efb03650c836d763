import type { ConformanceCase } from '../case.js';
import { NotApplicable } from '../case-errors.js';
import { dataField, followReceipt, framesValid, methodsOf, payToFailed, payToSuccess, start, toKeypad, toPaymentMethod } from './helpers.js';

/** Section 4, screens and their data (SCR). */
export const screenCases: ConformanceCase[] = [
  {
    id: 'screens/1/1',
    title: 'AMOUNT_SELECT data: 1-12 unique positive integer amounts, currency, showOtherOption',
    requirements: ['SCR-1'],
    level: 'MUST',
    firstScreenGate: true,
    async run(ctx) {
      const s = await start(ctx);
      ctx.check('amounts are offered', ['SCR-1'], s.amounts.length >= 1 && s.amounts.length <= 12, '1 to 12 amounts', JSON.stringify(s.amounts));
      framesValid(ctx, ['SCR-1']);
    },
  },
  {
    id: 'screens/2/1',
    title: 'KEYPAD data: currency, minAmount <= maxAmount, positive integers',
    requirements: ['SCR-2'],
    level: 'MUST',
    needs: { features: ['otherKeypad'] },
    async run(ctx) {
      const s = await start(ctx);
      await toKeypad(ctx, s);
      framesValid(ctx, ['SCR-2']);
    },
  },
  {
    id: 'screens/3/1',
    title: 'PAYMENT_METHOD data: non-empty unique methods, allowCancel, currency',
    requirements: ['SCR-3'],
    level: 'MUST',
    async run(ctx) {
      const s = await start(ctx);
      const pm = await toPaymentMethod(ctx, s);
      ctx.check('methods are offered', ['SCR-3'], methodsOf(pm).length > 0, 'at least one method', JSON.stringify(methodsOf(pm)));
      if (ctx.target.features.payByBank) ctx.check('PAY_BY_BANK is offered (declared)', ['SCR-3'], methodsOf(pm).includes('PAY_BY_BANK'), 'PAY_BY_BANK among the methods', JSON.stringify(methodsOf(pm)));
      framesValid(ctx, ['SCR-3']);
    },
  },
  {
    id: 'screens/4/1',
    title: 'PROCESSING, SUCCESS, PRINT_TICKET, COLLECT_TICKET and THANK_YOU carry their data; STATUS_UPDATEs do not change the screen',
    requirements: ['SCR-4', 'SCR-5', 'SCR-8', 'SCR-10', 'SCR-11'],
    level: 'MUST',
    needs: { payments: 1 },
    async run(ctx) {
      const s = await start(ctx);
      const paid = await payToSuccess(ctx, s);
      await followReceipt(ctx, s.t, paid.showReceipt);
      framesValid(ctx, ['SCR-4', 'SCR-5', 'SCR-8', 'SCR-10', 'SCR-11']);
    },
  },
  {
    id: 'screens/6/1',
    title: 'FAILED data: errorMessage and an UPPER_SNAKE errorCode',
    requirements: ['SCR-6', 'SCR-13'],
    level: 'MUST',
    needs: { scenario: 'decline' },
    async run(ctx) {
      const s = await start(ctx, { scenario: 'decline' });
      const failed = await payToFailed(ctx, s, ['SCR-6']);
      const message = dataField(failed, 'errorMessage');
      ctx.check('errorMessage is human-readable', ['SCR-13'], typeof message === 'string' && message.length > 0 && message.length <= 200, 'a non-empty string of at most 200 characters', JSON.stringify(message), true);
      framesValid(ctx, ['SCR-6']);
    },
  },
  {
    id: 'screens/7/1',
    title: 'LIMIT_ERROR data: limit, 0 <= remaining <= limit, currency',
    requirements: ['SCR-7'],
    level: 'MUST',
    needs: { scenario: 'limit-remaining:0' },
    async run(ctx) {
      const s = await start(ctx, { scenario: 'limit-remaining:0' });
      ctx.say.preset(s.t, s.amounts[0] ?? 1);
      const screen = await ctx.expectScreen(s.t, 'LIMIT_ERROR', { requirements: ['SCR-7', 'FLOW-6'] });
      const data = (screen?.data ?? {}) as { remaining?: unknown };
      ctx.check('remaining is what is left: 0', ['SCR-7', 'FLOW-6'], data.remaining === 0, 'remaining 0', JSON.stringify(data.remaining));
      framesValid(ctx, ['SCR-7']);
    },
  },
  {
    id: 'screens/9/1',
    title: 'DEVICE_ERROR data: errorMessage and an UPPER_SNAKE errorCode',
    requirements: ['SCR-9'],
    level: 'MUST',
    needs: { scenario: 'out-of-service' },
    async run(ctx) {
      const t = await ctx.open({ scenario: 'out-of-service' });
      await ctx.expectScreen(t, 'DEVICE_ERROR', { requirements: ['SCR-9', 'FLOW-1'] });
      framesValid(ctx, ['SCR-9']);
    },
  },
  {
    id: 'screens/13/1',
    title: 'ERROR messages carry a short non-empty errorMessage',
    requirements: ['SCR-12', 'SCR-13'],
    level: 'SHOULD',
    async run(ctx) {
      const s = await start(ctx);
      s.t.send('nope');
      const arrival = await s.t.next(ctx.waits.answerMs);
      const m = arrival?.kind === 'message' ? (arrival.raw as { data?: { errorMessage?: unknown } }) : undefined;
      const text = m?.data?.errorMessage;
      if (m === undefined) throw new NotApplicable('no ERROR to look at (bad-input cases judge that)');
      ctx.check('errorMessage is 1-200 characters', ['SCR-13'], typeof text === 'string' && text.length > 0 && text.length <= 200, 'a non-empty string of at most 200 characters', JSON.stringify(text));
    },
  },
];
