import { afterEach, describe, expect, it } from 'vitest';
import type { Sale } from '../../reference-server/v2/books.js';
import type { V2ReferenceServer } from '../../reference-server/v2/index.js';
import { books, checkCard, chooseAmount, connected, control, pretty, RawKiosk, startV2 } from './v2-raw-kiosk.js';

// Flows (a)-(m) of pinto-android-2.md §5, the backend's side, over a real WebSocket with raw frames as
// d540407 writes them. Every backend frame is checked against the v2 schemas (RawKiosk.invalid).

let server: V2ReferenceServer | undefined;
const kiosks: RawKiosk[] = [];
afterEach(async () => {
  const invalid = kiosks.flatMap((k) => k.invalid);
  for (const k of kiosks.splice(0)) k.close();
  await server?.close();
  server = undefined;
  expect(invalid).toEqual([]);
});

async function kiosk(terminalId: string, scenario?: string): Promise<{ kiosk: RawKiosk; id: string }> {
  const k = await connected(server!, terminalId, scenario);
  kiosks.push(k.kiosk);
  return k;
}

const sales = (): Promise<Sale[]> => books<Sale[]>(server!, '/v2/sales');

/** Flow (g): receipt, ticket, COLLECT_TICKET, THANK_YOU, a fresh AMOUNT_SELECT. */
async function finishSale(k: RawKiosk, pid: string): Promise<string> {
  const question = await k.screen('RECEIPT_QUESTION');
  expect(question.transactionId).toBe(pid);
  k.action('RECEIPT_RESPONSE', pid, { selectionMethod: 'YES' });
  await k.screen('PRINT_TICKET');
  await k.screen('COLLECT_TICKET');
  await k.screen('THANK_YOU');
  const next = await k.screen('AMOUNT_SELECT');
  expect(next.transactionId).not.toBe(pid);
  return next.transactionId;
}

describe('v2 flows, backend side', () => {
  it('(a) a kiosk with no id, token or query gets its configuration and AMOUNT_SELECT under one fresh id; known by its source address; keepalive unanswered; RESET answered', async () => {
    server = await startV2();
    const k = await RawKiosk.connect(server.url);
    kiosks.push(k);
    const config = await k.type('DEVICE_INFO');
    const first = await k.screen('AMOUNT_SELECT');
    expect(config.transactionId).toBe(first.transactionId);
    expect(first.transactionId).not.toBe('initial');
    expect(config.data).toMatchObject({ paymentProvider: 'integra', yaspaEnabled: true, currency: 'GBP' });
    expect(first.data).toMatchObject({ amounts: [20, 40, 60, 80, 100], currency: '£' });
    k.keepalive();
    expect(await k.quietUntilReset()).toEqual([]);
    expect((await books<Array<{ kioskId: string }>>(server, '/v2/kiosks')).map((r) => r.kioskId)).toEqual(['kiosk@127.0.0.1']);
  });

  it('(b)+(c) K1 brings PAYMENT_METHOD under its id; with yaspaEnabled false nothing; another method FAILED; CANCEL then RESET brings AMOUNT_SELECT; the idle CANCEL nothing', async () => {
    server = await startV2();
    const a = await kiosk('k-a');
    expect(await chooseAmount(a.kiosk, a.id, 40)).toBe(a.id);
    a.kiosk.action('PAYMENT_METHOD', a.id, { selectionMethod: 'QR_CODE' });
    expect((await a.kiosk.screen('FAILED')).data).toMatchObject({ errorMessage: expect.stringContaining('QR_CODE') });
    a.kiosk.action('CANCEL', a.id, {});
    a.kiosk.action('RESET', a.id);
    const again = await a.kiosk.screen('AMOUNT_SELECT');
    a.kiosk.action('CANCEL', again.transactionId, { errorMessage: 'Session timed out due to inactivity' });
    expect(await a.kiosk.quietUntilReset()).toEqual([]);
    const b = await kiosk('k-b', 'yaspa-off');
    expect(b.kiosk.all('DEVICE_INFO')[0]?.data).toMatchObject({ yaspaEnabled: false });
    b.kiosk.action('AMOUNT_SELECT', b.id, { selectedAmount: 20, selectionMethod: 'PRESET_BUTTON' });
    expect(await b.kiosk.quietUntilReset()).toEqual([]);
  });

  it('(d)+(g)+(m) Integra: APPROVED, sale, PAYMENT_RESULT, then the server drives receipt, ticket and the next cycle; a rejection says REJECTED with a message', async () => {
    server = await startV2({ config: { dailyLimit: 100 } });
    const a = await kiosk('k-a');
    const pid = await chooseAmount(a.kiosk, a.id, 60);
    expect(await checkCard(a.kiosk, pid, 'CARD-d', 60)).toMatchObject({ screen: 'APPROVED', data: {} });
    a.kiosk.paymentResult(pid, 'SUCCESS');
    const next = await finishSale(a.kiosk, pid);
    const pid2 = await chooseAmount(a.kiosk, next, 60);
    expect(await checkCard(a.kiosk, pid2, 'CARD-d', 60)).toMatchObject({ screen: 'REJECTED', data: { errorMessage: 'Daily spending limit exceeded' } });
    a.kiosk.action('RESET', '1e2d3c4b-0000-4000-8000-000000000001');
    await a.kiosk.screen('AMOUNT_SELECT');
    expect((await sales()).map((s) => [s.state, s.ticket])).toEqual([['paid', 'printed'], ['rejected', null]]);
  });

  it('(d) a declined sale: PAYMENT_RESULT FAILED releases the reservation; the kiosk RESET brings AMOUNT_SELECT', async () => {
    server = await startV2();
    const a = await kiosk('k-a');
    const pid = await chooseAmount(a.kiosk, a.id, 40);
    await checkCard(a.kiosk, pid, 'CARD-f', 40);
    a.kiosk.paymentResult(pid, 'FAILED');
    expect(await a.kiosk.quietUntilReset()).toEqual([]);
    expect(await books(server, '/v2/cards/CARD-f')).toMatchObject({ counted: 0 });
  });

  it('(e) mock: PAYMENT_RESULT with no card check is booked from the cycle amount, not against any card', async () => {
    server = await startV2();
    const a = await kiosk('k-a', 'provider:mock');
    const pid = await chooseAmount(a.kiosk, a.id, 80);
    a.kiosk.paymentResult(pid, 'SUCCESS');
    await finishSale(a.kiosk, pid);
    expect((await sales())[0]).toMatchObject({ amount: 80, card: null, state: 'paid', provider: 'mock', flags: ['no-card-check'] });
  });

  it('(f) NNSmart: APPROVED then PAYMENT_RESULT; a rejection is reversed by the kiosk and booked', async () => {
    server = await startV2({ config: { dailyLimit: 100 } });
    const a = await kiosk('k-a', 'provider:nnsmart');
    const pid = await chooseAmount(a.kiosk, a.id, 80);
    expect((await checkCard(a.kiosk, pid, 'PAR-f', 80)).screen).toBe('APPROVED');
    a.kiosk.paymentResult(pid, 'SUCCESS');
    const next = await finishSale(a.kiosk, pid);
    const pid2 = await chooseAmount(a.kiosk, next, 40);
    expect((await checkCard(a.kiosk, pid2, 'PAR-f', 40)).screen).toBe('REJECTED');
    expect((await sales())[1]).toMatchObject({ state: 'captured-reversal-pending', captured: true, counts: true });
    a.kiosk.reversalResult({ transactionId: pid2, screen: 'FAILED', code: 'LIMIT_REVERSAL_FAILED', requesterRef: `REVERSAL_${pid2}`, originalRef: 'NN-2', originalTransactionId: pid2, reversalAmount: 40 });
    expect(await a.kiosk.quietUntilReset()).toEqual([]);
    expect((await sales())[1]).toMatchObject({ state: 'refund-needed', counts: true, flags: ['refund-needed'], terminalRef: 'NN-2' });
  });

  it('(h) printer fault: PRINTER_ERROR, REVERSAL_REQUEST for the sale, its result reverses it; a refund request; NO_SALE_FOUND is flagged', async () => {
    server = await startV2();
    const a = await kiosk('k-a', 'printer-fault');
    const pid = await chooseAmount(a.kiosk, a.id, 20);
    await checkCard(a.kiosk, pid, 'CARD-h', 20);
    a.kiosk.paymentResult(pid, 'SUCCESS');
    await a.kiosk.screen('RECEIPT_QUESTION');
    a.kiosk.action('RECEIPT_RESPONSE', pid, { selectionMethod: 'NO' });
    await a.kiosk.screen('PRINTER_ERROR');
    const request = await a.kiosk.type('REVERSAL_REQUEST');
    expect(request).toMatchObject({ screen: '', transactionId: `REVERSAL_${pid}`, data: { originalTransactionId: pid, originalRequesterTransRefNum: pid, reversalAmount: 20 } });
    a.kiosk.reversalResult({ transactionId: request.transactionId, screen: 'SUCCESS', code: 'A', requesterRef: request.transactionId, originalRef: pid, originalTransactionId: pid, reversalAmount: 20 });
    expect(await a.kiosk.quietUntilReset()).toEqual([]);
    expect((await sales())[0]).toMatchObject({ state: 'reversed', ticket: 'not-printed' });
    const b = await kiosk('k-b', 'refund-after-sale');
    const pb = await chooseAmount(b.kiosk, b.id, 40);
    await checkCard(b.kiosk, pb, 'CARD-h2', 40);
    b.kiosk.paymentResult(pb, 'SUCCESS');
    const refund = await b.kiosk.type('REFUND_REQUEST');
    b.kiosk.noSaleFound(refund.transactionId);
    await b.kiosk.quietUntilReset();
    expect((await sales())[1]).toMatchObject({ state: 'paid', flags: ['no-sale-found'] });
  });

  it('(i) recovery results on a later connection are booked against the sale they name', async () => {
    server = await startV2();
    const a = await kiosk('k-a', 'provider:nnsmart');
    const pid = await chooseAmount(a.kiosk, a.id, 40);
    await checkCard(a.kiosk, pid, 'PAR-i', 40);
    a.kiosk.close();
    const again = await kiosk('k-a', 'provider:nnsmart');
    again.kiosk.keepalive();
    again.kiosk.reversalResult({ transactionId: pid, screen: 'SUCCESS', code: 'RECOVERY_REVERSED', requesterRef: `RECOVERY_REVERSAL_${pid}`, originalRef: 'NN-7', originalTransactionId: pid, reversalAmount: 40 });
    expect(await again.kiosk.quietUntilReset()).toEqual([]);
    expect((await sales())[0]).toMatchObject({ state: 'reversed', counts: false, terminalRef: 'NN-7' });
    expect((await books<Array<{ connection: number }>>(server, '/v2/kiosks'))[0]?.connection).toBe(2);
  });

  it('(j) INFO_SCREEN by test control and by the endpoint; DEVICE_IP and DEVICE_SERIAL kept; a pushed configuration is sent and kept for later connections', async () => {
    server = await startV2();
    const a = await kiosk('k-a', 'device-info-request');
    const info = await a.kiosk.screen('INFO_SCREEN');
    expect(info.data).toEqual({ requestType: 'DEVICE_INFO' });
    a.kiosk.deviceInfo(info.transactionId, 'DEVICE_SERIAL', 'unknown');
    a.kiosk.deviceInfo(info.transactionId, 'DEVICE_IP', '192.168.1.20');
    expect((await control(server, 'k-a', 'device-info-request')).status).toBe(202);
    await a.kiosk.screen('INFO_SCREEN');
    const pushed = await control(server, 'k-a', 'config', { paymentProvider: 'nnsmart', requireCardReceipt: false });
    expect(pushed.status).toBe(202);
    expect((await a.kiosk.next((m) => m.messageType === 'DEVICE_INFO' && m.transactionId.startsWith('config-'))).data).toMatchObject({ paymentProvider: 'nnsmart', requireCardReceipt: false });
    expect((await control(server, 'k-a', 'config', { paymentProvider: 3 })).status).toBe(400);
    expect((await books<Array<Record<string, unknown>>>(server, '/v2/kiosks'))[0]).toMatchObject({ deviceIp: '192.168.1.20', deviceSerial: 'unknown', provider: 'nnsmart' });
    const later = await RawKiosk.connect(server.url, { terminalId: 'k-a' });
    kiosks.push(later);
    expect((await later.type('DEVICE_INFO')).data).toMatchObject({ paymentProvider: 'nnsmart', requireCardReceipt: false });
  });

  it('(k) RESTART_APP by test control right after the first screen, and by the endpoint while the kiosk is idle', async () => {
    server = await startV2();
    const a = await kiosk('k-a', 'restart-app');
    expect(await a.kiosk.type('RESTART_APP')).toMatchObject({ screen: '', data: null });
    expect((await control(server, 'k-a', 'restart')).status).toBe(202);
    expect((await control(server, 'nobody', 'restart')).status).toBe(404);
    const b = await kiosk('k-b');
    await chooseAmount(b.kiosk, b.id, 20);
    expect((await control(server, 'k-b', 'restart')).body).toMatchObject({ refused: expect.stringContaining('V2-M-13') });
  });

  it('V2-ERR-5: a PAYMENT_RESULT that is not JSON (an unescaped quote) is kept raw and booked from what it names, never answered', async () => {
    server = await startV2();
    const a = await kiosk('k-a');
    const pid = await chooseAmount(a.kiosk, a.id, 40);
    await checkCard(a.kiosk, pid, 'CARD-e5', 40);
    a.kiosk.sendText(pretty({ messageType: 'PAYMENT_RESULT', screen: 'SUCCESS', data: { errorCode: 'A', errorMessage: 'X', paymentDetails: {} }, transactionId: pid, timestamp: 1 }).replace('"X"', '"say "hi""'));
    await a.kiosk.screen('RECEIPT_QUESTION');
    const all = await books<{ unparsedFrames: unknown[]; sales: Sale[] }>(server);
    expect(all.unparsedFrames).toHaveLength(1);
    expect(all.sales[0]).toMatchObject({ state: 'paid' });
  });

  it('the books endpoint is off unless switched on, and with a token needs it', async () => {
    server = await startV2({ books: undefined });
    expect((await fetch(`${server.httpUrl}/v2/books`)).status).toBe(404);
    await server.close();
    server = await startV2({ books: { token: 's3cret' } });
    expect((await fetch(`${server.httpUrl}/v2/books`)).status).toBe(401);
    expect((await fetch(`${server.httpUrl}/v2/books`, { headers: { authorization: 'Bearer s3cret' } })).status).toBe(200);
    expect((await fetch(`${server.httpUrl}/v2/books`, { method: 'DELETE', headers: { authorization: 'Bearer s3cret' } })).status).toBe(405);
  });
});
