import { describe, expect, it } from 'vitest';
import { runFuzz } from '../../bench/fuzz.js';

describe('fuzz: mutated actions and raw bytes (ERR-1..5, ERR-3, TRN-3, TRN-4, SEC-2)', () => {
  it('20,000 frames: every answer schema-valid or a documented close, rejected frames change nothing, the server stays up', async () => {
    const report = await runFuzz({ frames: 20_000, seed: 20_000 });
    expect(report.frames).toBe(20_000);
    expect({ invalidAnswers: report.invalidAnswers, undocumentedCloses: report.undocumentedCloses, stateChanged: report.stateChanged, alive: report.alive }).toEqual({
      invalidAnswers: [], undocumentedCloses: [], stateChanged: [], alive: true,
    });
    // The fuzzer reached the size, binary and UTF-8 closes, and some mutations were still valid actions.
    expect(Object.keys(report.closes).sort()).toEqual(expect.arrayContaining(['1003', '1007', '1009']));
    expect(report.accepted).toBeGreaterThan(0);
  }, 120_000);

  it('catches a server that answers with a broken frame or closes with 1011', async () => {
    const broken = await runFuzz({ frames: 500, seed: 3, faults: ['string-amounts'] });
    expect(broken.invalidAnswers.length).toBeGreaterThan(0);
    const crashing = await runFuzz({ frames: 500, seed: 3, faults: ['crash-on-bad-json'] });
    expect(crashing.undocumentedCloses).toContain('1011');
  }, 60_000);
});
