import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';
import { CloseCode } from '../protocol/error-catalogue.js';
import { TerminalConnection, type ConnectionContext } from './connection.js';
import type { Scenario } from './scenario.js';
import type { SessionRegistry } from './session-registry.js';

/** What the upgrade decided about a connection: whose it is and its test-control scenario (TC-3). */
export interface AcceptedUpgrade {
  terminalId: string;
  scenario: Scenario;
}

/**
 * The open WebSocket connections, and which one is each terminal's current
 * connection: a newer connection of a terminal replaces the older one, which
 * is closed with 4001 (TRN-6). Each connection is attached to its terminal's
 * session until it closes.
 */
export class ConnectionRegistry implements Iterable<TerminalConnection> {
  private readonly current = new Map<string, TerminalConnection>();
  private readonly connections = new Set<TerminalConnection>();

  constructor(
    private readonly ctx: ConnectionContext,
    private readonly sessions: SessionRegistry,
    /** Whether a replaced connection is closed (not under the no-replace-close fault). */
    private readonly closesReplaced: boolean,
  ) {}

  /** Number of open connections. */
  get size(): number {
    return this.connections.size;
  }

  [Symbol.iterator](): Iterator<TerminalConnection> {
    return this.connections[Symbol.iterator]();
  }

  /** A terminal's WebSocket opened: it becomes the terminal's current connection and gets its screen (FLOW-1, RES-3). */
  open(ws: WebSocket, req: IncomingMessage, { terminalId, scenario }: AcceptedUpgrade): void {
    const { logger, metrics } = this.ctx;
    const session = this.sessions.sessionOf(terminalId);
    const connection = new TerminalConnection(this.ctx, ws, terminalId, scenario, session, req.socket as Socket);
    this.connections.add(connection);
    metrics.openConnections.inc();
    logger.info({ terminalId, scenario: scenario.name, remote: (req.socket as Socket).remoteAddress, userAgent: req.headers['user-agent'] }, 'terminal connected');
    const older = this.current.get(terminalId);
    if (older) {
      session.detach(older);
      if (this.closesReplaced) older.close(CloseCode.REPLACED, 'replaced by a newer connection');
    }
    this.current.set(terminalId, connection);
    ws.on('close', (code, reason) => {
      this.connections.delete(connection);
      metrics.openConnections.dec();
      logger.info({ terminalId, code, reason: reason.toString() }, 'terminal disconnected');
      if (this.current.get(terminalId) === connection) this.current.delete(terminalId);
      session.detach(connection);
    });
    ws.on('error', (error) => logger.warn({ terminalId, err: error }, 'socket error'));
    session.attach(connection);
  }

  /** Drops every connection without a close handshake. */
  terminateAll(): void {
    for (const connection of this.connections) connection.ws.terminate();
  }
}
