import { describe, expect, it } from 'vitest';
import { certifyEmbedded, failures } from './embedded.js';

/**
 * auth/5/3 sends a token with a ?terminalId= naming another terminal. The
 * sources allow two answers that both keep "the token identifies the
 * terminal": serve the token's own terminal, or refuse the conflicting
 * claim. Both must PASS; only a URL that wins over the token FAILs.
 */
describe('auth/5/3 accepts every answer that keeps the token the identity', () => {
  for (const profile of ['strict', 'pinto-android-1'] as const) {
    it(`${profile}: served as the token's terminal, or refused with 403: PASS; the URL winning: FAIL`, { timeout: 60_000 }, async () => {
      const served = await certifyEmbedded({ auth: true, profile, cases: ['auth/5/3'] });
      expect(failures(served)).toEqual([]);
      expect(served.cases[0]?.verdict).toBe('PASS');
      const refused = await certifyEmbedded({ auth: true, profile, cases: ['auth/5/3'], variants: ['refuse-foreign-terminal-id'] });
      expect(failures(refused)).toEqual([]);
      expect(refused.cases[0]?.verdict).toBe('PASS');
      expect(refused.cases[0]?.steps.some((s) => /refused \(no override\)/.test(s.title))).toBe(true);
      const overridden = await certifyEmbedded({ auth: true, profile, cases: ['auth/5/3'], faults: ['token-overrides-identity'] });
      expect(overridden.cases[0]?.verdict).toBe('FAIL');
    });
  }
});
