import { describe, expect, it } from 'vitest';
import { v2FaultNames } from '../../reference-server/v2/faults.js';
import { certifyV2Embedded } from './v2-embedded.js';

/**
 * Which v2 case catches each deliberate defect of reference-server/v2/faults.ts
 * (one per money rule): the case that checks the broken rule, from the
 * kiosk's side. v1's table (mutation.test.ts) is unchanged.
 */
interface Killer {
  case: string;
  /** A rule whose breach the sources leave open (V2-OPEN-6): the case WARNs. */
  verdict?: 'WARN';
}

const killers: Record<string, Killer> = {
  'v2-no-card-limit': { case: 'v2-money/1/1' },
  'v2-capture-not-recorded': { case: 'v2-money/2/1' },
  'v2-card-check-answered-twice': { case: 'v2-flow/d/1' },
  'v2-no-reservation': { case: 'v2-money/1/1' },
  'v2-tokenless-aggregated': { case: 'v2-money/5/1' },
  'v2-payment-result-rebooked': { case: 'v2-money/6/2' },
  'v2-reset-fails-open-sale': { case: 'v2-money/7/1' },
  'v2-reversed-sale-still-counted': { case: 'v2-money/8/1' },
  'v2-card-total-drift': { case: 'v2-money/8/2' },
  'v2-unknown-reversal-refused': { case: 'v2-flow/i/1' },
  'v2-later-reversal-result-wins': { case: 'v2-money/10/1', verdict: 'WARN' },
  'v2-reversal-request-any-sale': { case: 'v2-money/11/1' },
  'v2-restart-holding-sale': { case: 'v2-money/12/1' },
  'v2-idle-timeout-during-payment': { case: 'v2-money/13/1' },
  'v2-collect-after-print-failure': { case: 'v2-flow/h/1' },
  'v2-money-keyed-by-transaction-id': { case: 'v2-money/15/1' },
  'v2-unparsed-frame-error': { case: 'v2-frames/1/1' },
  'v2-clock-skew-rejected': { case: 'v2-frames/2/1' },
  'v2-idle-kiosk-closed': { case: 'v2-flow/l/1' },
  'v2-currency-code-on-screens': { case: 'v2-flow/a/1' },
  'v2-repeated-reset-ignored': { case: 'v2-flow/a/3' },
  'v2-ticket-recovery-refused': { case: 'v2-flow/g/1' },
  'v2-amount-error-without-yaspa': { case: 'v2-flow/b/2' },
};

/** Faults whose killing case is not written yet (reported in the closing note, never hidden). */
const pending = new Set<string>();

describe('v2 mutation table: every v2 fault of the reference server is caught by a named case', () => {
  it('names a killer for every v2 fault', () => {
    expect(Object.keys(killers).sort()).toEqual([...v2FaultNames].sort());
  });

  it.concurrent.each(v2FaultNames.filter((f) => !pending.has(f)).map((f) => [f, killers[f]!] as const))('%s is caught by %o', async (fault, killer) => {
    const clean = await certifyV2Embedded({ cases: [killer.case], concurrency: 1 });
    expect(clean.cases.map((c) => `${c.id} ${c.verdict} ${c.reason ?? ''}`)).toEqual([`${killer.case} PASS `]);
    const broken = await certifyV2Embedded({ faults: [fault], cases: [killer.case], concurrency: 1 });
    const verdict = broken.cases.find((c) => c.id === killer.case);
    expect(verdict?.verdict, `${killer.case}: ${verdict?.reason}`).toBe(killer.verdict ?? 'FAIL');
    if (!killer.verdict) expect(broken.verdict).toBe('NOT_CONFORMANT');
  }, 120_000);
});
