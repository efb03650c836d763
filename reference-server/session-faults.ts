import type { ProtocolErrorCode } from '../protocol/error-catalogue.js';
import type { Screen } from '../protocol/screen-graph.js';
import { INITIAL, type RuleBends } from './action-rules.js';
import type { TimerHandle } from './clock.js';
import type { PrintResult } from './devices/ticket-printer.js';
import type { FaultSet } from './faults.js';
import type { Intent } from './intent.js';
import { amountSelectData, idleScreens } from './screens.js';
import type { SessionContext, SessionHost } from './session-host.js';
import { utcDay, type PaymentStatus, type TerminalRow } from './store.js';
import type { TerminalSession } from './terminal-session.js';

/**
 * The deliberate faults of faults.ts as hooks at the edges of a terminal
 * session, so the rules, the payment flow and the steps read as the protocol
 * says and a fault is one hook here, not a branch there. Each hook either
 * maps a value (the identity in a correct server) or may take over one step
 * (returning false, having done nothing, in a correct server). Built once per
 * server from its FaultSet (`sessionFaultHooks`).
 */
export interface SessionFaultHooks {
  /** Bends of the action rules (action-rules.ts): cancel-not-supported, accepts-unoffered-amount, no-keypad-bounds, accepts-reused-transaction-id, no-limit-check, keypad-skips-limit. */
  readonly bends: RuleBends;
  /** limit-counts-failed-payments: a failed payment counts against the daily limit too (Store.finishPayment's countAnyway). */
  readonly countsFailedPayments: boolean;
  /** orphan-handed-over: the stored row a terminal seen for the first time starts from (none: AMOUNT_SELECT). */
  newTerminalRow(ctx: SessionContext): TerminalRow | undefined;
  /** resumption-new-id, no-resumption, no-resumption-before-payment: what a reconnect does to the transaction before the terminal is resumed (RES-3). */
  reconnected(session: SessionHost): void;
  /** slow-initial-screen, no-initial-screen: sends the first screen of a connection, now or later (FLOW-1); the timer of a later send. */
  firstScreen(session: SessionHost, send: () => void): TimerHandle | undefined;
  /** cross-terminal-leak: another terminal's session that acts on an action naming its transaction (AUTH-5). */
  actingSession(session: TerminalSession, transactionId: string): TerminalSession | undefined;
  /** finished-id-charged-again: takes over a first action naming a finished, paid transaction of the terminal (TXN-4). */
  firstActionTakenOver(session: SessionHost, transactionId: string, intent: Intent): boolean;
  /** double-charge-on-replay (takes over), silent-double-charge, double-tap-charges-twice: a payment method refused UNEXPECTED_ACTION (RES-4). */
  methodRefused(session: SessionHost, method: string): boolean;
  /** wrong-error-code: the ERROR code a refusal is answered with (ERR-10, FLOW-5). */
  answerCode(code: ProtocolErrorCode): ProtocolErrorCode;
  /** twice-the-amount-counted: after a payment's outcome is recorded (`wasPending`: it was settled just now) (FLOW-6). */
  paymentFinished(session: SessionHost, transactionId: string, status: Exclude<PaymentStatus, 'pending'>, wasPending: boolean): void;
  /** failed-lost-while-away: after the result screen of a payment is stored (RES-5). */
  settledWhileAway(session: SessionHost, transactionId: string): void;
  /** ignores-printer-fault: what the printer's result is taken to be (FLOW-12). */
  printResult(result: PrintResult): PrintResult;
  /** skip-collect-ticket: takes over the step after the ticket is printed (FLOW-11). */
  ticketPrinted(session: SessionHost, transactionId: string): boolean;
  /** no-idle-timeout: the deadline the idle timer runs to (null: none) (FLOW-15). */
  idleDeadline(deadline: number | null): number | null;
  /** timeout-without-error: sends the ERROR TIMEOUT of an idle timeout (FLOW-15). */
  timeoutError(send: () => void): void;
  /** error-wrong-screen: the screen an ERROR names (ENV-4). */
  errorScreen(screen: Screen): Screen;
  /** keeps-initial-id: the transaction id the terminal is told (TXN-1, TXN-5). */
  announcedId(session: Pick<SessionHost, 'transactionId' | 'serverAssigned'>): string;
}

/** The hooks of a correct server: every one the identity or a no-op. */
export const correctSession: SessionFaultHooks = {
  bends: {},
  countsFailedPayments: false,
  newTerminalRow: () => undefined,
  reconnected: () => undefined,
  firstScreen: (_session, send) => {
    send();
    return undefined;
  },
  actingSession: () => undefined,
  firstActionTakenOver: () => false,
  methodRefused: () => false,
  answerCode: (code) => code,
  paymentFinished: () => undefined,
  settledWhileAway: () => undefined,
  printResult: (result) => result,
  ticketPrinted: () => false,
  idleDeadline: (deadline) => deadline,
  timeoutError: (send) => send(),
  errorScreen: (screen) => screen,
  announcedId: (session) => session.transactionId,
};

/** Screens after a payment's result, where a method replay of it is refused (silent-double-charge). */
const afterResult: ReadonlySet<Screen> = new Set<Screen>(['SUCCESS', 'PRINT_TICKET', 'COLLECT_TICKET', 'THANK_YOU']);

/** The session hooks of the faults switched on; `correctSession` when none of them touches the session. */
export function sessionFaultHooks(faults: FaultSet): SessionFaultHooks {
  const on = faults.has.bind(faults);
  const hooks: SessionFaultHooks = {
    ...correctSession,
    bends: {
      cancelNotSupported: on('cancel-not-supported'),
      acceptsUnofferedAmount: on('accepts-unoffered-amount'),
      noKeypadBounds: on('no-keypad-bounds'),
      acceptsReusedTransactionId: on('accepts-reused-transaction-id'),
      noLimitCheck: on('no-limit-check'),
      keypadSkipsLimit: on('keypad-skips-limit'),
    },
    countsFailedPayments: on('limit-counts-failed-payments'),
  };
  if (on('orphan-handed-over')) hooks.newTerminalRow = (ctx) => ctx.orphanedTerminal();
  if (on('resumption-new-id') || on('no-resumption') || on('no-resumption-before-payment')) {
    hooks.reconnected = (session) => {
      if (on('resumption-new-id')) resumeUnderNewId(session);
      const unpaid = session.screen === 'KEYPAD' || session.screen === 'PAYMENT_METHOD';
      if ((on('no-resumption') || (unpaid && on('no-resumption-before-payment'))) && session.transactionId !== INITIAL) {
        session.endTransaction('abandoned');
        session.show('AMOUNT_SELECT', amountSelectData(session.ctx.config), INITIAL, { send: false });
      }
    };
  }
  if (on('slow-initial-screen')) hooks.firstScreen = (session, send) => session.ctx.clock.setTimeout(send, 1500);
  if (on('no-initial-screen')) hooks.firstScreen = () => undefined;
  if (on('cross-terminal-leak')) {
    hooks.actingSession = (session, id) => {
      if (id === INITIAL || id === session.activeTransactionId) return undefined;
      const other = session.ctx.sessionWithTransaction(id);
      return other && other !== session ? other : undefined;
    };
  }
  if (on('finished-id-charged-again')) hooks.firstActionTakenOver = chargeFinishedAgain;
  if (on('double-charge-on-replay') || on('silent-double-charge') || on('double-tap-charges-twice')) {
    hooks.methodRefused = (session, method) => {
      if (on('double-charge-on-replay') && replayCharged(session, method)) return true;
      const countAgain = (on('silent-double-charge') && afterResult.has(session.screen)) || (on('double-tap-charges-twice') && session.screen === 'PROCESSING');
      if (countAgain) countPaymentAgain(session);
      return false;
    };
  }
  if (on('wrong-error-code')) hooks.answerCode = (code) => (code === 'INVALID_AMOUNT' ? 'INVALID_MESSAGE' : code);
  if (on('twice-the-amount-counted')) {
    hooks.paymentFinished = (session, id, status, wasPending) => {
      const { store, clock } = session.ctx;
      if (wasPending && status === 'approved') store.addToDailyTotal(session.terminalId, utcDay(clock.now()), store.payment(id)?.amount ?? 0);
    };
  }
  if (on('failed-lost-while-away')) {
    hooks.settledWhileAway = (session, id) => {
      if (!session.outlet && session.screen === 'FAILED' && session.transactionId === id) {
        session.show('AMOUNT_SELECT', amountSelectData(session.ctx.config), INITIAL, { send: false });
      }
    };
  }
  if (on('ignores-printer-fault')) hooks.printResult = () => 'printed';
  if (on('skip-collect-ticket')) {
    hooks.ticketPrinted = (session, id) => {
      session.ctx.store.updateTransaction(id, { state: 'completed' }, session.ctx.clock.now());
      session.show('THANK_YOU', {}, id);
      return true;
    };
  }
  if (on('no-idle-timeout')) hooks.idleDeadline = () => null;
  if (on('timeout-without-error')) hooks.timeoutError = () => undefined;
  if (on('error-wrong-screen')) hooks.errorScreen = () => 'AMOUNT_SELECT';
  if (on('keeps-initial-id')) hooks.announcedId = (session) => (session.serverAssigned ? INITIAL : session.transactionId);
  return hooks;
}

/** resumption-new-id: an open transaction before its payment (or its result) resumes under a new id. */
function resumeUnderNewId(session: SessionHost): void {
  if (session.transactionId === INITIAL || !idleScreens.has(session.screen)) return;
  const { store, clock } = session.ctx;
  const now = clock.now();
  const old = store.transaction(session.transactionId);
  const id = session.ctx.newTransactionId();
  store.createTransaction(id, session.terminalId, now);
  store.updateTransaction(id, { amount: old?.amount ?? null }, now);
  session.renameTransaction(id);
}

/** finished-id-charged-again: the finished transaction goes through PROCESSING and SUCCESS again, and is counted again. */
function chargeFinishedAgain(session: SessionHost, id: string, intent: Intent): boolean {
  if (session.transactionId !== INITIAL || id === INITIAL || intent.kind !== 'method') return false;
  const { store, clock, config } = session.ctx;
  const known = store.transaction(id);
  if (!known?.charged || known.terminalId !== session.terminalId) return false;
  const amount = store.payment(id)?.amount ?? 0;
  store.addToDailyTotal(session.terminalId, utcDay(clock.now()), amount);
  session.show('PROCESSING', { amount, method: intent.method }, id);
  clock.setTimeout(() => session.payment.settle(id, 'approved'), config.processingMs);
  return true;
}

/** double-charge-on-replay: a method replayed after the payment started is charged again; false where there is no payment to replay. */
function replayCharged(session: SessionHost, method: string): boolean {
  const { store } = session.ctx;
  const id = session.transactionId;
  if (session.screen === 'PAYMENT_METHOD' || id === INITIAL || !store.payment(id)) return false;
  const amount = store.transaction(id)?.amount ?? 0;
  session.show('PROCESSING', { amount, method }, id);
  void session.payment.charge(id, amount, method);
  return true;
}

/** silent-double-charge, double-tap-charges-twice: a refused replay counts its payment's amount once more, with nothing on the wire. */
function countPaymentAgain(session: SessionHost): void {
  const { store, clock } = session.ctx;
  const payment = store.payment(session.transactionId);
  if (payment) store.addToDailyTotal(session.terminalId, utcDay(clock.now()), payment.amount);
}
