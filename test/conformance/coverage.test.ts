import { describe, expect, it } from 'vitest';
import { allCases } from '../../conformance/cases/index.js';
import { uncoveredMusts } from '../../conformance/coverage.js';
import { requirements } from '../../protocol/requirements.js';
import { untestable } from '../../conformance/untestable.js';
import { validateTarget } from '../../conformance/target.js';

describe('case catalogue', () => {
  it('every MUST requirement is checked by a case or listed as untestable', () => {
    expect(uncoveredMusts(allCases)).toEqual([]);
  });

  it('case ids are unique, hierarchical, and name real requirements', () => {
    const ids = allCases.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    const known = new Set(requirements().map((r) => r.id));
    for (const c of allCases) {
      expect(c.id).toMatch(/^[a-z-]+\/\d+\/\d+$/);
      for (const r of c.requirements) expect(known, `${c.id} cites ${r}`).toContain(r);
    }
    for (const id of Object.keys(untestable)) expect(known).toContain(id);
  });

  it('target descriptions are validated by their schema', () => {
    expect(validateTarget({ url: 'ws://127.0.0.1:1/' })).toEqual([]);
    expect(validateTarget({ url: 'http://x' }).join()).toContain('/url');
    expect(validateTarget({ url: 'ws://x', features: { teleport: true } }).length).toBeGreaterThan(0);
    expect(validateTarget({ url: 'ws://x', auth: { mode: 'tokens' } }).join()).toContain('tokens');
  });
});
