import type { Logger } from 'pino';
import type { ProtocolErrorCode } from '../protocol/error-catalogue.js';
import type { Screen } from '../protocol/screen-graph.js';
import type { PintoAndroid1TerminalMessage } from '../protocol/types/generated.js';
import { INITIAL, invalidFrameAnswers, judgeAction, type ActionAnswers, type TerminalView } from './action-rules.js';
import type { TimerHandle } from './clock.js';
import { IdleTimer } from './idle-timer.js';
import { intentOf, namedIn, type Intent } from './intent.js';
import type { Outlet } from './outbound.js';
import { PaymentFlow } from './payment-flow.js';
import { amountSelectData, keypadData, limitErrorData, paymentMethodData } from './screens.js';
import { ServerSteps } from './server-steps.js';
import type { EndState, SessionContext } from './session-context.js';
import { SessionOutput } from './session-output.js';
import { utcDay, type TerminalRow } from './store.js';

export type { SessionContext } from './session-context.js';

/**
 * One terminal's state machine (docs/protocol.md sections 6-10): what it
 * shows, its active transaction, and how a terminal's action moves it. The
 * rest lives beside it, each part told only what it needs of the session:
 * the action rules (action-rules.ts), the payment (payment-flow.ts), the
 * server-driven steps (server-steps.ts), the idle timeout (idle-timer.ts) and
 * the wire output (session-output.ts). Every change is written to the store
 * before it is sent, so a crash never shows the terminal a screen the store
 * does not know.
 *
 * The state fields are public for those parts to read; only this class changes them.
 */
export class TerminalSession {
  screen: Screen = 'AMOUNT_SELECT';
  data: Record<string, unknown>;
  transactionId = INITIAL;
  /** Whether the active id was assigned by the server (TXN-5) rather than named by the terminal. */
  serverAssigned = false;
  /** The terminal's current connection; undefined while it is away. */
  outlet: Outlet | undefined;
  /** Whether the session was stopped (server shutdown, eviction). */
  closed = false;
  /** The terminal's logger, held only while a connection is attached (see `log`). */
  private logger: Logger | undefined;
  readonly output = new SessionOutput(this);
  readonly payment = new PaymentFlow(this);
  readonly steps = new ServerSteps(this);
  readonly idle = new IdleTimer(this);
  /** When the terminal's last connection went away (clock ms); undefined while one is attached. */
  private detachedAt: number | undefined;

  /** `row`: the terminal's stored state, if it was ever seen (RES-3); AMOUNT_SELECT otherwise. */
  constructor(
    readonly ctx: SessionContext,
    readonly terminalId: string,
    row: TerminalRow | undefined = ctx.store.terminal(terminalId),
  ) {
    this.detachedAt = ctx.clock.now();
    this.data = amountSelectData(ctx.config);
    if (row) {
      this.screen = row.screen;
      this.data = row.data;
      this.transactionId = row.transactionId;
      if (row.screen === 'AMOUNT_SELECT' && row.transactionId === INITIAL) this.data = amountSelectData(ctx.config);
    }
    this.idle.resume(row?.idleDeadline ?? null);
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

  /** When the idle timeout of the screen shown ends (clock ms); null on screens without one (FLOW-15). */
  get idleDeadline(): number | null {
    return this.idle.deadline;
  }

  /** Whether a connection of the terminal is attached. */
  get connected(): boolean {
    return this.outlet !== undefined;
  }

  /**
   * A connection for this terminal opened (after authentication): send the
   * screen it should show within 1 s (FLOW-1, RES-3, RES-5) and resume the
   * server-driven steps (RES-6).
   */
  attach(outlet: Outlet): void {
    this.outlet = outlet;
    this.detachedAt = undefined;
    this.greet(outlet);
    this.payment.resume();
  }

  /** The first screen of a connection (FLOW-1): the current one, and the steps from it go on (RES-6). */
  greet(outlet: Outlet): void {
    if (this.outlet !== outlet) return;
    this.output.sendCurrent();
    this.steps.arm();
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
    if (!this.steps.runsWhileAway(this.screen)) this.steps.clear();
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
      this.payment.quiet
    );
  }

  /** Stops every timer (server shutdown). */
  close(): void {
    this.closed = true;
    this.steps.clear();
    this.idle.stop();
  }

  /** Answers a message with ERROR `code` and nothing else (ERR-7's RATE_LIMITED); the state does not change (ERR-3). */
  refuse(reply: Outlet, code: ProtocolErrorCode): void {
    this.output.refuse(reply, [{ kind: 'error', code }], undefined);
  }

  /** Answers a frame that fails the schema (ERR-2): `codes` are its problems', `parsed` the frame as parsed (undefined: not JSON). */
  refuseFrame(reply: Outlet, codes: readonly ProtocolErrorCode[], parsed: unknown): void {
    const named = namedIn(parsed);
    this.output.refuse(reply, invalidFrameAnswers(this.ctx.rules, codes, named, this.screen, this.transactionId), named.transactionId);
  }

  /** What the rules see of the terminal. */
  view(): TerminalView {
    const store = this.ctx.store;
    return {
      shown: { screen: this.screen, data: this.data },
      active: this.transactionId,
      announced: this.output.announcedId(),
      used: (used) => store.hasTransaction(used),
      remaining: () => this.remainingToday(),
    };
  }

  /** The rules' verdict on a schema-valid action other than RESET. */
  judge(message: PintoAndroid1TerminalMessage, intent: Intent = intentOf(message)): ActionAnswers {
    return judgeAction(this.ctx.rules, this.view(), message, intent);
  }

  /**
   * Handles one schema-valid USER_ACTION. `reply` gets the answers to refused
   * actions; screens go to the terminal's connection. The rules list the legal
   * answers (action-rules.ts), the server's choices pick one; bad input changes
   * nothing (ERR-3).
   */
  handle(message: PintoAndroid1TerminalMessage, reply: Outlet): void {
    const intent = intentOf(message);
    // RESET asks for the current screen; on LIMIT_ERROR it leaves it, with any id (DIA-4, DIA-5).
    if (intent.kind === 'reset') {
      if (this.screen === 'LIMIT_ERROR') this.toInitial();
      else this.output.sendCurrentTo(reply);
      return;
    }
    const { answers, startsUnder } = this.judge(message, intent);
    const chosen = this.ctx.choices.answer(answers);
    if (chosen.kind === 'error' || chosen.kind === 'screen') {
      this.output.answer(reply, chosen, message.transactionId);
      return;
    }
    const before = this.snapshot();
    try {
      this.apply(intent, startsUnder, chosen.kind === 'limit');
    } catch (error) {
      // ERR-8: put the state back as it was and say so.
      this.log.error({ err: error }, 'internal error while handling an action');
      this.restore(before);
      this.output.error(reply, 'INTERNAL_ERROR');
    }
  }

  /**
   * An allowed action moves the terminal (FLOW-2..7, FLOW-13, FLOW-14): a first
   * action starts the transaction, under the terminal's id (`startsUnder`) or one
   * the server assigns (TXN-2, TXN-5); an amount above the daily limit leads to
   * LIMIT_ERROR (`overLimit`, FLOW-6).
   */
  private apply(intent: Intent, startsUnder: string | undefined, overLimit: boolean): void {
    const { store, clock, config } = this.ctx;
    const now = clock.now();
    let id = this.transactionId;
    if (id === INITIAL) {
      const assigned = startsUnder === undefined;
      id = startsUnder ?? this.ctx.newTransactionId();
      store.createTransaction(id, this.terminalId, now);
      this.serverAssigned = assigned;
      this.log.info({ transactionId: id, assigned }, 'transaction started');
    }
    switch (intent.kind) {
      case 'other':
        this.show('KEYPAD', keypadData(config), id);
        return;
      case 'amount':
      case 'keypad': {
        store.updateTransaction(id, { amount: intent.amount }, now);
        if (overLimit) {
          const remaining = this.remainingToday();
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

  /** Back to AMOUNT_SELECT with no transaction (FLOW-14, FLOW-15, FLOW-20). */
  toInitial(): void {
    this.show('AMOUNT_SELECT', amountSelectData(this.ctx.config), INITIAL);
  }

  /** Tells the terminal, if it is connected, that its transaction timed out (FLOW-15). */
  timedOut(): void {
    if (this.outlet) this.output.error(this.outlet, 'TIMEOUT');
  }

  /** Records how the active transaction ended, unless it reached the processor (its money state stays). */
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

  /** What is left of the terminal's daily limit today (UTC), never below 0 (FLOW-6). */
  remainingToday(): number {
    const { config, store, clock } = this.ctx;
    return Math.max(0, config.dailyLimit - store.dailyTotal(this.terminalId, utcDay(clock.now())));
  }

  /** Moves to a screen: store first, then the wire (unless `send` is false), then the timers. */
  show(screen: Screen, data: Record<string, unknown>, transactionId: string, options: { send?: boolean } = {}): void {
    const changed = screen !== this.screen || transactionId !== this.transactionId;
    this.screen = screen;
    this.data = data;
    this.transactionId = transactionId;
    if (transactionId === INITIAL) this.serverAssigned = false;
    this.idle.shown(screen, changed);
    this.persist();
    this.idle.arm();
    if (options.send === false) return;
    this.output.sendCurrent();
    this.steps.arm();
  }

  /** The terminal's state as the store keeps it. */
  snapshot(): TerminalRow {
    return { terminalId: this.terminalId, screen: this.screen, data: this.data, transactionId: this.transactionId, idleDeadline: this.idle.deadline };
  }

  /** Puts the state back to `row` (ERR-8), stored, nothing sent; its idle deadline runs on. */
  restore(row: TerminalRow): void {
    this.screen = row.screen;
    this.data = row.data;
    this.transactionId = row.transactionId;
    this.idle.resume(row.idleDeadline);
    try {
      this.persist();
    } catch (error) {
      this.log.error({ err: error }, 'could not restore the stored screen');
    }
    this.idle.arm();
  }

  private persist(): void {
    this.ctx.store.saveTerminal(this.snapshot(), this.ctx.clock.now());
  }
}
