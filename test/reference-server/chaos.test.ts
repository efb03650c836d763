import { beforeAll, describe, expect, it } from 'vitest';
import { runChaos } from '../../bench/chaos.js';
import { cliMain, ensureBuilt } from './process.js';

beforeAll(() => ensureBuilt(), 180_000);

describe('chaos: SIGKILL + restart of paysock serve under load (RES-2, RES-4, RES-5)', () => {
  it('5 kills with double taps and reconnects: nothing lost, nothing charged twice, nothing left pending', async () => {
    const report = await runChaos({ cliMain, kills: 5, terminals: 20, upMs: [300, 700] });
    expect(report.successesSeen).toBeGreaterThan(0);
    expect(report.doubleTaps).toBeGreaterThan(0);
    expect({ lost: report.lost, doubleCharged: report.doubleCharged, totalsWrong: report.totalsWrong, stuckPending: report.stuckPending }).toEqual({
      lost: [], doubleCharged: [], totalsWrong: [], stuckPending: [],
    });
  }, 60_000);

  it('the audit catches a server that charges a replayed method again', async () => {
    const report = await runChaos({ cliMain, kills: 1, terminals: 10, upMs: [300, 500], doubleTapShare: 0.5, serverArgs: ['--fault', 'double-charge-on-replay'] });
    expect(report.doubleCharged.length).toBeGreaterThan(0);
  }, 60_000);
});
