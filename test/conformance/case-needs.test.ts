import { describe, expect, it } from 'vitest';
import { allCases } from '../../conformance/cases/index.js';
import { paidOnTerminal } from '../../conformance/daily-limit.js';
import { certifyEmbedded } from './embedded.js';

/**
 * The scheduler and the daily-limit budget read what each case declares it
 * needs (ConformanceCase.needs): a case that uses more than it declares
 * would get one terminal where it needs two, or a terminal whose limit does
 * not fund it. Observed on the reference server (smallest preset 20), in
 * both profiles, every case's use must be within its declaration.
 */
describe('every case declares the terminals and payments it uses (needs.terminals, needs.payments)', () => {
  for (const profile of ['strict', 'pinto-android-1'] as const) {
    it(`on the reference server (${profile})`, { timeout: 120_000 }, async () => {
      const results = await certifyEmbedded({ profile });
      const problems: string[] = [];
      for (const r of results.cases) {
        const c = allCases.find((x) => x.id === r.id);
        if (!c) continue;
        const identities = new Set(r.wire.filter((e) => e.direction === 'sent' || e.kind === 'open').map((e) => e.connection.replace(/[ #].*$/, '')));
        const terminals = identities.has('B') ? 2 : 1;
        if (terminals > (c.needs?.terminals ?? 1)) problems.push(`${r.id} uses ${terminals} terminals, declares ${c.needs?.terminals ?? 1}`);
        for (const as of identities) {
          const labels = new Set(r.wire.filter((e) => e.connection.replace(/[ #].*$/, '') === as).map((e) => e.connection));
          const paid = paidOnTerminal(r.wire, labels);
          const declared = 20 * (c.needs?.payments ?? 0) + (c.needs?.spend ?? 0);
          if (paid > declared) problems.push(`${r.id} may pay ${paid} on ${as}, declares ${declared} (needs.payments ${c.needs?.payments ?? 0})`);
        }
      }
      expect(problems).toEqual([]);
    });
  }
});
