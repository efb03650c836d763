import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Prometheus metrics of one server instance (its own registry, so several servers in one process do not clash). */
export class ServerMetrics {
  readonly registry = new Registry();
  readonly openConnections = new Gauge({ name: 'paysock_open_connections', help: 'Open WebSocket connections', registers: [this.registry] });
  readonly transactions = new Counter({ name: 'paysock_transactions_total', help: 'Finished transactions by outcome', labelNames: ['outcome'], registers: [this.registry] });
  readonly charges = new Counter({ name: 'paysock_processor_charges_total', help: 'Charge requests sent to the payment processor', registers: [this.registry] });
  readonly actionLatency = new Histogram({
    name: 'paysock_action_to_screen_seconds',
    help: 'Time from receiving a USER_ACTION to sending its answer',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    registers: [this.registry],
  });
  /** Text frames received: counted in a plain number, read by the scrape (every frame passes here). */
  readonly messagesIn = new ScrapedCount('paysock_messages_in_total', 'Text frames received from terminals', this.registry);
  /** Messages sent, by messageType: counted in plain numbers, read by the scrape (every frame passes here). */
  readonly messagesOut = new ScrapedCount('paysock_messages_out_total', 'Messages sent to terminals by messageType', this.registry, 'messageType');
  readonly errors = new Counter({ name: 'paysock_errors_total', help: 'ERROR messages sent, by errorCode', labelNames: ['code'], registers: [this.registry] });
  readonly closes = new Counter({ name: 'paysock_closes_total', help: 'Connections closed by the server, by close code', labelNames: ['code'], registers: [this.registry] });

  /** With `processMetrics`, the registry also carries the process's own metrics (memory, heap, CPU, event-loop delay, GC). */
  constructor(processMetrics = false) {
    if (processMetrics) collectDefaultMetrics({ register: this.registry });
  }
}

/**
 * A Prometheus counter for the busiest lines of the server: `inc` adds to a
 * plain number per label value, and the counter reads those numbers when
 * it is scraped. prom-client's own `inc` with labels hashes the label object
 * on every call (a few percent of a busy server's CPU, twice per frame).
 */
export class ScrapedCount {
  private total = 0;
  private readonly byValue = new Map<string, number>();

  constructor(name: string, help: string, registry: Registry, private readonly labelName?: string) {
    const counts = this;
    new Counter({
      name,
      help,
      labelNames: labelName === undefined ? [] : [labelName],
      registers: [registry],
      collect() {
        this.reset();
        if (counts.labelName === undefined) this.inc(counts.total);
        else for (const [value, n] of counts.byValue) this.inc({ [counts.labelName]: value }, n);
      },
    });
  }

  /** Counts one, under `labelValue` when the counter has a label. */
  inc(labelValue?: string): void {
    if (this.labelName === undefined || labelValue === undefined) {
      this.total++;
      return;
    }
    this.byValue.set(labelValue, (this.byValue.get(labelValue) ?? 0) + 1);
  }
}
