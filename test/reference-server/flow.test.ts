import { describe, expect, it } from 'vitest';
import type { ExtendedServerOptions } from '../../reference-server/index.js';
import { advance, fakeClock, payPreset, type TestTerminal, useReferenceServer } from './terminal-client.js';

const reference = useReferenceServer();

/** Opens a terminal (kiosk-1 unless named) without waiting: some tests read the first screen themselves. */
async function open(options: ExtendedServerOptions = {}, headers?: Record<string, string>, terminalId = 'kiosk-1'): Promise<TestTerminal> {
  return reference.open(options, { terminalId, headers });
}

describe('flows (section 6)', () => {
  it('FLOW-1: AMOUNT_SELECT "initial" with the configured amounts on connect', async () => {
    const t = await open({ config: { amounts: [5, 15, 25], currency: '€' } });
    const first = await t.screen('AMOUNT_SELECT', 1000);
    expect(first.transactionId).toBe('initial');
    expect(first.data).toEqual({ amounts: [5, 15, 25], currency: '€', showOtherOption: true });
  });

  it('FLOW-2, FLOW-7, FLOW-8, FLOW-11, TXN-1, TXN-2: preset payment with "initial" runs to THANK_YOU and back to AMOUNT_SELECT', async () => {
    const t = await open();
    await t.screen('AMOUNT_SELECT');
    t.act('AMOUNT_SELECT', { selectedAmount: 40, selectionMethod: 'PRESET_BUTTON' }, 'initial');
    const pm = await t.screen('PAYMENT_METHOD');
    expect(pm.transactionId).not.toBe('initial');
    expect(pm.transactionId).toMatch(/^[A-Za-z0-9._:-]{1,64}$/);
    expect(pm.data).toEqual({ methods: ['DEBIT_CARD', 'PAY_BY_BANK'], allowCancel: true, currency: '£' });
    t.act('PAYMENT_METHOD', { selectedMethod: 'DEBIT_CARD' }, pm.transactionId);
    const processing = await t.screen('PROCESSING');
    expect(processing.data).toEqual({ amount: 40, method: 'DEBIT_CARD' });
    const update = await t.next();
    expect(update).toMatchObject({ messageType: 'STATUS_UPDATE', screen: 'PROCESSING', transactionId: pm.transactionId });
    const success = await t.screen('SUCCESS');
    expect(success.data).toEqual({ showReceipt: true });
    for (const screen of ['PRINT_TICKET', 'COLLECT_TICKET', 'THANK_YOU']) {
      expect((await t.screen(screen)).transactionId).toBe(pm.transactionId);
    }
    expect((await t.screen('AMOUNT_SELECT')).transactionId).toBe('initial');
    expect(reference.server()?.transaction(pm.transactionId)).toMatchObject({ state: 'completed', charged: true, ticket: 'printed', amount: 40 });
    const timestamps = t.received.map((m) => m.timestamp);
    expect(timestamps, 'ENV-9').toEqual([...timestamps].sort((a, b) => a - b));
  });

  it('TXN-1: a client-generated id is kept for the whole cycle', async () => {
    const t = await open();
    await t.screen('AMOUNT_SELECT');
    t.act('AMOUNT_SELECT', { selectedAmount: 20, selectionMethod: 'PRESET_BUTTON' }, 'T123456');
    expect((await t.screen('PAYMENT_METHOD')).transactionId).toBe('T123456');
  });

  it('FLOW-3, FLOW-4: OTHER -> KEYPAD with bounds -> keypad amount -> PAYMENT_METHOD', async () => {
    const t = await open();
    await t.screen('AMOUNT_SELECT');
    t.act('AMOUNT_SELECT', { selectedAmount: -1, selectionMethod: 'OTHER' }, 'initial');
    const keypad = await t.screen('KEYPAD');
    expect(keypad.data).toEqual({ currency: '£', minAmount: 10, maxAmount: 300 });
    t.act('KEYPAD', { selectedAmount: 75, selectionMethod: 'KEYPAD' }, keypad.transactionId);
    expect((await t.screen('PAYMENT_METHOD')).transactionId).toBe(keypad.transactionId);
  });

  it('FLOW-5: unoffered preset and out-of-bounds keypad amounts get INVALID_AMOUNT and the screen stays', async () => {
    const t = await open();
    await t.screen('AMOUNT_SELECT');
    t.act('AMOUNT_SELECT', { selectedAmount: 30, selectionMethod: 'PRESET_BUTTON' }, 'initial');
    expect(await t.error()).toMatchObject({ screen: 'AMOUNT_SELECT', transactionId: 'initial', data: { errorCode: 'INVALID_AMOUNT' } });
    t.act('AMOUNT_SELECT', { selectedAmount: -1, selectionMethod: 'OTHER' }, 'initial');
    const keypad = await t.screen('KEYPAD');
    t.act('KEYPAD', { selectedAmount: 301, selectionMethod: 'KEYPAD' }, keypad.transactionId);
    expect(await t.error()).toMatchObject({ screen: 'KEYPAD', transactionId: keypad.transactionId, data: { errorCode: 'INVALID_AMOUNT' } });
    t.act('KEYPAD', { selectedAmount: 9, selectionMethod: 'KEYPAD' }, keypad.transactionId);
    expect((await t.error()).data.errorCode).toBe('INVALID_AMOUNT');
    t.act('KEYPAD', { selectedAmount: 60.5, selectionMethod: 'KEYPAD' }, keypad.transactionId);
    expect((await t.error()).data.errorCode).toBe('INVALID_AMOUNT');
    t.act('KEYPAD', { selectedAmount: 10, selectionMethod: 'KEYPAD' }, keypad.transactionId);
    await t.screen('PAYMENT_METHOD');
  });

  it('FLOW-6: an amount above the remaining daily limit leads to LIMIT_ERROR; only successful payments count', async () => {
    const t = await open({ config: { dailyLimit: 100 } }, { 'X-Test-Scenario': 'decline' });
    await t.screen('AMOUNT_SELECT');
    await payPreset(t, 80);
    expect((await t.screen('FAILED')).data).toEqual({ errorMessage: expect.any(String), errorCode: 'CARD_DECLINED' });
    t.close();
    const t2 = await open();
    const failed = await t2.screen('FAILED');
    t2.act('FAILED', { action: 'OK' }, failed.transactionId);
    await t2.screen('AMOUNT_SELECT');
    // The declined 80 did not count: 80 still fits under 100.
    const id = await payPreset(t2, 80);
    await t2.screen('SUCCESS');
    await t2.until('AMOUNT_SELECT');
    t2.act('AMOUNT_SELECT', { selectedAmount: 40, selectionMethod: 'PRESET_BUTTON' }, 'initial');
    const limit = await t2.screen('LIMIT_ERROR');
    expect(limit.data).toEqual({ limit: 100, remaining: 20, currency: '£' });
    expect(limit.transactionId).not.toBe(id);
    t2.act('LIMIT_ERROR', { action: 'OK' }, limit.transactionId);
    expect((await t2.screen('AMOUNT_SELECT')).transactionId).toBe('initial');
  });

  it('FLOW-9: declined payment -> FAILED CARD_DECLINED; FLOW-14: OK -> AMOUNT_SELECT', async () => {
    const t = await open({}, { 'X-Test-Scenario': 'decline' });
    await t.screen('AMOUNT_SELECT');
    const id = await payPreset(t);
    const failed = await t.screen('FAILED');
    expect(failed).toMatchObject({ transactionId: id, data: { errorCode: 'CARD_DECLINED' } });
    t.act('FAILED', { action: 'OK' }, id);
    expect((await t.screen('AMOUNT_SELECT')).transactionId).toBe('initial');
    expect(reference.server()?.transaction(id)).toMatchObject({ state: 'failed', charged: false });
  });

  it('FLOW-10: a processor that does not answer -> FAILED PAYMENT_TIMEOUT', async () => {
    fakeClock();
    const t = await open({}, { 'X-Test-Scenario': 'processor-timeout' });
    await t.screen('AMOUNT_SELECT');
    await payPreset(t);
    await advance(300);
    expect((await t.screen('FAILED')).data.errorCode).toBe('PAYMENT_TIMEOUT');
  });

  it('FLOW-10: slow-processing beyond the processor timeout -> PAYMENT_TIMEOUT; within it -> SUCCESS', async () => {
    fakeClock();
    const t = await open({ config: { processorTimeoutMs: 400 } }, { 'X-Test-Scenario': 'slow-processing:2000' });
    await t.screen('AMOUNT_SELECT');
    await payPreset(t);
    await advance(400);
    expect((await t.screen('FAILED')).data.errorCode).toBe('PAYMENT_TIMEOUT');
    const t2 = await reference.connect({ terminalId: 'kiosk-2', headers: { 'X-Test-Scenario': 'slow-processing:50' } });
    await t2.screen('AMOUNT_SELECT');
    await payPreset(t2);
    await advance(50);
    await t2.screen('SUCCESS');
  });

  it('FLOW-12: printer fault -> DEVICE_ERROR PRINTER_ERROR, kept as paid, ticket not printed; FLOW-20: then AMOUNT_SELECT', async () => {
    const t = await open({}, { 'X-Test-Scenario': 'printer-fault' });
    await t.screen('AMOUNT_SELECT');
    const id = await payPreset(t);
    await t.screen('SUCCESS');
    await t.screen('PRINT_TICKET');
    const error = await t.screen('DEVICE_ERROR');
    expect(error).toMatchObject({ transactionId: id, data: { errorCode: 'PRINTER_ERROR' } });
    expect((await t.screen('AMOUNT_SELECT')).transactionId).toBe('initial');
    expect(reference.server()?.transaction(id)).toMatchObject({ state: 'paid-ticket-not-printed', charged: true, ticket: 'not-printed' });
  });

  it('FLOW-19: showReceipt false -> SUCCESS then THANK_YOU', async () => {
    const t = await open({ config: { showReceipt: false } });
    await t.screen('AMOUNT_SELECT');
    await payPreset(t);
    expect((await t.screen('SUCCESS')).data).toEqual({ showReceipt: false });
    await t.screen('THANK_YOU');
    await t.screen('AMOUNT_SELECT');
  });

  it('FLOW-13: CANCEL on KEYPAD and on PAYMENT_METHOD -> AMOUNT_SELECT "initial", transaction cancelled', async () => {
    const t = await open();
    await t.screen('AMOUNT_SELECT');
    t.act('AMOUNT_SELECT', { selectedAmount: -1, selectionMethod: 'OTHER' }, 'initial');
    const keypad = await t.screen('KEYPAD');
    t.act('KEYPAD', { action: 'CANCEL' }, keypad.transactionId);
    expect((await t.screen('AMOUNT_SELECT')).transactionId).toBe('initial');
    expect(reference.server()?.transaction(keypad.transactionId)?.state).toBe('cancelled');
    t.act('AMOUNT_SELECT', { selectedAmount: 20, selectionMethod: 'PRESET_BUTTON' }, 'initial');
    const pm = await t.screen('PAYMENT_METHOD');
    t.act('PAYMENT_METHOD', { action: 'CANCEL' }, pm.transactionId);
    await t.screen('AMOUNT_SELECT');
  });

  it('FLOW-15: idle timeout -> ERROR TIMEOUT (current screen, abandoned id) then AMOUNT_SELECT', async () => {
    fakeClock();
    const t = await open({ config: { idleTimeoutMs: 200 } });
    await t.screen('AMOUNT_SELECT');
    t.act('AMOUNT_SELECT', { selectedAmount: 20, selectionMethod: 'PRESET_BUTTON' }, 'initial');
    const pm = await t.screen('PAYMENT_METHOD');
    await advance(200);
    expect(await t.error()).toMatchObject({ screen: 'PAYMENT_METHOD', transactionId: pm.transactionId, data: { errorCode: 'TIMEOUT' } });
    expect((await t.screen('AMOUNT_SELECT')).transactionId).toBe('initial');
    expect(reference.server()?.transaction(pm.transactionId)?.state).toBe('abandoned');
  });

  it('FLOW-16: no idle timeout on AMOUNT_SELECT', async () => {
    fakeClock();
    const t = await open({ config: { idleTimeoutMs: 100 } });
    await t.screen('AMOUNT_SELECT');
    await advance(400);
    expect(await t.unsolicited('AMOUNT_SELECT')).toEqual([]);
  });

  it('FLOW-1, TC-3: out-of-service -> DEVICE_ERROR on connect; actions get UNEXPECTED_ACTION', async () => {
    const t = await open({}, { 'X-Test-Scenario': 'out-of-service' });
    expect((await t.screen('DEVICE_ERROR')).data.errorCode).toBe('OUT_OF_SERVICE');
    t.act('AMOUNT_SELECT', { selectedAmount: 20, selectionMethod: 'PRESET_BUTTON' }, 'initial');
    expect(await t.error()).toMatchObject({ screen: 'DEVICE_ERROR', data: { errorCode: 'UNEXPECTED_ACTION' } });
  });

  it('TC-3, TC-4: limit-remaining sets what is left today', async () => {
    const t = await open({}, { 'X-Test-Scenario': 'limit-remaining:30' });
    await t.screen('AMOUNT_SELECT');
    t.act('AMOUNT_SELECT', { selectedAmount: 40, selectionMethod: 'PRESET_BUTTON' }, 'initial');
    expect((await t.screen('LIMIT_ERROR')).data).toMatchObject({ limit: 300, remaining: 30 });
  });
});
