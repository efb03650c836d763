import type { Server } from 'node:http';
import type { Logger } from 'pino';
import type { WebSocketServer } from 'ws';
import { CloseCode } from '../protocol/error-catalogue.js';
import type { ConnectionRegistry } from './connection-registry.js';
import type { PaymentProcessor } from './devices/payment-processor.js';
import type { SessionRegistry } from './session-registry.js';
import type { Store } from './store.js';

/** How long peers get to finish the close handshake before they are cut, ms. */
const CLOSE_GRACE_MS = 1000;

/** What a shutdown stops, in order. */
export interface ShutdownParts {
  server: Server;
  wss: WebSocketServer;
  connections: ConnectionRegistry;
  sessions: SessionRegistry;
  processor: PaymentProcessor;
  store: Store;
  logger: Logger;
  /** Stops the timers of the server itself (heartbeat, eviction). */
  stopTimers(): void;
}

/**
 * Stops the server: no new upgrades or requests (the caller's shutting-down
 * flag), every connection closed with 1001 and, after a grace period, cut;
 * then the sessions' timers, the processor and the store.
 */
export async function shutDown(parts: ShutdownParts): Promise<void> {
  const { server, wss, connections, sessions, processor, store, logger } = parts;
  parts.stopTimers();
  const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const open = [...connections];
  for (const connection of open) connection.close(CloseCode.GOING_AWAY, 'server shutting down');
  // Peers that do not finish the close handshake (the shipped client never does) are cut after a grace period.
  await Promise.race([
    Promise.all(open.map((c) => (c.ws.readyState === c.ws.CLOSED ? Promise.resolve() : new Promise((resolve) => c.ws.once('close', resolve))))),
    new Promise((resolve) => setTimeout(resolve, CLOSE_GRACE_MS).unref()),
  ]);
  connections.terminateAll();
  wss.close();
  server.closeAllConnections();
  await serverClosed;
  sessions.closeAll();
  processor.close();
  store.close();
  logger.info('stopped');
  logger.flush?.();
}
