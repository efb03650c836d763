import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ConformanceTarget } from '../../protocol/types/generated-formats.js';
import { certifyV2Embedded } from './v2-embedded.js';

// Its own file (not beside the full certification) so the two long runs go on two workers at once.
const bad = (r: Awaited<ReturnType<typeof certifyV2Embedded>>): string[] => r.cases.filter((c) => c.verdict === 'FAIL' || c.verdict === 'ERROR').map((c) => `${c.id} ${c.verdict}: ${c.reason ?? ''}`);

describe('v2 certification with a small pool', () => {
  it('with 2 test kiosks and 5 card tokens, certifies twice in a row on one day with the same verdicts (small pool)', async () => {
    // One data folder for both runs: the second run meets the books the first left, as a vendor's backend would.
    const dataDir = mkdtempSync(join(tmpdir(), 'paysock-v2-pool-'));
    const cards = ['PAR-POOL-1', 'PAR-POOL-2', 'PAR-POOL-3', 'PAR-POOL-4', 'PAR-POOL-5'];
    const describe2 = (t: ConformanceTarget): void => {
      t.v2 = { ...t.v2, kiosks: ['pool-kiosk-1', 'pool-kiosk-2'], cardTokens: cards };
    };
    try {
      const first = await certifyV2Embedded({ describe: describe2, dataDir, concurrency: 2 });
      const second = await certifyV2Embedded({ describe: describe2, dataDir, concurrency: 2 });
      expect(bad(first)).toEqual([]);
      expect(second.cases.map((c) => `${c.id} ${c.verdict}`)).toEqual(first.cases.map((c) => `${c.id} ${c.verdict}`));
      expect(second.verdict).toBe('CONFORMANT');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 480_000);
});
