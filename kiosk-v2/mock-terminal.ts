import type { KioskClock } from './clock.js';
import { randomUuid } from './clock.js';
import type { CardCheckResult, PlanetResult, Reply } from './card-terminal.js';

/**
 * The "mock" provider: code inside the app, not a device, so nothing about
 * it is scripted; it behaves as MockPaymentManager.kt does. The card check
 * always approves with a `MOCK_TOKEN_xxxxxxxx` after 1-2 s (:26-55); a sale
 * of exactly 101.00 is declined "D"/"61"/DAILY_LIMIT_EXCEEDED, any other
 * approved "A"/"00"/APPROVED, after 2-4 s (:68-111); a reversal always
 * succeeds after 2-4 s (:141-167). The random delays use the kiosk's random
 * source.
 */
export class MockPaymentManager {
  constructor(private readonly clock: KioskClock, private readonly random: () => number) {}

  /** Kotlin's `(a..b).random()`: an integer in [a, b]. */
  private between(a: number, b: number): number {
    return a + Math.floor(this.random() * (b - a + 1));
  }

  cardCheck(_requesterRef: string, _amount: string, done: (r: Reply<CardCheckResult>) => void): void {
    this.clock.setTimeout(() => {
      const token = `MOCK_TOKEN_${randomUuid(this.random).slice(0, 8).toUpperCase()}`;
      done({ success: true, token, resultCode: 'A', message: 'APPROVED', sequenceNumber: String(this.clock.now() % 100000) });
    }, this.between(1000, 2000));
  }

  sale(amount: string, requesterRef: string, done: (r: Reply<PlanetResult>) => void): void {
    this.clock.setTimeout(() => {
      if (Number(amount) === 101.0) {
        done({ success: false, resultCode: 'D', bankResultCode: '61', message: 'DAILY_LIMIT_EXCEEDED', requesterTransRefNum: requesterRef });
      } else {
        done({ success: true, resultCode: 'A', bankResultCode: '00', message: 'APPROVED', requesterTransRefNum: requesterRef });
      }
    }, this.between(2000, 4000));
  }

  saleReversal(_amount: string, requesterRef: string, _originalRequesterRef: string, done: (r: Reply<PlanetResult>) => void): void {
    this.clock.setTimeout(() => {
      done({ success: true, resultCode: 'A', bankResultCode: '00', message: 'REVERSAL_APPROVED', requesterTransRefNum: requesterRef });
    }, this.between(2000, 4000));
  }
}
