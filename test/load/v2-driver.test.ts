import { afterEach, describe, expect, it } from 'vitest';
import type { DriverOptions } from '../../load/driver/options.js';
import { runLoad } from '../../load/driver/run.js';
import { parseThinkTime } from '../../load/terminal/journey.js';
import { parseKioskJourneySpec } from '../../load/v2/kiosk-journeys.js';
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

  describe('kiosk journeys (--kiosk-journeys)', () => {
    /** Every journey, with a share of each provider; long enough for a relaunch (0.5 s + 1.5 s recovery) and a reconnect (5 s) to finish. */
    function journeyOptions(url: string, spec: string, overrides: Partial<NonNullable<DriverOptions['v2']>> = {}, terminals = 18): DriverOptions {
      const base = options(url, { terminals, durationMs: 9_000, stallTimeoutMs: 8_000 });
      return { ...base, v2: { ...base.v2!, providers: parseProviderSpec('integra=1,nnsmart=1,mock=1'), journeys: parseKioskJourneySpec(spec), ...overrides } };
    }

    it('a correct backend: printer faults, requested reversals and refunds, declined reversals, yaspa off, lost links and restarts, 0 money violations', async () => {
      const s = await start();
      const spec = 'sale=1,yaspa-off=1,printer-fault=1,printer-fault-refund=1,reversal-request=1,refund-request=1,reversal-declined=1,lost-connection=1,restart=1,sale-exception=1';
      // 30 kiosks: 10 of each provider, so each provider runs each journey once.
      const summary = await runLoad(journeyOptions(s.url, spec, { cards: 6 }, 30));
      expect(formatProblem('load-summary', summary)).toBeUndefined();
      expect(summary.moneyViolations).toEqual({ total: 0, byKind: {}, samples: [] });
      expect(summary.protocolViolations.total).toBe(0);
      expect(summary.cards?.kiosksByJourney).toEqual({ sale: 3, 'yaspa-off': 3, 'printer-fault': 3, 'printer-fault-refund': 3, 'reversal-request': 3, 'refund-request': 3, 'reversal-declined': 3, 'lost-connection': 3, restart: 3, 'sale-exception': 3 });
      for (const journey of ['yaspa-off', 'printer-fault', 'printer-fault-refund', 'reversal-request', 'refund-request', 'reversal-declined', 'lost-connection', 'restart', 'sale-exception']) {
        expect(summary.journeys?.[journey]?.completed, journey).toBeGreaterThan(0);
      }
      // A refunded ticket, a declined reversal, a lost link or the app's own recovery is not a failed payment: the backend did its part.
      expect(summary.transactions.failedByReason).toEqual({});
      // The books show the flows ran: the server asked for reversals after failed tickets and after sales, and the kiosks answered them.
      const requests = s.books.requests();
      expect(requests.some((r) => r.kind === 'REVERSAL_REQUEST')).toBe(true);
      expect(requests.some((r) => r.kind === 'REFUND_REQUEST')).toBe(true);
      const reversals = s.books.reversals();
      expect(reversals.some((r) => r.path === 'requested' && r.screen === 'SUCCESS')).toBe(true);
      expect(reversals.some((r) => r.path === 'requested' && r.screen === 'FAILED')).toBe(true);
      expect(s.books.sales().some((sale) => sale.ticket === 'not-printed')).toBe(true);
    }, 30_000);

    /** Faults of the reference server a journey makes visible from the kiosks' side: only the violation that names the rule. */
    const visibleFaults: Array<{ fault: string; spec: string; providers: string; cards: number; kind: string; sample: RegExp }> = [
      { fault: 'v2-collect-after-print-failure', spec: 'sale=1,printer-fault=1', providers: 'integra=1,nnsmart=1', cards: 18, kind: 'print-failure-not-refunded', sample: /COLLECT_TICKET \/ THANK_YOU instead of a reversal request \(M14\)/ },
      { fault: 'v2-reversed-sale-still-counted', spec: 'reversal-request', providers: 'integra', cards: 2, kind: 'limit-not-released', sample: /a released sale still counts \(M8\)/ },
      { fault: 'v2-reset-fails-open-sale', spec: 'sale-exception', providers: 'integra', cards: 2, kind: 'over-limit', sample: /already approved, limit 300 \(M1, M4\)/ },
    ];
    it.each(visibleFaults)('a backend with $fault, kiosks on $spec: $kind and nothing else', async ({ fault, spec, providers, cards, kind, sample }) => {
      const s = await start([fault]);
      const summary = await runLoad(journeyOptions(s.url, spec, { cards, providers: parseProviderSpec(providers) }));
      expect(Object.keys(summary.moneyViolations!.byKind)).toEqual([kind]);
      expect(summary.moneyViolations!.samples[0]).toMatch(sample);
    }, 30_000);

    it('a backend without test control never fails a ticket: a printer-fault kiosk that gets its ticket is no violation (the scenario was not echoed)', async () => {
      server = await startV2ReferenceServer({ host: '127.0.0.1', port: 0, testControl: false, config: { stepDelayMs: 20 } });
      const summary = await runLoad(journeyOptions(server.url, 'printer-fault', { cards: 18 }));
      expect(summary.moneyViolations).toEqual({ total: 0, byKind: {}, samples: [] });
      expect(summary.journeys?.['printer-fault']?.completed).toBeGreaterThan(0);
      expect(server.books.sales().some((sale) => sale.ticket === 'printed')).toBe(true);
    }, 30_000);

    it('sale-exception against a correct backend: the unknown outcomes keep counting, no violation', async () => {
      const s = await start();
      const summary = await runLoad(journeyOptions(s.url, 'sale-exception', { cards: 2, providers: parseProviderSpec('integra') }));
      expect(summary.moneyViolations).toEqual({ total: 0, byKind: {}, samples: [] });
      expect(s.books.sales().some((sale) => sale.state === 'outcome-unknown')).toBe(true);
    }, 30_000);

    it('reversal-request against a correct backend: the reversed sales free their cards, no violation', async () => {
      const s = await start();
      const summary = await runLoad(journeyOptions(s.url, 'reversal-request', { cards: 2, providers: parseProviderSpec('integra') }));
      expect(summary.moneyViolations).toEqual({ total: 0, byKind: {}, samples: [] });
      // Every sale is reversed, so the two cards never fill: more than their 600 gets approved in all.
      expect(summary.cards!.approvedAmount).toBeGreaterThan(600);
    }, 30_000);
  });
});
