import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLoad } from '../../load/driver/run.js';
import type { DriverOptions } from '../../load/driver/options.js';
import { latencyDistribution, newHistogram } from '../../load/driver/share-metrics.js';
import { parseJourneySpec } from '../../load/terminal/journey.js';
import { startReferenceServer, type ReferenceServer } from '../../reference-server/index.js';
import { TerminalHarness } from './terminal-harness.js';

/** End-to-end transaction time (first action to the result screen) and the report's per-second and per-journey data. */
describe('end-to-end transaction time in the virtual terminal', () => {
  function timed(journey: 'preset' | 'cancel' | 'decline', kiosk = {}): Array<{ outcome: string; durationMs: number | undefined; at: number }> {
    const h = new TerminalHarness({ journey }, kiosk);
    const seen: Array<{ outcome: string; durationMs: number | undefined; at: number }> = [];
    const record = h.observer.transaction.bind(h.observer);
    h.observer.transaction = (outcome, j, reason, durationMs?: number) => {
      seen.push({ outcome, durationMs, at: h.clock });
      record(outcome, j, reason);
    };
    h.open();
    h.advance(300);
    return seen;
  }

  it('preset: from the first action to SUCCESS, which comes before the ticket steps end the cycle', () => {
    const cycles = timed('preset');
    expect(cycles.length).toBeGreaterThan(1);
    for (const c of cycles) {
      expect(c.durationMs).toBeGreaterThan(0);
      // The cycle ends on AMOUNT_SELECT after the ticket steps, later than its result.
      expect(c.durationMs!).toBeLessThan(c.at);
    }
    // Consecutive cycles start where the last ended, so a cycle's result time is shorter than the gap between cycle ends.
    expect(cycles[1]!.durationMs!).toBeLessThan(cycles[1]!.at - cycles[0]!.at);
  });

  it('cancel and decline are timed too (to AMOUNT_SELECT after the cancel, to FAILED)', () => {
    expect(timed('cancel')[0]!.durationMs).toBeGreaterThan(0);
    expect(timed('decline', { scenario: 'decline' })[0]!.durationMs).toBeGreaterThan(0);
  });
});

describe('latency distribution buckets', () => {
  it('are 1-2-5 ms steps from the first to the last non-empty bucket, counting every sample', () => {
    const h = newHistogram();
    for (const micros of [300, 900, 1_000, 1_500, 4_000, 40_000]) h.recordValue(micros);
    const buckets = latencyDistribution(h);
    expect(buckets.map((b) => b.upToMs)).toEqual([0.5, 1, 2, 5, 10, 20, 50]);
    expect(buckets.map((b) => b.count)).toEqual([1, 2, 1, 1, 0, 0, 1]);
  });
});

describe('Node driver summary: transaction time, journeys, per-second percentiles and failures', () => {
  let server: ReferenceServer;
  beforeAll(async () => {
    server = await startReferenceServer({ host: '127.0.0.1', port: 0, testControl: true, config: { stepDelayMs: 20, processingMs: 20, dailyLimit: 1_000_000 } });
  });
  afterAll(async () => {
    await server.close();
  });

  it('fills transactionTime, journeys, latencyHistogram and p50/p95 per second', async () => {
    const options: DriverOptions = {
      url: server.url, terminals: 12, rampUpMs: 200, durationMs: 2_500, thinkTime: { minMs: 10, maxMs: 30 }, journeySpec: 'mixed', journeys: parseJourneySpec('mixed'),
      transactionIds: 'initial', workers: 1, sourceAddresses: [], terminalIdPrefix: `tt-${Date.now().toString(36)}-`, testScenario: undefined, dropRate: 0,
      answerTimeoutMs: 10_000, stallTimeoutMs: 30_000, maxConcurrentConnects: 64,
    };
    const s = await runLoad(options);
    const finished = s.transactions.completed + s.transactions.failed;
    expect(s.transactionTime!.count).toBe(finished);
    expect(s.transactionTime!.p50).toBeGreaterThan(s.latency.overall.p50);
    expect(Object.keys(s.journeys!).sort()).toEqual(['cancel', 'decline', 'keypad', 'limit', 'preset']);
    expect(Object.values(s.journeys!).reduce((n, j) => n + j.completed, 0)).toBe(s.transactions.completed);
    expect(s.latencyHistogram!.reduce((n, b) => n + b.count, 0)).toBe(s.latency.overall.count);
    const measured = s.timeSeries.filter((p) => p.p99Ms > 0);
    expect(measured.length).toBeGreaterThan(0);
    for (const p of measured) expect(p.p50Ms! <= p.p95Ms! && p.p95Ms! <= p.p99Ms).toBe(true);
  });
});
