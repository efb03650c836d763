import { CouldNotRun } from '../case-errors.js';
import type { ConformanceCase } from '../case.js';
import type { CaseContext, Identity } from '../context.js';
import type { CertifierTerminal } from '../certifier-terminal.js';
import { amountsOf, firstMethod, start, toPaymentMethod, toProcessing } from './helpers.js';

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
    // B is a terminal the backend has never seen: where a backend that hands orphans to new terminals gives it A's.
    needs: { terminals: 2, payments: 1, firstContact: 'B' },
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
      // A backend may as well refuse an upgrade whose ?terminalId= is not its token's (the token identifies the terminal):
      // that is no override either, so a refusal with an HTTP 4xx passes.
      const named = { [ctx.target.terminalIdParam]: `ps-${ctx.runId}-shared-terminal` };
      const openNamed = async (as: Identity): Promise<CertifierTerminal | undefined> => {
        const { connection, outcome } = await ctx.tryOpen({ as, query: named });
        if (outcome.ok) return connection;
        if (outcome.status === undefined || outcome.status < 400 || outcome.status >= 500) throw new CouldNotRun(`${connection.label}: ${outcome.reason}`);
        ctx.check(`${connection.label}'s token with another ?terminalId= is refused (no override)`, ['AUTH-2'], true, 'served as the token\'s terminal, or refused', `HTTP ${outcome.status}`);
        return undefined;
      };
      const aNamed = await openNamed('A');
      const a = aNamed ?? (await ctx.open({ as: 'A' }));
      const shown = await ctx.expectScreen(a, 'AMOUNT_SELECT', { requirements: ['AUTH-2', 'FLOW-1'], txn: 'initial', title: `${a.label} opens on AMOUNT_SELECT "initial"` });
      await toPaymentMethod(ctx, { t: a, ...amountsOf(shown) });
      const txn = a.transactionId as string;
      a.terminate();
      const b = await openNamed('B');
      if (b) await ctx.expectScreen(b, 'AMOUNT_SELECT', { requirements: ['AUTH-5'], txn: 'initial', title: `B's token with A's ?terminalId= opens B's own AMOUNT_SELECT "initial", not ${txn}` });
      const again = await ctx.open({ as: 'A' });
      await ctx.expectScreen(again, 'PAYMENT_METHOD', { requirements: ['RES-3', 'AUTH-5'], txn, title: `A's token without ?terminalId= gets ${txn} back: the token is the identity` });
      checkNothingOfA(ctx);
    },
  },
];
