import type { Logger } from 'pino';
import type { ProtocolErrorCode } from '../protocol/error-catalogue.js';
import type { Screen } from '../protocol/screen-graph.js';
import type { PintoAndroid1TerminalMessage } from '../protocol/types/generated.js';
import { INITIAL, judgeAction, overDailyLimit, type TerminalView } from './action-rules.js';
import { IdleTimer } from './idle-timer.js';
import { intentOf, type Intent } from './intent.js';
import type { Outlet } from './outbound.js';
import { PaymentFlow } from './payment-flow.js';
import { approve, type Scenario } from './scenario.js';
import { amountSelectData, idleScreens, keypadData, limitErrorData, paymentMethodData } from './screens.js';
import { ServerSteps } from './server-steps.js';
import type { EndState, SessionContext, SessionHost } from './session-host.js';
import { SessionOutput } from './session-output.js';
import type { TimerHandle } from './clock.js';
import { utcDay, type TerminalRow } from './store.js';

export type { SessionContext } from './session-host.js';

/**
 * One terminal's state machine (docs/protocol.md sections 6-10): what it
 * shows, its active transaction, and how a terminal's action moves it. The
 * rest lives beside it: the action rules (action-rules.ts), the payment
 * (payment-flow.ts), the server-driven steps (server-steps.ts), the idle
 * timeout (idle-timer.ts), the wire output (session-output.ts) and the
 * deliberate faults (session-faults.ts). Every change is written to the
 * store before it is sent, so a crash never shows the terminal a screen the
 * store does not know.
 *
 * The state fields are public for those parts (read through SessionHost);
 * only this class changes them.
 */
export class TerminalSession implements SessionHost {
  screen: Screen = 'AMOUNT_SELECT';
  data: Record<string, unknown>;
  transactionId = INITIAL;
  idleDeadline: number | null = null;
  serverAssigned = false;
  outlet: Outlet | undefined;
  closed = false;
  /** The terminal's logger, held only while a connection is attached (see `log`). */
  private logger: Logger | undefined;
  readonly output = new SessionOutput(this);
  readonly payment = new PaymentFlow(this);
  readonly steps = new ServerSteps(this);
  readonly idle = new IdleTimer(this);
  private initialTimer: TimerHandle | undefined;
  /** When the terminal's last connection went away (clock ms); undefined while one is attached. */
  private detachedAt: number | undefined;

  constructor(
    readonly ctx: SessionContext,
    readonly terminalId: string,
  ) {
    this.detachedAt = ctx.clock.now();
    this.data = amountSelectData(ctx.config);
    const row = ctx.store.terminal(terminalId) ?? ctx.hooks.newTerminalRow(ctx);
    if (row) {
      this.screen = row.screen;
      this.data = row.data;
      this.transactionId = row.transactionId;
      this.idleDeadline = row.idleDeadline;
      if (row.screen === 'AMOUNT_SELECT' && row.transactionId === INITIAL) this.data = amountSelectData(ctx.config);
    }
    this.idle.arm();
  }

  /**
   * The logger bound to the terminal's id. Held while a connection is
   * attached, made afresh for the rare line of a terminal away: a pino child
   * is about 300 bytes, and under churn of terminal ids most sessions in
   * memory are of terminals that left, waiting for eviction.
   */
  get log(): Logger {
    if (this.logger) return this.logger;
    const logger = this.ctx.logger.child({ terminalId: this.terminalId });
    if (this.outlet) this.logger = logger;
    return logger;
  }

  /** The active transaction id ("initial" when none). */
  get activeTransactionId(): string {
    return this.transactionId;
  }

  /** Whether a connection of the terminal is attached. */
  get connected(): boolean {
    return this.outlet !== undefined;
  }

  /** The screen the terminal shows (or would show, while it is away). */
  get currentScreen(): Screen {
    return this.screen;
  }

  /** Whether the connection's scenario is out-of-service (TC-3). */
  get outOfService(): boolean {
    return (this.outlet?.scenario ?? approve).name === 'out-of-service';
  }

  /**
   * A connection for this terminal opened (after authentication): send the
   * screen it should show within 1 s (FLOW-1, RES-3, RES-5) and resume the
   * server-driven steps (RES-6).
   */
  attach(outlet: Outlet): void {
    this.outlet = outlet;
    this.detachedAt = undefined;
    this.ctx.hooks.reconnected(this);
    const sendFirst = (): void => {
      this.initialTimer = undefined;
      if (this.outlet !== outlet) return;
      if (this.outOfService) {
        this.output.sendOutOfService(outlet);
        return;
      }
      this.output.sendCurrent();
      this.steps.arm();
    };
    this.initialTimer = this.ctx.hooks.firstScreen(this, sendFirst);
    this.payment.resume();
  }

  /** Resolves a payment this process is not waiting for (one that was in flight when the server died). */
  resumePayment(): void {
    this.payment.resume();
  }

  /** The connection went away: pause the server-driven steps (RES-6); idle timers keep running (RES-7). */
  detach(outlet: Outlet): void {
    if (this.outlet !== outlet) return;
    this.outlet = undefined;
    this.logger = undefined;
    this.detachedAt = this.ctx.clock.now();
    if (!this.ctx.variants.stepWhileAway(this.screen)) this.steps.clear();
    if (this.initialTimer) this.ctx.clock.clearTimeout(this.initialTimer);
    this.initialTimer = undefined;
  }

  /** Whether this outlet is the terminal's current connection. */
  isAttached(outlet: Outlet): boolean {
    return this.outlet === outlet;
  }

  /**
   * Whether the session may leave memory: no connection for `lingerMs`, and
   * nothing running (no timer, no payment in flight). Its state is in the
   * store, and a new session built from it resumes the terminal (RES-3).
   */
  evictable(lingerMs: number): boolean {
    return (
      this.outlet === undefined &&
      this.detachedAt !== undefined &&
      this.ctx.clock.now() - this.detachedAt >= lingerMs &&
      !this.idle.pending &&
      !this.steps.pending &&
      this.initialTimer === undefined &&
      this.payment.quiet
    );
  }

  /** Stops every timer (server shutdown). */
  close(): void {
    this.closed = true;
    this.steps.clear();
    this.idle.stop();
    if (this.initialTimer) this.ctx.clock.clearTimeout(this.initialTimer);
  }

  /** Answers bad input (`inbound`, as parsed) with ERROR `code`; the state does not change (ERR-3). */
  reject(outlet: Outlet, code: ProtocolErrorCode, inbound?: unknown): void {
    this.output.refuse(outlet, code, inbound);
  }

  /**
   * Handles one schema-valid USER_ACTION. `reply` gets the ERROR answers; screens
   * go to the terminal's connection. The rules judge it in the order of ERR-10
   * (action-rules.ts); bad input changes nothing (ERR-3).
   */
  handle(message: PintoAndroid1TerminalMessage, reply: Outlet): void {
    const intent = intentOf(message);
    const hooks = this.ctx.hooks;
    if (this.outOfService) {
      if (intent.kind === 'reset') this.output.sendCurrentTo(reply);
      else this.output.refuse(reply, 'UNEXPECTED_ACTION', message);
      return;
    }
    // RESET asks for the current screen; on LIMIT_ERROR it leaves it, with any id (DIA-4, DIA-5).
    if (intent.kind === 'reset') {
      if (this.screen === 'LIMIT_ERROR') this.toInitial();
      else this.output.sendCurrentTo(reply);
      return;
    }
    const id = message.transactionId;
    const other = hooks.actingSession(this, id);
    if (other) return other.handleFor(message, reply);
    if (hooks.firstActionTakenOver(this, id, intent)) return;
    const store = this.ctx.store;
    const terminal: TerminalView = {
      shown: { screen: this.screen, data: this.data },
      active: this.transactionId,
      announced: this.output.announcedId(),
      used: (used) => store.hasTransaction(used),
    };
    const { code, startsUnder } = judgeAction(terminal, message, intent, hooks.bends);
    if (code === 'UNEXPECTED_ACTION' && intent.kind === 'method' && hooks.methodRefused(this, intent.method)) return;
    // A variant may rank the daily limit (FLOW-6) above the amount (FLOW-5): then the action goes on to apply().
    if (code && this.output.refuse(reply, code, message) !== 'accepted') return;
    const before = this.snapshot();
    try {
      this.apply(intent, startsUnder);
    } catch (error) {
      // ERR-8: put the state back as it was and say so.
      this.log.error({ err: error }, 'internal error while handling an action');
      this.restore(before);
      this.output.error(reply, 'INTERNAL_ERROR');
    }
  }

  /** Applies another terminal's action here, mirroring the screens to it (cross-terminal-leak fault only). */
  private handleFor(message: PintoAndroid1TerminalMessage, reply: Outlet): void {
    this.output.mirror = reply;
    try {
      this.handle(message, reply);
    } finally {
      this.output.mirror = undefined;
    }
  }

  /**
   * An allowed action moves the terminal (FLOW-2..7, FLOW-13, FLOW-14): a first
   * action starts the transaction, under the terminal's id (`startsUnder`) or one
   * the server assigns (TXN-2, TXN-5).
   */
  private apply(intent: Intent, startsUnder: string | undefined): void {
    const { store, clock, config, hooks } = this.ctx;
    const now = clock.now();
    let id = this.transactionId;
    if (id === INITIAL) {
      const assigned = startsUnder === undefined;
      id = startsUnder ?? this.ctx.newTransactionId();
      store.createTransaction(id, this.terminalId, now, hooks.bends.acceptsReusedTransactionId);
      this.serverAssigned = assigned;
      this.log.info({ transactionId: id, assigned }, 'transaction started');
    }
    switch (intent.kind) {
      case 'other':
        this.show('KEYPAD', keypadData(config), id);
        return;
      case 'amount':
      case 'keypad': {
        const remaining = this.remainingToday();
        store.updateTransaction(id, { amount: intent.amount }, now);
        const keypadEntry = intent.kind === 'keypad' || this.screen === 'KEYPAD';
        if (overDailyLimit(intent.amount, remaining, keypadEntry, hooks.bends)) {
          store.updateTransaction(id, { state: 'limit-exceeded' }, now);
          this.log.info({ transactionId: id, amount: intent.amount, remaining }, 'daily limit exceeded');
          this.show('LIMIT_ERROR', limitErrorData(config, remaining), id);
          return;
        }
        this.show('PAYMENT_METHOD', paymentMethodData(config), id);
        return;
      }
      case 'method':
        this.payment.start(id, intent.method);
        return;
      case 'cancel':
        this.endTransaction('cancelled');
        this.toInitial();
        return;
      case 'ok':
        if (this.screen === 'LIMIT_ERROR') this.endTransaction('limit-exceeded');
        this.toInitial();
        return;
      default:
        throw new Error(`unhandled intent ${intent.kind}`);
    }
  }

  toInitial(): void {
    this.show('AMOUNT_SELECT', amountSelectData(this.ctx.config), INITIAL);
  }

  endTransaction(state: EndState): void {
    if (this.transactionId === INITIAL) return;
    const { store, clock, metrics } = this.ctx;
    const row = store.transaction(this.transactionId);
    // A transaction that reached the processor keeps its money state.
    if (row && (row.state === 'open' || row.state === 'limit-exceeded')) {
      store.updateTransaction(this.transactionId, { state }, clock.now());
      if (state !== 'limit-exceeded') metrics.transactions.inc({ outcome: state });
    }
    this.log.info({ transactionId: this.transactionId, state }, 'transaction ended');
  }

  remainingToday(): number {
    const { config, store, clock } = this.ctx;
    return Math.max(0, config.dailyLimit - store.dailyTotal(this.terminalId, utcDay(clock.now())));
  }

  renameTransaction(id: string): void {
    this.transactionId = id;
    this.persist();
  }

  show(screen: Screen, data: Record<string, unknown>, transactionId: string, options: { send?: boolean } = {}): void {
    const changed = screen !== this.screen || transactionId !== this.transactionId;
    this.screen = screen;
    this.data = data;
    this.transactionId = transactionId;
    if (transactionId === INITIAL) this.serverAssigned = false;
    if (changed) this.idleDeadline = idleScreens.has(screen) ? this.ctx.clock.now() + this.ctx.config.idleTimeoutMs : null;
    this.persist();
    this.idle.arm();
    if (options.send === false) return;
    this.output.sendCurrent();
    this.steps.arm();
  }

  private persist(): void {
    this.ctx.store.saveTerminal(this.snapshot(), this.ctx.clock.now());
  }

  private snapshot(): TerminalRow {
    return { terminalId: this.terminalId, screen: this.screen, data: this.data, transactionId: this.transactionId, idleDeadline: this.idleDeadline };
  }

  private restore(row: TerminalRow): void {
    this.screen = row.screen;
    this.data = row.data;
    this.transactionId = row.transactionId;
    this.idleDeadline = row.idleDeadline;
    try {
      this.persist();
    } catch (error) {
      this.log.error({ err: error }, 'could not restore the stored screen');
    }
    this.idle.arm();
  }
}

/** The scenario type, re-exported for the connection layer. */
export type { Scenario };
