import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLoad } from '../../load/driver/run.js';
import type { DriverOptions } from '../../load/driver/options.js';
import { parseJourneySpec } from '../../load/terminal/journey.js';
import { startReferenceServer, type ReferenceServer } from '../../reference-server/index.js';

let server: ReferenceServer;

beforeAll(async () => {
  server = await startReferenceServer({ host: '127.0.0.1', port: 0, testControl: true, config: { stepDelayMs: 20, processingMs: 20, dailyLimit: 1_000_000 } });
});

afterAll(async () => {
  await server.close();
});

function options(overrides: Partial<DriverOptions>): DriverOptions {
  return {
    url: server.url, terminals: 50, rampUpMs: 500, durationMs: 3_000, thinkTime: { minMs: 10, maxMs: 50 }, journeySpec: 'mixed', journeys: parseJourneySpec('mixed'),
    transactionIds: 'initial', workers: 1, sourceAddresses: [], terminalIdPrefix: `drv-${Date.now().toString(36)}-`, testScenario: undefined, dropRate: 0,
    answerTimeoutMs: 10_000, stallTimeoutMs: 30_000, maxConcurrentConnects: 64, ...overrides,
  };
}

describe('Node load driver against the reference server', () => {
  it('runs 50 terminals on every journey for 3 s: transactions complete, no protocol violations', async () => {
    const summary = await runLoad(options({}));
    expect(summary.protocolViolations).toEqual({ total: 0, byKind: {}, samples: [] });
    expect(summary.transactions.completed).toBeGreaterThan(0);
    expect(summary.terminals.peakActive).toBe(50);
    expect(summary.latency.overall.count).toBeGreaterThan(0);
    expect(Object.keys(summary.latency.transitions)).toEqual(expect.arrayContaining(['AMOUNT_SELECT>PAYMENT_METHOD', 'PAYMENT_METHOD>PROCESSING']));
    expect(summary.transactions.failedByReason).toEqual({});
    expect(summary.errors['scenario-not-accepted']).toBeUndefined();
    expect(summary.timeSeries.length).toBeGreaterThanOrEqual(2);
  });

  it('client transaction ids and connection drops: resumptions counted, still no violations', async () => {
    const summary = await runLoad(options({ terminals: 20, journeySpec: 'preset', journeys: parseJourneySpec('preset'), transactionIds: 'client', dropRate: 0.5 }));
    expect(summary.protocolViolations.samples).toEqual([]);
    expect(summary.resumptions).toBeGreaterThan(0);
    expect(summary.transactions.completed).toBeGreaterThan(0);
  });
});
