import { isSaleFirst } from './books.js';
import type { V2Config } from './config.js';
import { countedAmounts, firstV2Choices, limitWindows, type V2Choices } from './open-answers.js';
import { checkV2Variants, type V2VariantName } from './variants.js';

/** The site's time zone under `limit-day-site-local` (the kiosks show £). */
export const SITE_TIME_ZONE = 'Europe/London';
/** The fee kiosks are configured with under `limit-fee-excluded`. */
export const VARIANT_FEE = 2;
/** The pace of the server's screens under `slow-steps`, ms. */
export const SLOW_STEP_MS = 5_000;
/** How late the first AMOUNT_SELECT of a later connection is under `reconnect-screen-delayed`, ms. */
export const RECONNECT_SCREEN_DELAY_MS = 2_000;
/** The largest frame accepted under `small-frame-limit`, bytes. */
export const SMALL_FRAME_BYTES = 4 * 1024;

/** The v2 variants switched on for one server, and what each changes. */
export class V2VariantSet {
  private readonly on: ReadonlySet<V2VariantName>;

  constructor(names: readonly string[] = []) {
    this.on = new Set(checkV2Variants(names));
  }

  /** Whether the named variant is on. */
  has(name: V2VariantName): boolean {
    return this.on.has(name);
  }

  /** The variants on, for logs. */
  list(): V2VariantName[] {
    return [...this.on];
  }

  /** Settings the variants choose; they win over the given configuration. */
  config(): Partial<V2Config> {
    return {
      ...(this.has('limit-fee-excluded') ? { transactionFeeType: 'FIXED' as const, transactionFeeValue: VARIANT_FEE } : {}),
      ...(this.has('immediate-steps') ? { stepDelayMs: 0 } : {}),
      ...(this.has('slow-steps') ? { stepDelayMs: SLOW_STEP_MS } : {}),
      ...(this.has('no-server-pings') ? { pingIntervalMs: 0 } : {}),
    };
  }

  /** The answers the variants pick among those open-answers.ts lists; the project's elsewhere. */
  choices(): V2Choices {
    const rejectTokenless = (provider: string): boolean => this.has('tokenless-rejected') || (this.has('tokenless-per-provider') && !isSaleFirst(provider));
    return {
      limitWindow: this.has('limit-day-site-local') ? limitWindows.siteLocal(SITE_TIME_ZONE) : this.has('limit-day-rolling-24h') ? limitWindows.rolling24h : firstV2Choices.limitWindow,
      countedAmount: this.has('limit-fee-excluded') ? countedAmounts.beforeFee : firstV2Choices.countedAmount,
      tokenless: (provider, answers) => (rejectTokenless(provider) ? answers.find((a) => a.verdict === 'REJECTED') : undefined) ?? firstV2Choices.tokenless(provider, answers),
      rejectionScreen: this.has('limit-error-screen') ? 'LIMIT_ERROR' : firstV2Choices.rejectionScreen,
      secondSuccessCharges: this.has('second-success-charged'),
      afterSale: this.has('receipt-question-skipped') ? 'PRINT_TICKET' : firstV2Choices.afterSale,
      otherMethod: this.has('other-method-amount-select') ? 'AMOUNT_SELECT' : firstV2Choices.otherMethod,
      configId: this.has('config-own-id') ? 'own' : firstV2Choices.configId,
      idleCancel: this.has('idle-cancel-amount-select') ? 'AMOUNT_SELECT' : firstV2Choices.idleCancel,
    };
  }

  /** The socket and connection settings the variants choose. */
  transport(): { perMessageDeflate: boolean; maxPayload: number; closesOlderConnections: boolean; ignoresTerminalId: boolean; reconnectScreenDelayMs: number; statusUpdates: boolean } {
    return {
      perMessageDeflate: !this.has('deflate-not-accepted'),
      maxPayload: this.has('small-frame-limit') ? SMALL_FRAME_BYTES : 64 * 1024,
      closesOlderConnections: this.has('close-older-connection'),
      ignoresTerminalId: this.has('kiosk-by-source-address'),
      reconnectScreenDelayMs: this.has('reconnect-screen-delayed') ? RECONNECT_SCREEN_DELAY_MS : 0,
      statusUpdates: this.has('print-status-update'),
    };
  }
}
