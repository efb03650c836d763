import { describe, expect, it, vi } from 'vitest';
import { Store, utcDay } from '../../reference-server/store.js';

describe('Store', () => {
  it('prepares its statements once, not on every call', () => {
    const store = new Store(':memory:');
    const prepare = vi.spyOn(store.db, 'prepare');
    const now = Date.now();
    for (let i = 0; i < 50; i++) {
      const id = `T-${i}`;
      store.createTransaction(id, 'K1', now);
      store.updateTransaction(id, { amount: 20 }, now);
      store.saveTerminal({ terminalId: 'K1', screen: 'PAYMENT_METHOD', data: {}, transactionId: id, idleDeadline: null }, now);
      expect(store.beginPayment(id, 'K1', 20, 'DEBIT_CARD', now)).toBe(true);
      store.recordCharge(id, 20, 'approved', now);
      store.finishPayment(id, 'approved', now);
      store.terminal('K1');
      store.charges(id);
    }
    expect(store.dailyTotal('K1', utcDay(now))).toBe(1000);
    expect([store.hasTransaction('T-3'), store.hasTransaction('T-none')]).toEqual([true, false]);
    expect([store.transactionAmount('T-3'), store.transactionAmount('T-none')]).toEqual([20, null]);
    store.updateTransaction('T-3', { ticket: 'printed' }, now);
    expect([store.transactionTicket('T-3'), store.transactionTicket('T-4')]).toEqual(['printed', null]);
    // updateTransaction prepares once per set of columns (here: amount; state+amount+method; ticket), the rest never.
    expect(prepare.mock.calls.length).toBeLessThanOrEqual(3);
    store.close();
  });
});

describe('utcDay', () => {
  it('names the UTC day of any time, across day boundaries and before 1970', () => {
    for (const ms of [0, 1, 86_399_999, 86_400_000, Date.UTC(2026, 11, 31, 23, 59, 59, 999), Date.UTC(2027, 0, 1), -1, Date.now()]) {
      expect(utcDay(ms)).toBe(new Date(ms).toISOString().slice(0, 10));
    }
  });
});
