import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocketServer } from 'ws';
import { scaledClock } from '../../conformance/v2/clock.js';
import { embeddedV2Config, embeddedV2TimeScale, scaledServerClock } from '../../conformance/v2/embedded.js';
import { KioskLink } from '../../conformance/v2/kiosk-link.js';
import { WireLog } from '../../conformance/wire-log.js';
import { startV2ReferenceServer, type V2ReferenceServer } from '../../reference-server/v2/index.js';

let server: V2ReferenceServer | undefined;
let link: KioskLink | undefined;
let raw: WebSocketServer | undefined;
afterEach(async () => {
  link?.stop();
  await server?.close();
  if (raw) {
    for (const client of raw.clients) client.terminate();
    await new Promise((resolve) => raw!.close(resolve));
  }
  server = link = raw = undefined;
});

describe('KioskLink.adoptId: the certifier\'s kiosk carries an id it adopted (pinto-android-2.md §3.4.1, V2-M-15)', () => {
  it('the next card payment\'s CARD_CHECK_RESULT carries the adopted id, and the backend never sees the frame that carried it', async () => {
    server = await startV2ReferenceServer({ host: '127.0.0.1', port: 0, testControl: true, config: { ...embeddedV2Config }, clock: scaledServerClock(embeddedV2TimeScale) });
    const log = new WireLog();
    link = new KioskLink({ label: 'A', url: server.url, terminalId: 'adopt-1', scenario: 'provider:integra', clock: scaledClock(embeddedV2TimeScale), log, terminalMs: 200 });
    expect(() => link!.adoptId('config-too-early')).toThrow(/no open connection/);
    link.start();
    // Generous waits: on a loaded machine AMOUNT_SELECT came up to 2.6 s after DEVICE_INFO; timing decides nothing here.
    expect(await link.untilScreen('AMOUNT_SELECT', 10_000)).toBe(true);
    link.kiosk.tapAmount(link.kiosk.screen.name === 'AMOUNT_SELECT' ? link.kiosk.screen.amounts[0]! : 0);
    expect(await link.untilScreen('PAYMENT_METHOD', 10_000)).toBe(true);
    const backendId = link.received.at(-1)?.message?.transactionId;
    link.adoptId('config-1700000000000');
    expect(link.kiosk.screen.name).toBe('PAYMENT_METHOD');
    link.terminal.cardChecks.push({ outcome: 'approve', token: 'CARD-ADOPT' });
    link.terminal.sales.push({ outcome: 'decline' });
    link.kiosk.tapPaymentMethod('DEBIT_CARD');
    expect(await link.until(() => link!.sentOf('CARD_CHECK_RESULT').length > 0, 10_000)).toBe(true);
    expect(link.sentOf('CARD_CHECK_RESULT')[0]?.message?.transactionId).toBe('config-1700000000000');
    expect(backendId).not.toBe('config-1700000000000');
    expect(link.sent.filter((f) => f.message?.messageType === 'STATUS_UPDATE')).toEqual([]);
    expect(log.events.filter((e) => e.direction === 'event' && e.data.includes('never sent to the backend'))).toHaveLength(1);
  });
});

describe('KioskLink keeps what the kiosk never sees: binary frames (V2-TRN-4), closes by the backend (V2-TRN-5, V2-TRN-7), withheld frames (V2-TRN-10)', () => {
  it('counts a binary frame the kiosk ignores, holds a withheld screen back from the kiosk, and counts the backend\'s close', async () => {
    raw = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await once(raw, 'listening');
    const screen = (name: string, data: Record<string, unknown>, id: string): string => JSON.stringify({ messageType: 'SCREEN_CHANGE', screen: name, data, transactionId: id, timestamp: Date.now() });
    raw.on('connection', (ws) => {
      ws.send(Buffer.from('not text'), { binary: true });
      ws.send(screen('AMOUNT_SELECT', { amounts: [20], currency: '£' }, 'T-1'));
      ws.send(screen('KEYPAD', { currency: '£' }, 'T-2'));
    });
    const log = new WireLog();
    link = new KioskLink({ label: 'A', url: `ws://127.0.0.1:${(raw.address() as AddressInfo).port}/`, terminalId: undefined, scenario: undefined, clock: scaledClock(1), log, terminalMs: 200 });
    link.withhold = (m) => m.screen === 'KEYPAD';
    link.start();
    await vi.waitFor(() => expect(link!.received.map((f) => f.message?.screen)).toEqual(['AMOUNT_SELECT', 'KEYPAD']), { timeout: 10_000 });
    expect(link.binaryFrames).toBe(1);
    expect(log.events.filter((e) => e.kind === 'binary')).toHaveLength(1);
    expect(link.kiosk.screen.name).toBe('AMOUNT_SELECT');
    expect(link.closes).toBe(0);
    for (const client of raw.clients) client.close(1000, 'bye');
    await vi.waitFor(() => expect(link!.closes).toBe(1), { timeout: 10_000 });
  });
});
