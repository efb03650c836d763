import type { ConformanceCase } from './case.js';
import { sectionOf } from './case.js';
import { oneLine } from './certifier-terminal.js';
import type { Ground } from './grounds.js';
import type { CaseResult, StepResult, Verdict } from './results.js';

/** What a runner (v1 or v2) decided about one case, before it becomes a CaseResult. */
export interface CaseOutcome extends Pick<CaseResult, 'schemaErrors' | 'transitions' | 'illegalTransitions' | 'wire' | 'durationMs'> {
  verdict: Verdict;
  reason: string | undefined;
  /** A frame-level rule's grounds; else the deciding step's are taken. */
  grounds: Ground[] | undefined;
  steps: StepResult[];
  roundTripMs?: number;
}

/** The run's command without its case selection, so `--case <id>` replays one case. */
export function replayBase(command: string): string {
  return command.replace(/\s--(case|grep)(=|\s+)("[^"]*"|'[^']*'|\S+)/g, '');
}

/** `--case <id>` appended to the run's command without its selection. */
export function replayOf(command: string, id: string): string {
  return `${replayBase(command)} --case ${id}`;
}

/** A PASS with a WARN step is a WARN, its reason the first such step (both protocol versions). */
export function withStepWarning(verdict: Verdict, reason: string | undefined, steps: readonly StepResult[]): { verdict: Verdict; reason: string | undefined } {
  const step = verdict === 'PASS' ? steps.find((s) => s.verdict === 'WARN') : undefined;
  return step ? { verdict: 'WARN', reason: `${step.title}: expected ${step.expected}, got ${step.actual}` } : { verdict, reason };
}

/**
 * One case's result in results.json, for both protocol versions: the case's
 * identity, what was decided, the reason on one line, and the grounds of a
 * frame-level rule or else of the deciding step.
 */
export function caseResult(c: Pick<ConformanceCase, 'id' | 'title' | 'level' | 'requirements'>, outcome: CaseOutcome, command: string): CaseResult {
  const { verdict, reason, steps } = outcome;
  const result: CaseResult = {
    id: c.id,
    title: c.title,
    section: sectionOf(c.id),
    level: c.level,
    requirements: c.requirements,
    verdict,
    steps,
    schemaErrors: outcome.schemaErrors,
    transitions: outcome.transitions,
    illegalTransitions: outcome.illegalTransitions,
    wire: outcome.wire,
    durationMs: outcome.durationMs,
    ...(outcome.roundTripMs !== undefined ? { roundTripMs: outcome.roundTripMs } : {}),
    replay: replayOf(command, c.id),
  };
  if (reason !== undefined) result.reason = oneLine(reason);
  const grounds = outcome.grounds ?? (verdict === 'FAIL' || verdict === 'WARN' ? steps.find((s) => s.verdict === verdict)?.grounds : undefined);
  if (grounds !== undefined && grounds.length > 0) result.grounds = grounds;
  return result;
}
