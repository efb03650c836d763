import type { TimerHandle } from './clock.js';
import type { SessionHost } from './session-host.js';

/**
 * FLOW-15: the idle timeout of KEYPAD, PAYMENT_METHOD, FAILED and LIMIT_ERROR,
 * on the session's clock. It runs while the terminal is away (RES-7): when it
 * ends, a transaction before its payment is abandoned, a connected terminal
 * gets ERROR TIMEOUT, and the terminal goes back to AMOUNT_SELECT.
 */
export class IdleTimer {
  private timer: TimerHandle | undefined;
  /** The deadline the running timer was armed for. */
  private armedFor: number | undefined;

  constructor(private readonly session: SessionHost) {}

  /** Whether the timeout is waiting to fire. */
  get pending(): boolean {
    return this.timer !== undefined;
  }

  /** (Re)arms the timer for the session's idle deadline; none when the screen has no deadline. */
  arm(): void {
    const s = this.session;
    const clock = s.ctx.clock;
    const deadline = s.ctx.hooks.idleDeadline(s.idleDeadline);
    // Every screen change re-arms; one that keeps the deadline keeps its timer.
    if (this.timer !== undefined && deadline === this.armedFor) return;
    if (this.timer) clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.armedFor = undefined;
    if (deadline === null) return;
    this.armedFor = deadline;
    this.timer = clock.setTimeout(() => {
      this.timer = undefined;
      this.armedFor = undefined;
      if (s.closed || s.idleDeadline !== deadline) return;
      this.expire();
    }, Math.max(0, deadline - clock.now()));
  }

  /** Stops the timer (server shutdown). */
  stop(): void {
    if (this.timer) this.session.ctx.clock.clearTimeout(this.timer);
  }

  private expire(): void {
    const s = this.session;
    const { metrics, hooks } = s.ctx;
    s.log.info({ transactionId: s.transactionId, screen: s.screen }, 'idle timeout: transaction abandoned');
    if (s.screen === 'KEYPAD' || s.screen === 'PAYMENT_METHOD') s.endTransaction('abandoned');
    const outlet = s.outlet;
    if (outlet && !s.outOfService) hooks.timeoutError(() => s.output.error(outlet, 'TIMEOUT'));
    metrics.transactions.inc({ outcome: 'timeout' });
    s.toInitial();
  }
}
