/**
 * The floor: the protocol's v1 happy path on `ws` and nothing else. No
 * validation, no persistence, no delays, no timers: AMOUNT_SELECT on
 * connect, PAYMENT_METHOD for an amount, and for a method the whole cycle
 * PROCESSING, SUCCESS, PRINT_TICKET, COLLECT_TICKET, THANK_YOU,
 * AMOUNT_SELECT at once. What any backend on this machine and this
 * WebSocket library could at best do; benches compare the reference
 * server with it. Never a backend to certify.
 *
 *   node dist/bench/floor-server.js [port]   (prints "listening on ws://...")
 */
import { pathToFileURL } from 'node:url';
import { WebSocketServer } from 'ws';

const amountSelect = { amounts: [20, 40, 60, 80, 100], currency: '£', showOtherOption: true };

/** Starts the floor server on 127.0.0.1; resolves with its URL and a close function. */
export async function startFloorServer(port = 0): Promise<{ url: string; close: () => Promise<void> }> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port, perMessageDeflate: false });
  await new Promise<void>((resolve) => wss.once('listening', resolve));
  let counter = 0;
  wss.on('connection', (ws) => {
    const frame = (screen: string, data: Record<string, unknown>, transactionId: string): string =>
      JSON.stringify({ messageType: 'SCREEN_CHANGE', screen, data, transactionId, timestamp: Date.now() });
    ws.send(frame('AMOUNT_SELECT', amountSelect, 'initial'));
    ws.on('message', (raw) => {
      const message = JSON.parse(raw.toString()) as { screen?: string; transactionId?: string; data?: { selectedAmount?: number; selectedMethod?: string } };
      if (message.screen === 'AMOUNT_SELECT' && message.data?.selectedAmount !== undefined) {
        ws.send(frame('PAYMENT_METHOD', { methods: ['DEBIT_CARD', 'PAY_BY_BANK'], allowCancel: true, currency: '£' }, `F-${++counter}`));
      } else if (message.screen === 'PAYMENT_METHOD' && message.data?.selectedMethod !== undefined) {
        const id = message.transactionId ?? 'initial';
        ws.send(frame('PROCESSING', { amount: 20, method: message.data.selectedMethod }, id));
        ws.send(frame('SUCCESS', { showReceipt: true }, id));
        ws.send(frame('PRINT_TICKET', {}, id));
        ws.send(frame('COLLECT_TICKET', {}, id));
        ws.send(frame('THANK_YOU', {}, id));
        ws.send(frame('AMOUNT_SELECT', amountSelect, 'initial'));
      }
    });
  });
  const address = wss.address() as { port: number };
  return {
    url: `ws://127.0.0.1:${address.port}/`,
    close: () => new Promise<void>((resolve) => {
      for (const client of wss.clients) client.terminate();
      wss.close(() => resolve());
    }),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const server = await startFloorServer(Number(process.argv[2] ?? 0));
  console.log(`listening on ${server.url}`);
  process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
}
