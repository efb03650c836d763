import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';

/** The path the page opens when it asks for test control; anything else is not upgraded. */
export const RELAY_PATH = '/relay';

/**
 * The first frame the relay sends the page, before any backend frame: what the
 * backend answered to `X-Test-Scenario` (TC-2: `X-Test-Scenario-Accepted`, or
 * nothing when it does not apply it). The page consumes it; the kiosk never sees it.
 */
export interface RelayHello {
  paysockRelay: { scenario: string; accepted: string | null };
}

/** A scenario value a header may carry: printable ASCII, short. */
const SCENARIO = /^[\x21-\x7e](?:[\x20-\x7e]{0,198}[\x21-\x7e])?$/;

/**
 * Test control through `paysock kiosk`: a browser cannot set a header on a
 * WebSocket upgrade, so the page opens `/relay?to=<backend>&scenario=<names>`
 * here and this process opens the backend with `X-Test-Scenario: <names>`
 * (TC-1, and the reference server's v2 test control), then passes every frame
 * both ways unchanged, text as text, and the closes with their codes. Only the
 * kiosk page itself may use it (its Origin), only ws:// and wss:// backends.
 */
export function attachRelay(server: Server, port: () => number, ownHost: (host: string | undefined, port: number) => boolean): void {
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const refuse = (status: number, text: string): void => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const p = port();
    if (url.pathname !== RELAY_PATH) return refuse(404, 'Not Found');
    // Another page in the same browser could otherwise drive a backend through this process.
    const origin = req.headers.origin;
    if (!ownHost(req.headers.host, p) || (origin !== `http://127.0.0.1:${p}` && origin !== `http://localhost:${p}`)) return refuse(403, 'Forbidden');
    const to = url.searchParams.get('to') ?? '';
    const scenario = url.searchParams.get('scenario') ?? '';
    if (!/^wss?:\/\//.test(to) || !SCENARIO.test(scenario)) return refuse(400, 'Bad Request');
    // OkHttp offers no extensions; the backend sees the same handshake apart from the header.
    const backend = new WebSocket(to, { headers: { 'X-Test-Scenario': scenario }, perMessageDeflate: false, handshakeTimeout: 10_000 });
    let accepted: string | null = null;
    backend.once('upgrade', (res) => {
      const echo = res.headers['x-test-scenario-accepted'];
      accepted = typeof echo === 'string' ? echo : null;
    });
    backend.once('error', () => refuse(502, 'Bad Gateway'));
    // The page gave up before the backend answered: no backend connection left behind.
    const pageGone = (): void => backend.terminate();
    socket.once('close', pageGone);
    backend.once('open', () => {
      backend.removeAllListeners('error');
      socket.off('close', pageGone);
      wss.handleUpgrade(req, socket, head, (page) => pipe(page, backend, { paysockRelay: { scenario, accepted } }));
    });
  });
}

function pipe(page: WebSocket, backend: WebSocket, hello: RelayHello): void {
  page.send(JSON.stringify(hello));
  const forward = (to: WebSocket) => (data: RawData, isBinary: boolean): void => {
    if (to.readyState === WebSocket.OPEN) to.send(isBinary ? data : data.toString('utf8'), { binary: isBinary });
  };
  backend.on('message', forward(page));
  page.on('message', forward(backend));
  // A close frame is passed on with its code; a link that died without one is cut on the other side too.
  const end = (to: WebSocket) => (code: number, reason: Buffer): void => {
    if (to.readyState !== WebSocket.OPEN) return;
    if (code === 1000 || (code >= 3000 && code <= 4999) || code === 1001) to.close(code, reason.toString('utf8'));
    else to.terminate();
  };
  backend.on('close', end(page));
  page.on('close', end(backend));
  backend.on('error', () => page.terminate());
  page.on('error', () => backend.terminate());
}
