import { describe, expect, it } from 'vitest';
import { allCases } from '../../conformance/cases/index.js';
import { requirementCoverage } from '../../conformance/coverage.js';

/**
 * The money-safety promise of a certificate (no double charge, no lost
 * payment, no terminal seeing another's transaction) rests on these
 * requirements. Each must be checked twice: once on the wire, and once on
 * the ledger (the daily limit, the only money a black-box suite sees), by a
 * case that reads what is left (`needs.knownLimit`).
 */
const moneySafety = {
  'RES-4': 'at most one payment per transaction id',
  'FLOW-6': 'the daily limit, per terminal, successful payments only',
  'AUTH-5': 'terminals are isolated',
  'RES-3': 'an open transaction resumes with its screen, id and data',
  'RES-5': 'a result reached while away is delivered',
} as const;

const ledger = (id: string): boolean => allCases.find((c) => c.id === id)?.needs?.knownLimit === true;

describe('money-safety requirements in the report\'s requirement coverage', () => {
  it.each(Object.entries(moneySafety))('%s (%s) is checked by a wire case and a ledger case', (requirement) => {
    const row = requirementCoverage(allCases, []).find((r) => r.id === requirement);
    const cases = row?.cases ?? [];
    expect(cases.length, `${requirement}: ${cases.join(', ')}`).toBeGreaterThanOrEqual(2);
    expect(cases.filter((id) => !ledger(id)), `${requirement} on the wire`).not.toEqual([]);
    expect(cases.filter(ledger), `${requirement} on the ledger`).not.toEqual([]);
  });

  it('every ledger case is a MUST case that never needs more than test control or a declared limit', () => {
    const cases = allCases.filter((c) => ledger(c.id));
    expect(cases.length).toBeGreaterThanOrEqual(8);
    for (const c of cases) {
      expect(c.level, c.id).toBe('MUST');
      expect(c.requirements, c.id).toContain('FLOW-6');
    }
  });
});
