import { describe, expect, it } from 'vitest';
import { certifyEmbedded } from './embedded.js';

describe('determinism', () => {
  it('three full runs against the clean reference server give identical verdicts', { timeout: 120_000 }, async () => {
    const runs: string[][] = [];
    for (let i = 0; i < 3; i++) {
      const results = await certifyEmbedded();
      runs.push(results.cases.map((c) => `${c.id} ${c.verdict}`));
    }
    expect(runs[1]).toEqual(runs[0]);
    expect(runs[2]).toEqual(runs[0]);
  });
});
