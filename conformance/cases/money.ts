import type { ConformanceCase } from '../case.js';
import type { CaseContext } from '../context.js';
import { firstMethod, followReceipt, payToFailed, payToSuccess, start, toPaymentMethod } from './helpers.js';
import { assertProbeable, checkChargedOnce, followToInitial, methodAction, openLedger, pause, probeLedger, reopen, type LedgerTerminal } from './ledger.js';

/**
 * Money safety read from the daily limit (FLOW-6, RES-4): each case makes
 * what is left of a terminal's limit known, pays, replays or declines, then
 * probes the ledger (ledger.ts). The wire can hide a second charge; the
 * ledger cannot. Case ids are cited by the mutation test: keep them stable.
 */

/** Server-driven steps from PROCESSING to AMOUNT_SELECT "initial", with slack (FLOW-8, FLOW-11). */
function cycleMs(ctx: CaseContext): number {
  return ctx.waits.resultMs + 4 * ctx.waits.stepMs;
}

/** Opens A with twice the smallest amount left, and checks up front that one payment of it can be probed (what is left then: the smallest amount). */
async function ledgerForOnePayment(ctx: CaseContext, options: { acrossConnections?: boolean } = {}): Promise<{ s: LedgerTerminal; p: number }> {
  const s = await openLedger(ctx, 'A', (p) => 2 * p, options);
  const p = s.amounts[0] as number;
  assertProbeable(ctx, s, s.left - p);
  return { s, p };
}

/** The ledger opened as ledgerForOnePayment does, then one approved payment of the smallest amount followed back to AMOUNT_SELECT "initial". */
async function ledgerAfterOnePayment(ctx: CaseContext): Promise<{ s: LedgerTerminal; p: number; paid: Awaited<ReturnType<typeof payToSuccess>> }> {
  const { s, p } = await ledgerForOnePayment(ctx);
  const paid = await payToSuccess(ctx, s);
  await followReceipt(ctx, s.t, paid.showReceipt);
  return { s, p, paid };
}

/** The ledger opened as ledgerForOnePayment does, then the smallest amount selected and the first method sent once: PROCESSING (FLOW-7). */
async function ledgerToProcessing(ctx: CaseContext): Promise<{ s: LedgerTerminal; p: number; txn: string; method: string }> {
  // Both callers reconnect before they probe.
  const { s, p } = await ledgerForOnePayment(ctx, { acrossConnections: true });
  const pm = await toPaymentMethod(ctx, s);
  const txn = s.t.transactionId as string;
  const method = firstMethod(pm);
  s.t.send(methodAction(ctx, s.t, method, txn));
  await ctx.expectScreen(s.t, 'PROCESSING', { requirements: ['FLOW-7'], txn });
  return { s, p, txn, method };
}

/** A payment whose processor answer the scenario decides: it must leave the ledger as it was (FLOW-6: only successful payments count). */
function unpaidCase(id: string, scenario: 'decline' | 'processor-timeout', outcome: string): ConformanceCase {
  return {
    id,
    title: `A ${outcome} payment does not count against the daily limit (probed: what was left is still left)`,
    requirements: ['FLOW-6', scenario === 'decline' ? 'FLOW-9' : 'FLOW-10'],
    level: 'MUST',
    needs: { scenario, knownLimit: true },
    async run(ctx) {
      const ledger = await openLedger(ctx, 'A', (p) => p, { acrossConnections: true });
      assertProbeable(ctx, ledger, ledger.left);
      ledger.t.close();
      const s = await start(ctx, { scenario });
      const within = scenario === 'decline' ? ctx.waits.resultMs : ctx.waits.processorTimeoutMs;
      await payToFailed(ctx, s, [scenario === 'decline' ? 'FLOW-9' : 'FLOW-10'], within);
      ctx.say.ok(s.t, 'FAILED');
      await ctx.expectScreen(s.t, 'AMOUNT_SELECT', { requirements: ['FLOW-14'], txn: 'initial' });
      await probeLedger(ctx, s, { from: ledger.left, left: ledger.left, story: `one ${outcome} payment of ${s.amounts[0]}`, requirements: ['FLOW-6'] });
    },
  };
}

/** Section 6 (FLOW-6) and 8 (RES-4), on the ledger. */
export const moneyCases: ConformanceCase[] = [
  {
    id: 'flow/6/4',
    title: 'A keypad amount over what is left of the daily limit gets LIMIT_ERROR with that remaining; the amount left is accepted',
    requirements: ['FLOW-6', 'ACT-3'],
    level: 'MUST',
    needs: { features: ['otherKeypad'], knownLimit: true },
    async run(ctx) {
      const s = await openLedger(ctx, 'A', (p) => p);
      assertProbeable(ctx, s, s.left, true);
      await probeLedger(ctx, s, { from: s.left, left: s.left, story: 'no payment', requirements: ['FLOW-6', 'ACT-3'], keypad: true });
    },
  },
  unpaidCase('flow/6/5', 'decline', 'declined'),
  unpaidCase('flow/6/6', 'processor-timeout', 'timed-out'),
  {
    id: 'flow/6/7',
    title: "Daily totals are per terminal: A's payment leaves B's remaining limit as it was",
    requirements: ['FLOW-6', 'AUTH-5'],
    level: 'MUST',
    needs: { terminals: 2, knownLimit: true, payments: 1 },
    async run(ctx) {
      const a = await openLedger(ctx, 'A', (p) => 2 * p);
      const b = await openLedger(ctx, 'B', (p) => 2 * p);
      const p = a.amounts[0] as number;
      assertProbeable(ctx, a, a.left - p);
      assertProbeable(ctx, b, b.left);
      const paid = await payToSuccess(ctx, a);
      await followReceipt(ctx, a.t, paid.showReceipt);
      await probeLedger(ctx, b, { from: b.left, left: b.left, story: `no payment on B (A paid ${p})`, requirements: ['FLOW-6', 'AUTH-5'] });
      await probeLedger(ctx, a, { from: a.left, left: a.left - p, story: `one payment of ${p}`, requirements: ['FLOW-6'] });
    },
  },
  {
    id: 'flow/6/8',
    title: 'A successful payment counts exactly its amount against the daily limit',
    requirements: ['FLOW-6'],
    level: 'MUST',
    needs: { knownLimit: true, payments: 1 },
    async run(ctx) {
      const { s, p } = await ledgerAfterOnePayment(ctx);
      await probeLedger(ctx, s, { from: s.left, left: s.left - p, story: `one payment of ${p}`, requirements: ['FLOW-6'] });
    },
  },
  {
    id: 'resumption/4/3',
    title: 'A payment method tapped twice 30 ms apart is charged once: on the wire and on the daily limit',
    requirements: ['RES-4', 'FLOW-6'],
    level: 'MUST',
    needs: { knownLimit: true, payments: 1 },
    async run(ctx) {
      const { s, p } = await ledgerForOnePayment(ctx);
      const pm = await toPaymentMethod(ctx, s);
      const txn = s.t.transactionId as string;
      const tap = methodAction(ctx, s.t, firstMethod(pm), txn);
      s.t.send(tap);
      await pause(30);
      s.t.send({ ...tap, timestamp: Date.now() });
      await ctx.expectScreen(s.t, 'PROCESSING', { requirements: ['FLOW-7'], txn });
      await followToInitial(ctx, s.t, cycleMs(ctx));
      checkChargedOnce(ctx, txn, ['RES-4']);
      await probeLedger(ctx, s, { from: s.left, left: s.left - p, story: `one payment of ${p}, tapped twice`, requirements: ['RES-4'] });
    },
  },
  {
    id: 'resumption/4/4',
    title: 'A payment method replayed after a reconnect on every screen from PROCESSING to THANK_YOU is charged once',
    requirements: ['RES-4', 'RES-3', 'FLOW-6'],
    level: 'MUST',
    needs: { knownLimit: true, payments: 1 },
    async run(ctx) {
      const { s, p, txn, method } = await ledgerToProcessing(ctx);
      let t = s.t;
      const replayedOn: string[] = [];
      // One reconnect and replay per screen of the transaction, until the cycle is over (at most one per step).
      for (let i = 0; i < 6 && !(t.screen === 'AMOUNT_SELECT' && t.transactionId === 'initial'); i++) {
        t.terminate();
        t = await reopen(ctx);
        const resumed = await ctx.nextAnswer(t, ctx.allow(t, ctx.waits.answerMs));
        const m = resumed?.kind === 'message' ? (resumed.raw as { messageType?: unknown; screen?: unknown; transactionId?: unknown }) : undefined;
        const ended = m?.screen === 'AMOUNT_SELECT' && m.transactionId === 'initial';
        const ours = m?.messageType === 'SCREEN_CHANGE' && (m.transactionId === txn || ended);
        ctx.check(`${t.label} resumes transaction ${txn} (or its end)`, ['RES-3', 'RES-1'], ours, `a screen of ${txn}, or AMOUNT_SELECT "initial" once it ended`, `${String(m?.messageType)} ${String(m?.screen)} ${JSON.stringify(m?.transactionId)}`);
        replayedOn.push(String(m?.screen));
        t.send(methodAction(ctx, t, method, txn));
        // The replay is answered (the current screen or an ERROR); then the next server-driven step comes.
        const deadline = Date.now() + ctx.allow(t, ended ? ctx.waits.answerMs : m?.screen === 'PROCESSING' ? ctx.waits.resultMs : ctx.waits.stepMs);
        for (;;) {
          const next = await ctx.nextAnswer(t, Math.max(0, deadline - Date.now()));
          const n = next?.kind === 'message' ? (next.raw as { messageType?: unknown; data?: { errorCode?: unknown } }) : undefined;
          if (n?.messageType !== 'ERROR') break;
          ctx.check('a replayed payment is answered with the current screen or UNEXPECTED_ACTION', ['RES-4'], ['UNEXPECTED_ACTION', 'INVALID_TRANSACTION'].includes(String(n.data?.errorCode)), 'the current screen or ERROR UNEXPECTED_ACTION', `ERROR ${String(n.data?.errorCode)}`, true);
        }
      }
      if (!(t.screen === 'AMOUNT_SELECT' && t.transactionId === 'initial')) await followToInitial(ctx, t, cycleMs(ctx));
      ctx.check('the payment was replayed after a reconnect on each screen it reached', ['RES-4'], replayedOn.length > 0, 'at least one replay', replayedOn.join(', '));
      checkChargedOnce(ctx, txn, ['RES-4']);
      await probeLedger(ctx, { ...s, t }, { from: s.left, left: s.left - p, story: `one payment of ${p}, replayed after ${replayedOn.length} reconnects`, requirements: ['RES-4'] });
    },
  },
  {
    id: 'resumption/4/5',
    title: 'A payment method replayed from a second connection of the terminal (the 4001 replacement) while the first is PROCESSING is charged once',
    requirements: ['RES-4', 'FLOW-6'],
    level: 'MUST',
    needs: { knownLimit: true, payments: 1 },
    async run(ctx) {
      const { s, p, txn, method } = await ledgerToProcessing(ctx);
      const second = await reopen(ctx);
      // The race: the replay goes out at once, before the second connection has even read its first screen.
      second.send(methodAction(ctx, second, method, txn));
      await followToInitial(ctx, second, cycleMs(ctx));
      checkChargedOnce(ctx, txn, ['RES-4']);
      await probeLedger(ctx, { ...s, t: second }, { from: s.left, left: s.left - p, story: `one payment of ${p}, replayed from a second connection`, requirements: ['RES-4'] });
    },
  },
  {
    id: 'resumption/4/6',
    title: "A finished transaction's payment replayed on the next cycle is not charged again",
    requirements: ['RES-4', 'TXN-4', 'FLOW-6'],
    level: 'MUST',
    needs: { knownLimit: true, payments: 1 },
    async run(ctx) {
      const { s, p, paid } = await ledgerAfterOnePayment(ctx);
      s.t.send(methodAction(ctx, s.t, paid.method, paid.txn));
      const answer = await ctx.nextAnswer(s.t, ctx.allow(s.t, ctx.waits.answerMs));
      const m = answer?.kind === 'message' ? (answer.raw as { messageType?: unknown; screen?: unknown; transactionId?: unknown }) : undefined;
      const charged = m?.messageType === 'SCREEN_CHANGE' && m.transactionId === paid.txn;
      ctx.check(`the replay of finished ${paid.txn} is not processed`, ['RES-4', 'TXN-4'], !charged, 'ERROR INVALID_TRANSACTION or UNEXPECTED_ACTION, or the current screen', charged ? `SCREEN_CHANGE ${String(m?.screen)} of the finished transaction: it was processed again` : `${String(m?.messageType ?? 'nothing')} ${String(m?.screen ?? '')}`);
      await ctx.expectNoAnswer(s.t, ctx.waits.silenceMs, { requirements: ['RES-4'], title: 'nothing more follows the replay', soft: true });
      checkChargedOnce(ctx, paid.txn, ['RES-4']);
      await probeLedger(ctx, s, { from: s.left, left: s.left - p, story: `one payment of ${p}, replayed on the next cycle`, requirements: ['RES-4'] });
    },
  },
];
