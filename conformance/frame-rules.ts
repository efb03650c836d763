import { groundsOf, isHard, type Ground } from './grounds.js';
import type { SchemaError, Verdict } from './results.js';

/** Where a case's run ended: its verdict, the reason, and the rules it rests on. */
export interface CaseOutcome {
  verdict: Verdict;
  reason: string | undefined;
  grounds: Ground[] | undefined;
}

/**
 * The outcome once the frame-level rules are applied. They hold whatever the case was doing: a broken frame
 * FAILs the case when a source states the rule it breaks (isHard); a frame that breaks only a SHOULD or a
 * project reading makes a passing case WARN. `sender` names who sent the frames ("server", "backend"), and
 * `fallback` the rule a WARN rests on when the error names none.
 */
export function withFrameRules(outcome: CaseOutcome, errors: readonly SchemaError[], sender: string, fallback: string): CaseOutcome {
  if (errors.length === 0 || outcome.verdict === 'NA') return outcome;
  const hard = errors.find((e) => isHard([e.requirement]));
  const first = hard ?? errors[0];
  const what = `${sender} frame #${first?.event}: ${first?.path || '(message)'} ${first?.message} [${first?.requirement}]`;
  if (hard && (outcome.verdict === 'PASS' || outcome.verdict === 'WARN' || outcome.verdict === 'SKIP')) {
    return { verdict: 'FAIL', reason: what, grounds: groundsOf([hard.requirement]) };
  }
  if (!hard && outcome.verdict === 'PASS') return { verdict: 'WARN', reason: what, grounds: groundsOf([first?.requirement ?? fallback]) };
  return outcome;
}
