import type { Logger } from 'pino';
import type { Screen } from '../protocol/screen-graph.js';
import type { Clock, TimerHandle } from './clock.js';
import type { ServerMetrics } from './metrics.js';
import { idleScreens } from './screens.js';
import type { EndState } from './session-context.js';

/** What the idle timer reads of its terminal session, and the steps a timeout takes. */
export interface IdleSession {
  readonly ctx: { readonly clock: Clock; readonly config: { readonly idleTimeoutMs: number }; readonly metrics: ServerMetrics };
  readonly log: Logger;
  readonly screen: Screen;
  readonly transactionId: string;
  readonly closed: boolean;
  endTransaction(state: EndState): void;
  /** Tells the terminal, if it is connected, that its transaction timed out (ERROR TIMEOUT). */
  timedOut(): void;
  toInitial(): void;
}

/**
 * FLOW-15: the idle timeout of KEYPAD, PAYMENT_METHOD, FAILED and LIMIT_ERROR,
 * its deadline and its timer, on the session's clock. It runs while the
 * terminal is away (RES-7): when it ends, a transaction before its payment is
 * abandoned, a connected terminal gets ERROR TIMEOUT, and the terminal goes
 * back to AMOUNT_SELECT.
 */
export class IdleTimer {
  /** When the idle timeout of the screen shown ends (clock ms); null on screens without one. */
  deadline: number | null = null;
  private timer: TimerHandle | undefined;
  /** The deadline the running timer was armed for. */
  private armedFor: number | undefined;

  constructor(private readonly session: IdleSession) {}

  /** Whether the timeout is waiting to fire. */
  get pending(): boolean {
    return this.timer !== undefined;
  }

  /** The terminal was moved to `screen` (`changed`: another screen or transaction): a new deadline starts there; `arm` runs to it. */
  shown(screen: Screen, changed: boolean): void {
    const s = this.session;
    if (changed) this.deadline = idleScreens.has(screen) ? s.ctx.clock.now() + s.ctx.config.idleTimeoutMs : null;
  }

  /** Takes a deadline kept in the store (a session built again, a state put back); `arm` runs to it. */
  resume(deadline: number | null): void {
    this.deadline = deadline;
  }

  /** (Re)arms the timer for the deadline; none when the screen has none. */
  arm(): void {
    const s = this.session;
    const clock = s.ctx.clock;
    const deadline = this.deadline;
    // Every screen change re-arms; one that keeps the deadline keeps its timer.
    if (this.timer !== undefined && deadline === this.armedFor) return;
    this.stop();
    if (deadline === null) return;
    this.armedFor = deadline;
    this.timer = clock.setTimeout(() => {
      this.timer = undefined;
      this.armedFor = undefined;
      if (s.closed || this.deadline !== deadline) return;
      this.expire();
    }, Math.max(0, deadline - clock.now()));
  }

  /** Stops the timer (server shutdown). */
  stop(): void {
    if (this.timer) this.session.ctx.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.armedFor = undefined;
  }

  private expire(): void {
    const s = this.session;
    s.log.info({ transactionId: s.transactionId, screen: s.screen }, 'idle timeout: transaction abandoned');
    if (s.screen === 'KEYPAD' || s.screen === 'PAYMENT_METHOD') s.endTransaction('abandoned');
    s.timedOut();
    s.ctx.metrics.transactions.inc({ outcome: 'timeout' });
    s.toInitial();
  }
}
