import { requirements } from '../protocol/requirements.js';
import { screenTransitions } from '../protocol/screen-graph.js';
import type { ConformanceCase } from './case.js';
import type { CaseResult, RequirementCoverage, RunResults, Verdict } from './results.js';
import { untestable } from './untestable.js';

/** Worst first: the verdict a requirement gets from its cases. */
const severity: Verdict[] = ['FAIL', 'ERROR', 'WARN', 'SKIP', 'NA', 'PASS'];

/** Every requirement of docs/protocol.md with the cases that check it (all defined cases, run or not). */
export function requirementCoverage(cases: readonly ConformanceCase[], results: readonly CaseResult[]): RequirementCoverage[] {
  return requirements().map((r) => {
    const checking = cases.filter((c) => c.requirements.includes(r.id)).map((c) => c.id);
    const verdicts = results.filter((c) => c.requirements.includes(r.id)).map((c) => c.verdict);
    const worst = severity.find((v) => verdicts.includes(v));
    const row: RequirementCoverage = { id: r.id, level: r.level, source: r.source, text: r.text, section: r.section, cases: checking };
    if (worst) row.verdict = worst;
    const reason = untestable[r.id] ?? (r.id.startsWith('LOG-') ? 'logging is inside the backend; a vendor attests to it' : undefined);
    if (checking.length === 0 && reason) row.untestable = reason;
    return row;
  });
}

/** MUST requirements neither checked by a case nor listed as untestable (should be none). */
export function uncoveredMusts(cases: readonly ConformanceCase[]): string[] {
  return requirementCoverage(cases, []).filter((r) => r.level === 'MUST' && r.cases.length === 0 && !r.untestable).map((r) => r.id);
}

/** Every legal transition of the screen graph and how often the run saw it. */
export function graphCoverage(results: readonly CaseResult[]): RunResults['graph'] {
  const seen = new Map<string, number>();
  for (const c of results) for (const t of c.transitions) seen.set(t, (seen.get(t) ?? 0) + 1);
  return screenTransitions.map((t) => ({ from: t.from, to: t.to, seen: seen.get(`${t.from}>${t.to}`) ?? 0 }));
}
