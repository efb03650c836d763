import type { Logger } from 'pino';
import type { Screen } from '../protocol/screen-graph.js';
import type { ActionRules } from './action-rules.js';
import type { Choices } from './answers.js';
import type { ServerConfig } from './api.js';
import type { Clock } from './clock.js';
import type { PaymentProcessor } from './devices/payment-processor.js';
import type { TicketPrinter } from './devices/ticket-printer.js';
import type { ServerMetrics } from './metrics.js';
import type { Store } from './store.js';

/** What every terminal session shares: configuration, rules, store, devices, logs. */
export interface SessionContext {
  config: ServerConfig;
  store: Store;
  /** The rules actions are judged by (action-rules.ts). */
  rules: ActionRules;
  /** Which of the legal answers the server gives, where the sources allow several (answers.ts). */
  choices: Choices;
  processor: PaymentProcessor;
  printer: TicketPrinter;
  logger: Logger;
  metrics: ServerMetrics;
  /** Time and timers of the session (idle timeouts, steps, the processor timeout). */
  clock: Clock;
  /** A fresh, unique transaction id (TXN-5). */
  newTransactionId(): string;
}

/** How a transaction ends before its payment (or after LIMIT_ERROR). */
export type EndState = 'cancelled' | 'abandoned' | 'limit-exceeded';

/** Moves the terminal to a screen: store first, then the wire (unless `send` is false), then the timers. */
export type Show = (screen: Screen, data: Record<string, unknown>, transactionId: string, options?: { send?: boolean }) => void;
