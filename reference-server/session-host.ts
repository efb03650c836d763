import type { Logger } from 'pino';
import type { Screen } from '../protocol/screen-graph.js';
import type { ServerConfig } from './api.js';
import type { Clock } from './clock.js';
import type { PaymentProcessor } from './devices/payment-processor.js';
import type { TicketPrinter } from './devices/ticket-printer.js';
import type { IdleTimer } from './idle-timer.js';
import type { ServerMetrics } from './metrics.js';
import type { Outlet } from './outbound.js';
import type { PaymentFlow } from './payment-flow.js';
import type { ServerSteps } from './server-steps.js';
import type { SessionFaultHooks } from './session-faults.js';
import type { SessionOutput } from './session-output.js';
import type { Store, TerminalRow } from './store.js';
import type { TerminalSession } from './terminal-session.js';
import type { VariantSet } from './variants.js';

/** What every terminal session shares: configuration, store, devices, logs. */
export interface SessionContext {
  config: ServerConfig;
  store: Store;
  /** Deliberate faults as hooks at the session's edges (session-faults.ts); all no-ops in a correct server. */
  hooks: SessionFaultHooks;
  /** Legal alternative readings of the sources: consulted only where a rejection is answered and where steps pause (variants.ts). */
  variants: VariantSet;
  processor: PaymentProcessor;
  printer: TicketPrinter;
  logger: Logger;
  metrics: ServerMetrics;
  /** Time and timers of the session (idle timeouts, steps, the processor timeout). */
  clock: Clock;
  /** A fresh, unique transaction id (TXN-5). */
  newTransactionId(): string;
  /** The in-memory session whose active transaction has this id (only the cross-terminal-leak fault asks). */
  sessionWithTransaction(id: string): TerminalSession | undefined;
  /** The stored row of a disconnected terminal with an open transaction (only the orphan-handed-over fault asks). */
  orphanedTerminal(): TerminalRow | undefined;
}

/** How a transaction ends before its payment (or after LIMIT_ERROR). */
export type EndState = 'cancelled' | 'abandoned' | 'limit-exceeded';

/**
 * What the parts of a terminal session (session-output.ts, payment-flow.ts,
 * server-steps.ts, idle-timer.ts, and the fault hooks of session-faults.ts)
 * see of it: the terminal's state, read-only, and the one way to change what
 * the terminal shows (`show`: store first, then the wire, then the timers).
 */
export interface SessionHost {
  readonly ctx: SessionContext;
  readonly terminalId: string;
  readonly log: Logger;
  /** The screen the terminal shows (or would show, while it is away). */
  readonly screen: Screen;
  /** The data that screen was sent with. */
  readonly data: Record<string, unknown>;
  /** The active transaction id (`INITIAL` when none). */
  readonly transactionId: string;
  /** Whether the active id was assigned by the server (TXN-5) rather than named by the terminal. */
  readonly serverAssigned: boolean;
  /** When the idle timeout of the screen shown ends (clock ms); null on screens without one (FLOW-15). */
  readonly idleDeadline: number | null;
  /** The terminal's current connection; undefined while it is away. */
  readonly outlet: Outlet | undefined;
  /** Whether the session was stopped (server shutdown, eviction). */
  readonly closed: boolean;
  /** Whether the connection's test-control scenario is out-of-service (TC-3): DEVICE_ERROR OUT_OF_SERVICE is all the terminal sees. */
  readonly outOfService: boolean;
  readonly output: SessionOutput;
  readonly payment: PaymentFlow;
  readonly steps: ServerSteps;
  readonly idle: IdleTimer;
  /** Moves to a screen: store first, then the wire (unless `send` is false), then the timers. */
  show(screen: Screen, data: Record<string, unknown>, transactionId: string, options?: { send?: boolean }): void;
  /** Back to AMOUNT_SELECT with no transaction (FLOW-14, FLOW-15, FLOW-20). */
  toInitial(): void;
  /** Records how the active transaction ended, unless it reached the processor (its money state stays). */
  endTransaction(state: EndState): void;
  /** What is left of the terminal's daily limit today (UTC), never below 0 (FLOW-6). */
  remainingToday(): number;
  /** Gives the active transaction a new id, screen and deadlines kept (the resumption-new-id fault only). */
  renameTransaction(id: string): void;
}
