import type { ConformanceCase } from '../case.js';
import type { CaseContext, Identity } from '../context.js';
import { firstMethod, start, toPaymentMethod, toProcessing } from './helpers.js';

/** The transaction ids received on an identity's connections (every SCREEN_CHANGE and ERROR), other than "initial". */
function idsSeenBy(ctx: CaseContext, as: Identity): Set<string> {
  const labels = new Set(ctx.connections.filter((c) => c.label === as || c.label.startsWith(`${as}#`)).map((c) => c.label));
  const ids = new Set<string>();
  for (const e of ctx.log.events) {
    if (e.direction !== 'received' || e.kind !== 'text' || !labels.has(e.connection)) continue;
    try {
      const id = (JSON.parse(e.data) as { transactionId?: unknown }).transactionId;
      if (typeof id === 'string' && id !== 'initial') ids.add(id);
    } catch {
      // not JSON: the frame checks report it
    }
  }
  return ids;
}

/** Checks that no frame B received carries a transaction id A received (AUTH-5). */
function checkNothingOfA(ctx: CaseContext): void {
  const ofA = idsSeenBy(ctx, 'A');
  const leaked = [...idsSeenBy(ctx, 'B')].filter((id) => ofA.has(id));
  ctx.check("B never receives a frame carrying A's transaction id", ['AUTH-5'], leaked.length === 0, `no frame to B carries ${[...ofA].map((id) => `"${id}"`).join(', ') || "A's ids"}`, leaked.length === 0 ? 'none' : `B received ${leaked.map((id) => `"${id}"`).join(', ')}`);
}

/** Section 2, isolation of terminals (AUTH-5). Case ids are cited by the mutation test: keep them stable. */
export const isolationCases: ConformanceCase[] = [
  {
    id: 'auth/5/2',
    title: "A terminal connecting while another terminal's transaction is orphaned gets its own AMOUNT_SELECT \"initial\"; the orphan stays its owner's",
    requirements: ['AUTH-5', 'FLOW-1', 'RES-3'],
    level: 'MUST',
    needs: { terminals: 2, payments: 1 },
    async run(ctx) {
      const a = await start(ctx, { as: 'A' });
      const pm = await toPaymentMethod(ctx, a);
      const txn = a.t.transactionId as string;
      // A loses its network mid-transaction: the transaction is orphaned, not ended.
      a.t.terminate();
      const b = await ctx.open({ as: 'B' });
      await ctx.expectScreen(b, 'AMOUNT_SELECT', { requirements: ['AUTH-5', 'FLOW-1'], txn: 'initial', title: `B, connecting while A's ${txn} is orphaned, gets its own AMOUNT_SELECT "initial"` });
      const again = await ctx.open({ as: 'A' });
      await ctx.expectScreen(again, 'PAYMENT_METHOD', { requirements: ['RES-3', 'AUTH-5'], txn, title: `A gets ${txn} back` });
      await toProcessing(ctx, again, firstMethod(pm));
      checkNothingOfA(ctx);
    },
  },
  {
    id: 'auth/5/3',
    title: 'With authentication on, a ?terminalId= in the URL changes nothing: the token alone says which terminal connects',
    requirements: ['AUTH-5', 'AUTH-2', 'RES-3'],
    level: 'MUST',
    needs: { features: ['auth'], terminals: 2 },
    async run(ctx) {
      // Both tokens name the same made-up terminal in the URL: if the URL won, B would open on A's transaction.
      const named = { [ctx.target.terminalIdParam]: `ps-${ctx.runId}-shared-terminal` };
      const a = await start(ctx, { as: 'A', query: named }, ['AUTH-2', 'FLOW-1']);
      await toPaymentMethod(ctx, a);
      const txn = a.t.transactionId as string;
      a.t.terminate();
      const b = await ctx.open({ as: 'B', query: named });
      await ctx.expectScreen(b, 'AMOUNT_SELECT', { requirements: ['AUTH-5'], txn: 'initial', title: `B's token with A's ?terminalId= opens B's own AMOUNT_SELECT "initial", not ${txn}` });
      const again = await ctx.open({ as: 'A' });
      await ctx.expectScreen(again, 'PAYMENT_METHOD', { requirements: ['RES-3', 'AUTH-5'], txn, title: `A's token without ?terminalId= gets ${txn} back: the token is the identity` });
      checkNothingOfA(ctx);
    },
  },
];
