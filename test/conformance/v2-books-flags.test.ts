import { describe, expect, it } from 'vitest';
import { CheckFailed } from '../../conformance/case-errors.js';
import { StepRecorder } from '../../conformance/context/step-recorder.js';
import { anomalyKept, showsFlags } from '../../conformance/v2/cases/books-flags.js';
import type { V2CaseContext } from '../../conformance/v2/context.js';

/** A case context whose books endpoint answers with `sales` for the card and `paymentResults` for /v2/books. */
function withBooks(sales: Array<Record<string, unknown>>, paymentResults: Array<Record<string, unknown>>): { ctx: V2CaseContext; recorder: StepRecorder } {
  const recorder = new StepRecorder();
  const ctx = {
    books: async () => ({ spent: 20, reserved: 0, counted: 20, sales }),
    booksRead: async () => ({ paymentResults }),
    check: (title: string, requirements: string[], ok: boolean, expected: string, actual: string, soft = false) => recorder.check(title, requirements, ok, expected, actual, soft),
  } as unknown as V2CaseContext;
  return { ctx, recorder };
}

describe('v2-money/6/2 on the books: the anomaly of a second SUCCESS (V2-M-6)', () => {
  it('passes on a flag of any name on the sale, or an anomaly mark on a payment result', async () => {
    for (const [sales, results] of [[[{ transactionId: 'T', amount: 20, state: 'paid', flags: ['vendor-dup'] }], []], [[{ transactionId: 'T', amount: 20, state: 'paid', flags: [] }], [{ transactionId: 'T', anomaly: true }]]] as const) {
      const { ctx, recorder } = withBooks([...sales], [...results]);
      await anomalyKept(ctx, 'CARD', 'T');
      expect(recorder.steps.map((s) => s.verdict)).toEqual(['PASS']);
    }
  });

  it('FAILs books that show flags and keep none for the sale', async () => {
    const { ctx, recorder } = withBooks([{ transactionId: 'T', amount: 20, state: 'paid', flags: [] }], [{ transactionId: 'T', anomaly: false }]);
    await expect(anomalyKept(ctx, 'CARD', 'T')).rejects.toBeInstanceOf(CheckFailed);
    expect(recorder.steps.map((s) => s.verdict)).toEqual(['FAIL']);
  });

  it('only WARNs books that show no flags field at all: the anomaly may be kept where the endpoint does not show it', async () => {
    const { ctx, recorder } = withBooks([{ transactionId: 'T', amount: 20, state: 'paid' }], [{ transactionId: 'T', screen: 'SUCCESS' }]);
    await anomalyKept(ctx, 'CARD', 'T');
    expect(recorder.steps.map((s) => s.verdict)).toEqual(['WARN']);
    expect(recorder.steps[0]?.actual).toContain('show no flags field');
  });
});

describe('showsFlags: whether a books record can show a flag at all (v2-money/6/2, v2-flow/i/2)', () => {
  it('sees flags, flag and anomaly fields, empty or not, and nothing in records without them', () => {
    expect(showsFlags([{ flags: [] }])).toBe(true);
    expect(showsFlags([undefined, { flag: null }])).toBe(true);
    expect(showsFlags([{ anomaly: false }])).toBe(true);
    expect(showsFlags([{ state: 'paid' }, undefined])).toBe(false);
    expect(showsFlags([])).toBe(false);
  });
});
