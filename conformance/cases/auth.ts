import type { ConformanceCase } from '../case.js';
import { NotApplicable } from '../case-errors.js';
import { firstMethod, start, toPaymentMethod, toProcessing } from './helpers.js';

/** Section 2, authentication and terminal identity (AUTH). */
export const authCases: ConformanceCase[] = [
  {
    id: 'auth/2/1',
    title: "A terminal's bearer token opens a connection that is served",
    requirements: ['AUTH-2'],
    level: 'MUST',
    // A token's first connection in the run: its first screen is the terminal's own (FLOW-1).
    needs: { features: ['auth'], firstContact: 'A' },
    async run(ctx) {
      await start(ctx, {}, ['AUTH-2', 'FLOW-1']);
    },
  },
  {
    id: 'auth/4/1',
    title: 'Without a token the upgrade is refused with HTTP 401',
    requirements: ['AUTH-4'],
    level: 'MUST',
    needs: { features: ['auth'] },
    async run(ctx) {
      await ctx.expectHttpStatus({ credentials: 'none' }, 401, { requirements: ['AUTH-4'] });
    },
  },
  {
    id: 'auth/4/2',
    title: 'An unknown token is refused with HTTP 401',
    requirements: ['AUTH-4'],
    level: 'MUST',
    needs: { features: ['auth'] },
    async run(ctx) {
      await ctx.expectHttpStatus({ credentials: 'unknown-token' }, 401, { requirements: ['AUTH-4'] });
    },
  },
  {
    id: 'auth/5/1',
    title: "A second terminal sees neither the first terminal's screen nor can act on its transaction",
    requirements: ['AUTH-5'],
    level: 'MUST',
    needs: { terminals: 2, payments: 1 },
    async run(ctx) {
      const a = await start(ctx, { as: 'A' });
      const pm = await toPaymentMethod(ctx, a);
      const txnA = a.t.transactionId as string;
      const b = await start(ctx, { as: 'B' }, ['AUTH-5', 'FLOW-1']);
      b.t.send(ctx.message(b.t, 'PAYMENT_METHOD', { selectedMethod: 'DEBIT_CARD' }, txnA));
      // The action is both for a screen B is not on and for a transaction that is not B's: either definition applies (ERR-10 ranks them).
      await ctx.expectError(b.t, ['INVALID_TRANSACTION', 'UNEXPECTED_ACTION'], { requirements: ['AUTH-5', 'TXN-3', 'ERR-6'], title: "B acting on A's transaction is rejected", txn: 'initial', preferCode: 'INVALID_TRANSACTION' });
      await ctx.expectNoAnswer(a.t, ctx.waits.silenceMs, { requirements: ['AUTH-5'], title: "A's connection sees nothing of it" });
      await toProcessing(ctx, a.t, firstMethod(pm));
    },
  },
  {
    id: 'auth/6/1',
    title: 'Without authentication the terminal id comes from the URL: the same id resumes, another id does not',
    requirements: ['AUTH-6'],
    level: 'MUST',
    needs: { terminals: 2 },
    async run(ctx) {
      if (ctx.target.auth.mode === 'tokens') throw new NotApplicable('the target runs with authentication on');
      const a = await start(ctx, { as: 'A' });
      await toPaymentMethod(ctx, a);
      const txn = a.t.transactionId as string;
      a.t.terminate();
      const again = await ctx.open({ as: 'A' });
      await ctx.expectScreen(again, 'PAYMENT_METHOD', { requirements: ['AUTH-6', 'RES-3'], txn, title: 'the same terminalId gets its transaction back' });
      await start(ctx, { as: 'B' }, ['AUTH-6', 'AUTH-5']);
    },
  },
  {
    id: 'auth/7/1',
    title: 'Without authentication, an upgrade without terminalId is refused with HTTP 400',
    requirements: ['AUTH-7'],
    level: 'SHOULD',
    async run(ctx) {
      if (ctx.target.auth.mode === 'tokens') throw new NotApplicable('the target runs with authentication on');
      await ctx.expectHttpStatus({ noTerminalId: true }, 400, { requirements: ['AUTH-7'] });
    },
  },
];
