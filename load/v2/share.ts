import WebSocket from 'ws';
import { runtimeClock, type WebSocketLike } from '../../kiosk-v2/index.js';
import { parseV2Frame } from '../../protocol/v2/frame.js';
import type { V2Problem } from '../../protocol/v2/problems.js';
import { rampRunDrain, type ShareSpec } from '../driver/ramp.js';
import { ShareMetrics, type ShareMessage } from '../driver/share-metrics.js';
import { DrivenKiosk, type KioskFleet } from './driven-kiosk.js';
import { MoneyLedger } from './money-ledger.js';
import { assignKioskJourneys } from './kiosk-journeys.js';
import { assignProviders, cardsOfShare } from './providers.js';

const maxMoneySamples = 20;

/**
 * Runs one share of the v2 kiosks (`--profile pinto-android-2`) in this
 * thread, like runShare does for v1 terminals: ramps them up, ticks every
 * second, keeps one money ledger over the share's cards and reports it in
 * the final message.
 */
export async function runV2Share(spec: ShareSpec, post: (message: ShareMessage) => void, abort?: AbortSignal): Promise<void> {
  const { options, part, of } = spec;
  const v2 = options.v2;
  if (!v2) throw new Error('runV2Share needs options.v2');
  // Compiles the v2 schemas before thousands of sockets hold the descriptors the schema files need.
  parseV2Frame('{}');
  const metrics = new ShareMetrics();
  const moneyViolations: Record<string, number> = {};
  const moneySamples: string[] = [];
  const ledger = new MoneyLedger(v2.dailyLimit, (kind, detail) => {
    moneyViolations[kind] = (moneyViolations[kind] ?? 0) + 1;
    if (moneySamples.length < maxMoneySamples) moneySamples.push(`${kind}: ${detail}`);
  }, v2.books !== undefined);
  const cards = cardsOfShare(v2, part, of);
  const fleet: KioskFleet = {
    url: options.url,
    clock: runtimeClock,
    random: Math.random,
    // permessage-deflate off: OkHttp offers it, but thousands of zlib contexts would measure this machine's memory, not the backend.
    openWebSocket: (url, headers, localAddress, upgraded) => {
      const ws = new WebSocket(url, { headers, perMessageDeflate: false, ...(localAddress !== undefined ? { localAddress } : {}) });
      if (upgraded) ws.once('upgrade', (response) => upgraded(response.headers));
      return ws as unknown as WebSocketLike;
    },
    seesUpgradeHeaders: true,
    validate: (text) => {
      const result = parseV2Frame(text);
      return result.ok ? [] : result.problems.map((p: V2Problem) => `${p.requirement} ${p.path || '/'} ${p.message}`);
    },
    observer: metrics,
    ledger,
    cards,
    thinkTime: options.thinkTime,
    answerTimeoutMs: options.answerTimeoutMs,
    stallTimeoutMs: options.stallTimeoutMs,
    terminalMs: v2.terminalMs,
    testScenario: options.testScenario,
  };
  const providers = assignProviders(v2.providers, options.terminals);
  const journeys = assignKioskJourneys(v2.journeys ?? [{ journey: 'sale', weight: 1 }], providers);
  const kiosks: DrivenKiosk[] = [];
  const byProvider: Record<string, number> = {};
  const byJourney: Record<string, number> = {};
  for (let index = part; index < options.terminals; index += of) {
    const provider = providers[index]!;
    const journey = journeys[index]!;
    byProvider[provider] = (byProvider[provider] ?? 0) + 1;
    byJourney[journey] = (byJourney[journey] ?? 0) + 1;
    const source = options.sourceAddresses.length > 0 ? options.sourceAddresses[index % options.sourceAddresses.length] : undefined;
    kiosks.push(new DrivenKiosk(fleet, `${options.terminalIdPrefix}${index}`, provider, journey, source));
  }

  await rampRunDrain(spec, metrics, kiosks, post, abort);
  post({ ...metrics.final(), money: { violations: moneyViolations, samples: moneySamples, cards: { distinct: cards.length, ...ledger.counts }, kiosksByProvider: byProvider, kiosksByJourney: byJourney, ...(v2.books !== undefined ? { approvals: ledger.approvals } : {}) } });
}
