import { afterEach, describe, expect, it } from 'vitest';
import type { DriverOptions } from '../../load/driver/options.js';
import { runLoad } from '../../load/driver/run.js';
import { parseThinkTime } from '../../load/terminal/journey.js';
import { parseProviderSpec } from '../../load/v2/providers.js';
import { startV2ReferenceServer, type V2ReferenceServer } from '../../reference-server/v2/index.js';
import { formatProblem } from '../../protocol/format-validators.js';

/**
 * The v2 load driver against the v2 reference server on loopback: a few
 * kiosks sharing two cards for a few seconds, fast terminal and screens.
 */
let server: V2ReferenceServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(faults: string[] = []): Promise<V2ReferenceServer> {
  server = await startV2ReferenceServer({ host: '127.0.0.1', port: 0, testControl: true, faults, config: { stepDelayMs: 20 } });
  return server;
}

function options(url: string, overrides: Partial<DriverOptions> = {}): DriverOptions {
  return {
    url, terminals: 8, rampUpMs: 200, durationMs: 4_000, thinkTime: parseThinkTime('10ms-30ms'), journeySpec: 'v2', journeys: [{ journey: 'preset', weight: 1 }],
    transactionIds: 'initial', workers: 1, sourceAddresses: [], terminalIdPrefix: `v2t-${Math.random().toString(36).slice(2, 7)}-`, testScenario: undefined,
    dropRate: 0, answerTimeoutMs: 2_000, stallTimeoutMs: 3_000, maxConcurrentConnects: 64,
    v2: { providers: parseProviderSpec('integra=3,nnsmart=1'), cards: 2, dailyLimit: 300, cardPrefix: `CARD-${Math.random().toString(36).slice(2, 7)}-`, terminalMs: 30 },
    ...overrides,
  };
}

describe('paysock load --profile pinto-android-2', () => {
  it('a correct backend: cards reach their limit, no money or protocol violation', async () => {
    const s = await start();
    const summary = await runLoad(options(s.url));
    expect(formatProblem('load-summary', summary)).toBeUndefined();
    expect(summary.moneyViolations).toEqual({ total: 0, byKind: {}, samples: [] });
    expect(summary.protocolViolations.total).toBe(0);
    expect(summary.cards?.approved).toBeGreaterThan(0);
    // Two cards of 300 and payments of 20..100: the limit is reached and the backend says no.
    expect(summary.cards?.rejected).toBeGreaterThan(0);
    expect(summary.cards?.approvedAmount).toBeLessThanOrEqual(2 * 300);
    expect(summary.cards?.kiosksByProvider).toEqual({ integra: 6, nnsmart: 2 });
    expect(summary.transactions.completed).toBeGreaterThan(0);
  }, 20_000);

  it('a backend that never applies the limit (v2-no-card-limit): over-limit', async () => {
    const s = await start(['v2-no-card-limit']);
    const summary = await runLoad(options(s.url));
    expect(summary.moneyViolations?.byKind['over-limit']).toBeGreaterThan(0);
    expect(summary.moneyViolations?.samples[0]).toMatch(/^over-limit: card CARD-/);
  }, 20_000);

  it('a backend that answers a card check twice (v2-card-check-answered-twice): answered twice, and Integra sales taken twice', async () => {
    const s = await start(['v2-card-check-answered-twice']);
    const summary = await runLoad(options(s.url, { v2: { ...options(s.url).v2!, providers: parseProviderSpec('integra'), cards: 8 } }));
    expect(summary.moneyViolations?.byKind['limit-check-answered-twice']).toBeGreaterThan(0);
    expect(summary.moneyViolations?.byKind['sale-counted-twice']).toBeGreaterThan(0);
  }, 20_000);
});
