import { describe, expect, it } from 'vitest';
import { MoneyLedger, type MoneyViolationKind } from '../../load/v2/money-ledger.js';

function ledger(limit = 300): { l: MoneyLedger; found: MoneyViolationKind[] } {
  const found: MoneyViolationKind[] = [];
  return { l: new MoneyLedger(limit, (kind) => found.push(kind)), found };
}

const day1 = Date.UTC(2026, 0, 1, 12);
const day2 = Date.UTC(2026, 0, 2, 0, 0, 1);

describe('the v2 money ledger', () => {
  it('approvals up to the limit on one card across kiosks are fine; one beyond is over-limit', () => {
    const { l, found } = ledger();
    l.checkSent('k1', 'T1', 'CARD', 100, false, day1);
    l.checkSent('k2', 'T2', 'CARD', 100, false, day1);
    l.checkSent('k3', 'T3', 'CARD', 100, false, day1);
    l.checkSent('k4', 'T4', 'CARD', 20, false, day1);
    for (const [k, t] of [['k1', 'T1'], ['k2', 'T2'], ['k3', 'T3']] as const) l.limitAnswered(k, t, true);
    expect(found).toEqual([]);
    l.limitAnswered('k4', 'T4', true);
    expect(found).toEqual(['over-limit']);
    expect(l.counts).toEqual({ checks: 4, approved: 4, rejected: 0, approvedAmount: 320 });
  });

  it('a FAILED sale or a successful reversal releases its amount; a failed reversal does not', () => {
    const { l, found } = ledger(100);
    l.checkSent('k1', 'T1', 'CARD', 100, false, day1);
    l.limitAnswered('k1', 'T1', true);
    l.paymentReported('k1', 'T1', false);
    l.checkSent('k1', 'T2', 'CARD', 100, true, day1);
    l.limitAnswered('k1', 'T2', true);
    l.reversalReported('k1', 'T2', true);
    l.checkSent('k2', 'T3', 'CARD', 100, false, day1);
    l.limitAnswered('k2', 'T3', true);
    l.reversalReported('k2', 'T3', false);
    expect(found).toEqual([]);
    l.checkSent('k3', 'T4', 'CARD', 10, false, day1);
    l.limitAnswered('k3', 'T4', true);
    expect(found).toEqual(['over-limit']);
  });

  it('the limit is per UTC day and per card', () => {
    const { l, found } = ledger(100);
    l.checkSent('k1', 'T1', 'A', 100, false, day1);
    l.limitAnswered('k1', 'T1', true);
    l.checkSent('k2', 'T2', 'B', 100, false, day1);
    l.limitAnswered('k2', 'T2', true);
    l.checkSent('k1', 'T3', 'A', 100, false, day2);
    l.limitAnswered('k1', 'T3', true);
    expect(found).toEqual([]);
  });

  it('a second answer to one check, a second sale for one check, an unanswered sale-first check', () => {
    const { l, found } = ledger();
    l.checkSent('k1', 'T1', 'CARD', 20, false, day1);
    l.limitAnswered('k1', 'T1', true);
    l.limitAnswered('k1', 'T1', true);
    l.paymentReported('k1', 'T1', true);
    l.paymentReported('k1', 'T1', true);
    expect(found).toEqual(['limit-check-answered-twice', 'sale-counted-twice']);
    l.checkSent('k2', 'T2', 'CARD', 20, false, day1);
    expect(l.checkUnanswered('k2', 'T2', 10_000)).toBe(false);
    l.checkSent('k3', 'T3', 'CARD', 20, true, day1);
    expect(l.checkUnanswered('k3', 'T3', 10_000)).toBe(true);
    expect(found.at(-1)).toBe('sale-without-outcome');
    expect(l.counts.approved).toBe(1);
  });
});
