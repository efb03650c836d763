import { readSocketMessage, type KioskClock } from '../../kiosk-v2/index.js';
import type { ThinkTime } from '../terminal/journey.js';
import { DrivenKiosk, type KioskFleet } from '../v2/driven-kiosk.js';
import { MoneyLedger, type CardCounts } from '../v2/money-ledger.js';
import type { KioskJourney } from '../v2/kiosk-journeys.js';
import type { KioskProvider } from '../v2/providers.js';
import { k6CardCounts, k6MoneyViolation, k6MoneyWatch, k6Observer } from './metrics.js';

/** What one VU's fleet needs. */
export interface V2FleetSettings {
  url: string;
  /** This VU's kiosk ids and providers. */
  kiosks: Array<{ id: string; provider: KioskProvider; journey: KioskJourney }>;
  /** This VU's card tokens: shared by its kiosks, by no other VU (a ledger sees every check of its cards). */
  cards: string[];
  dailyLimit: number;
  thinkTime: ThinkTime;
  terminalMs: number;
  answerTimeoutMs: number;
  stallTimeoutMs: number;
  testScenario?: string | undefined;
  /** k6's timers, as a kiosk clock (passed in: the bundle keeps one import per k6 module, in paysock.ts). */
  clock: KioskClock;
  /** k6's WebSocket with upgrade headers. */
  openWebSocket: KioskFleet['openWebSocket'];
}

/**
 * One k6 VU of a v2 workload: a few virtual kiosks (kiosk-v2, the same
 * DrivenKiosk as `paysock load --profile pinto-android-2`) sharing a few
 * card tokens, with one money ledger. Frames are checked with the kiosk's
 * own reader (Moshi's rules, §7.3): the ajv validators read schema files,
 * which a k6 bundle cannot.
 */
export class V2Fleet {
  private readonly ledger: MoneyLedger;
  private readonly kiosks: DrivenKiosk[];
  private reported: CardCounts = { checks: 0, approved: 0, rejected: 0, approvedAmount: 0 };

  constructor(private readonly settings: V2FleetSettings) {
    this.ledger = new MoneyLedger(settings.dailyLimit, k6MoneyViolation);
    const fleet: KioskFleet = {
      url: settings.url,
      clock: settings.clock,
      random: Math.random,
      openWebSocket: settings.openWebSocket,
      // k6's WebSocket shows no handshake headers: the v2 workloads need a backend with test control.
      seesUpgradeHeaders: false,
      validate: (text) => {
        k6Observer.frame();
        try {
          readSocketMessage(text);
          return [];
        } catch (error) {
          return [`the kiosk cannot read the frame: ${(error as Error).message}`];
        }
      },
      observer: { ...k6Observer, connectionOpened: () => undefined, connectionClosed: () => undefined },
      ledger: this.ledger,
      cards: settings.cards,
      thinkTime: settings.thinkTime,
      answerTimeoutMs: settings.answerTimeoutMs,
      stallTimeoutMs: settings.stallTimeoutMs,
      terminalMs: settings.terminalMs,
      testScenario: settings.testScenario,
    };
    this.kiosks = settings.kiosks.map((k) => new DrivenKiosk(fleet, k.id, k.provider, k.journey));
  }

  /** Starts the kiosks for `sessionMs`, then stops them; the iteration ends when their sockets and timers are done. */
  runSession(sessionMs: number): void {
    k6MoneyWatch();
    for (const kiosk of this.kiosks) kiosk.start();
    this.settings.clock.setTimeout(() => {
      for (const kiosk of this.kiosks) kiosk.stop();
      k6CardCounts(this.ledger.counts, this.reported);
      this.reported = { ...this.ledger.counts };
    }, sessionMs);
  }
}
