import type { IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { startKioskServer, type KioskServer } from '../../kiosk/server.js';

/** A backend that echoes X-Test-Scenario as a test-control backend does (TC-2) when `accept` says so, and records what it got. */
let backend: WebSocketServer;
let backendUrl: string;
const upgrades: IncomingMessage[] = [];
const got: Array<{ data: string; binary: boolean }> = [];
const closes: number[] = [];
let kiosk: KioskServer;
let v1: KioskServer;

beforeAll(async () => {
  backend = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  backend.on('headers', (headers, req) => {
    const scenario = req.headers['x-test-scenario'];
    if (scenario === 'printer-fault') headers.push(`X-Test-Scenario-Accepted: ${scenario}`);
  });
  backend.on('connection', (ws, req) => {
    upgrades.push(req);
    ws.send('{"messageType":"SCREEN_CHANGE","screen":"AMOUNT_SELECT"}');
    ws.on('message', (data, binary) => {
      got.push({ data: String(data), binary });
      if (String(data) === 'close please') ws.close(1000, 'bye');
    });
    ws.on('close', (code) => closes.push(code));
  });
  await new Promise<void>((resolve) => backend.once('listening', () => resolve()));
  backendUrl = `ws://127.0.0.1:${(backend.address() as { port: number }).port}`;
  kiosk = await startKioskServer({ port: 0, backend: backendUrl, profile: 'pinto-android-2', script: '/* v2 */' });
  v1 = await startKioskServer({ port: 0, backend: backendUrl, profile: 'pinto-android-1', script: '/* v1 */' });
});

afterAll(async () => {
  await kiosk?.close();
  await v1?.close();
  await new Promise<void>((resolve) => backend.close(() => resolve()));
});

function relay(server: KioskServer, scenario: string, origin = `http://127.0.0.1:${server.port}`, to = backendUrl): WebSocket {
  return new WebSocket(`ws://127.0.0.1:${server.port}/relay?to=${encodeURIComponent(to)}&scenario=${encodeURIComponent(scenario)}`, { origin });
}

/** The first `n` text messages the socket receives. */
function messages(ws: WebSocket, n: number): Promise<string[]> {
  const out: string[] = [];
  return new Promise((resolve, reject) => {
    ws.on('message', (d) => {
      out.push(String(d));
      if (out.length === n) resolve(out);
    });
    ws.on('error', reject);
  });
}

/** The HTTP status the relay refuses an upgrade with. */
function refused(ws: WebSocket): Promise<number> {
  return new Promise((resolve) => {
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => resolve(-1));
  });
}

describe('paysock kiosk\'s test-control relay (v2 page)', () => {
  it('opens the backend with X-Test-Scenario, tells the page first what the backend answered, then passes frames both ways unchanged', async () => {
    const ws = relay(kiosk, 'printer-fault');
    const [hello, first] = await messages(ws, 2);
    expect(JSON.parse(hello!)).toEqual({ paysockRelay: { scenario: 'printer-fault', accepted: 'printer-fault' } });
    expect(first).toBe('{"messageType":"SCREEN_CHANGE","screen":"AMOUNT_SELECT"}');
    expect(upgrades.at(-1)?.headers['x-test-scenario']).toBe('printer-fault');
    // OkHttp offers no extensions; neither does the relay.
    expect(upgrades.at(-1)?.headers['sec-websocket-extensions']).toBeUndefined();
    ws.send('{"ping":true}');
    await expect.poll(() => got.at(-1)).toEqual({ data: '{"ping":true}', binary: false });
    const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
    ws.send('close please');
    // The backend's close frame reaches the page with its code.
    expect(await closed).toBe(1000);
  });

  it('says accepted: null when the backend does not echo the header (TC-2), and passes the kiosk\'s close code on', async () => {
    const ws = relay(kiosk, 'unknown-name');
    const [hello] = await messages(ws, 1);
    expect(JSON.parse(hello!)).toEqual({ paysockRelay: { scenario: 'unknown-name', accepted: null } });
    const before = closes.length;
    ws.close(4000, 'link lost');
    await expect.poll(() => closes.slice(before)).toEqual([4000]);
  });

  it('serves only the page itself: another Origin 403, a non-ws backend or an empty scenario 400, the v1 page no relay at all', async () => {
    expect(await refused(relay(kiosk, 'printer-fault', 'http://evil.example'))).toBe(403);
    expect(await refused(relay(kiosk, 'printer-fault', `http://127.0.0.1:${kiosk.port}`, 'http://127.0.0.1:1/'))).toBe(400);
    expect(await refused(relay(kiosk, ''))).toBe(400);
    expect(await refused(relay(kiosk, 'a\r\nX-Injected: 1'))).toBe(400);
    expect(await refused(relay(v1, 'printer-fault', `http://127.0.0.1:${v1.port}`))).not.toBe(101);
  });

  it('refuses the page\'s upgrade with 502 when the backend cannot be reached', async () => {
    expect(await refused(relay(kiosk, 'printer-fault', `http://127.0.0.1:${kiosk.port}`, 'ws://127.0.0.1:1'))).toBe(502);
  });
});
