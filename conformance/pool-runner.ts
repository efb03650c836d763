import type { ConformanceCase } from './case.js';
import { planLimit } from './daily-limit.js';
import type { CaseResult } from './results.js';
import { estimateCaseMs, expectedDurationMs, limitNeedOf, runOrder, terminalsOf } from './schedule.js';
import { settleTerminal, type SettleOutcome } from './settle.js';
import type { ResolvedTarget, Waits } from './target.js';
import type { PoolTerminal, TerminalPool } from './terminal-pool.js';
import { describeBreach } from './transaction-registry.js';
import { groundsOf, isHard } from './grounds.js';

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
  /** Broken first screens found while settling (the backend's fault, judged by the cases that check first screens). */
  firstScreens?: FirstScreenProblem[];
  /** The run stopped early: these cases found the first screen broken, every other case is an ERROR naming them. */
  stoppedEarly?: string[];
  /** Tokens kept back from settling for the first-contact cases. */
  keptBack?: number;
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

/** A broken first screen found while settling a pool terminal (settle.ts firstScreenProblem), reported once. */
export interface FirstScreenProblem {
  /** Its place in auth.pool, from 1. */
  token: number;
  /** The requirement it breaks, what was wrong, and the frame. */
  problem: string;
}

/** Pool terminals settled at once before the run (loopback or a backend's pool: connections, not load). */
export const SETTLE_AT_ONCE = 32;

/**
 * Runs cases on a pool of test terminals (authentication on, AUTH-2). First
 * every terminal is settled on AMOUNT_SELECT "initial", many at once (what
 * an earlier run left is resumed and ended, or the terminal is reported once
 * and left out) and, with test control, its daily limit reset; tokens for
 * the first-contact cases are kept back (needs.firstContact). A broken first
 * screen stops settling: the cases that judge the first screen run first,
 * and when one FAILs the run stops there, every other case an ERROR naming
 * it. Then cases start as soon as the terminals they need are free,
 * two-terminal cases first and the longest next; after each case its
 * terminals are settled again. With one terminal, cases that need two are
 * N/A. Without test control, paying cases get terminals whose declared daily
 * limit still funds them.
 */
export async function runOnPool(o: PoolRunOptions): Promise<{ results: CaseResult[]; plan: PoolPlan; atOnce: number }> {
  const { pool, target, waits } = o;
  const results: CaseResult[] = new Array(o.cases.length);
  const unsettled: UnsettledTerminal[] = [];
  const firstScreens: FirstScreenProblem[] = [];
  const testControl = target.features.testControl;
  const reset = testControl ? `limit-remaining:${target.dailyLimit}` : undefined;
  const decided = new Set(o.cases.filter((c) => o.decidedWithoutTerminal(c)));

  // First contact: a token kept back from settling for each such case, the preflight's first token never among them.
  const fresh = new Map<number, PoolTerminal>();
  const firstContact = o.cases.map((c, i) => ({ c, i })).filter(({ c }) => c.needs?.firstContact !== undefined && !decided.has(c) && terminalsOf(c) <= pool.tokens.length);
  firstContact.sort((a, b) => terminalsOf(b.c) - terminalsOf(a.c) || a.i - b.i);
  const kept = pool.keepBack(Math.min(firstContact.length, Math.max(0, pool.tokens.length - 1)));
  firstContact.forEach(({ c, i }, k) => {
    const t = kept[k];
    if (t) fresh.set(i, t);
    else {
      const given = kept.length === 0 ? 'none can be kept back' : `${kept.length} kept back for ${firstContact.slice(0, kept.length).map((f) => f.c.id).join(', ')}`;
      results[i] = o.notRun(c, 'NA', `needs a test terminal the backend has not seen in this run (a token kept back from settling until this case): auth.pool has ${pool.tokens.length} token${pool.tokens.length === 1 ? '' : 's'}, ${given}`);
    }
  });

  // Before the run: settle the other terminals, many at once; a broken first screen stops it (the rest wait).
  const before = pool.terminals.filter((t) => t.keptBack !== true);
  for (const t of before) t.waiting = true;
  const settleBefore = async (queue: PoolTerminal[], stopAtFirstScreen: boolean): Promise<void> => {
    await Promise.all(
      Array.from({ length: Math.min(SETTLE_AT_ONCE, queue.length) }, async () => {
        for (let t = queue.shift(); t; t = queue.shift()) {
          if (stopAtFirstScreen && firstScreens.length > 0) return;
          t.waiting = false;
          const outcome = await settle(o, t, 'before the run', reset, true);
          if (outcome.firstScreen !== undefined && stopAtFirstScreen) {
            // The backend's fault, not the terminal's: the cases that judge first screens get this terminal.
            firstScreens.push({ token: t.number, problem: outcome.firstScreen });
          } else if (!outcome.settled) {
            pool.withdraw(t.token, outcome.shows);
            unsettled.push({ token: t.number, shows: outcome.shows, when: 'before the run' });
          }
        }
      }),
    );
  };
  const waiting = [...before];
  await settleBefore(waiting, true);

  let amount = 0;
  const noteAmount = (): void => {
    const smallest = Math.min(...pool.terminals.map((t) => t.smallestAmount ?? Number.POSITIVE_INFINITY));
    amount = Number.isFinite(smallest) ? smallest : 0;
  };
  noteAmount();
  const estimate = (c: ConformanceCase): number => estimateCaseMs(c, waits, target.timings);
  const queue: number[] = [];
  const running = new Set<Promise<void>>();
  let wake: (() => void) | undefined;
  let atOnce = Math.max(1, Math.min(o.concurrency, pool.usable.length));
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
        // A kept-back terminal is first met by the case itself.
        if (t.keptBack === true) continue;
        // With test control, a terminal whose limit the run does not know, or that would not fund the case, is reset first.
        const left = pool.knownLeft(t.token);
        if (reset !== undefined && (c.needs?.knownLimit === true || left === undefined || left < need)) breaches.push(...(await settle(o, t, `before ${c.id}`, reset, false)).breaches);
      }
      let result = await o.runOne(c);
      for (const t of terminals) t.keptBack = false;
      const outcomes = await Promise.all(terminals.map((t) => settle(o, t, `after ${c.id}`, undefined, false)));
      const early = breaches[0];
      if (early && result.verdict !== 'FAIL') result = { ...result, verdict: 'FAIL', reason: `while settling before the case, ${describeBreach(early)}` };
      outcomes.forEach((outcome, k) => {
        const t = terminals[k] as PoolTerminal;
        result = keepSettleFrames(result, outcome, t.number);
        const breach = outcome.breaches[0];
        if (breach && result.verdict !== 'FAIL') result = { ...result, verdict: 'FAIL', reason: `while settling after the case, ${describeBreach(breach)}` };
        if (outcome.firstScreen !== undefined) {
          // The backend's first screen, not the terminal's state: no ERROR of the pool (the cases that check first screens judge it).
          if (!firstScreens.some((f) => f.token === t.number)) firstScreens.push({ token: t.number, problem: outcome.firstScreen });
          if (!outcome.settled) pool.withdraw(t.token, outcome.firstScreen);
        } else if (!outcome.settled) {
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

  /** The terminals a case gets now, in identity order (its kept-back one in its first-contact place), or undefined. */
  const terminalsFor = (i: number): PoolTerminal[] | undefined => {
    const c = o.cases[i] as ConformanceCase;
    const k = terminalsOf(c);
    const mine = fresh.get(i);
    const free = fundedTerminals(pool, c, amount, reset !== undefined, target.dailyLimit);
    if (free.length < k - (mine ? 1 : 0)) return undefined;
    if (!mine) return free.slice(0, k);
    const others = free.slice(0, k - 1);
    return c.needs?.firstContact === 'A' ? [mine, ...others] : [...others, mine];
  };

  /** Runs the queued cases until none is left (or none can start: each is then an ERROR saying why). */
  const drain = async (): Promise<void> => {
    const idleCap = Math.max(1, pool.usable.length - 1);
    while (queue.length > 0) {
      let started = false;
      for (let q = 0; q < queue.length && running.size < atOnce; q++) {
        const i = queue[q] as number;
        const c = o.cases[i] as ConformanceCase;
        if (c.needs?.idleTimeout && idleRunning >= idleCap && queue.some((j) => !o.cases[j]?.needs?.idleTimeout)) continue;
        const terminals = terminalsFor(i);
        if (!terminals) {
          // A two-terminal case waits for both rather than being passed forever.
          if (terminalsOf(c) > 1) break;
          continue;
        }
        queue.splice(q, 1);
        q--;
        start(i, terminals);
        started = true;
      }
      if (queue.length === 0) break;
      if (running.size === 0 && !started) {
        // Nothing runs and nothing can start: no usable terminal, or none with enough daily limit left.
        for (const i of queue.splice(0)) {
          const c = o.cases[i] as ConformanceCase;
          const lost = [...unsettled.map((u) => `token ${u.token} shows ${u.shows}`), ...firstScreens.map((f) => `token ${f.token}: ${f.problem}`)];
          const why = pool.free().length === 0 ? `no test terminal left: every token of auth.pool could not be settled (${lost.join('; ')})` : `needs more tokens or a higher limit: no test terminal has the ${limitNeedOf(c, amount).need} of its daily limit left that the case needs`;
          results[i] = o.notRun(c, 'ERROR', why);
          o.onCase?.(results[i] as CaseResult);
        }
        break;
      }
      if (!started || running.size >= atOnce) await new Promise<void>((resolve) => (wake = resolve));
    }
    await Promise.all(running);
  };

  // A broken first screen: the cases that judge it run first, on the terminals settled so far.
  if (firstScreens.length > 0) {
    const gate = o.cases.map((c, i) => ({ c, i })).filter(({ c, i }) => c.firstScreenGate === true && !decided.has(c) && results[i] === undefined);
    queue.push(...gate.map((g) => g.i));
    await drain();
    const failed = gate.map((g) => results[g.i] as CaseResult).filter((r) => r.verdict === 'FAIL');
    if (failed.length > 0) {
      const why = `not run: the run stopped early, the backend's first screen already fails (${failed.map((r) => `${r.id}: ${r.reason ?? r.verdict}`).join('; ')}); every other case starts from a good first screen`;
      const plan: PoolPlan = { tokens: pool.tokens.length, usable: pool.usable.length, expectedMs: 0, unsettled, firstScreens, stoppedEarly: failed.map((r) => r.id) };
      o.onPlan?.(plan);
      for (const [i, c] of o.cases.entries()) {
        if (results[i] !== undefined) continue;
        results[i] = decided.has(c) ? await o.runOne(c) : o.notRun(c, 'ERROR', why);
        o.onCase?.(results[i] as CaseResult);
      }
      return { results, plan, atOnce };
    }
    // Not the backend's first screen after all (a slow moment while settling): settle again the terminals that met it, and the rest, and go on.
    const again = pool.terminals.filter((t) => firstScreens.some((f) => f.token === t.number) && t.holder === undefined && t.withdrawn === undefined);
    firstScreens.splice(0);
    await settleBefore([...again, ...waiting], false);
    noteAmount();
  }

  const usable = pool.usable.length;
  const pending: ConformanceCase[] = [];
  const runnable: number[] = [];
  o.cases.forEach((c, i) => {
    if (results[i] !== undefined) return;
    if (decided.has(c)) pending.push(c);
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

  // The first-contact cases first: until each has run, its kept-back token serves no other case.
  const order = runOrder(o.cases, estimate)
    .filter((i) => runnable.includes(i))
    .sort((a, b) => Number(fresh.has(b)) - Number(fresh.has(a)));
  atOnce = Math.max(1, Math.min(o.concurrency, usable));
  const plan: PoolPlan = { tokens: pool.tokens.length, usable, expectedMs: expectedDurationMs(o.cases, order, estimate, usable, atOnce), unsettled };
  if (budget !== undefined) plan.budget = budget;
  if (kept.length > 0) plan.keptBack = kept.length;
  o.onPlan?.(plan);

  // Cases decided without a terminal (N/A, SKIP) are recorded at once.
  for (const c of pending) {
    const result = await o.runOne(c);
    results[o.cases.indexOf(c)] = result;
    o.onCase?.(result);
  }
  for (const [i, r] of results.entries()) if (r && !pending.includes(o.cases[i] as ConformanceCase) && !(o.cases[i] as ConformanceCase).firstScreenGate) o.onCase?.(r);

  queue.push(...order);
  await drain();
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

/**
 * Settling never swallows a frame: when the settle step after a case met
 * something (a frame the schemas reject, a breach, a broken first screen, a
 * terminal it could not settle), its wire log is appended to the case's,
 * each connection named `settle <token>/<label>`; a frame breaking a rule a
 * source states FAILs the case like a frame of its own (the backend sent it
 * to that terminal).
 */
export function keepSettleFrames(result: CaseResult, outcome: SettleOutcome, token: number): CaseResult {
  const notable = outcome.log.schemaErrors.length > 0 || outcome.breaches.length > 0 || outcome.firstScreen !== undefined || !outcome.settled;
  if (!notable) return result;
  const offset = result.wire.length;
  const wire = [...result.wire, ...outcome.log.events.map((e) => ({ ...e, connection: `settle ${token}/${e.connection}` }))];
  const schemaErrors = [...result.schemaErrors, ...outcome.log.schemaErrors.map((e) => ({ ...e, event: e.event + offset }))];
  const kept: CaseResult = { ...result, wire, schemaErrors };
  const hard = outcome.log.schemaErrors.find((e) => isHard([e.requirement]));
  if (hard && kept.verdict !== 'FAIL') {
    kept.verdict = 'FAIL';
    kept.reason = `while settling after the case, server frame #${hard.event + offset} (settle ${token}): ${hard.path || '(message)'} ${hard.message} [${hard.requirement}]`;
    kept.grounds = groundsOf([hard.requirement]);
  }
  return kept;
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
  const broken = plan.firstScreens ?? [];
  const lines =
    plan.stoppedEarly !== undefined
      ? [`test terminals: settling stopped at a broken first screen (${broken.length} of ${plan.tokens} terminals met one)`]
      : [plan.tokens > 0 ? `test terminals: ${plan.usable} of ${plan.tokens} ready (settled on AMOUNT_SELECT "initial"); expected duration about ${duration}` : `expected duration about ${duration}`];
  for (const u of plan.unsettled) lines.push(`  ERROR terminal of auth.pool token ${u.token} could not be settled ${u.when}: it shows ${u.shows}`);
  // One line per kind of broken first screen (the same defect on 32 terminals is one finding); the round trip in "within N ms" differs per terminal.
  const kinds = new Map<string, number[]>();
  for (const f of broken) {
    const kind = f.problem.replace(/\d+ ms/g, 'N ms');
    kinds.set(kind, [...(kinds.get(kind) ?? []), f.token]);
  }
  for (const [kind, tokens] of kinds) {
    const first = broken.find((f) => f.token === tokens[0]);
    const which = tokens.length === 1 ? `token ${tokens[0]}` : `tokens ${tokens.slice(0, 5).join(', ')}${tokens.length > 5 ? ` and ${tokens.length - 5} more` : ''}`;
    lines.push(`  FAIL first screen (auth.pool ${which}): ${first?.problem ?? kind}`);
  }
  if (plan.stoppedEarly !== undefined) lines.push(`  stopped early: the first screen already fails (${plan.stoppedEarly.join(', ')}); the other cases did not run`);
  if (plan.keptBack !== undefined) lines.push(`  ${plan.keptBack} token(s) kept back from settling for the first-contact cases`);
  if (plan.budget !== undefined) lines.push(`  ${plan.budget}`);
  return lines.join('\n');
}
