import { CheckFailed } from '../case-errors.js';
import { groundsOf, isHard } from '../grounds.js';
import type { StepResult } from '../results.js';
import type { StepJudgement } from '../verifiers.js';

/**
 * A case's steps, in order: each check's expected and actual, its verdict,
 * and the grounds of a failure. A failed step stops the case (CheckFailed)
 * only when it may FAIL it.
 */
export class StepRecorder {
  readonly steps: StepResult[] = [];

  /**
   * Records a step; a failed one stops the case with a FAIL only when one of
   * its requirements is a MUST that the sources state (grounds.ts). Anything
   * else that fails (a SHOULD, a project reading, a soft check) is a WARN and
   * the case goes on: no FAIL without a quoted source sentence.
   */
  record(title: string, requirements: string[], judgement: StepJudgement, event?: number, soft = false): void {
    const hard = !soft && isHard(requirements);
    const verdict = judgement.ok ? 'PASS' : hard ? 'FAIL' : 'WARN';
    const step: StepResult = { title, verdict, expected: judgement.expected, actual: judgement.actual, requirements };
    if (event !== undefined) step.event = event;
    if (!judgement.ok) step.grounds = groundsOf(requirements);
    this.steps.push(step);
    if (!judgement.ok && hard) throw new CheckFailed(`${title}: expected ${judgement.expected}, got ${judgement.actual}`);
  }

  /** A free-form check. */
  check(title: string, requirements: string[], ok: boolean, expected: string, actual: string, soft = false): void {
    this.record(title, requirements, { ok, expected, actual }, undefined, soft);
  }
}
