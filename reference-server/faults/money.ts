import type { Screen } from '../../protocol/screen-graph.js';
import { INITIAL } from '../action-rules.js';
import type { FaultName } from '../faults.js';
import { intentOf, type Intent } from '../intent.js';
import { utcDay, type Store } from '../store.js';
import type { TerminalSession } from '../terminal-session.js';
import { around, type FaultInstaller, type ServerParts } from './parts.js';

/** Counts `amount` once more in the daily total of the payment's terminal. */
function countAgain(store: Store, transactionId: string, now: number): void {
  const payment = store.payment(transactionId);
  if (payment) store.addToDailyTotal(payment.terminalId, utcDay(now), payment.amount);
}

/** A fault of the store's settling of a payment: after it settled one (`status`), `after` runs. */
function afterSettled(after: (store: Store, id: string, status: string, now: number) => void): FaultInstaller {
  return ({ session: { store } }) =>
    around(store, 'finishPayment', (finishPayment) => (id, status, now) => {
      const settled = finishPayment(id, status, now);
      if (settled) after(store, id, status, now);
      return settled;
    });
}

/**
 * A fault that takes a terminal's action before the session handles it:
 * `takeOver` returns true when it handled the action itself.
 */
function beforeAction(parts: ServerParts, takeOver: (session: TerminalSession, id: string, intent: Intent, refusedUnexpected: () => boolean) => boolean): void {
  parts.sessions.decorate((session) =>
    around(session, 'handle', (handle) => (message, reply) => {
      const intent = intentOf(message);
      const refusedUnexpected = (): boolean => {
        const [first] = session.judge(message, intent).answers;
        return first?.kind === 'error' && first.code === 'UNEXPECTED_ACTION';
      };
      if (intent.kind !== 'reset' && takeOver(session, message.transactionId, intent, refusedUnexpected)) return;
      handle(message, reply);
    }),
  );
}

/** Screens after a payment's result, where a method replay of it is refused. */
const afterResult: ReadonlySet<Screen> = new Set<Screen>(['SUCCESS', 'PRINT_TICKET', 'COLLECT_TICKET', 'THANK_YOU']);

/** Faults of the money: what is counted against the daily limit, and what is charged. */
export const moneyFaults = {
  'limit-counts-failed-payments': afterSettled((store, id, status, now) => {
    if (status !== 'approved') countAgain(store, id, now);
  }),
  'twice-the-amount-counted': afterSettled((store, id, status, now) => {
    if (status === 'approved') countAgain(store, id, now);
  }),
  'global-daily-total': ({ session: { store } }) => {
    // One key for every terminal's totals.
    around(store, 'dailyTotal', (dailyTotal) => (_terminalId, day) => dailyTotal('all-terminals', day));
    around(store, 'setDailyTotal', (setDailyTotal) => (_terminalId, day, total) => setDailyTotal('all-terminals', day, total));
    around(store, 'addToDailyTotal', (addToDailyTotal) => (_terminalId, day, amount) => addToDailyTotal('all-terminals', day, amount));
  },
  'silent-double-charge': (parts) =>
    beforeAction(parts, (session, _id, intent, refusedUnexpected) => {
      if (intent.kind === 'method' && afterResult.has(session.screen) && refusedUnexpected()) countAgain(session.ctx.store, session.transactionId, session.ctx.clock.now());
      return false;
    }),
  'double-tap-charges-twice': (parts) =>
    beforeAction(parts, (session, _id, intent, refusedUnexpected) => {
      if (intent.kind === 'method' && session.screen === 'PROCESSING' && refusedUnexpected()) countAgain(session.ctx.store, session.transactionId, session.ctx.clock.now());
      return false;
    }),
  'double-charge-on-replay': (parts) =>
    beforeAction(parts, (session, _id, intent, refusedUnexpected) => {
      const { store } = session.ctx;
      const id = session.transactionId;
      if (intent.kind !== 'method' || session.screen === 'PAYMENT_METHOD' || id === INITIAL || !store.payment(id) || !refusedUnexpected()) return false;
      const amount = store.transaction(id)?.amount ?? 0;
      session.show('PROCESSING', { amount, method: intent.method }, id);
      void session.payment.charge(id, amount, intent.method);
      return true;
    }),
  'finished-id-charged-again': (parts) =>
    beforeAction(parts, (session, id, intent) => {
      if (session.transactionId !== INITIAL || id === INITIAL || intent.kind !== 'method') return false;
      const { store, clock, config } = session.ctx;
      const known = store.transaction(id);
      if (!known?.charged || known.terminalId !== session.terminalId) return false;
      const amount = store.payment(id)?.amount ?? 0;
      store.addToDailyTotal(session.terminalId, utcDay(clock.now()), amount);
      session.show('PROCESSING', { amount, method: intent.method }, id);
      clock.setTimeout(() => session.payment.settle(id, 'approved'), config.processingMs);
      return true;
    }),
} satisfies Partial<Record<FaultName, FaultInstaller>>;
