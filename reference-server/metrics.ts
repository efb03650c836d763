import { Counter, Gauge, Histogram, Registry } from 'prom-client';

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
  readonly messagesIn = new Counter({ name: 'paysock_messages_in_total', help: 'Text frames received from terminals', registers: [this.registry] });
  readonly messagesOut = new Counter({ name: 'paysock_messages_out_total', help: 'Messages sent to terminals by messageType', labelNames: ['messageType'], registers: [this.registry] });
  readonly errors = new Counter({ name: 'paysock_errors_total', help: 'ERROR messages sent, by errorCode', labelNames: ['code'], registers: [this.registry] });
  readonly closes = new Counter({ name: 'paysock_closes_total', help: 'Connections closed by the server, by close code', labelNames: ['code'], registers: [this.registry] });
}
