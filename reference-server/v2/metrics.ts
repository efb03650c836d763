import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import { ScrapedCount } from '../metrics.js';
import type { V2Outbound } from './kiosk-connection.js';

/** What the books hold now, read at each scrape (Books.tally). */
export interface BooksTally {
  /** Sales in `outcome-unknown`: APPROVED sent, no PAYMENT_RESULT or reversal yet (V2-M-7). */
  unknownOutcomes: number;
  /** Sales carrying each flag (docs/reference-server-v2.md, the books). */
  flags: Record<string, number>;
}

/** The kiosk message types (pinto-android-2.md §3.2): other values are counted as `other`, so a kiosk cannot grow the label set. */
const KIOSK_MESSAGE_TYPES: ReadonlySet<string> = new Set(['USER_ACTION', 'CARD_CHECK_RESULT', 'PAYMENT_RESULT', 'REVERSAL_RESULT', 'DEVICE_INFO']);

/**
 * Prometheus metrics of one v2 server (docs/reference-server-v2.md, Metrics),
 * on its own registry. Every name starts with `paysock_v2_`: a v2 server
 * counts what v1's does not (card checks, reversals, the books), and the
 * names it shares in spirit with v1 (`paysock_open_connections`, ...) would
 * otherwise mean kiosks in one job and terminals in another.
 */
export class V2Metrics {
  readonly registry = new Registry();
  readonly openConnections = new Gauge({ name: 'paysock_v2_open_connections', help: 'Open kiosk WebSocket connections', registers: [this.registry] });
  /** Counted in plain numbers read at the scrape: every frame passes here (as v1's paysock_messages_in_total). */
  private readonly framesIn = new ScrapedCount('paysock_v2_frames_in_total', 'Frames received from kiosks, by messageType (keepalive, unparsed, binary, other for the rest)', this.registry, 'messageType');
  private readonly framesOut = new ScrapedCount('paysock_v2_frames_out_total', 'Messages sent to kiosks, by messageType', this.registry, 'messageType');
  readonly cardChecks = new Counter({ name: 'paysock_v2_card_checks_total', help: 'CARD_CHECK_RESULTs decided, by verdict (APPROVED, REJECTED; duplicate: a repeat not answered again, V2-M-3)', labelNames: ['verdict'], registers: [this.registry] });
  readonly paymentResults = new Counter({ name: 'paysock_v2_payment_results_total', help: 'PAYMENT_RESULTs received, by screen and how the books recorded them (first, repeat, anomaly; V2-M-6)', labelNames: ['screen', 'recorded'], registers: [this.registry] });
  readonly reversalResults = new Counter({ name: 'paysock_v2_reversal_results_total', help: 'REVERSAL_RESULTs received, by effect on the sale (reversed, refund-needed, flag; duplicate: a repeat, V2-M-10)', labelNames: ['effect'], registers: [this.registry] });
  private readonly errorsSent = new Counter({ name: 'paysock_v2_errors_sent_total', help: 'ERROR messages sent to kiosks, by errorCode (a correct server sends none: V2-ERR-1)', labelNames: ['errorCode'], registers: [this.registry] });

  /** `tally` reads the books at each scrape; with `processMetrics`, the registry also carries the process's own metrics (as v1's). */
  constructor(tally: () => BooksTally, processMetrics = false) {
    new Gauge({
      name: 'paysock_v2_unknown_outcomes',
      help: 'Sales whose outcome is unknown now: APPROVED sent, no PAYMENT_RESULT or reversal yet (V2-M-7)',
      registers: [this.registry],
      collect() {
        this.set(tally().unknownOutcomes);
      },
    });
    new Gauge({
      name: 'paysock_v2_flagged_sales',
      help: 'Sales in the books carrying each flag (money anomalies for reconciliation)',
      labelNames: ['flag'],
      registers: [this.registry],
      collect() {
        this.reset();
        for (const [flag, n] of Object.entries(tally().flags)) this.set({ flag }, n);
      },
    });
    if (processMetrics) collectDefaultMetrics({ register: this.registry });
  }

  /** One text frame in, by what it is (kiosk-frame.ts): a kiosk message type, or keepalive, unparsed, other. */
  frameIn(kind: string): void {
    this.framesIn.inc(KIOSK_MESSAGE_TYPES.has(kind) || kind === 'keepalive' || kind === 'unparsed' || kind === 'binary' ? kind : 'other');
  }

  /** One message written to a kiosk. */
  sent(message: V2Outbound): void {
    this.framesOut.inc(message.messageType);
    if (message.messageType === 'ERROR') this.errorsSent.inc({ errorCode: String(message.data?.errorCode ?? 'none') });
  }
}
