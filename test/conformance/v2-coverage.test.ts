import { describe, expect, it } from 'vitest';
import { requirements } from '../../protocol/requirements.js';
import { allV2Cases } from '../../conformance/v2/cases/index.js';
import { v2RequirementCoverage, v2UncoveredMusts } from '../../conformance/v2/runner.js';
import { v2Untestable } from '../../conformance/v2/untestable.js';

describe('v2 case catalogue coverage', () => {
  it('every v2 MUST is checked by a v2 case or listed as untestable', () => {
    expect(v2UncoveredMusts(allV2Cases)).toEqual([]);
  });

  it('lists as untestable only MUST requirements that exist and that no case checks (no stale entries)', () => {
    const byId = new Map(requirements(2).map((r) => [r.id, r]));
    for (const [id, reason] of Object.entries(v2Untestable)) {
      expect(byId.get(id)?.level, `${id} is a v2 MUST`).toBe('MUST');
      expect(reason.length, `${id} has a reason`).toBeGreaterThan(40);
      const checking = allV2Cases.filter((c) => c.requirements.includes(id)).map((c) => c.id);
      expect(checking, `${id} is listed as untestable but checked by a case`).toEqual([]);
    }
  });

  it('v2 cases name real v2 requirements', () => {
    const known = new Set(requirements(2).map((r) => r.id));
    for (const c of allV2Cases) for (const r of c.requirements) expect(known, `${c.id} cites ${r}`).toContain(r);
  });

  it('the coverage rows carry the untestable reason exactly where no case checks the requirement', () => {
    const rows = v2RequirementCoverage(allV2Cases, []);
    for (const row of rows) {
      if (v2Untestable[row.id]) expect(row.untestable).toBe(v2Untestable[row.id]);
      else expect(row.untestable).toBeUndefined();
    }
    expect(rows.filter((r) => r.untestable).length).toBe(Object.keys(v2Untestable).length);
  });
});
