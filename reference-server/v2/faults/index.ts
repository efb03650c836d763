import { around } from '../../faults/parts.js';
import type { Books, Sale } from '../books.js';
import { v2FaultNames, type V2FaultName } from '../faults.js';
import type { KioskSession } from '../kiosk-session.js';
import type { TimerHandle } from '../../clock.js';
import { isSaleFirst } from '../books.js';
import type { V2Rules } from '../rules.js';
import { utcDay } from '../../store.js';

/** The parts of a v2 server a fault may wrap from outside, at startup. */
export interface V2ServerParts {
  readonly rules: V2Rules;
  readonly books: Books;
  /** Wraps every kiosk session as it is made. */
  decorate(decorator: (session: KioskSession) => void): void;
}

/** Installs one v2 fault. */
export type V2FaultInstaller = (parts: V2ServerParts) => void;

/** Bends one rule of the shared rules object. */
function bend<K extends keyof V2Rules>(key: K, wrap: (original: V2Rules[K]) => V2Rules[K]): V2FaultInstaller {
  return ({ rules }) => {
    rules[key] = wrap(rules[key]);
  };
}

/** How each v2 fault is made; the type makes a name without an installer a compile error. */
export const v2FaultInstallers: Record<V2FaultName, V2FaultInstaller> = {
  'v2-no-card-limit': bend('decideLimit', (decide) => (card, amount, counted, limit) => ({ verdict: 'APPROVED', reserves: decide(card, amount, counted, limit).reserves || card !== null })),
  'v2-capture-not-recorded': ({ books, rules }) =>
    around(books, 'checkCard', (checkCard) => (check, keys) => {
      if (!isSaleFirst(check.provider)) return checkCard(check, keys);
      const card = rules.cardOf(check.cardToken);
      const counted = card === null ? 0 : books.countedToday(card, utcDay(Date.now()));
      return { verdict: rules.decideLimit(card, check.amount, counted, check.limit).verdict, saleNo: -1, duplicate: false };
    }),
  'v2-card-check-answered-twice': ({ decorate }) =>
    decorate((session) =>
      around(session, 'answerCardCheck', (answer) => (id, verdict) => {
        answer(id, verdict);
        answer(id, verdict);
      }),
    ),
  'v2-no-reservation': ({ books }) => {
    around(books, 'countedToday', () => (card, day) => books.cardDay(card, day).spent);
    around(books, 'countingSales', (counting) => (card, window) => counting(card, window).filter((sale) => sale.state !== 'outcome-unknown'));
  },
  'v2-tokenless-aggregated': bend('cardOf', () => (token) => (token === null || token === undefined ? null : token)),
  'v2-payment-result-rebooked': ({ books }) =>
    around(books, 'paymentResult', (record) => (input, keys) => {
      const keyed = { ...input, ref: `${input.ref}@${input.timestamp}` };
      const sale = books.latestOfTransaction(input.kioskId, input.transactionId);
      const seen = books.paymentResults().some((r) => r.kioskId === input.kioskId && r.transactionId === input.transactionId && r.ref === keyed.ref);
      if (input.screen !== 'SUCCESS' || sale?.outcome !== 'SUCCESS' || sale.cardToken === null || seen) return record(keyed, keys);
      // Another timestamp, so another payment: booked as a new sale of the same card and amount, under a cycle made of the
      // timestamp (the books' own card check, no limit applied, then the result pays it). Nothing flags it (V2-M-6 broken).
      const cycle = -input.timestamp;
      books.checkCard({ kioskId: input.kioskId, cycle, connection: input.connection, transactionId: input.transactionId, provider: sale.provider, cardToken: sale.cardToken, amount: sale.amount, limit: Number.MAX_SAFE_INTEGER }, keys);
      return record({ ...keyed, cycle }, keys);
    }),
  'v2-card-total-drift': ({ books }) => {
    // What a kept total that is only ever raised would still hold: sales that counted and were released since
    // (an approved sale that failed, any sale reversed: a captured NNSmart rejection counted until its reversal).
    const released = (s: Sale): boolean => s.state === 'reversed' || (s.state === 'failed' && s.limitDecision === 'APPROVED');
    const releasedOn = (card: string, day: string): number =>
      books.sales().filter((s) => s.card === card && s.day === day && released(s)).reduce((sum, s) => sum + s.amount, 0);
    around(books, 'cardDay', (cardDay) => (card, day) => {
      const total = cardDay(card, day);
      return { ...total, spent: total.spent + releasedOn(card, day) };
    });
    around(books, 'cards', (cards) => () => {
      const listed = cards();
      const more = new Map<string, { card: string; day: string; spent: number; reserved: number; counted: number }>();
      for (const s of books.sales()) {
        if (s.card === null || !released(s)) continue;
        const key = `${s.card} ${s.day}`;
        const row = more.get(key) ?? listed.find((c) => c.card === s.card && c.day === s.day) ?? { card: s.card, day: s.day, spent: 0, reserved: 0, counted: 0 };
        more.set(key, { ...row, spent: row.spent + s.amount, counted: row.counted + s.amount });
      }
      return [...listed.filter((c) => !more.has(`${c.card} ${c.day}`)), ...more.values()];
    });
  },
  'v2-reset-fails-open-sale': ({ decorate }) =>
    decorate((session) =>
      around(session, 'reset', (reset) => () => {
        const sale = session.saleNo === undefined ? undefined : session.ctx.books.sale(session.saleNo);
        if (sale?.state === 'outcome-unknown') {
          const frame = JSON.stringify({ messageType: 'PAYMENT_RESULT', screen: 'FAILED', transactionId: sale.transactionId, reset: true });
          session.ctx.books.paymentResult({ kioskId: sale.kioskId, cycle: sale.cycle, connection: sale.connection, provider: sale.provider, transactionId: sale.transactionId, screen: 'FAILED', ref: sale.transactionId, timestamp: 0, frame, amount: sale.amount });
        }
        reset();
      }),
    ),
  'v2-reversed-sale-still-counted': bend('stateAfterReversal', (next) => (current, effect) => (effect === 'reversed' ? current : next(current, effect))),
  'v2-unknown-reversal-refused': ({ decorate }) =>
    decorate((session) =>
      around(session, 'reversalResult', (reversalResult) => (message, frame) => {
        const original = message.data.originalTransactionId;
        if (typeof original === 'string' && session.ctx.books.latestOfTransaction(session.kioskId, original) === undefined) {
          session.send({ messageType: 'ERROR', screen: message.screen, data: { errorCode: 'UNKNOWN_TRANSACTION', errorMessage: 'Unknown transaction' }, transactionId: message.transactionId });
          return;
        }
        reversalResult(message, frame);
      }),
    ),
  'v2-later-reversal-result-wins': bend('stateAfterReversal', (next) => (current, effect) => (current === 'reversed' && effect !== 'reversed' ? next('paid', effect) : next(current, effect))),
  'v2-reversal-request-any-sale': bend('reversalRequestRefusal', (refusal) => (target, _latest, connection, phase) => refusal(target, target, target?.connection ?? connection, phase)),
  'v2-restart-holding-sale': bend('restartRefusal', (refusal) => (phase) => (phase === 'holding-sale' ? undefined : refusal(phase))),
  'v2-idle-timeout-during-payment': ({ decorate }) =>
    decorate((session) =>
      around(session, 'show', (show) => (screen, data, id) => {
        show(screen, data, id);
        if (screen !== 'PAYMENT_METHOD') return;
        const cycle = session.cycle;
        session.ctx.clock.setTimeout(() => {
          if (session.cycle !== cycle || !session.connection.open) return;
          session.send({ messageType: 'ERROR', screen: 'PAYMENT_METHOD', data: { errorCode: 'TIMEOUT', errorMessage: 'Session timed out' }, transactionId: session.currentId });
          session.newCycle();
        }, 60_000);
      }),
    ),
  'v2-collect-after-print-failure': ({ decorate }) => decorate((session) => around(session, 'printFailed', () => () => session.printed())),
  'v2-money-keyed-by-transaction-id': bend('saleKey', () => (_kioskId, _cycle, transactionId) => transactionId),
  'v2-unparsed-frame-error': ({ decorate }) =>
    decorate((session) =>
      around(session, 'unparsedFrame', () => (_frameText, recovered) =>
        session.send({ messageType: 'ERROR', screen: recovered.screen ?? '', data: { errorCode: 'INVALID_MESSAGE', errorMessage: 'Message is not valid JSON' }, transactionId: recovered.transactionId ?? session.currentId }),
      ),
    ),
  'v2-clock-skew-rejected': ({ decorate }) =>
    decorate((session) =>
      around(session, 'handle', (handle) => (message, frameText) => {
        if (Math.abs(message.timestamp - session.ctx.clock.now()) <= 300_000) return handle(message, frameText);
        session.send({ messageType: 'ERROR', screen: message.screen, data: { errorCode: 'CLOCK_SKEW', errorMessage: 'Terminal clock is wrong' }, transactionId: message.transactionId });
      }),
    ),
  'v2-idle-kiosk-closed': ({ decorate }) =>
    decorate((session) => {
      let idle: TimerHandle | undefined;
      const arm = (): void => {
        if (idle !== undefined) session.ctx.clock.clearTimeout(idle);
        idle = session.ctx.clock.setTimeout(() => session.connection.replaced(), 20_000);
      };
      arm();
      around(session, 'receive', (receive) => (frameText) => {
        arm();
        receive(frameText);
      });
      around(session, 'close', (close) => () => {
        if (idle !== undefined) session.ctx.clock.clearTimeout(idle);
        close();
      });
    }),
  'v2-currency-code-on-screens': ({ decorate }) =>
    decorate((session) => around(session, 'show', (show) => (screen, data, id) => show(screen, screen === 'AMOUNT_SELECT' ? { ...data, currency: 'GBP' } : data, id))),
  'v2-repeated-reset-ignored': ({ decorate }) => {
    // Per kiosk, not per connection: the kiosk's second RESET comes on a new connection (§2.9).
    const lastReset = new Map<string, number>();
    decorate((session) =>
      around(session, 'reset', (reset) => () => {
        const now = session.ctx.clock.now();
        const previous = lastReset.get(session.kioskId);
        lastReset.set(session.kioskId, now);
        if (previous === undefined || now - previous >= 5_000) reset();
      }),
    );
  },
  'v2-ticket-recovery-refused': ({ decorate }) =>
    decorate((session) =>
      around(session, 'reversalResult', (reversalResult) => (message, frameText) => {
        const details = message.data.paymentDetails as { RequesterTransRefNum?: unknown } | null | undefined;
        if (typeof details?.RequesterTransRefNum === 'string' && details.RequesterTransRefNum.startsWith('RECOVERY_TICKET_REVERSAL_')) {
          session.send({ messageType: 'ERROR', screen: message.screen, data: { errorCode: 'UNEXPECTED_REVERSAL', errorMessage: 'No reversal was requested' }, transactionId: message.transactionId });
          return;
        }
        reversalResult(message, frameText);
      }),
    ),
  'v2-amount-error-without-yaspa': ({ decorate }) =>
    decorate((session) =>
      around(session, 'amountSelected', (amountSelected) => (message) => {
        if (session.device.yaspaEnabled) return amountSelected(message);
        session.send({ messageType: 'ERROR', screen: 'AMOUNT_SELECT', data: { errorCode: 'METHOD_REQUIRED', errorMessage: 'Choose a payment method' }, transactionId: message.transactionId });
      }),
    ),
};

/** Installs the v2 faults switched on, in table order; a correct server installs none. */
export function installV2Faults(faults: readonly V2FaultName[], parts: V2ServerParts): void {
  for (const name of v2FaultNames) if (faults.includes(name)) v2FaultInstallers[name](parts);
}
