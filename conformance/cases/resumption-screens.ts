import type { ServerMessage } from '../../protocol/types/generated.js';
import type { ConformanceCase } from '../case.js';
import type { CaseContext } from '../context.js';
import type { CertifierTerminal } from '../certifier-terminal.js';
import { dataField, firstMethod, payToFailed, presetToProcessing, smallest, start, toKeypad, toPaymentMethod, toProcessing } from './helpers.js';
import { sameScreenData } from '../same-data.js';
import { assertProbeable, openLedger, pause, probeLedger } from './ledger.js';

/** A screen a transaction can be left on, how a case gets there, and how it acts on it after resuming. */
interface ResumedScreen {
  id: string;
  screen: 'KEYPAD' | 'PAYMENT_METHOD' | 'FAILED' | 'LIMIT_ERROR';
  needs?: ConformanceCase['needs'];
  /** Opens a terminal and leaves it on `screen`; returns that screen as received. */
  reach(ctx: CaseContext): Promise<{ t: CertifierTerminal; shown: ServerMessage }>;
  /** Acts on the resumed screen: the resumed id must work (RES-3). */
  act(ctx: CaseContext, t: CertifierTerminal, shown: ServerMessage): Promise<void>;
}

/** After OK on FAILED or LIMIT_ERROR: AMOUNT_SELECT "initial" (FLOW-14). */
async function ok(ctx: CaseContext, t: CertifierTerminal, screen: 'FAILED' | 'LIMIT_ERROR'): Promise<void> {
  ctx.say.ok(t, screen);
  await ctx.expectScreen(t, 'AMOUNT_SELECT', { requirements: ['FLOW-14', 'ACT-6'], txn: 'initial' });
}

/**
 * RES-3 on every screen a transaction waits on (the idle screens of FLOW-15):
 * after a dropped connection the terminal gets the same screen, with the same
 * id and the same data (compared as values), and the id still works.
 */
const resumedScreens: ResumedScreen[] = [
  {
    id: 'resumption/3/1',
    screen: 'PAYMENT_METHOD',
    // act() pays: the daily-limit budget counts it.
    needs: { payments: 1 },
    async reach(ctx) {
      const s = await start(ctx);
      return { t: s.t, shown: await toPaymentMethod(ctx, s) };
    },
    async act(ctx, t, shown) {
      await toProcessing(ctx, t, firstMethod(shown));
    },
  },
  {
    id: 'resumption/3/2',
    screen: 'KEYPAD',
    needs: { features: ['otherKeypad'] },
    async reach(ctx) {
      const s = await start(ctx);
      return { t: s.t, shown: await toKeypad(ctx, s) };
    },
    async act(ctx, t, shown) {
      const min = dataField(shown, 'minAmount');
      ctx.say.keypad(t, typeof min === 'number' ? min : 1);
      await ctx.expectScreen(t, 'PAYMENT_METHOD', { requirements: ['FLOW-4', 'RES-3'], txn: t.transactionId as string });
    },
  },
  {
    id: 'resumption/3/3',
    screen: 'FAILED',
    needs: { scenario: 'decline' },
    async reach(ctx) {
      const s = await start(ctx, { scenario: 'decline' });
      return { t: s.t, shown: await payToFailed(ctx, s, ['FLOW-9']) };
    },
    async act(ctx, t) {
      await ok(ctx, t, 'FAILED');
    },
  },
  {
    id: 'resumption/3/4',
    screen: 'LIMIT_ERROR',
    needs: { scenario: 'limit-remaining:0' },
    async reach(ctx) {
      const s = await start(ctx, { scenario: 'limit-remaining:0' });
      ctx.say.preset(s.t, smallest(ctx, s));
      return { t: s.t, shown: await ctx.expectScreen(s.t, 'LIMIT_ERROR', { requirements: ['FLOW-6'] }) };
    },
    async act(ctx, t) {
      await ok(ctx, t, 'LIMIT_ERROR');
    },
  },
];

/** Section 8, resumption of each screen a transaction waits on, and of a result reached while away. Case ids are cited by the mutation test. */
export const resumptionScreenCases: ConformanceCase[] = [
  ...resumedScreens.map(
    (row): ConformanceCase => ({
      id: row.id,
      title: `A terminal that drops its connection on ${row.screen} gets ${row.screen} back, with the same transaction id and data, and the id still works`,
      requirements: ['RES-3', 'RES-1'],
      level: 'MUST',
      ...(row.needs ? { needs: row.needs } : {}),
      async run(ctx) {
        const { t, shown } = await row.reach(ctx);
        const txn = t.transactionId as string;
        t.terminate();
        const again = await ctx.open();
        const resumed = await ctx.expectScreen(again, row.screen, { requirements: ['RES-3', 'RES-1', 'FLOW-1'], txn, title: `the reconnect resumes ${row.screen} of ${txn}` });
        const same = sameScreenData(row.screen, shown?.data, resumed?.data);
        ctx.check(`the resumed ${row.screen} has the same data (as values)`, ['RES-3'], same.same, 'the data first shown', same.difference ?? 'the same values');
        await row.act(ctx, again, resumed);
      },
    }),
  ),
  {
    id: 'resumption/5/2',
    title: 'A FAILED result reached while the terminal was away is delivered on reconnect, and the declined payment leaves the daily limit as it was',
    requirements: ['RES-5', 'FLOW-6'],
    level: 'MUST',
    needs: { scenario: 'decline', knownLimit: true },
    async run(ctx) {
      const ledger = await openLedger(ctx, 'A', (p) => p, { acrossConnections: true });
      assertProbeable(ctx, ledger, ledger.left);
      ledger.t.close();
      const s = await start(ctx, { scenario: 'decline' });
      await presetToProcessing(ctx, s);
      const txn = s.t.transactionId as string;
      s.t.terminate();
      await pause(ctx.waits.resultMs);
      const again = await ctx.open();
      const failed = await ctx.expectScreen(again, 'FAILED', { requirements: ['RES-5', 'RES-3'], txn, title: `the reconnect delivers FAILED of ${txn}, reached while away` });
      ctx.check('the delivered FAILED says why', ['RES-5', 'FLOW-9'], typeof dataField(failed, 'errorCode') === 'string', 'an errorCode', JSON.stringify(dataField(failed, 'errorCode')));
      await ok(ctx, again, 'FAILED');
      await probeLedger(ctx, { ...s, t: again }, { from: ledger.left, left: ledger.left, story: `one payment of ${s.amounts[0]} declined while away`, requirements: ['FLOW-6'] });
    },
  },
];
