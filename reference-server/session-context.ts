import type { Logger } from 'pino';
import type { Screen } from '../protocol/screen-graph.js';
import type { ActionRules } from './action-rules.js';
import type { Choices } from './answers.js';
import type { ServerConfig } from './api.js';
import type { Clock } from './clock.js';
import type { PaymentProcessor } from './devices/payment-processor.js';
import type { TicketPrinter } from './devices/ticket-printer.js';
import type { ServerMetrics } from './metrics.js';
import type { Outlet } from './outbound.js';
import type { SessionOutput } from './session-output.js';
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

/** What the parts of a terminal session read of it, and the one way they move it (`show`). */
export interface SessionState {
  readonly ctx: SessionContext;
  readonly log: Logger;
  readonly screen: Screen;
  readonly transactionId: string;
  /** The terminal's current connection; undefined while it is away. */
  readonly outlet: Outlet | undefined;
  /** Whether the session was stopped (server shutdown, eviction). */
  readonly closed: boolean;
  readonly output: SessionOutput;
  readonly show: Show;
}
