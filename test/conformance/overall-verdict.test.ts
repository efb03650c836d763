import { describe, expect, it } from 'vitest';
import type { CaseResult, Verdict } from '../../conformance/results.js';
import { groundsOf } from '../../conformance/grounds.js';
import { overallVerdict } from '../../conformance/runner.js';

function result(id: string, level: 'MUST' | 'SHOULD', verdict: Verdict): CaseResult {
  return { id, title: id, section: id.split('/')[0] ?? id, level, requirements: [], verdict, steps: [], schemaErrors: [], transitions: [], illegalTransitions: [], wire: [], durationMs: 0, replay: '' };
}

describe('overall verdict', () => {
  it('is CONFORMANT when every MUST case that ran passed; WARN, SKIP, N/A and SHOULD failures do not block', () => {
    expect(overallVerdict([result('a/1', 'MUST', 'PASS'), result('a/2', 'MUST', 'WARN'), result('a/3', 'MUST', 'SKIP'), result('a/4', 'MUST', 'NA'), result('b/1', 'SHOULD', 'FAIL'), result('b/2', 'SHOULD', 'ERROR')])).toBe('CONFORMANT');
  });

  it('is NOT_CONFORMANT when a MUST case fails, even if others could not run', () => {
    expect(overallVerdict([result('a/1', 'MUST', 'FAIL'), result('a/2', 'MUST', 'ERROR'), result('a/3', 'MUST', 'PASS')])).toBe('NOT_CONFORMANT');
  });

  it('is NOT_CONFORMANT when a SHOULD case FAILs on a MUST it met on the wire (its grounds say so)', () => {
    const breach = { ...result('transport/8/2', 'SHOULD', 'FAIL'), grounds: groundsOf(['AUTH-5']) };
    expect(overallVerdict([result('a/1', 'MUST', 'PASS'), breach])).toBe('NOT_CONFORMANT');
    const shouldOnly = { ...result('b/1', 'SHOULD', 'FAIL'), grounds: groundsOf(['TRN-8']) };
    expect(overallVerdict([result('a/1', 'MUST', 'PASS'), shouldOnly])).toBe('CONFORMANT');
  });

  it('is INCOMPLETE when a MUST case could not run and none failed: an ERROR proves no defect', () => {
    expect(overallVerdict([result('a/1', 'MUST', 'PASS'), result('a/2', 'MUST', 'ERROR')])).toBe('INCOMPLETE');
    expect(overallVerdict([result('a/1', 'MUST', 'ERROR'), result('a/2', 'MUST', 'ERROR')])).toBe('INCOMPLETE');
  });
});
