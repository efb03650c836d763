import type { Screen } from '../protocol/screen-graph.js';
import type { TimerHandle } from './clock.js';
import { approve } from './scenario.js';
import { drivenScreens, screenErrorData } from './screens.js';
import type { SessionState } from './session-context.js';

/** What the steps read of their terminal session, and how they move it. */
export interface StepsSession extends SessionState {
  toInitial(): void;
}

/**
 * The steps that may go on while the terminal is away: all but the one that
 * ends the transaction, since "A result reached while the terminal was away
 * is delivered on reconnect" (clarifications.md); RES-6 pauses them all.
 */
const mayGoOnWhileAway: ReadonlySet<Screen> = new Set<Screen>(['SUCCESS', 'PRINT_TICKET', 'COLLECT_TICKET']);

/** The timer of a step queued to run in this turn (step delay 0). */
const STEP_NOW: unique symbol = Symbol('step now');

/**
 * The steps the server takes by itself, after a short configurable delay,
 * on the session's clock (FLOW-11, FLOW-12, FLOW-19, FLOW-20): SUCCESS ->
 * PRINT_TICKET (or THANK_YOU without a receipt) -> COLLECT_TICKET ->
 * THANK_YOU -> AMOUNT_SELECT, and DEVICE_ERROR -> AMOUNT_SELECT. They pause
 * while the terminal is away (RES-6), or go on as far as they may, as the
 * server chooses (answers.ts).
 */
export class ServerSteps {
  private timer: TimerHandle | typeof STEP_NOW | undefined;
  /** Counts armed steps, so a step armed before the last arm or clear does nothing. */
  private armed = 0;

  constructor(private readonly session: StepsSession) {}

  /** Whether a step is waiting to run. */
  get pending(): boolean {
    return this.timer !== undefined;
  }

  /** Whether the step from `screen` runs while the terminal is away. */
  runsWhileAway(screen: Screen): boolean {
    return this.session.ctx.choices.stepsWhileAway && mayGoOnWhileAway.has(screen);
  }

  /** Arms the next step of the screen shown, after its delay, while the terminal is connected (FLOW-11, FLOW-19, FLOW-20, RES-6). */
  arm(): void {
    this.clear();
    const s = this.session;
    const { config, clock } = s.ctx;
    if ((!s.outlet && !this.runsWhileAway(s.screen)) || !drivenScreens.has(s.screen)) return;
    const delay = s.screen === 'DEVICE_ERROR' ? config.deviceErrorMs : config.stepDelayMs;
    const screen = s.screen;
    const id = s.transactionId;
    const armed = ++this.armed;
    const run = (): void => {
      if (armed !== this.armed) return;
      this.timer = undefined;
      if (s.closed || s.screen !== screen || s.transactionId !== id) return;
      void this.step().catch((error: unknown) => s.log.error({ err: error }, 'server-driven step failed'));
    };
    if (delay > 0) {
      this.timer = clock.setTimeout(run, delay);
      return;
    }
    // No delay: the step runs in this turn (as a microtask, after what armed it), so its commit and frames join this turn's.
    this.timer = STEP_NOW;
    queueMicrotask(run);
  }

  /** Cancels the armed step, if any. */
  clear(): void {
    if (this.timer !== undefined && this.timer !== STEP_NOW) this.session.ctx.clock.clearTimeout(this.timer);
    this.timer = undefined;
    // A step already queued as a microtask sees the count moved on and does nothing.
    this.armed++;
  }

  private async step(): Promise<void> {
    const s = this.session;
    const { store, clock, config, printer } = s.ctx;
    const id = s.transactionId;
    const now = clock.now();
    switch (s.screen) {
      case 'SUCCESS':
        // FLOW-19: a receipt is printed when SUCCESS said so.
        if (config.showReceipt) {
          s.show('PRINT_TICKET', {}, id);
          s.output.status('PRINTING', 'Printing your ticket');
        } else {
          store.updateTransaction(id, { state: 'completed' }, now);
          s.show('THANK_YOU', {}, id);
        }
        return;
      case 'PRINT_TICKET': {
        // FLOW-11, FLOW-12: the ticket is printed once; a printer fault means paid, no ticket, DEVICE_ERROR.
        const scenario = s.outlet?.scenario ?? approve;
        const result = store.transactionTicket(id) ? 'printed' : await printer.print(id, scenario);
        if (s.closed || s.screen !== 'PRINT_TICKET' || s.transactionId !== id) return;
        if (result === 'fault') {
          store.updateTransaction(id, { state: 'paid-ticket-not-printed', ticket: 'not-printed' }, clock.now());
          s.log.warn({ transactionId: id }, 'printer fault: paid, ticket not printed');
          s.show('DEVICE_ERROR', screenErrorData('PRINTER_ERROR'), id);
          return;
        }
        store.updateTransaction(id, { ticket: 'printed' }, clock.now());
        s.show('COLLECT_TICKET', {}, id);
        return;
      }
      case 'COLLECT_TICKET':
        store.updateTransaction(id, { state: 'completed' }, now);
        s.show('THANK_YOU', {}, id);
        return;
      case 'THANK_YOU':
      case 'DEVICE_ERROR':
        s.toInitial();
        return;
      default:
        return;
    }
  }
}
