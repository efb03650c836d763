import { afterEach, describe, expect, it } from 'vitest';
import type { Sale } from '../../reference-server/v2/books.js';
import type { V2ReferenceServer } from '../../reference-server/v2/index.js';
import { books, checkCard, chooseAmount, connected, RawKiosk, startV2 } from './v2-raw-kiosk.js';

// The backend's side of pinto-android-2.md §5 where a test must send what no d540407 kiosk sends to this
// server: the flows a d540407 kiosk plays are v2-kiosk-flows.test.ts (kiosk-v2's VirtualKiosk). Raw frames
// as d540407 writes them, over a real WebSocket; every backend frame is checked against the v2 schemas.

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

describe('v2 flows, backend side, frames no d540407 kiosk sends here', () => {
  it('(a) the document\'s reading of the first screen: a kiosk that pings and RESETs right after connecting (d540407 does not, kiosk-v2) gets AMOUNT_SELECT again; the keepalive is never answered', async () => {
    server = await startV2();
    const k = await RawKiosk.connect(server.url);
    kiosks.push(k);
    const first = await k.screen('AMOUNT_SELECT');
    k.keepalive();
    k.action('RESET', '5e5e5e5e-0000-4000-8000-000000000001');
    const again = await k.screen('AMOUNT_SELECT');
    expect(again.transactionId).not.toBe(first.transactionId);
    expect(k.received.filter((m) => m.messageType !== 'DEVICE_INFO').map((m) => m.screen)).toEqual(['AMOUNT_SELECT', 'AMOUNT_SELECT']);
    expect((await books<Array<{ kioskId: string }>>(server, '/v2/kiosks')).map((r) => r.kioskId)).toEqual(['kiosk@127.0.0.1']);
  });

  it('(c) a method this server never offers (K2 QR_CODE) gets FAILED; the kiosk\'s CANCEL then RESET brings AMOUNT_SELECT', async () => {
    server = await startV2();
    const a = await kiosk('k-a');
    expect(await chooseAmount(a.kiosk, a.id, 40)).toBe(a.id);
    a.kiosk.action('PAYMENT_METHOD', a.id, { selectionMethod: 'QR_CODE' });
    expect((await a.kiosk.screen('FAILED')).data).toMatchObject({ errorMessage: expect.stringContaining('QR_CODE') });
    a.kiosk.action('CANCEL', a.id, {});
    a.kiosk.action('RESET', a.id);
    await a.kiosk.screen('AMOUNT_SELECT');
    expect(await sales()).toEqual([]);
  });

  it('(h) NO_SALE_FOUND (a kiosk that lost its last sale; this server asks only on the sale\'s own connection) is flagged on the sale', async () => {
    server = await startV2();
    const b = await kiosk('k-b', 'refund-after-sale');
    const pb = await chooseAmount(b.kiosk, b.id, 40);
    await checkCard(b.kiosk, pb, 'CARD-h2', 40);
    b.kiosk.paymentResult(pb, 'SUCCESS');
    const refund = await b.kiosk.type('REFUND_REQUEST');
    b.kiosk.noSaleFound(refund.transactionId);
    await b.kiosk.quietUntilReset();
    expect((await sales())[0]).toMatchObject({ state: 'paid', flags: ['no-sale-found'] });
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
