import { beforeAll, describe, expect, it } from 'vitest';
import { runChaos } from '../../bench/chaos.js';
import { runChaosV2 } from '../../bench/chaos-v2.js';
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

describe('chaos v2: SIGKILL + restart of paysock serve --profile pinto-android-2 under virtual kiosks of all three providers', () => {
  it('3 kills, shared cards, duplicated result frames: no approved amount lost, no card over its limit, nothing counted twice, every sale final or outcome unknown', async () => {
    const report = await runChaosV2({ cliMain, kills: 3, kiosks: 12, upMs: [1000, 1500], cards: 4, dailyLimit: 300 });
    expect(report.approved).toBeGreaterThan(0);
    expect(report.duplicatesSent).toBeGreaterThan(0);
    expect({ lost: report.lost, overLimitCards: report.overLimitCards, doubleCounts: report.doubleCounts, notFinal: report.notFinal }).toEqual({
      lost: [], overLimitCards: [], doubleCounts: [], notFinal: [],
    });
  }, 90_000);

  // Enough approved to show the fault whatever the machine's speed: twice 4 cards x 300 (some approved sales are
  // declined by the terminal and stop counting), so a card is over its limit when nothing stops it; one approval is
  // answered twice when every one is.
  it.each([
    ['v2-no-card-limit', 'overLimitCards', 2 * 4 * 300],
    ['v2-card-check-answered-twice', 'doubleCounts', 1],
  ] as const)('the audit catches a server with the fault %s (%s)', async (fault, finding, minApprovedAmount) => {
    // The kiosks' clocks 5 times faster, not 20: on a loaded machine their timers (a 30 s terminal timeout is 1.5 s at 20)
    // outran the server's answers, and the kiosks looped through failures without paying (seen once in CI).
    const report = await runChaosV2({ cliMain, kills: 1, kiosks: 9, upMs: [1000, 1500], cards: 4, dailyLimit: 300, settleMs: 3000, minApprovedAmount, speed: 5, serverArgs: ['--fault', fault] });
    expect(report[finding].length, `${report.approved} approved for ${report.approvedAmount} in ${report.seconds} s; ${report.salesInBooks} sales in the books, ${report.reconnects} reconnects`).toBeGreaterThan(0);
  }, 90_000);
});
