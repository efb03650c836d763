import type { ConformanceCase } from '../case.js';
import { framesValid, start, toPaymentMethod } from './helpers.js';

/** Section 3, envelope (ENV). Every frame of every case is also schema-checked; these cases name the rules. */
export const envelopeCases: ConformanceCase[] = [
  {
    id: 'envelope/1/1',
    title: 'Server messages carry the five envelope fields with valid types, integer amounts and a currency',
    requirements: ['ENV-1', 'ENV-2', 'ENV-3', 'ENV-5', 'ENV-6', 'ENV-8', 'ENV-11', 'ENV-12', 'ENV-14', 'ENV-15', 'DIA-8', 'SEC-2'],
    level: 'MUST',
    firstScreenGate: true,
    async run(ctx) {
      const s = await start(ctx);
      await toPaymentMethod(ctx, s);
      framesValid(ctx, ['ENV-1', 'ENV-2', 'ENV-3', 'ENV-5', 'ENV-6', 'ENV-8', 'ENV-11', 'ENV-12', 'ENV-14', 'ENV-15', 'DIA-8']);
    },
  },
  {
    id: 'envelope/4/1',
    title: 'An ERROR names the screen the terminal shows and its active transaction',
    requirements: ['ENV-4', 'TXN-6', 'SCR-12'],
    level: 'MUST',
    needs: { payments: 1 },
    async run(ctx) {
      const s = await start(ctx);
      await toPaymentMethod(ctx, s);
      const txn = s.t.transactionId as string;
      s.t.send('this is not JSON');
      await ctx.expectError(s.t, 'INVALID_MESSAGE', { requirements: ['ENV-4', 'TXN-2', 'TXN-6', 'SCR-12'], screen: 'PAYMENT_METHOD', txn });
    },
  },
  {
    id: 'envelope/9/1',
    title: 'Server timestamps are integer milliseconds, plausible and never go backwards on one connection',
    requirements: ['ENV-8', 'ENV-9', 'ENV-10'],
    level: 'MUST',
    async run(ctx) {
      const s = await start(ctx);
      s.t.send('[1]');
      await ctx.expectError(s.t, 'INVALID_MESSAGE', { requirements: ['ERR-1'] });
      await toPaymentMethod(ctx, s);
      s.t.send('{}');
      await ctx.expectError(s.t, 'INVALID_MESSAGE', { requirements: ['ERR-2'] });
      const bad = ctx.log.schemaErrors.filter((e) => e.requirement === 'ENV-8' || e.requirement === 'ENV-9');
      ctx.check('timestamps are epoch ms and non-decreasing', ['ENV-8', 'ENV-9'], bad.length === 0, 'no ENV-8/ENV-9 problems on 4 frames', bad.length === 0 ? 'none' : `${bad[0]?.path} ${bad[0]?.message}`);
      const skew = ctx.log.warnings.filter((w) => w.includes('[ENV-10]'));
      ctx.check('timestamps are within 5 minutes of the runner clock', ['ENV-10'], skew.length === 0, 'no clock skew over 5 min', skew[0] ?? 'none', true);
    },
  },
];
