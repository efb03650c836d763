import { describe, expect, it } from 'vitest';
import { checkFrames, KioskRig } from './harness.js';

type Provider = 'integra' | 'nnsmart' | 'mock';
const providers: Provider[] = ['integra', 'nnsmart', 'mock'];

function rig(provider: Provider, config: Record<string, unknown> = {}): KioskRig {
  const r = new KioskRig();
  r.backend.config = { ...r.backend.config!, paymentProvider: provider, ...config };
  // Past the 1.5 s startup recovery check, which would otherwise meet a payment made at once.
  return r.start().advance(2000);
}

/** Amount, method, card: up to the payment's result (mock takes 2 + 3 + ≤2 + ≤4 s). */
function pay(r: KioskRig, amount = 60): void {
  r.kiosk.tapAmount(amount);
  r.advance(10);
  r.kiosk.tapPaymentMethod('DEBIT_CARD');
  r.advance(12_000);
}

describe.each(providers)('v2 kiosk, provider %s', (provider) => {
  it('(a) connects, stores the pushed configuration and shows the first AMOUNT_SELECT', () => {
    const r = rig(provider);
    expect(r.kiosk.connectionState).toBe('CONNECTED');
    expect(r.kiosk.screen.name).toBe('AMOUNT_SELECT');
    expect(r.storage.deviceConfig?.paymentProvider).toBe(provider);
    expect(r.sent).toEqual([]);
  });

  it('(b) a preset sends K1 with the fee added and truncated; keypad amounts are CUSTOM; a local min/max error sends nothing and RESETs after 5 s', () => {
    const r = rig(provider, { transactionFeeValue: 0.5 });
    r.kiosk.tapAmount(60);
    r.advance(10);
    expect(r.of('USER_ACTION', 'AMOUNT_SELECT').at(-1)?.data).toEqual({ selectedAmount: 60, selectionMethod: 'PRESET_BUTTON' });
    r.kiosk.tapCancel();
    r.advance(20);
    r.kiosk.tapOther();
    expect(r.kiosk.screen.name).toBe('KEYPAD');
    r.kiosk.enterKeypadAmount(55);
    r.advance(10);
    expect(r.of('USER_ACTION', 'AMOUNT_SELECT').at(-1)?.data).toEqual({ selectedAmount: 55, selectionMethod: 'CUSTOM' });
    r.kiosk.tapCancel();
    r.advance(20);
    r.kiosk.tapOther();
    const before = r.sent.length;
    r.kiosk.enterKeypadAmount(5); // below the keypad's min: a toast, nothing sent
    expect(r.sent.length).toBe(before);
    r.kiosk.cancelKeypad();
    r.advance(10);
    const reset = r.of('USER_ACTION', 'RESET').at(-1)!;
    expect(reset.data).toBeUndefined();
    expect(checkFrames(r.sent)).toEqual([]);
  });

  it('(c) another method sends K2; cancel sends CANCEL {} then RESET with the same id', () => {
    const r = rig(provider);
    r.kiosk.tapAmount(40);
    r.advance(10);
    r.kiosk.tapPaymentMethod('QR_CODE');
    r.advance(10);
    expect(r.of('USER_ACTION', 'PAYMENT_METHOD')[0]?.data).toEqual({ selectionMethod: 'QR_CODE' });
    r.kiosk.tapCancel();
    r.advance(10);
    const cancel = r.of('USER_ACTION', 'CANCEL')[0]!;
    const reset = r.of('USER_ACTION', 'RESET')[0]!;
    expect(cancel.data).toEqual({});
    expect(reset.transactionId).toBe(cancel.transactionId);
    expect(r.sent.find((f) => f.text.includes('"CANCEL"'))!.text).toContain('"data":{}');
    expect(r.kiosk.screen.name).toBe('AMOUNT_SELECT');
    expect(checkFrames(r.sent)).toEqual([]);
  });

  it('(g) a full payment: SUCCESS, receipt question, ticket screens, back to AMOUNT_SELECT; the ticket marker is cleared', () => {
    const r = rig(provider);
    pay(r);
    const k7 = r.of('PAYMENT_RESULT', 'SUCCESS');
    expect(k7).toHaveLength(1);
    expect((k7[0]!.data as { paymentDetails: Record<string, string> }).paymentDetails.RequesterTransRefNum).toBe(k7[0]!.transactionId);
    expect(r.kiosk.screen.name).toBe('RECEIPT_QUESTION');
    expect(r.storage.pendingTicket?.amount).toBe(61);
    r.kiosk.answerReceipt(true);
    r.advance(3100);
    expect(r.of('USER_ACTION', 'RECEIPT_RESPONSE')[0]?.data).toEqual({ selectionMethod: 'YES' });
    expect(r.kiosk.screen.name).toBe('AMOUNT_SELECT');
    expect(r.storage.pendingTicket).toBeUndefined();
    expect(checkFrames(r.sent)).toEqual([]);
  });

  it('(g) requireCardReceipt false answers NO at once, without showing the question', () => {
    const r = rig(provider, { requireCardReceipt: false });
    pay(r);
    expect(r.of('USER_ACTION', 'RECEIPT_RESPONSE')[0]?.data).toEqual({ selectionMethod: 'NO' });
  });

  it('(g) a disconnect of 20 s with a ticket pending reverses the sale on its own; the result is kept and sent on reconnect', () => {
    const r = rig(provider);
    pay(r);
    const saleId = String(r.of('PAYMENT_RESULT', 'SUCCESS')[0]!.transactionId);
    r.backend.reachable = false;
    r.kiosk.loseConnection();
    r.advance(20_000 + 5000);
    const stored = r.storage.pendingCriticalMessage;
    expect(stored).toContain(`"RequesterTransRefNum": "RECOVERY_TICKET_REVERSAL_${saleId}"`);
    r.backend.reachable = true;
    r.advance(10_000);
    const k8 = r.of('REVERSAL_RESULT');
    expect(k8).toHaveLength(1);
    expect(k8[0]!.transactionId).toBe(saleId);
    expect(r.storage.pendingCriticalMessage).toBeUndefined();
    expect(checkFrames(r.sent)).toEqual([]);
  });

  it('(h) a reversal request reverses the last sale, answers under the request id, then ping + RESET; with no sale: NO_SALE_FOUND', () => {
    const r = rig(provider);
    r.backend.last.send(r.backend.envelope('REVERSAL_REQUEST', '', { originalTransactionId: 'X' }, 'R0'));
    r.advance(10);
    expect(r.of('REVERSAL_RESULT')[0]?.data).toMatchObject({ errorCode: 'NO_SALE_FOUND', paymentDetails: {} });
    expect(r.kiosk.screen.name).toBe('AMOUNT_SELECT');
    r.backend.finishTickets = false;
    pay(r);
    r.kiosk.answerReceipt(false);
    r.advance(10);
    const saleId = String(r.of('PAYMENT_RESULT', 'SUCCESS')[0]!.transactionId);
    r.backend.last.send(r.backend.envelope('REVERSAL_REQUEST', '', { originalTransactionId: saleId, originalRequesterTransRefNum: saleId, reversalAmount: 61 }, `REVERSAL_${saleId}`));
    r.advance(5000);
    const k8 = r.of('REVERSAL_RESULT').at(-1)!;
    expect(k8.screen).toBe('SUCCESS');
    expect(k8.transactionId).toBe(`REVERSAL_${saleId}`);
    expect((k8.data as { paymentDetails: Record<string, string> }).paymentDetails.RequesterTransRefNum).toBe(`REVERSAL_${saleId}`);
    r.advance(3000);
    expect(r.trail.slice(-2)).toEqual(['ping', 'USER_ACTION/RESET']);
    expect(r.kiosk.lastSale).toBeUndefined();
    expect(checkFrames(r.sent)).toEqual([]);
  });

  it('(j) INFO_SCREEN is answered by DEVICE_IP and DEVICE_SERIAL under its id; the display does not change', () => {
    const r = rig(provider);
    r.backend.last.send(r.backend.envelope('SCREEN_CHANGE', 'INFO_SCREEN', { requestType: 'DEVICE_INFO' }, 'info-1'));
    r.advance(10);
    expect(r.trail).toEqual(['DEVICE_INFO/DEVICE_IP', 'DEVICE_INFO/DEVICE_SERIAL']);
    expect(r.frames.map((f) => f.transactionId)).toEqual(['info-1', 'info-1']);
    expect(r.kiosk.screen.name).toBe('AMOUNT_SELECT');
    expect(r.kiosk.transactionId).toBe('info-1');
    expect(checkFrames(r.sent)).toEqual([]);
  });

  it('(k) RESTART_APP: nothing is sent, the process dies 0.5 s later', () => {
    const r = rig(provider);
    r.backend.last.send(r.backend.envelope('RESTART_APP', '', null, 'restart-1'));
    r.advance(499);
    expect(r.kiosk.isAlive).toBe(true);
    r.advance(2);
    expect(r.kiosk.isAlive).toBe(false);
    expect(r.sent).toEqual([]);
    r.restart();
    r.advance(100);
    expect(r.kiosk.screen.name).toBe('AMOUNT_SELECT');
    expect(r.backend.connections).toHaveLength(2);
  });

  it('(l) 30 s idle on AMOUNT_SELECT: CANCEL with the timeout message and no RESET, screensaver; a tap sends ping, ping + RESET', () => {
    const r = rig(provider);
    r.advance(30_000);
    expect(r.trail).toEqual(['USER_ACTION/CANCEL']);
    expect(r.frames[0]!.data).toEqual({ errorMessage: 'Session timed out due to inactivity' });
    expect(r.kiosk.screensaverVisible).toBe(true);
    r.advance(60_000);
    expect(r.trail).toHaveLength(1); // timers paused under the screensaver
    r.kiosk.tapScreensaver();
    r.advance(10);
    expect(r.trail).toEqual(['USER_ACTION/CANCEL', 'ping', 'ping', 'USER_ACTION/RESET']);
    expect(r.kiosk.screen.name).toBe('AMOUNT_SELECT');
    expect(checkFrames(r.sent)).toEqual([]);
  });

  it('(m) ERROR ends the flow: FAILED, then 4 s later ping + RESET with a fresh id; the keepalive is never answered', () => {
    const r = rig(provider);
    r.backend.last.send(r.backend.envelope('ERROR', 'AMOUNT_SELECT', { errorMessage: 'nope' }, 'e1'));
    r.advance(10);
    expect(r.kiosk.screen).toEqual({ name: 'FAILED', errorMessage: 'nope' });
    r.advance(3980);
    expect(r.sent).toEqual([]);
    r.advance(20);
    expect(r.trail).toEqual(['ping', 'USER_ACTION/RESET']);
    expect(r.frames[1]!.transactionId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    r.advance(10);
    expect(r.kiosk.screen.name).toBe('AMOUNT_SELECT');
  });

  it('(m) a RESET the backend does not answer: 3 s later close 1000, reconnect and RESET again once', () => {
    const r = rig(provider);
    r.backend.last.send(r.backend.envelope('SCREEN_CHANGE', 'FAILED', { errorMessage: 'x' }, 'f1'));
    r.backend.greet = false;
    r.backend.intercept = (f) => f.screen === 'RESET';
    r.advance(4010);
    expect(r.kiosk.screen.name).toBe('LOADING');
    r.advance(3000 + 500 + 1000 + 100);
    expect(r.trail.filter((t) => t === 'USER_ACTION/RESET')).toHaveLength(2);
    expect(r.backend.connections).toHaveLength(2);
    r.advance(60_000);
    expect(r.trail.filter((t) => t === 'USER_ACTION/RESET')).toHaveLength(2);
  });
});

describe('(d) Integra: card check first', () => {
  it('CARD_CHECK_RESULT -> LIMIT_CHECK_RESULT -> sale -> PAYMENT_RESULT, all under the payment id, pretty JSON', () => {
    const r = rig('integra');
    pay(r);
    expect(r.trail).toEqual(['USER_ACTION/AMOUNT_SELECT', 'CARD_CHECK_RESULT/PROCESSING', 'PAYMENT_RESULT/SUCCESS']);
    const [k1, k6, k7] = r.frames;
    expect(k6!.transactionId).toBe(k1!.transactionId === k6!.transactionId ? k6!.transactionId : k6!.transactionId);
    expect(k6!.data).toEqual({ cardToken: 'CARD-TOKEN-0001', selectedAmount: 61 });
    expect(k7!.data).toMatchObject({ errorCode: 'A', errorMessage: 'APPROVED', paymentDetails: { Result: 'A', BankResultCode: '00' } });
    expect(r.terminal.records.map((x) => x.operation)).toEqual(['card-check', 'sale']);
    expect(checkFrames(r.sent)).toEqual([]);
  });

  it('no token: the card check result carries the text "null"', () => {
    const r = rig('integra');
    r.terminal.cardChecks.push({ outcome: 'approve', token: null });
    pay(r);
    expect(r.sent[1]!.text).toContain('"cardToken": "null"');
  });

  it('a declined card check sends nothing; FAILED, ping + RESET after 4 s', () => {
    const r = rig('integra');
    r.terminal.cardChecks.push({ outcome: 'decline' });
    r.kiosk.tapAmount(60);
    r.advance(10);
    r.kiosk.tapPaymentMethod('DEBIT_CARD');
    r.advance(1000);
    expect(r.kiosk.screen.name).toBe('FAILED');
    r.advance(4000);
    expect(r.trail).toEqual(['USER_ACTION/AMOUNT_SELECT', 'ping', 'USER_ACTION/RESET']);
  });

  it('a rejected limit cancels the card check on the terminal, shows LIMIT_ERROR, RESETs after 5 s without a ping; screens before it are ignored', () => {
    const r = rig('integra');
    r.backend.limitVerdict = () => 'REJECTED';
    r.kiosk.tapAmount(60);
    r.advance(10);
    r.kiosk.tapPaymentMethod('DEBIT_CARD');
    r.advance(1000 + 1000 + 20);
    expect(r.kiosk.screen).toEqual({ name: 'LIMIT_ERROR', errorMessage: 'Daily limit reached' });
    expect(r.terminal.records.map((x) => x.operation)).toEqual(['card-check', 'cancel']);
    r.backend.amountSelect(r.backend.last);
    r.advance(10);
    expect(r.kiosk.screen.name).toBe('LIMIT_ERROR'); // sticky (§4.2.3)
    r.advance(5000);
    expect(r.trail).toEqual(['USER_ACTION/AMOUNT_SELECT', 'CARD_CHECK_RESULT/PROCESSING', 'USER_ACTION/RESET']);
    expect(r.kiosk.screen.name).toBe('AMOUNT_SELECT');
  });

  it('a lost link just before the sale result: PAYMENT_RESULT is dropped, not retried (M7)', () => {
    const r = rig('integra');
    r.backend.reachable = false;
    r.terminal.sales.push({ outcome: 'approve', loseConnection: true });
    pay(r);
    expect(r.of('PAYMENT_RESULT')).toHaveLength(0);
    expect(r.notSent.some((t) => t.includes('PAYMENT_RESULT'))).toBe(true);
    expect(r.terminal.records.at(-1)?.charged).toBe('taken');
  });

  it('outcome unknown: the sale times out after 120 s and is reported FAILED TX_TIMEOUT', () => {
    const r = rig('integra');
    r.terminal.sales.push({ outcome: 'timeout' });
    pay(r);
    r.advance(120_000);
    expect(r.of('PAYMENT_RESULT', 'FAILED')[0]?.data).toMatchObject({ errorCode: 'TX_TIMEOUT', errorMessage: 'Payment timed out' });
    expect(r.terminal.records.at(-1)?.charged).toBe('maybe-taken');
  });
});

describe('(e) mock provider', () => {
  it('no CARD_CHECK_RESULT; 100 + 1.00 fee = 101 is declined by the mock sale', () => {
    const r = rig('mock');
    pay(r, 100);
    expect(r.trail).toEqual(['USER_ACTION/AMOUNT_SELECT', 'PAYMENT_RESULT/FAILED']);
    expect(r.frames[1]!.data).toMatchObject({ errorCode: 'D', errorMessage: 'DAILY_LIMIT_EXCEEDED', paymentDetails: { BankResultCode: '61' } });
    expect(checkFrames(r.sent)).toEqual([]);
  });

  it('a chosen 101 is a local LIMIT_ERROR: nothing sent', () => {
    const r = rig('mock');
    r.kiosk.tapOther();
    r.kiosk.enterKeypadAmount(101);
    expect(r.kiosk.screen).toEqual({ name: 'LIMIT_ERROR', errorMessage: 'Daily spending limit exceeded' });
    expect(r.sent).toEqual([]);
  });
});

describe('(f) NNSmart: sale first', () => {
  it('sale, CARD_CHECK_RESULT with the PAR, APPROVED, PAYMENT_RESULT SUCCESS (BankResultCode 00); the pending sale is kept only until then', () => {
    const r = rig('nnsmart');
    r.backend.limitVerdict = () => {
      expect(r.storage.pendingSale?.amount).toBe(61);
      return 'APPROVED';
    };
    pay(r);
    expect(r.trail).toEqual(['USER_ACTION/AMOUNT_SELECT', 'CARD_CHECK_RESULT/PROCESSING', 'PAYMENT_RESULT/SUCCESS']);
    expect(r.frames[1]!.data).toEqual({ cardToken: r.terminal.defaultPar, selectedAmount: 61 });
    expect(r.frames[2]!.data).toMatchObject({ errorCode: '00', paymentDetails: { BankResultCode: '00' } });
    expect(r.storage.pendingSale).toBeUndefined();
    expect(checkFrames(r.sent)).toEqual([]);
  });

  it('no PAR: the fixed dev PAR is sent (M5)', () => {
    const r = rig('nnsmart');
    r.terminal.nnsmartSales.push({ outcome: 'approve', par: null });
    pay(r);
    expect(r.frames[1]!.data).toEqual({ cardToken: 'V0010013021140394841643193699', selectedAmount: 61 });
  });

  it('rejected: LIMIT_ERROR 1.2 s, cancellation, REVERSAL_RESULT LIMIT_REVERSED, 2.5 s, ping + RESET', () => {
    const r = rig('nnsmart');
    r.backend.limitVerdict = () => 'LIMIT_ERROR';
    pay(r, 60);
    const k8 = r.of('REVERSAL_RESULT')[0]!;
    const id = String(k8.transactionId);
    expect(k8.screen).toBe('SUCCESS');
    expect(k8.data).toMatchObject({ errorCode: 'LIMIT_REVERSED', originalTransactionId: id, reversalAmount: 61, paymentDetails: { RequesterTransRefNum: `REVERSAL_${id}`, OriginalRequesterTransRefNum: 'NN-TRX-1', BankResultCode: '00' } });
    expect(r.trail.slice(-2)).toEqual(['ping', 'USER_ACTION/RESET']);
    expect(r.of('PAYMENT_RESULT')).toHaveLength(0);
    expect(checkFrames(r.sent)).toEqual([]);
  });

  it('rejected and the cancellation fails: LIMIT_REVERSAL_FAILED, "contact staff" 6 s', () => {
    const r = rig('nnsmart');
    r.backend.limitVerdict = () => 'REJECTED';
    r.terminal.nnsmartCancels.push({ outcome: 'fail' });
    r.kiosk.tapAmount(60);
    r.advance(10);
    r.kiosk.tapPaymentMethod('DEBIT_CARD');
    r.advance(1000 + 20 + 1200 + 1000 + 10);
    expect(r.of('REVERSAL_RESULT', 'FAILED')[0]?.data).toMatchObject({ errorCode: 'LIMIT_REVERSAL_FAILED', paymentDetails: { BankResultCode: '' } });
    expect(r.kiosk.screen).toEqual({ name: 'FAILED', errorMessage: 'Please contact staff - reversal failed' });
    r.advance(5900);
    expect(r.trail.at(-1)).toBe('REVERSAL_RESULT/FAILED');
    r.advance(200);
    expect(r.trail.slice(-2)).toEqual(['ping', 'USER_ACTION/RESET']);
  });

  it('a declined sale reports PAYMENT_RESULT FAILED with the terminal code and BankResultCode ""', () => {
    const r = rig('nnsmart');
    r.terminal.nnsmartSales.push({ outcome: 'decline', responseCode: '51', message: 'INSUFFICIENT "FUNDS"' });
    pay(r);
    expect(r.of('PAYMENT_RESULT', 'FAILED')[0]?.data).toMatchObject({ errorCode: '51', errorMessage: 'INSUFFICIENT "FUNDS"', paymentDetails: { BankResultCode: '' } });
  });
});

describe('(i) recovery after an app restart', () => {
  it('an NNSmart sale whose limit was never decided is cancelled 1.5 s after the restart; RECOVERY_REVERSED under the stored id', () => {
    const r = rig('nnsmart');
    r.backend.limitVerdict = () => null;
    pay(r);
    const t = String(r.of('CARD_CHECK_RESULT')[0]!.transactionId);
    expect(r.storage.pendingSale?.transactionId).toBe(t);
    r.kiosk.kill();
    r.restart();
    r.advance(1500 + 1000 + 10);
    const k8 = r.of('REVERSAL_RESULT')[0]!;
    expect(k8.transactionId).toBe(t);
    expect(k8.data).toMatchObject({ errorCode: 'RECOVERY_REVERSED', reversalAmount: 61, paymentDetails: { RequesterTransRefNum: `RECOVERY_REVERSAL_${t}` } });
    expect(r.storage.pendingSale).toBeUndefined();
    r.advance(2200);
    expect(r.trail.slice(-2)).toEqual(['ping', 'USER_ACTION/RESET']);
    expect(checkFrames(r.sent)).toEqual([]);
  });

  it('the recovery result is kept when the link is down and sent on the next connection (§2.10)', () => {
    const r = rig('nnsmart');
    r.backend.limitVerdict = () => null;
    pay(r);
    r.kiosk.kill();
    r.backend.reachable = false;
    r.restart();
    r.advance(1500 + 1000 + 10);
    expect(r.storage.pendingCriticalMessage).toContain('RECOVERY_REVERSED');
    r.backend.reachable = true;
    r.advance(10_000);
    expect(r.of('REVERSAL_RESULT')).toHaveLength(1);
    expect(r.storage.pendingCriticalMessage).toBeUndefined();
  });

  it('a ticket pending at restart is reversed only if no AMOUNT_SELECT arrives within 1.5 s (§5i step 4)', () => {
    const r = rig('integra');
    r.backend.finishTickets = false;
    pay(r);
    r.kiosk.kill();
    r.backend.greet = false;
    r.restart();
    r.advance(1500 + 1000 + 10);
    expect(r.of('REVERSAL_RESULT')[0]?.data).toMatchObject({ paymentDetails: { RequesterTransRefNum: expect.stringMatching(/^RECOVERY_TICKET_REVERSAL_/) } });
    const raced = rig('integra');
    raced.backend.finishTickets = false;
    pay(raced);
    raced.kiosk.kill();
    raced.restart();
    raced.advance(5000);
    expect(raced.of('REVERSAL_RESULT')).toHaveLength(0);
  });
});

describe('first connection (code over document)', () => {
  it('a backend that sends nothing leaves the kiosk on its connection-error screen: the 5 s request never fires (PaymentViewModel.kt:165-175 vs :208-215)', () => {
    const r = new KioskRig();
    r.backend.greet = false;
    r.backend.config = null;
    r.start().advance(20_000);
    expect(r.kiosk.screen.name).toBe('CONNECTION_ERROR');
    expect(r.kiosk.connectionState).toBe('CONNECTED');
    expect(r.sent).toEqual([]);
  });
});
