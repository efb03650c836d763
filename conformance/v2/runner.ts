import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { packagePath } from '../../protocol/package-root.js';
import { requirements } from '../../protocol/requirements.js';
import { parseV2Frame } from '../../protocol/v2/index.js';
import { registeredProfile } from '../../protocol/profiles/index.js';
import { caseResult, withStepWarning } from '../case-result.js';
import { groundsOf, isHard, type Ground } from '../grounds.js';
import { withFrameRules } from '../frame-rules.js';
import { RESULTS_FORMAT_VERSION, type CaseResult, type RequirementCoverage, type RunResults, type Verdict } from '../results.js';
import { overallVerdict, runWithin } from '../runner.js';
import { WireLog } from '../wire-log.js';
import type { V2Case } from './case.js';
import { V2CaseContext, type V2Waits } from './context.js';
import { CardPool, KioskPool } from './pools.js';
import type { V2Target } from './target.js';
import { v2Untestable } from './untestable.js';

/** How to run the v2 suite. */
export interface V2RunOptions {
  target: V2Target;
  cases: readonly V2Case[];
  /** Cases at once (default 4; never more than the listed kiosks allow). */
  concurrency?: number;
  timeoutScale?: number;
  command?: string;
  onCase?: (result: CaseResult) => void;
}

/** The app release the v2 profile certifies against (its profile's certifiesApp, pinto-android-2.md §1.1). */
export const v2CertifiesApp = registeredProfile('pinto-android-2').certifiesApp ?? 'PintoAndroid release v2.2';

/** The waits of a run: the kiosk's own timers run `kioskTimeScale` times faster, the backend's answers do not. */
export function v2Waits(target: V2Target, timeoutScale = 1): V2Waits {
  const margin = 2_000 * timeoutScale;
  return {
    answerMs: margin,
    kioskMs: (ms) => ms / target.kioskTimeScale + margin,
    afterSaleMs: 6 * target.stepDelayMs + 2 * margin,
  };
}

/** Runs every case against a v2 backend, playing d540407 kiosks; never throws for a misbehaving backend. */
export async function runV2Suite(options: V2RunOptions): Promise<RunResults> {
  const { target } = options;
  const runId = randomBytes(3).toString('hex');
  const startedAt = new Date();
  const waits = v2Waits(target, options.timeoutScale ?? 1);
  // Compile the v2 validators before any case times an answer: the first compile takes seconds on a busy machine.
  parseV2Frame('{}');
  const kiosks = new KioskPool(target.kiosks, runId);
  const cards = new CardPool(target.cardTokens, target.dailyLimitPerCard, runId);
  // A listed card spent by an earlier run today: the books endpoint says what is left, so the budget starts from it.
  if (target.cardTokens && target.books) {
    const probe = new V2CaseContext(target, waits, runId, new WireLog(), [], cards);
    for (const token of target.cardTokens) {
      const read = await probe.booksToday(token).catch(() => undefined);
      if (read) cards.setLeft(token, target.dailyLimitPerCard - read.counted);
    }
  }
  const command = options.command ?? `paysock certify ${target.url} --profile pinto-android-2`;
  const results: CaseResult[] = new Array(options.cases.length);
  const concurrency = Math.max(1, Math.min(options.concurrency ?? 4, options.cases.length));
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < options.cases.length) {
      const index = next++;
      const c = options.cases[index] as V2Case;
      const result = await runV2Case(c, target, waits, runId, command, kiosks, cards);
      results[index] = result;
      options.onCase?.(result);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const counts: Record<Verdict, number> = { PASS: 0, FAIL: 0, WARN: 0, SKIP: 0, NA: 0, ERROR: 0 };
  for (const r of results) counts[r.verdict]++;
  return {
    format: RESULTS_FORMAT_VERSION,
    suite: { name: 'paysock', version: suiteVersion(), specVersion: `v2 (docs/protocol-v2.md; certifies against ${v2CertifiesApp})` },
    target: {
      url: target.url,
      profile: 'pinto-android-2',
      features: [
        { name: 'testControl', declared: target.testControl, verified: target.testControl ? 'verified' : 'not-declared' },
        { name: 'books', declared: target.books !== undefined, verified: target.books !== undefined ? 'verified' : 'not-declared' },
      ],
    },
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    command,
    verdict: overallVerdict(results),
    counts,
    cases: results,
    requirements: v2RequirementCoverage(options.cases, results),
    graph: [],
  };
}

/** Why a case does not run on this target, before it leases anything. */
export function v2DecidedBeforeRun(c: V2Case, target: V2Target): { verdict: 'NA' | 'SKIP'; reason: string } | undefined {
  if (c.needs?.provider && !target.providers.includes(c.needs.provider)) return { verdict: 'NA', reason: `the target does not serve provider ${c.needs.provider}` };
  if (c.needs?.books && !target.books) return { verdict: 'NA', reason: 'the target declares no books endpoint' };
  if (c.needs?.kiosks === 2 && target.kiosks !== undefined && target.kiosks.length < 2) return { verdict: 'NA', reason: 'needs a second test kiosk' };
  if (c.needs?.scenario && !target.testControl) return { verdict: 'SKIP', reason: `needs test control (scenario ${c.needs.scenario}); the target does not declare it` };
  return undefined;
}

/** Runs one case with a hard deadline; every exception becomes a verdict (v1's rules: runner.ts runCase). */
export async function runV2Case(c: V2Case, target: V2Target, waits: V2Waits, runId: string, command: string, kiosks: KioskPool, cards: CardPool): Promise<CaseResult> {
  const log = new WireLog();
  const started = Date.now();
  let verdict: Verdict = 'PASS';
  let reason: string | undefined;
  let grounds: Ground[] | undefined;
  let steps: CaseResult['steps'] = [];
  const decided = v2DecidedBeforeRun(c, target);
  if (decided) {
    verdict = decided.verdict;
    reason = decided.reason;
  } else {
    const ids = await kiosks.lease(c.needs?.kiosks ?? 1);
    const ctx = new V2CaseContext(target, waits, runId, log, ids, cards);
    steps = ctx.steps;
    try {
      ({ verdict, reason } = (await runWithin(() => c.run(ctx), 120_000 * (waits.answerMs / 2_000), c.level)) ?? { verdict, reason });
    } finally {
      await ctx.settle().catch(() => undefined);
      ctx.finish();
      kiosks.release(ids);
    }
  }
  // A backend frame the kiosk cannot parse breaks V2-BAK-11 whatever the case was doing (v1: runner.ts).
  ({ verdict, reason, grounds } = withFrameRules({ verdict, reason, grounds }, log.schemaErrors, 'backend', 'V2-BAK-11'));
  ({ verdict, reason } = withStepWarning(verdict, reason, steps));
  return caseResult(c, { verdict, reason, grounds, steps, schemaErrors: log.schemaErrors, transitions: [], illegalTransitions: [], wire: log.events, durationMs: Date.now() - started }, command);
}

const severity: Verdict[] = ['FAIL', 'ERROR', 'WARN', 'SKIP', 'NA', 'PASS'];

/** Every requirement of docs/protocol-v2.md with the cases that check it, and why no case can where none does (untestable.ts). */
export function v2RequirementCoverage(cases: readonly V2Case[], results: readonly CaseResult[]): RequirementCoverage[] {
  return requirements(2).map((r) => {
    const checking = cases.filter((c) => c.requirements.includes(r.id)).map((c) => c.id);
    const verdicts = results.filter((c) => c.requirements.includes(r.id)).map((c) => c.verdict);
    const worst = severity.find((v) => verdicts.includes(v));
    const row: RequirementCoverage = { id: r.id, level: r.level, source: r.source, text: r.text, section: r.section, cases: checking };
    if (worst) row.verdict = worst;
    const reason = v2Untestable[r.id];
    if (checking.length === 0 && reason) row.untestable = reason;
    return row;
  });
}

/** v2 MUST requirements neither checked by a v2 case nor listed as untestable (should be none). */
export function v2UncoveredMusts(cases: readonly V2Case[]): string[] {
  return v2RequirementCoverage(cases, []).filter((r) => r.level === 'MUST' && r.cases.length === 0 && !r.untestable).map((r) => r.id);
}

function suiteVersion(): string {
  try {
    return (JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}
