import { describe, expect, it } from 'vitest';
import { allV2Cases } from '../../conformance/v2/cases/index.js';
import { certifyV2Embedded } from './v2-embedded.js';

const bad = (r: Awaited<ReturnType<typeof certifyV2Embedded>>): string[] => r.cases.filter((c) => c.verdict === 'FAIL' || c.verdict === 'ERROR').map((c) => `${c.id} ${c.verdict}: ${c.reason ?? ''}`);

describe('v2 certification of the embedded v2 reference server', () => {
  it('is CONFORMANT with every case run (fresh kiosks and cards)', async () => {
    const results = await certifyV2Embedded();
    expect(bad(results)).toEqual([]);
    expect(results.verdict).toBe('CONFORMANT');
    expect(results.target.profile).toBe('pinto-android-2');
    expect(results.suite.specVersion).toContain('d540407');
    expect(results.cases.filter((c) => c.verdict === 'PASS').length).toBe(allV2Cases.length);
  }, 240_000);
});
