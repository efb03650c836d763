import type { ConformanceCase } from './case.js';
import { planLimit } from './daily-limit.js';
import type { CaseResult } from './results.js';
import { estimateCaseMs, expectedDurationMs, limitNeedOf, runOrder, terminalsOf } from './schedule.js';
import { settleTerminal, type SettleOutcome } from './settle.js';
import type { ResolvedTarget, Waits } from './target.js';
import type { PoolTerminal, TerminalPool } from './terminal-pool.js';
import { describeBreach } from './transaction-registry.js';

/** A pool terminal the runner could not bring back to AMOUNT_SELECT "initial", reported once. */
export interface UnsettledTerminal {
  /** Its place in auth.pool, from 1. */
  token: number;
  /** What it showed when the runner gave up, e.g. `PROCESSING "T-..."`. */
  shows: string;
  /** `before the run`, or `after <case id>`. */
  when: string;
}

/** What the runner plans for a pool, told before the first case starts. */
export interface PoolPlan {
  /** Test terminals in auth.pool, and those the run can use (settled on AMOUNT_SELECT "initial"). */
  tokens: number;
  usable: number;
  /** Expected wall time of the cases (schedule.ts). */
  expectedMs: number;
  /** Without test control, when the declared daily limit does not fund every paying case: "needs N more tokens or a higher limit". */
  budget?: string;
  unsettled: UnsettledTerminal[];
}

/** How to run a suite's cases on a pool of test terminals. */
export interface PoolRunOptions {
  cases: readonly ConformanceCase[];
  target: ResolvedTarget;
  waits: Waits;
  runId: string;
  pool: TerminalPool;
  /** Cases at once, at most. */
  concurrency: number;
  /** Why a case does not run (N/A, SKIP) before it needs a terminal; undefined when it runs. */
  decidedWithoutTerminal: (c: ConformanceCase) => boolean;
  /** Runs one case on the terminals the pool assigned it (held by its id). */
  runOne: (c: ConformanceCase) => Promise<CaseResult>;
  /** A case that did not run, with its verdict and reason. */
  notRun: (c: ConformanceCase, verdict: 'NA' | 'ERROR', reason: string) => CaseResult;
  onPlan?: (plan: PoolPlan) => void;
  onCase?: (result: CaseResult) => void;
}

/**
 * Runs cases on a pool of test terminals (authentication on, AUTH-2). First
 * every terminal is settled on AMOUNT_SELECT "initial" (what an earlier run
 * left is resumed and ended, or the terminal is reported once and left
 * out) and, with test control, its daily limit reset. Then cases start as
 * soon as the terminals they need are free, two-terminal cases first and
 * the longest next; after each case its terminals are settled again. With
 * one terminal, cases that need two are N/A. Without test control, paying
 * cases get terminals whose declared daily limit still funds them.
 */
export async function runOnPool(o: PoolRunOptions): Promise<{ results: CaseResult[]; plan: PoolPlan; atOnce: number }> {
  const { pool, target, waits } = o;
  const results: CaseResult[] = new Array(o.cases.length);
  const unsettled: UnsettledTerminal[] = [];
  const testControl = target.features.testControl;
  const reset = testControl ? `limit-remaining:${target.dailyLimit}` : undefined;

  // Before the run: settle every terminal, a few at once.
  const before = [...pool.terminals];
  await Promise.all(
    Array.from({ length: Math.min(o.concurrency, before.length) }, async () => {
      for (let t = before.shift(); t; t = before.shift()) {
        const outcome = await settle(o, t, 'before the run', reset, true);
        if (!outcome.settled) {
          pool.withdraw(t.token, outcome.shows);
          unsettled.push({ token: t.number, shows: outcome.shows, when: 'before the run' });
        }
      }
    }),
  );

  const smallest = Math.min(...pool.terminals.map((t) => t.smallestAmount ?? Number.POSITIVE_INFINITY));
  const amount = Number.isFinite(smallest) ? smallest : 0;
  const estimate = (c: ConformanceCase): number => estimateCaseMs(c, waits, target.timings);
  const usable = pool.usable.length;
  const pending: ConformanceCase[] = [];
  const runnable: number[] = [];
  o.cases.forEach((c, i) => {
    if (o.decidedWithoutTerminal(c)) pending.push(c);
    else if (terminalsOf(c) > usable && usable > 0) results[i] = o.notRun(c, 'NA', `needs a second test terminal (auth.pool has ${usable} usable token${usable === 1 ? '' : 's'})`);
    else runnable.push(i);
  });

  // Without test control, the declared daily limit must fund the paying cases: said before they start.
  let budget: string | undefined;
  if (!testControl && amount > 0) {
    const needs = runnable.map((i) => ({ id: (o.cases[i] as ConformanceCase).id, ...limitNeedOf(o.cases[i] as ConformanceCase, amount) }));
    const plan = planLimit(needs, usable, target.dailyLimit);
    if (plan.unfunded.length > 0) {
      const more = Number.isFinite(plan.moreTokens) ? `${plan.moreTokens} more token${plan.moreTokens === 1 ? '' : 's'} or a higher limit` : 'a higher limit';
      budget = `needs ${more}: the daily limit of ${target.dailyLimit} (dailyLimit) on ${usable} test terminal(s) does not fund ${plan.unfunded.length} paying case(s) (${plan.unfunded.join(', ')}); without test control the runner cannot reset it`;
      for (const id of plan.unfunded) {
        const i = o.cases.findIndex((c) => c.id === id);
        results[i] = o.notRun(o.cases[i] as ConformanceCase, 'ERROR', budget);
        runnable.splice(runnable.indexOf(i), 1);
      }
    }
  }

  const order = runOrder(o.cases, estimate).filter((i) => runnable.includes(i));
  const atOnce = Math.max(1, Math.min(o.concurrency, usable));
  const plan: PoolPlan = { tokens: pool.tokens.length, usable, expectedMs: expectedDurationMs(o.cases, order, estimate, usable, atOnce), unsettled };
  if (budget !== undefined) plan.budget = budget;
  o.onPlan?.(plan);

  // Cases decided without a terminal (N/A, SKIP) are recorded at once.
  for (const c of pending) {
    const result = await o.runOne(c);
    results[o.cases.indexOf(c)] = result;
    o.onCase?.(result);
  }
  for (const [i, r] of results.entries()) if (r && !pending.includes(o.cases[i] as ConformanceCase)) o.onCase?.(r);

  const queue = [...order];
  const running = new Set<Promise<void>>();
  let wake: (() => void) | undefined;
  const idleCap = Math.max(1, usable - 1);
  let idleRunning = 0;
  const start = (i: number, terminals: PoolTerminal[]): void => {
    const c = o.cases[i] as ConformanceCase;
    const idle = c.needs?.idleTimeout === true;
    if (idle) idleRunning++;
    pool.assign(c.id, terminals);
    const job = (async () => {
      const { need } = limitNeedOf(c, amount);
      const breaches = [];
      for (const t of terminals) {
        // With test control, a terminal whose limit the run does not know, or that would not fund the case, is reset first.
        const left = pool.knownLeft(t.token);
        if (reset !== undefined && (c.needs?.knownLimit === true || left === undefined || left < need)) breaches.push(...(await settle(o, t, `before ${c.id}`, reset, false)).breaches);
      }
      let result = await o.runOne(c);
      const outcomes = await Promise.all(terminals.map((t) => settle(o, t, `after ${c.id}`, undefined, false)));
      const early = breaches[0];
      if (early && result.verdict !== 'FAIL') result = { ...result, verdict: 'FAIL', reason: `while settling before the case, ${describeBreach(early)}` };
      outcomes.forEach((outcome, k) => {
        const t = terminals[k] as PoolTerminal;
        const breach = outcome.breaches[0];
        if (breach && result.verdict !== 'FAIL') result = { ...result, verdict: 'FAIL', reason: `while settling after the case, ${describeBreach(breach)}` };
        if (!outcome.settled) {
          pool.withdraw(t.token, outcome.shows);
          unsettled.push({ token: t.number, shows: outcome.shows, when: `after ${c.id}` });
          if (result.verdict !== 'FAIL' && result.verdict !== 'ERROR') result = { ...result, verdict: 'ERROR', reason: `after the case, the terminal of auth.pool token ${t.number} could not be settled on AMOUNT_SELECT "initial": it shows ${outcome.shows}` };
        }
      });
      pool.release(c.id);
      if (idle) idleRunning--;
      results[i] = result;
      o.onCase?.(result);
    })();
    const tracked = job.finally(() => {
      running.delete(tracked);
      wake?.();
    });
    running.add(tracked);
  };

  while (queue.length > 0) {
    let started = false;
    for (let q = 0; q < queue.length && running.size < atOnce; q++) {
      const i = queue[q] as number;
      const c = o.cases[i] as ConformanceCase;
      const k = terminalsOf(c);
      if (c.needs?.idleTimeout && idleRunning >= idleCap && queue.some((j) => !o.cases[j]?.needs?.idleTimeout)) continue;
      const free = fundedTerminals(pool, c, amount, reset !== undefined, target.dailyLimit);
      if (free.length < k) {
        // A two-terminal case waits for both rather than being passed forever.
        if (k > 1) break;
        continue;
      }
      queue.splice(q, 1);
      q--;
      start(i, free.slice(0, k));
      started = true;
    }
    if (queue.length === 0) break;
    if (running.size === 0 && !started) {
      // Nothing runs and nothing can start: no usable terminal, or none with enough daily limit left.
      for (const i of queue.splice(0)) {
        const c = o.cases[i] as ConformanceCase;
        const why = pool.usable.length === 0 ? `no test terminal left: every token of auth.pool could not be settled (${unsettled.map((u) => `token ${u.token} shows ${u.shows}`).join('; ')})` : `needs more tokens or a higher limit: no test terminal has the ${limitNeedOf(c, amount).need} of its daily limit left that the case needs`;
        results[i] = o.notRun(c, 'ERROR', why);
        o.onCase?.(results[i] as CaseResult);
      }
      break;
    }
    if (!started || running.size >= atOnce) await new Promise<void>((resolve) => (wake = resolve));
  }
  await Promise.all(running);
  return { results, plan, atOnce };
}

/**
 * The free terminals that can fund a case's daily-limit need: with test
 * control every one (the runner resets it); without, those whose declared
 * limit minus this run's payments covers it, the most left first.
 */
function fundedTerminals(pool: TerminalPool, c: ConformanceCase, amount: number, canReset: boolean, limit: number): PoolTerminal[] {
  const free = pool.free();
  if (canReset) return free;
  const { need } = limitNeedOf(c, amount);
  return free.filter((t) => limit - t.paid >= need).sort((a, b) => a.paid - b.paid);
}

/** Settles one terminal; a breach seen before the run has no case to fail and is reported with the terminal. */
async function settle(o: PoolRunOptions, t: PoolTerminal, why: string, scenario: string | undefined, preRun: boolean): Promise<SettleOutcome> {
  const outcome = await settleTerminal({ target: o.target, waits: o.waits, runId: o.runId, pool: o.pool, token: t.token, why, ...(scenario !== undefined ? { scenario } : {}), preRun });
  if (outcome.smallestAmount !== undefined) t.smallestAmount = outcome.smallestAmount;
  if (scenario !== undefined && outcome.scenarioAccepted) {
    const m = /^limit-remaining:(\d+)$/.exec(scenario);
    if (m) o.pool.markReset(t.token, Number(m[1]));
  }
  return outcome;
}

/** The plan as one progress line (plus one per problem): the pool, the expected duration, what cannot be funded or settled. */
export function formatPlan(plan: PoolPlan): string {
  const ms = plan.expectedMs;
  const duration = ms >= 90_000 ? `${Math.round(ms / 60_000)} min` : `${Math.max(1, Math.round(ms / 1000))} s`;
  const lines = [plan.tokens > 0 ? `test terminals: ${plan.usable} of ${plan.tokens} ready (settled on AMOUNT_SELECT "initial"); expected duration about ${duration}` : `expected duration about ${duration}`];
  for (const u of plan.unsettled) lines.push(`  ERROR terminal of auth.pool token ${u.token} could not be settled ${u.when}: it shows ${u.shows}`);
  if (plan.budget !== undefined) lines.push(`  ${plan.budget}`);
  return lines.join('\n');
}
