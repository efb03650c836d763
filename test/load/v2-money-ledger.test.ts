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

  describe('reversals and the limit a backend must release (limit-not-released, M8)', () => {
    /** Card CARD at its limit of 100 through kiosk k1's sale T1; T1 then ended as `end` says. */
    function spentThenEnded(end: (l: MoneyLedger) => void): { l: MoneyLedger; found: MoneyViolationKind[] } {
      const { l, found } = ledger(100);
      l.checkSent('k1', 'T1', 'CARD', 100, false, day1);
      l.limitAnswered('k1', 'T1', true);
      l.paymentReported('k1', 'T1', true);
      end(l);
      return { l, found };
    }

    it('a reversal the backend has booked (the kiosk got the answer to a later card check) frees the card: a rejection then is a violation', () => {
      const { l, found } = spentThenEnded((x) => x.reversalReported('k1', 'T1', true));
      l.checkSent('k1', 'T2', 'OTHER', 20, false, day1);
      l.limitAnswered('k1', 'T2', true);
      l.checkSent('k2', 'T3', 'CARD', 100, false, day1);
      l.limitAnswered('k2', 'T3', false);
      expect(found).toEqual(['limit-not-released']);
    });

    it('the same rejection before the backend can be shown to have booked the reversal is not one', () => {
      const { l, found } = spentThenEnded((x) => x.reversalReported('k1', 'T1', true));
      l.checkSent('k2', 'T3', 'CARD', 100, false, day1);
      l.limitAnswered('k2', 'T3', false);
      expect(found).toEqual([]);
    });

    it('a reversal sent on a connection that was lost may never have arrived: it keeps counting', () => {
      const { l, found } = spentThenEnded((x) => x.reversalReported('k1', 'T1', true));
      l.connectionLost('k1');
      l.checkSent('k1', 'T2', 'OTHER', 20, false, day1);
      l.limitAnswered('k1', 'T2', true);
      l.checkSent('k2', 'T3', 'CARD', 100, false, day1);
      l.limitAnswered('k2', 'T3', false);
      expect(found).toEqual([]);
    });

    it('a failed reversal keeps counting: the rejection is right, and an approval would be over the limit', () => {
      const { l, found } = spentThenEnded((x) => x.reversalReported('k1', 'T1', false));
      l.checkSent('k1', 'T2', 'OTHER', 20, false, day1);
      l.limitAnswered('k1', 'T2', true);
      l.checkSent('k2', 'T3', 'CARD', 100, false, day1);
      l.limitAnswered('k2', 'T3', false);
      expect(found).toEqual([]);
      l.checkSent('k3', 'T4', 'CARD', 100, false, day1);
      l.limitAnswered('k3', 'T4', true);
      expect(found).toEqual(['over-limit']);
    });

    it('a card check still in flight may be counted: a rejection beside it is not a violation', () => {
      const { l, found } = ledger(100);
      l.checkSent('k1', 'T1', 'CARD', 60, false, day1);
      l.checkSent('k2', 'T2', 'CARD', 60, false, day1);
      l.limitAnswered('k2', 'T2', false);
      expect(found).toEqual([]);
    });

    it('a sale-first rejection counts until its limit reversal is booked; a released card-check-first sale does not', () => {
      const { l, found } = ledger(100);
      // Both at once: the backend approves k2's T2 and rejects k1's captured T1.
      l.checkSent('k1', 'T1', 'CARD', 100, true, day1);
      l.checkSent('k2', 'T2', 'CARD', 100, false, day1);
      l.limitAnswered('k1', 'T1', false);
      l.limitAnswered('k2', 'T2', true);
      // T2's sale fails and k2's next card check shows the backend booked it.
      l.paymentReported('k2', 'T2', false);
      l.checkSent('k2', 'T3', 'OTHER', 20, false, day1);
      l.limitAnswered('k2', 'T3', true);
      l.checkSent('k3', 'T4', 'CARD', 100, false, day1);
      l.limitAnswered('k3', 'T4', false);
      expect(found).toEqual([]);
      // T1's limit reversal, booked: now nothing counts on the card.
      l.reversalReported('k1', 'T1', true);
      l.checkSent('k1', 'T5', 'OTHER', 20, false, day1);
      l.limitAnswered('k1', 'T5', true);
      l.checkSent('k3', 'T6', 'CARD', 100, false, day1);
      l.limitAnswered('k3', 'T6', false);
      expect(found).toEqual(['limit-not-released']);
    });

    it('a paid sale whose ticket failed and was handed out is print-failure-not-refunded (M14)', () => {
      const { l, found } = spentThenEnded((x) => x.printFailureNotRefunded('k1', 'T1'));
      expect(found).toEqual(['print-failure-not-refunded']);
    });
  });
});
