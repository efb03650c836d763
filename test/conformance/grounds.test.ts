import { describe, expect, it } from 'vitest';
import { CheckFailed } from '../../conformance/case-errors.js';
import type { ConformanceCase } from '../../conformance/case.js';
import { CaseContext } from '../../conformance/context.js';
import { groundsOf, isHard } from '../../conformance/grounds.js';
import { renderHtml, renderJunit } from '../../conformance/report/index.js';
import { deriveWaits, resolveTarget } from '../../conformance/target.js';
import { WireLog } from '../../conformance/wire-log.js';
import { requirement } from '../../protocol/requirements.js';
import { certifyEmbedded } from './embedded.js';

const someCase: ConformanceCase = { id: 'flow/99/1', title: 'a case for the test', requirements: ['FLOW-17'], level: 'MUST', run: async () => {} };
function context(): CaseContext {
  const target = resolveTarget({ url: 'ws://127.0.0.1:1/' });
  return new CaseContext(someCase, target, deriveWaits(target.timings), 'test', new WireLog());
}

describe('a FAIL only for a rule a source states (conformance/grounds.ts)', () => {
  it('only a MUST with a source other than the project is hard', () => {
    expect(isHard(['FLOW-17'])).toBe(true);
    expect(isHard(['TXN-7'])).toBe(false); // project reading, SHOULD
    expect(isHard(['ERR-10', 'TXN-6'])).toBe(false);
    expect(isHard(['ERR-10', 'FLOW-5'])).toBe(true);
    expect(() => isHard(['NOPE-1'])).toThrow(/NOPE-1/);
  });

  it('a failed check on a project reading or a SHOULD is a WARN and the case goes on', () => {
    const ctx = context();
    expect(() => ctx.check('ids are one space', ['TXN-7'], false, 'INVALID_TRANSACTION', 'PAYMENT_METHOD')).not.toThrow();
    expect(ctx.steps[0]).toMatchObject({ verdict: 'WARN', requirements: ['TXN-7'] });
    expect(ctx.steps[0]?.grounds?.[0]).toMatchObject({ requirement: 'TXN-7', source: 'project', citations: [] });
  });

  it('a failed check on a sourced MUST is a FAIL carrying the quoted sentence', () => {
    const ctx = context();
    expect(() => ctx.check('answered within 1 s', ['FLOW-17'], false, 'an answer', 'nothing')).toThrow(CheckFailed);
    expect(ctx.steps[0]?.verdict).toBe('FAIL');
    expect(ctx.steps[0]?.grounds).toEqual(groundsOf(['FLOW-17']));
    expect(ctx.steps[0]?.grounds?.[0]?.citations[0]?.where).toMatch(/^clarifications\.md/);
  });

  it('a failing case shows its source sentence in the JSON results, the HTML report and JUnit', { timeout: 30_000 }, async () => {
    const results = await certifyEmbedded({ faults: ['no-pong'], cases: ['transport/7/1'] });
    const k = results.cases.find((c) => c.id === 'transport/7/1');
    expect(k?.verdict).toBe('FAIL');
    const quote = requirement('TRN-7').citations[0]?.quote as string;
    expect(k?.grounds?.[0]).toMatchObject({ requirement: 'TRN-7', level: 'MUST', source: 'clarification' });
    expect(k?.grounds?.[0]?.citations[0]?.quote).toBe(quote);
    const html = renderHtml(results);
    expect(html).toContain('Why this is a failure: the source says');
    expect(html).toContain(`“${quote}”`);
    expect(renderJunit(results)).toContain(`TRN-7 MUST: &quot;${quote}&quot;`);
  });
});
