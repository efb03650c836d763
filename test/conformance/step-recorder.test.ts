import { describe, expect, it } from 'vitest';
import { CheckFailed } from '../../conformance/case-errors.js';
import { StepRecorder } from '../../conformance/context/step-recorder.js';
import { groundsOf } from '../../conformance/grounds.js';

describe('the step recorder (conformance/context/step-recorder.ts)', () => {
  it('records a PASS with its event and no grounds', () => {
    const r = new StepRecorder();
    r.record('A shows PAYMENT_METHOD', ['FLOW-5'], { ok: true, expected: 'x', actual: 'x' }, 3);
    expect(r.steps).toEqual([{ title: 'A shows PAYMENT_METHOD', verdict: 'PASS', expected: 'x', actual: 'x', requirements: ['FLOW-5'], event: 3 }]);
  });

  it('a failed MUST a source states is a FAIL that stops the case, with its grounds', () => {
    const r = new StepRecorder();
    expect(() => r.check('answered', ['FLOW-17'], false, 'an answer', 'nothing')).toThrow(CheckFailed);
    expect(r.steps[0]).toMatchObject({ verdict: 'FAIL', grounds: groundsOf(['FLOW-17']) });
  });

  it('a failed project reading, or a soft check of a MUST, is a WARN and the case goes on', () => {
    const r = new StepRecorder();
    expect(() => r.check('ids are one space', ['TXN-7'], false, 'a', 'b')).not.toThrow();
    expect(() => r.check('answered', ['FLOW-17'], false, 'a', 'b', true)).not.toThrow();
    expect(r.steps.map((s) => s.verdict)).toEqual(['WARN', 'WARN']);
  });
});
