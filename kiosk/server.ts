import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isTerminalProfile, type ProfileName } from '../protocol/profiles/index.js';
import { kioskScriptPath, readKioskScript } from './assets.js';
import { KIOSK_CSP, kioskPage, type PageConfig } from './page-html.js';
import { kioskPageV2 } from './page-html-v2.js';
import { attachRelay } from './relay.js';
import { kioskStyles } from './styles.js';

/** Options of startKioskServer. */
export interface KioskServerOptions extends Omit<PageConfig, 'profile'> {
  /** A v1 profile serves the v1 page; a v2 profile (pinto-android-2) the v2 page (kiosk/page/v2/), which runs the v2 virtual kiosk. */
  profile: PageConfig['profile'] | ProfileName;
  /** TCP port on 127.0.0.1; 0 picks a free one. */
  port: number;
  /** The page script; read from dist/kiosk/kiosk.js (v2: kiosk-v2.js) when not given. */
  script?: string;
  /** v2 page: how long each card-terminal operation takes, ms. */
  terminalMs?: number;
}

/** A running kiosk page server. */
export interface KioskServer {
  /** http://127.0.0.1:PORT/ */
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Serves the kiosk page on loopback only: the page, its script and its
 * stylesheet, under a strict CSP, nothing else. The page itself connects to the
 * backend from the browser; the v2 page goes through this process's relay
 * (relay.ts) only when the person asks the backend for a test scenario.
 */
export async function startKioskServer(options: KioskServerOptions): Promise<KioskServer> {
  // The registry's v1 profiles get the v1 page; the others (protocol v2) the v2 page.
  const v1 = isTerminalProfile(options.profile);
  const scriptName = v1 ? 'kiosk.js' : 'kiosk-v2.js';
  const script = options.script ?? (await readKioskScript(kioskScriptPath(scriptName)));
  const page = isTerminalProfile(options.profile)
    ? kioskPage({ backend: options.backend, profile: options.profile, ...(options.token ? { token: options.token } : {}), ...(options.terminalId ? { terminalId: options.terminalId } : {}) })
    : kioskPageV2({ backend: options.backend, profile: options.profile, ...(options.terminalMs !== undefined ? { terminalMs: options.terminalMs } : {}) });
  const files: Record<string, { type: string; body: string }> = {
    '/': { type: 'text/html; charset=utf-8', body: page },
    [`/${scriptName}`]: { type: 'text/javascript; charset=utf-8', body: script },
    '/kiosk.css': { type: 'text/css; charset=utf-8', body: kioskStyles },
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const file = files[path];
    const headers = {
      'Content-Security-Policy': KIOSK_CSP,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
    };
    // A page elsewhere could rebind its own name to 127.0.0.1 and read the token from this page: only our own names are served.
    if (!isLoopbackHost(req.headers.host, port)) {
      res.writeHead(403, { ...headers, 'Content-Type': 'text/plain' }).end('forbidden: open the kiosk at its 127.0.0.1 URL\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...headers, Allow: 'GET, HEAD', 'Content-Type': 'text/plain' }).end('method not allowed\n');
      return;
    }
    if (!file) {
      res.writeHead(404, { ...headers, 'Content-Type': 'text/plain' }).end('not found\n');
      return;
    }
    res.writeHead(200, { ...headers, 'Content-Type': file.type, 'Content-Length': Buffer.byteLength(file.body) });
    res.end(req.method === 'HEAD' ? undefined : file.body);
  });
  let port = 0;
  // v2 page only: test control (X-Test-Scenario) needs a header no browser can set (relay.ts).
  if (!v1) attachRelay(server, () => port, isLoopbackHost);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // Loopback only: the page carries the token and drives a payment terminal.
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** Whether a Host header names this server by a loopback name (127.0.0.1 or localhost, with its port). */
export function isLoopbackHost(host: string | undefined, port: number): boolean {
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}
