import type { Logger } from 'pino';
import { protocolErrorMessage, type ProtocolErrorCode } from '../protocol/error-catalogue.js';
import type { Screen } from '../protocol/screen-graph.js';
import type { PintoAndroid1TerminalMessage } from '../protocol/types/generated.js';
import type { ServerConfig } from './api.js';
import type { PaymentProcessor } from './devices/payment-processor.js';
import type { TicketPrinter } from './devices/ticket-printer.js';
import type { FaultSet } from './faults.js';
import { INITIAL, judgeAction, overDailyLimit, type RuleBends, type TerminalView } from './action-rules.js';
import { intentOf, type Intent } from './intent.js';
import type { ServerMetrics } from './metrics.js';
import type { OutboundMessage, Outlet } from './outbound.js';
import { approve, type Scenario } from './scenario.js';
import {
  amountSelectData, drivenScreens, idleScreens, keypadData, limitErrorData, paymentMethodData, screenErrorData,
} from './screens.js';
import { utcDay, type PaymentStatus, type Store, type TerminalRow } from './store.js';
import type { VariantSet } from './variants.js';
import type { Clock, TimerHandle } from './clock.js';

/** What every terminal session shares: configuration, store, devices, logs. */
export interface SessionContext {
  config: ServerConfig;
  store: Store;
  faults: FaultSet;
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

/** stepTimer of a step queued to run in this turn (step delay 0). */
const STEP_NOW: unique symbol = Symbol('step now');

/**
 * One terminal's state machine (docs/protocol.md sections 6-10): what it shows,
 * its active transaction, the timers that drive it. Every change is written to
 * the store before it is sent, so a crash never shows the terminal a screen
 * the store does not know.
 */
export class TerminalSession {
  private screen: Screen = 'AMOUNT_SELECT';
  private data: Record<string, unknown>;
  private transactionId = INITIAL;
  private idleDeadline: number | null = null;
  private outlet: Outlet | undefined;
  /** Extra receiver of screens while another terminal's action is applied here (cross-terminal-leak fault only). */
  private mirror: Outlet | undefined;
  private idleTimer: TimerHandle | undefined;
  private stepTimer: TimerHandle | typeof STEP_NOW | undefined;
  private initialTimer: TimerHandle | undefined;
  /** Counts armed steps, so a step armed before the last arm or clear does nothing. */
  private stepsArmed = 0;
  /** Transaction ids whose payment this process is waiting for. */
  private readonly inFlight = new Set<string>();
  /** Whether the active id was assigned by the server (keeps-initial-id fault only). */
  private serverAssigned = false;
  private closed = false;
  /** When the terminal's last connection went away (clock ms); undefined while one is attached. */
  private detachedAt: number | undefined;
  private readonly log: Logger;
  /** The faults that bend the action rules (fixed for the server's life). */
  private readonly bends: RuleBends;

  constructor(
    private readonly ctx: SessionContext,
    readonly terminalId: string,
  ) {
    this.log = ctx.logger.child({ terminalId });
    const faults = ctx.faults;
    this.bends = {
      cancelNotSupported: faults.has('cancel-not-supported'),
      acceptsUnofferedAmount: faults.has('accepts-unoffered-amount'),
      noKeypadBounds: faults.has('no-keypad-bounds'),
      acceptsReusedTransactionId: faults.has('accepts-reused-transaction-id'),
      noLimitCheck: faults.has('no-limit-check'),
      keypadSkipsLimit: faults.has('keypad-skips-limit'),
    };
    this.detachedAt = ctx.clock.now();
    this.data = amountSelectData(ctx.config);
    let row = ctx.store.terminal(terminalId);
    if (!row && ctx.faults.has('orphan-handed-over')) row = ctx.orphanedTerminal();
    if (row) {
      this.screen = row.screen;
      this.data = row.data;
      this.transactionId = row.transactionId;
      this.idleDeadline = row.idleDeadline;
      if (row.screen === 'AMOUNT_SELECT' && row.transactionId === INITIAL) this.data = amountSelectData(ctx.config);
    }
    this.armIdleTimer();
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

  /**
   * A connection for this terminal opened (after authentication): send the
   * screen it should show within 1 s (FLOW-1, RES-3, RES-5) and resume the
   * server-driven steps (RES-6).
   */
  attach(outlet: Outlet): void {
    this.outlet = outlet;
    this.detachedAt = undefined;
    this.resumeUnderNewId();
    const unpaid = this.screen === 'KEYPAD' || this.screen === 'PAYMENT_METHOD';
    if ((this.ctx.faults.has('no-resumption') || (unpaid && this.ctx.faults.has('no-resumption-before-payment'))) && this.transactionId !== INITIAL) {
      this.endTransaction('abandoned');
      this.show('AMOUNT_SELECT', amountSelectData(this.ctx.config), INITIAL, { send: false });
    }
    const sendFirst = (): void => {
      this.initialTimer = undefined;
      if (this.outlet !== outlet) return;
      if (this.outOfService) {
        outlet.send({ messageType: 'SCREEN_CHANGE', screen: 'DEVICE_ERROR', data: screenErrorData('OUT_OF_SERVICE'), transactionId: INITIAL });
        return;
      }
      this.sendCurrent();
      this.armStep();
    };
    if (this.ctx.faults.has('slow-initial-screen')) this.initialTimer = this.ctx.clock.setTimeout(sendFirst, 1500);
    else sendFirst();
    this.resumePayment();
  }

  /** Resolves a payment this process is not waiting for (one that was in flight when the server died). */
  resumePayment(): void {
    if (this.screen === 'PROCESSING' && !this.inFlight.has(this.transactionId)) void this.recoverPayment();
  }

  /** The connection went away: pause the server-driven steps (RES-6); idle timers keep running (RES-7). */
  detach(outlet: Outlet): void {
    if (this.outlet !== outlet) return;
    this.outlet = undefined;
    this.detachedAt = this.ctx.clock.now();
    if (!this.ctx.variants.stepWhileAway(this.screen)) this.clearStep();
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
      this.idleTimer === undefined &&
      this.stepTimer === undefined &&
      this.initialTimer === undefined &&
      this.inFlight.size === 0
    );
  }

  /** Stops every timer (server shutdown). */
  close(): void {
    this.closed = true;
    this.clearStep();
    if (this.idleTimer) this.ctx.clock.clearTimeout(this.idleTimer);
    if (this.initialTimer) this.ctx.clock.clearTimeout(this.initialTimer);
  }

  /**
   * Handles one schema-valid USER_ACTION. `reply` gets the ERROR answers; screens
   * go to the terminal's connection. Checks run in the order of ERR-10:
   * transaction, then screen, then amount; bad input changes nothing (ERR-3).
   */
  handle(message: PintoAndroid1TerminalMessage, reply: Outlet): void {
    const intent = intentOf(message);
    const faults = this.ctx.faults;
    if (this.outOfService) {
      if (intent.kind === 'reset') this.sendCurrentTo(reply);
      else this.refuse(reply, 'UNEXPECTED_ACTION', message);
      return;
    }
    // RESET asks for the current screen; on LIMIT_ERROR it leaves it, with any id (DIA-4, DIA-5).
    if (intent.kind === 'reset') {
      if (this.screen === 'LIMIT_ERROR') this.toInitial();
      else this.sendCurrentTo(reply);
      return;
    }
    const id = message.transactionId;
    if (faults.has('cross-terminal-leak') && id !== INITIAL && id !== this.transactionId) {
      const other = this.ctx.sessionWithTransaction(id);
      if (other && other !== this) {
        other.handleFor(message, reply);
        return;
      }
    }
    if (this.transactionId === INITIAL && id !== INITIAL && intent.kind === 'method' && faults.has('finished-id-charged-again')) {
      const known = this.ctx.store.transaction(id);
      if (known?.charged && known.terminalId === this.terminalId) return this.chargeFinishedAgain(id, intent.method);
    }
    // The rules, in the order of ERR-10 (action-rules.ts).
    const store = this.ctx.store;
    const terminal: TerminalView = { shown: { screen: this.screen, data: this.data }, active: this.transactionId, announced: this.wireId(), used: (used) => store.hasTransaction(used) };
    const { code, startsUnder } = judgeAction(terminal, message, intent, this.bends);
    if (code === 'UNEXPECTED_ACTION' && intent.kind === 'method') {
      if (this.replaysCharge()) return this.replayPayment(reply, intent);
      this.countReplayAgain();
    }
    // A variant may rank the daily limit (FLOW-6) above the amount (FLOW-5): then the action goes on to apply().
    if (code && this.refuse(reply, code === 'INVALID_AMOUNT' && faults.has('wrong-error-code') ? 'INVALID_MESSAGE' : code, message) !== 'accepted') return;
    const before = this.snapshot();
    try {
      this.apply(intent, startsUnder);
    } catch (error) {
      // ERR-8: put the state back as it was and say so.
      this.log.error({ err: error }, 'internal error while handling an action');
      this.restore(before);
      this.error(reply, 'INTERNAL_ERROR');
    }
  }

  /** Applies another terminal's action here, mirroring the screens to it (cross-terminal-leak fault only). */
  private handleFor(message: PintoAndroid1TerminalMessage, reply: Outlet): void {
    this.mirror = reply;
    try {
      this.handle(message, reply);
    } finally {
      this.mirror = undefined;
    }
  }

  /** double-charge-on-replay fault: whether a refused method is charged again. */
  private replaysCharge(): boolean {
    return this.screen !== 'PAYMENT_METHOD' && this.ctx.faults.has('double-charge-on-replay') && this.transactionId !== INITIAL && this.ctx.store.payment(this.transactionId) !== undefined;
  }

  private apply(intent: Intent, newId: string | undefined): void {
    const now = this.ctx.clock.now();
    let id = this.transactionId;
    if (id === INITIAL) {
      const assigned = newId === undefined;
      id = newId ?? this.ctx.newTransactionId();
      this.ctx.store.createTransaction(id, this.terminalId, now, this.ctx.faults.has('accepts-reused-transaction-id'));
      this.serverAssigned = assigned;
      this.log.info({ transactionId: id, assigned }, 'transaction started');
    }
    switch (intent.kind) {
      case 'other':
        this.show('KEYPAD', keypadData(this.ctx.config), id);
        return;
      case 'amount':
      case 'keypad': {
        const remaining = Math.max(0, this.ctx.config.dailyLimit - this.ctx.store.dailyTotal(this.terminalId, utcDay(now)));
        this.ctx.store.updateTransaction(id, { amount: intent.amount }, now);
        const keypadEntry = intent.kind === 'keypad' || this.screen === 'KEYPAD';
        if (overDailyLimit(intent.amount, remaining, keypadEntry, this.bends)) {
          this.ctx.store.updateTransaction(id, { state: 'limit-exceeded' }, now);
          this.log.info({ transactionId: id, amount: intent.amount, remaining }, 'daily limit exceeded');
          this.show('LIMIT_ERROR', limitErrorData(this.ctx.config, remaining), id);
          return;
        }
        this.show('PAYMENT_METHOD', paymentMethodData(this.ctx.config), id);
        return;
      }
      case 'method':
        this.startPayment(id, intent.method);
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

  /** Claims the one payment of the transaction, shows PROCESSING, asks the processor (FLOW-7, RES-4). */
  private startPayment(id: string, method: string): void {
    const now = this.ctx.clock.now();
    const amount = this.ctx.store.transactionAmount(id);
    if (amount == null) throw new Error(`transaction ${id} has no amount`);
    const store = this.ctx.store;
    let claimed = false;
    // The claim and the PROCESSING screen commit together, durably: after a crash, either both or neither exist.
    store.atomically(() => {
      claimed = store.beginPayment(id, this.terminalId, amount, method, now);
      if (claimed) this.show('PROCESSING', { amount, method }, id, { send: false });
    }, true);
    if (!claimed) {
      // RES-4: never a second charge.
      this.sendCurrent();
      return;
    }
    this.sendCurrent();
    this.status('AUTHORISING', 'Authorising payment');
    void this.charge(id, amount, method);
  }

  /** Sends the charge and waits for its outcome or the processor timeout (FLOW-8..10). */
  private async charge(id: string, amount: number, method: string): Promise<void> {
    this.inFlight.add(id);
    this.ctx.metrics.charges.inc();
    this.log.info({ transactionId: id, amount, method }, 'charge sent to processor');
    let timer: TimerHandle | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = this.ctx.clock.setTimeout(() => resolve('timeout'), this.ctx.config.processorTimeoutMs);
    });
    try {
      const scenario = this.outlet?.scenario ?? approve;
      // Write-ahead: the processor hears of a charge only once its claim is committed (and fsynced).
      await new Promise<void>((resolve) => this.ctx.store.afterCommit(resolve));
      if (this.closed) return;
      const decision = await Promise.race([this.ctx.processor.charge({ transactionId: id, amount, method, scenario }), timeout]);
      this.settle(id, decision === 'approved' ? 'approved' : decision === 'declined' ? 'declined' : 'timeout');
    } catch (error) {
      this.log.error({ err: error, transactionId: id }, 'processor failed');
      this.settle(id, 'error');
    } finally {
      if (timer !== undefined) this.ctx.clock.clearTimeout(timer);
      this.inFlight.delete(id);
    }
  }

  /** A payment in flight when the server died: ask the processor what became of it, never charge again (RES-2, RES-4). */
  private async recoverPayment(): Promise<void> {
    const id = this.transactionId;
    const payment = this.ctx.store.payment(id);
    if (!payment) {
      this.settleScreen(id, 'error');
      return;
    }
    if (payment.status !== 'pending') {
      this.settleScreen(id, payment.status);
      return;
    }
    this.inFlight.add(id);
    try {
      const outcome = await this.ctx.processor.outcome(id);
      this.log.info({ transactionId: id, outcome }, 'recovered payment outcome from processor');
      this.settle(id, outcome === 'approved' ? 'approved' : outcome === 'declined' ? 'declined' : outcome === 'no-answer' ? 'timeout' : 'error');
    } finally {
      this.inFlight.delete(id);
    }
  }

  /** Records the outcome and shows SUCCESS or FAILED, atomically (RES-5: also while the terminal is away). */
  private settle(id: string, status: Exclude<PaymentStatus, 'pending'>): void {
    if (this.closed) return;
    const store = this.ctx.store;
    const before = this.screen;
    store.atomically(() => {
      const pending = store.finishPayment(id, status, this.ctx.clock.now(), this.ctx.faults.has('limit-counts-failed-payments'));
      if (pending && status === 'approved' && this.ctx.faults.has('twice-the-amount-counted')) store.addToDailyTotal(this.terminalId, utcDay(this.ctx.clock.now()), store.payment(id)?.amount ?? 0);
      this.settleScreen(id, status, false);
      if (!this.outlet && this.screen === 'FAILED' && this.transactionId === id && this.ctx.faults.has('failed-lost-while-away')) {
        this.show('AMOUNT_SELECT', amountSelectData(this.ctx.config), INITIAL, { send: false });
      }
    }, true);
    this.log.info({ transactionId: id, status }, 'payment settled');
    if (this.transactionId === id && before === 'PROCESSING' && this.screen !== before) {
      this.sendCurrent();
      this.armStep();
    }
  }

  private settleScreen(id: string, status: PaymentStatus, send = true): void {
    if (this.transactionId !== id || this.screen !== 'PROCESSING') return;
    if (status === 'approved') {
      this.ctx.metrics.transactions.inc({ outcome: 'paid' });
      this.show('SUCCESS', { showReceipt: this.ctx.config.showReceipt }, id, { send });
    } else {
      this.ctx.metrics.transactions.inc({ outcome: status });
      const code = status === 'declined' ? 'CARD_DECLINED' : status === 'timeout' ? 'PAYMENT_TIMEOUT' : 'PAYMENT_ERROR';
      this.show('FAILED', screenErrorData(code), id, { send });
    }
  }

  /**
   * silent-double-charge and double-tap-charges-twice faults: a refused
   * method replay of a claimed payment counts its amount once more, with
   * nothing on the wire to show it (only the daily limit does).
   */
  private countReplayAgain(): void {
    const faults = this.ctx.faults;
    const after = this.screen === 'SUCCESS' || this.screen === 'PRINT_TICKET' || this.screen === 'COLLECT_TICKET' || this.screen === 'THANK_YOU';
    if (!(faults.has('silent-double-charge') && after) && !(faults.has('double-tap-charges-twice') && this.screen === 'PROCESSING')) return;
    const payment = this.ctx.store.payment(this.transactionId);
    if (payment) this.ctx.store.addToDailyTotal(this.terminalId, utcDay(this.ctx.clock.now()), payment.amount);
  }

  /** finished-id-charged-again fault: the finished transaction goes through PROCESSING and SUCCESS again, and is counted again. */
  private chargeFinishedAgain(id: string, method: string): void {
    const amount = this.ctx.store.payment(id)?.amount ?? 0;
    this.ctx.store.addToDailyTotal(this.terminalId, utcDay(this.ctx.clock.now()), amount);
    this.show('PROCESSING', { amount, method }, id);
    this.ctx.clock.setTimeout(() => this.settle(id, 'approved'), this.ctx.config.processingMs);
  }

  /** resumption-new-id fault: an open transaction before its payment (or its result) resumes under a new id. */
  private resumeUnderNewId(): void {
    if (!this.ctx.faults.has('resumption-new-id') || this.transactionId === INITIAL || !idleScreens.has(this.screen)) return;
    const now = this.ctx.clock.now();
    const old = this.ctx.store.transaction(this.transactionId);
    const id = this.ctx.newTransactionId();
    this.ctx.store.createTransaction(id, this.terminalId, now);
    this.ctx.store.updateTransaction(id, { amount: old?.amount ?? null }, now);
    this.transactionId = id;
    this.persist();
  }

  /** double-charge-on-replay fault: the replayed method is charged again. */
  private replayPayment(reply: Outlet, intent: Intent): void {
    if (intent.kind !== 'method') return this.error(reply, 'UNEXPECTED_ACTION');
    const id = this.transactionId;
    const amount = this.ctx.store.transaction(id)?.amount ?? 0;
    this.show('PROCESSING', { amount, method: intent.method }, id);
    void this.charge(id, amount, intent.method);
  }

  /** The next server-driven step, after its delay, while the terminal is connected (FLOW-11, FLOW-19, FLOW-20, RES-6). */
  private armStep(): void {
    this.clearStep();
    if ((!this.outlet && !this.ctx.variants.stepWhileAway(this.screen)) || this.outOfService || !drivenScreens.has(this.screen)) return;
    const config = this.ctx.config;
    const delay = this.screen === 'DEVICE_ERROR' ? config.deviceErrorMs : config.stepDelayMs;
    const screen = this.screen;
    const id = this.transactionId;
    const armed = ++this.stepsArmed;
    const run = (): void => {
      if (armed !== this.stepsArmed) return;
      this.stepTimer = undefined;
      if (this.closed || this.screen !== screen || this.transactionId !== id) return;
      void this.step().catch((error: unknown) => this.log.error({ err: error }, 'server-driven step failed'));
    };
    if (delay > 0) {
      this.stepTimer = this.ctx.clock.setTimeout(run, delay);
      return;
    }
    // No delay: the step runs in this turn (as a microtask, after what armed it), so its commit and frames join this turn's.
    this.stepTimer = STEP_NOW;
    queueMicrotask(run);
  }

  private async step(): Promise<void> {
    const id = this.transactionId;
    const now = this.ctx.clock.now();
    switch (this.screen) {
      case 'SUCCESS':
        if (this.ctx.config.showReceipt) {
          this.show('PRINT_TICKET', {}, id);
          this.status('PRINTING', 'Printing your ticket');
        } else {
          this.ctx.store.updateTransaction(id, { state: 'completed' }, now);
          this.show('THANK_YOU', {}, id);
        }
        return;
      case 'PRINT_TICKET': {
        const scenario = this.outlet?.scenario ?? approve;
        const result = this.ctx.store.transactionTicket(id) ? 'printed' : await this.ctx.printer.print(id, scenario);
        if (this.closed || this.screen !== 'PRINT_TICKET' || this.transactionId !== id) return;
        if (result === 'fault' && !this.ctx.faults.has('ignores-printer-fault')) {
          this.ctx.store.updateTransaction(id, { state: 'paid-ticket-not-printed', ticket: 'not-printed' }, this.ctx.clock.now());
          this.log.warn({ transactionId: id }, 'printer fault: paid, ticket not printed');
          this.show('DEVICE_ERROR', screenErrorData('PRINTER_ERROR'), id);
          return;
        }
        this.ctx.store.updateTransaction(id, { ticket: 'printed' }, this.ctx.clock.now());
        if (this.ctx.faults.has('skip-collect-ticket')) {
          this.ctx.store.updateTransaction(id, { state: 'completed' }, this.ctx.clock.now());
          this.show('THANK_YOU', {}, id);
        } else this.show('COLLECT_TICKET', {}, id);
        return;
      }
      case 'COLLECT_TICKET':
        this.ctx.store.updateTransaction(id, { state: 'completed' }, now);
        this.show('THANK_YOU', {}, id);
        return;
      case 'THANK_YOU':
      case 'DEVICE_ERROR':
        this.toInitial();
        return;
      default:
        return;
    }
  }

  /** FLOW-15: the idle timeout of KEYPAD, PAYMENT_METHOD, FAILED and LIMIT_ERROR; it runs while the terminal is away (RES-7). */
  private armIdleTimer(): void {
    if (this.idleTimer) this.ctx.clock.clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    if (this.idleDeadline === null || this.ctx.faults.has('no-idle-timeout')) return;
    const deadline = this.idleDeadline;
    this.idleTimer = this.ctx.clock.setTimeout(() => {
      this.idleTimer = undefined;
      if (this.closed || this.idleDeadline !== deadline) return;
      this.expire();
    }, Math.max(0, deadline - this.ctx.clock.now()));
  }

  private expire(): void {
    const id = this.transactionId;
    this.log.info({ transactionId: id, screen: this.screen }, 'idle timeout: transaction abandoned');
    if (this.screen === 'KEYPAD' || this.screen === 'PAYMENT_METHOD') this.endTransaction('abandoned');
    if (this.outlet && !this.outOfService && !this.ctx.faults.has('timeout-without-error')) this.error(this.outlet, 'TIMEOUT');
    this.ctx.metrics.transactions.inc({ outcome: 'timeout' });
    this.toInitial();
  }

  private toInitial(): void {
    this.show('AMOUNT_SELECT', amountSelectData(this.ctx.config), INITIAL);
  }

  private endTransaction(state: 'cancelled' | 'abandoned' | 'limit-exceeded'): void {
    if (this.transactionId === INITIAL) return;
    const row = this.ctx.store.transaction(this.transactionId);
    // A transaction that reached the processor keeps its money state.
    if (row && (row.state === 'open' || row.state === 'limit-exceeded')) {
      this.ctx.store.updateTransaction(this.transactionId, { state }, this.ctx.clock.now());
      if (state !== 'limit-exceeded') this.ctx.metrics.transactions.inc({ outcome: state });
    }
    this.log.info({ transactionId: this.transactionId, state }, 'transaction ended');
  }

  /** Moves to a screen: store first, then the wire, then the timers. */
  private show(screen: Screen, data: Record<string, unknown>, transactionId: string, options: { send?: boolean } = {}): void {
    const changed = screen !== this.screen || transactionId !== this.transactionId;
    this.screen = screen;
    this.data = data;
    this.transactionId = transactionId;
    if (transactionId === INITIAL) this.serverAssigned = false;
    if (changed) this.idleDeadline = idleScreens.has(screen) ? this.ctx.clock.now() + this.ctx.config.idleTimeoutMs : null;
    this.persist();
    this.armIdleTimer();
    if (options.send === false) return;
    this.sendCurrent();
    this.armStep();
  }

  private persist(): void {
    const row: TerminalRow = { terminalId: this.terminalId, screen: this.screen, data: this.data, transactionId: this.transactionId, idleDeadline: this.idleDeadline };
    this.ctx.store.saveTerminal(row, this.ctx.clock.now());
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
    this.armIdleTimer();
  }

  private sendCurrent(): void {
    if (this.outlet) this.sendCurrentTo(this.outlet);
    if (this.mirror && this.mirror !== this.outlet) this.sendCurrentTo(this.mirror);
  }

  private sendCurrentTo(outlet: Outlet): void {
    if (outlet === this.outlet && this.outOfService) {
      outlet.send({ messageType: 'SCREEN_CHANGE', screen: 'DEVICE_ERROR', data: screenErrorData('OUT_OF_SERVICE'), transactionId: INITIAL });
      return;
    }
    outlet.send({ messageType: 'SCREEN_CHANGE', screen: this.screen, data: this.data, transactionId: this.wireId() });
  }

  private status(status: string, message: string): void {
    const update: OutboundMessage = { messageType: 'STATUS_UPDATE', screen: this.screen, data: { status, message }, transactionId: this.wireId() };
    this.outlet?.send(update);
  }

  /** Answers bad input (`inbound`, as parsed) with ERROR `code`; the state does not change (ERR-3). */
  reject(outlet: Outlet, code: ProtocolErrorCode, inbound?: unknown): void {
    this.refuse(outlet, code, inbound);
  }

  /**
   * Answers a rejected terminal message: ERROR `code` as the rules chose it, unless a
   * variant answers it another legal way (variants.ts). 'accepted' only for a check a
   * variant ranks below another (the caller then goes on with the action).
   */
  private refuse(outlet: Outlet, code: ProtocolErrorCode, inbound: unknown): 'answered' | 'accepted' {
    const displayed = outlet === this.outlet && this.outOfService;
    const answer = this.ctx.variants.answerRejection({
      code,
      inbound,
      screen: displayed ? 'DEVICE_ERROR' : this.screen,
      transactionId: displayed ? INITIAL : this.wireId(),
      remaining: () => Math.max(0, this.ctx.config.dailyLimit - this.ctx.store.dailyTotal(this.terminalId, utcDay(this.ctx.clock.now()))),
    });
    if (answer.kind === 'accept') return 'accepted';
    if (answer.kind === 'screen') {
      this.sendCurrentTo(outlet);
      return 'answered';
    }
    this.error(outlet, answer.code, answer.transactionId);
    if (answer.thenScreen) this.sendCurrentTo(outlet);
    return 'answered';
  }

  /** ERROR with the active transaction id (TXN-6) and the current screen (ENV-4). */
  private error(outlet: Outlet, code: ProtocolErrorCode, transactionId?: string): void {
    const screen = this.ctx.faults.has('error-wrong-screen') ? 'AMOUNT_SELECT' : outlet === this.outlet && this.outOfService ? 'DEVICE_ERROR' : this.screen;
    transactionId ??= outlet === this.outlet && this.outOfService ? INITIAL : this.wireId();
    outlet.send({ messageType: 'ERROR', screen, data: { errorMessage: protocolErrorMessage(code), errorCode: code }, transactionId });
  }

  private wireId(): string {
    return this.ctx.faults.has('keeps-initial-id') && this.serverAssigned ? INITIAL : this.transactionId;
  }

  private get outOfService(): boolean {
    return (this.outlet?.scenario ?? approve).name === 'out-of-service';
  }

  private clearStep(): void {
    if (this.stepTimer !== undefined && this.stepTimer !== STEP_NOW) this.ctx.clock.clearTimeout(this.stepTimer);
    this.stepTimer = undefined;
    // A step already queued as a microtask sees the count moved on and does nothing.
    this.stepsArmed++;
  }
}

/** The scenario type, re-exported for the connection layer. */
export type { Scenario };
