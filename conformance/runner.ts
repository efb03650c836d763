import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { packagePath } from '../protocol/package-root.js';
import { CheckFailed, CouldNotRun, NotApplicable, Skipped } from './case-errors.js';
import { sectionOf, type ConformanceCase } from './case.js';
import { caseResult, replayOf, withStepWarning } from './case-result.js';
import { CaseContext } from './context.js';
import { groundsOf, isHard, type Ground } from './grounds.js';
import { withFrameRules } from './frame-rules.js';
import { graphCoverage, requirementCoverage } from './coverage.js';
import { RESULTS_FORMAT_VERSION, type CaseResult, type OverallVerdict, type RunResults, type Verdict } from './results.js';
import { deriveWaits, featureNames, type ResolvedTarget } from './target.js';
import { oneLine } from './certifier-terminal.js';
import { TerminalPool } from './terminal-pool.js';
import { runOnPool, type PoolPlan } from './pool-runner.js';
import { estimateCaseMs, expectedDurationMs } from './schedule.js';
import { describeBreach } from './transaction-registry.js';
import { WireLog } from './wire-log.js';

/** How to run a suite. */
export interface RunOptions {
  target: ResolvedTarget;
  cases: readonly ConformanceCase[];
  /** Cases running at once (default 8; with authentication at most the pool's tokens over two terminals a case). */
  concurrency?: number;
  timeoutScale?: number;
  /** The command line that started the run, for the report and replay commands. */
  command?: string;
  /** Called as each case finishes (progress output). */
  onCase?: (result: CaseResult) => void;
  /** Called once before the first case: the pool, the expected duration, a daily-limit shortfall (progress output). */
  onPlan?: (plan: PoolPlan) => void;
}

/** Selects cases by id or id prefix (`flow`, `flow/6`, `flow/6/1`) and by a regex on id and title. */
export function selectCases(cases: readonly ConformanceCase[], ids: readonly string[], grep?: RegExp): ConformanceCase[] {
  return cases.filter((c) => {
    const byId = ids.length === 0 || ids.some((id) => c.id === id || c.id.startsWith(`${id.replace(/\/$/, '')}/`));
    return byId && (!grep || grep.test(`${c.id} ${c.title}`));
  });
}

/** Runs every case against the target and returns the results; never throws for a misbehaving backend. */
export async function runSuite(options: RunOptions): Promise<RunResults> {
  const { target } = options;
  const waits = deriveWaits(target.timings, options.timeoutScale ?? 1);
  const runId = randomBytes(3).toString('hex');
  const startedAt = new Date();
  // Without authentication the pool has no tokens (every case's terminal ids are its own) but still knows every transaction id of the run (AUTH-5).
  const pool = new TerminalPool(target.auth.mode === 'tokens' ? target.auth.pool : []);
  const wanted = Math.max(1, options.concurrency ?? 8);
  let concurrency = wanted;
  const command = options.command ?? `paysock certify ${target.url}`;
  let results: CaseResult[] = new Array(options.cases.length);
  let plan: PoolPlan | undefined;
  if (target.auth.mode === 'tokens') {
    const ran = await runOnPool({
      cases: options.cases,
      target,
      waits,
      runId,
      pool,
      concurrency: wanted,
      decidedWithoutTerminal: (c) => decidedBeforeRun(c, target) !== undefined,
      runOne: (c) => runCase(c, target, waits, runId, command, pool),
      notRun: (c, verdict, reason) => notRunResult(c, verdict, reason, command),
      ...(options.onPlan ? { onPlan: options.onPlan } : {}),
      ...(options.onCase ? { onCase: options.onCase } : {}),
    });
    results = ran.results;
    plan = ran.plan;
    concurrency = ran.atOnce;
  } else {
    const estimate = (c: ConformanceCase): number => estimateCaseMs(c, waits, target.timings);
    const order = options.cases.map((_, i) => i);
    // Each case has terminal ids of its own: only the cases at once limit the run.
    options.onPlan?.({ tokens: 0, usable: 0, expectedMs: expectedDurationMs(options.cases, order, estimate, 2 * wanted, wanted), unsettled: [] });
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < options.cases.length) {
        const index = next++;
        const c = options.cases[index] as ConformanceCase;
        const result = await runCase(c, target, waits, runId, command, pool);
        results[index] = result;
        options.onCase?.(result);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, options.cases.length) }, worker));
  }
  const counts: Record<Verdict, number> = { PASS: 0, FAIL: 0, WARN: 0, SKIP: 0, NA: 0, ERROR: 0 };
  for (const r of results) counts[r.verdict]++;
  const run: RunResults = {
    format: RESULTS_FORMAT_VERSION,
    suite: { name: 'paysock', version: suiteVersion(), specVersion: 'v1' },
    target: { url: target.url, profile: target.profile, features: featureNames.map((name) => ({ name, declared: target.features[name], verified: featureVerification(name, target, results, options.cases) })) },
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    command,
    // A pool terminal that could not be settled before the run is reported once, as an ERROR of the run.
    verdict: plan && plan.unsettled.some((u) => u.when === 'before the run') && overallVerdict(results) === 'CONFORMANT' ? 'INCOMPLETE' : overallVerdict(results),
    counts,
    cases: results,
    requirements: requirementCoverage(options.cases, results),
    graph: graphCoverage(results),
  };
  if (plan) {
    run.terminals = { tokens: pool.tokens.length, concurrency, used: pool.used, reused: pool.reuses, expectedMs: Math.round(plan.expectedMs) };
    if (plan.unsettled.length > 0) run.terminals.unsettled = plan.unsettled;
    if (plan.firstScreens !== undefined && plan.firstScreens.length > 0) run.terminals.firstScreens = plan.firstScreens;
    if (plan.stoppedEarly !== undefined) run.terminals.stoppedEarly = plan.stoppedEarly;
    if (plan.keptBack !== undefined) run.terminals.keptBack = plan.keptBack;
  }
  run.network = networkAllowance(results);
  return run;
}

/** Median and largest round trip over the cases that connected. */
function networkAllowance(results: readonly CaseResult[]): NonNullable<RunResults['network']> {
  const trips = results.map((r) => r.roundTripMs).filter((ms): ms is number => ms !== undefined && ms > 0).sort((a, b) => a - b);
  return { medianRoundTripMs: trips[Math.floor(trips.length / 2)] ?? 0, maxRoundTripMs: trips[trips.length - 1] ?? 0 };
}

/**
 * NOT_CONFORMANT when a MUST case FAILs: the backend broke a MUST. Otherwise
 * INCOMPLETE when a MUST case could not run (ERROR): nothing proves a defect,
 * but the run cannot certify either. CONFORMANT when every MUST case that ran
 * passed (WARN, SKIP and N/A do not block).
 */
export function overallVerdict(results: readonly CaseResult[]): OverallVerdict {
  const must = results.filter((r) => r.level === 'MUST');
  if (must.some((r) => r.verdict === 'FAIL')) return 'NOT_CONFORMANT';
  // A SHOULD case can still meet a broken MUST on the wire (a frame of another terminal's transaction, AUTH-5; a frame
  // breaking a sourced schema rule): its FAIL carries that MUST in its grounds and counts like a MUST case's.
  if (results.some((r) => r.verdict === 'FAIL' && (r.grounds ?? []).some((g) => g.level === 'MUST' && g.source !== 'project'))) return 'NOT_CONFORMANT';
  if (must.some((r) => r.verdict === 'ERROR')) return 'INCOMPLETE';
  return 'CONFORMANT';
}

function featureVerification(name: string, target: ResolvedTarget, results: readonly CaseResult[], cases: readonly ConformanceCase[]): RunResults['target']['features'][number]['verified'] {
  if (!target.features[name as keyof ResolvedTarget['features']]) return 'not-declared';
  const ids = new Set(cases.filter((c) => c.needs?.features?.includes(name as never) || (name === 'testControl' && c.needs?.scenario)).map((c) => c.id));
  const mine = results.filter((r) => ids.has(r.id));
  if (mine.some((r) => r.verdict === 'FAIL' || r.verdict === 'ERROR')) return 'failed';
  return mine.some((r) => r.verdict === 'PASS' || r.verdict === 'WARN') ? 'verified' : 'skipped';
}

function suiteVersion(): string {
  try {
    return (JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

/** Why a case is N/A or SKIP before it runs (no terminal needed), or undefined when it runs. */
export function decidedBeforeRun(c: ConformanceCase, target: ResolvedTarget): string | undefined {
  return notApplicable(c, target) ?? (c.needs?.scenario && !target.features.testControl ? 'needs test control' : undefined);
}

/** The result of a case the runner did not start (N/A for want of a second terminal, ERROR for want of daily limit). */
function notRunResult(c: ConformanceCase, verdict: 'NA' | 'ERROR', reason: string, command: string): CaseResult {
  return { id: c.id, title: c.title, section: sectionOf(c.id), level: c.level, requirements: c.requirements, verdict, reason: oneLine(reason), steps: [], schemaErrors: [], transitions: [], illegalTransitions: [], wire: [], durationMs: 0, replay: replayOf(command, c.id) };
}

/** Why a case does not apply to the target, or undefined when it does. */
function notApplicable(c: ConformanceCase, target: ResolvedTarget): string | undefined {
  if (c.needs?.profile && c.needs.profile !== target.profile) return `needs profile ${c.needs.profile} (the run speaks ${target.profile})`;
  const missing = c.needs?.features?.find((f) => !target.features[f]);
  return missing ? `the target does not declare feature ${missing}` : undefined;
}

/** The verdict a case's exception means: a failed check FAILs a MUST case and WARNs a SHOULD one; anything unforeseen is an ERROR. */
export function verdictOfError(error: unknown, level: ConformanceCase['level']): { verdict: Verdict; reason: string } {
  if (error instanceof CheckFailed) return { verdict: level === 'MUST' ? 'FAIL' : 'WARN', reason: error.message };
  if (error instanceof NotApplicable) return { verdict: 'NA', reason: error.message };
  if (error instanceof Skipped) return { verdict: 'SKIP', reason: error.message };
  if (error instanceof CouldNotRun) return { verdict: 'ERROR', reason: error.message };
  return { verdict: 'ERROR', reason: `runner error: ${error instanceof Error ? error.message : String(error)}` };
}

/**
 * Runs a case's body with a hard deadline: undefined when it returned, else
 * the verdict its exception (or the deadline's CouldNotRun) makes. Both
 * protocol versions' runners use it; their clean-up stays theirs.
 */
export async function runWithin(run: () => Promise<void>, limitMs: number, level: ConformanceCase['level']): Promise<{ verdict: Verdict; reason: string } | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CouldNotRun(`the case did not finish within ${limitMs} ms`)), limitMs);
  });
  try {
    await Promise.race([run(), deadline]);
    return undefined;
  } catch (error) {
    return verdictOfError(error, level);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs one case with a hard deadline; every exception becomes a verdict. */
export async function runCase(c: ConformanceCase, target: ResolvedTarget, waits: ReturnType<typeof deriveWaits>, runId: string, command: string, pool?: TerminalPool): Promise<CaseResult> {
  const log = new WireLog();
  const ctx = new CaseContext(c, target, waits, runId, log, pool);
  const started = Date.now();
  let verdict: Verdict = 'PASS';
  let reason: string | undefined;
  let grounds: Ground[] | undefined;
  const na = notApplicable(c, target);
  if (na) {
    verdict = 'NA';
    reason = na;
  } else if (c.needs?.scenario && !target.features.testControl) {
    verdict = 'SKIP';
    reason = `needs test control (scenario ${c.needs.scenario}); the target does not declare it`;
  } else {
    try {
      ({ verdict, reason } = (await runWithin(() => c.run(ctx), waits.caseMs, c.level)) ?? { verdict, reason });
    } finally {
      ctx.finish();
    }
  }
  // A screen-graph move the spec does not list (GRAPH-1) is a project reading: the WARN rests on it.
  ({ verdict, reason, grounds } = withFrameRules({ verdict, reason, grounds }, log.schemaErrors, 'server', 'GRAPH-1'));
  // A step that FAILed on a frame the schemas reject says which rule the frame breaks too (a lower-case messageType
  // fails "AMOUNT_SELECT within 1 s" and ENV-14): the FAIL names the requirement the backend broke.
  const decided = verdict === 'FAIL' && grounds === undefined ? ctx.steps.find((s) => s.verdict === 'FAIL') : undefined;
  const broke = decided?.event !== undefined ? log.schemaErrors.find((e) => e.event === decided.event && isHard([e.requirement])) : undefined;
  if (decided && broke && reason !== undefined && !reason.includes(`[${broke.requirement}]`)) {
    reason = `${reason} (the frame breaks ${broke.requirement}: ${broke.path || '(message)'} ${broke.message} [${broke.requirement}])`;
    grounds = groundsOf([...new Set([...(decided.grounds ?? []).map((g) => g.requirement), broke.requirement])]);
  }
  if (verdict === 'PASS' && log.warnings.length > 0) {
    verdict = 'WARN';
    reason = log.warnings[0];
  }
  ({ verdict, reason } = withStepWarning(verdict, reason, ctx.steps));
  // A frame carrying another terminal's transaction is a FAIL whatever the case was doing, never an ERROR of the pool (AUTH-5).
  const breach = ctx.breaches[0];
  if (breach) {
    verdict = 'FAIL';
    reason = describeBreach(breach);
    grounds = groundsOf(['AUTH-5']);
    ctx.steps.push({ title: "no terminal sees another terminal's transaction", verdict: 'FAIL', expected: 'frames carrying only transaction ids of this terminal', actual: reason, requirements: ['AUTH-5'], event: breach.event, grounds });
  }
  return caseResult(c, {
    verdict,
    reason,
    grounds,
    steps: ctx.steps,
    schemaErrors: log.schemaErrors,
    transitions: ctx.connections.flatMap((t) => t.transitions),
    illegalTransitions: ctx.connections.flatMap((t) => t.illegalTransitions),
    wire: log.events,
    durationMs: Date.now() - started,
    roundTripMs: Math.max(0, ...ctx.connections.map((t) => t.roundTripMs)),
  }, command);
}
