import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { MAX_MESSAGE_BYTES } from '../protocol/error-catalogue.js';
import { IDENTIFIER_RULE } from '../protocol/identifier.js';
import type { ReferenceServerOptions } from './api.js';
import { identify, refuse, type Identify } from './authentication.js';
import type { AcceptedUpgrade } from './connection-registry.js';
import { requestedScenario } from './test-control.js';
import type { VariantSet } from './variants.js';

/** The protocol's transport settings (TRN-4, TRN-5, TRN-7, AUTH-2..7), before the server is built. */
export const protocolTransport = { maxPayload: MAX_MESSAGE_BYTES, autoPong: true, tls: { minVersion: 'TLSv1.2' as const }, identify };

/**
 * The WebSocket side of the server: frames up to `maxPayload` (TRN-4: 64 KiB),
 * permessage-deflate as the variants choose (TRN-11), pings answered with pongs
 * (TRN-7).
 */
export function webSocketServer(settings: { maxPayload: number; autoPong: boolean }, variants: VariantSet): WebSocketServer {
  return new WebSocketServer({
    noServer: true,
    maxPayload: settings.maxPayload,
    perMessageDeflate: variants.perMessageDeflate(),
    skipUTF8Validation: variants.skipUtf8Validation,
    autoPong: settings.autoPong,
  });
}

/** What the upgrade handler needs of its server. */
export interface UpgradeContext {
  options: ReferenceServerOptions;
  variants: VariantSet;
  /** Who an upgrade request is (AUTH-2..7). */
  identify: Identify;
  /** Whether the server is shutting down (upgrades are then refused with 503). */
  shuttingDown(): boolean;
  /** A WebSocket accepted for a terminal. */
  opened(ws: WebSocket, req: IncomingMessage, accepted: AcceptedUpgrade): void;
}

/**
 * Serves the protocol's endpoint at `/` on `server`: refuses an upgrade while
 * shutting down (503), elsewhere than `/` (404), without a valid terminal id
 * or token (400, 401, 403: AUTH-2..7); reads the test-control scenario and
 * echoes the one it accepted (TC-3, TC-4, TC-6).
 */
export function acceptUpgrades(server: Server, wss: WebSocketServer, ctx: UpgradeContext): void {
  const { options, variants } = ctx;
  const accepted = new WeakMap<IncomingMessage, AcceptedUpgrade & { echo: string | undefined }>();
  wss.on('headers', (headers, req) => {
    const echo = accepted.get(req)?.echo;
    if (echo !== undefined) headers.push(`X-Test-Scenario-Accepted: ${echo}`);
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    if (ctx.shuttingDown()) return refuse(socket, 503, 'server shutting down');
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== '/') return refuse(socket, 404, 'no WebSocket endpoint at this path');
    const terminalId = ctx.identify(req, url, options);
    if (typeof terminalId === 'number') return refuse(socket, terminalId, terminalId === 401 ? 'missing or unknown token' : `terminalId missing or not ${IDENTIFIER_RULE}`);
    if (options.auth?.mode === 'tokens' && variants.refusesForeignTerminalId(url.searchParams.get('terminalId'), terminalId)) return refuse(socket, 403, 'terminalId names another terminal than the token');
    const { scenario, echo } = requestedScenario(req, options.testControl ?? false);
    accepted.set(req, { terminalId, scenario, echo });
    wss.handleUpgrade(req, socket, head, (ws) => {
      const info = accepted.get(req);
      if (!info) {
        ws.terminate();
        return;
      }
      ctx.opened(ws, req, info);
    });
  });
}
