import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';
import { CloseCode } from '../protocol/error-catalogue.js';
import type { OutOfService } from './out-of-service.js';
import type { Scenario } from './scenario.js';
import { ServerConnection, type ConnectionContext } from './server-connection.js';
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
 * session until it closes; one that named the out-of-service scenario talks
 * to TC-3's stand-in instead.
 */
export class ConnectionRegistry implements Iterable<ServerConnection> {
  private readonly current = new Map<string, ServerConnection>();
  private readonly connections = new Set<ServerConnection>();
  /** What wraps each connection as it opens, before it serves (the server's startup installs them). */
  private readonly decorators: Array<(connection: ServerConnection) => void> = [];

  constructor(
    private readonly ctx: ConnectionContext,
    private readonly sessions: SessionRegistry,
    private readonly outOfService: OutOfService,
  ) {}

  /** Number of open connections. */
  get size(): number {
    return this.connections.size;
  }

  [Symbol.iterator](): Iterator<ServerConnection> {
    return this.connections[Symbol.iterator]();
  }

  /** Wraps every connection opened from now on. */
  decorate(decorator: (connection: ServerConnection) => void): void {
    this.decorators.push(decorator);
  }

  /** TRN-6: the connection a newer one of its terminal replaced is closed with 4001. */
  retire(older: ServerConnection): void {
    older.close(CloseCode.REPLACED, 'replaced by a newer connection');
  }

  /** A terminal's WebSocket opened: it becomes the terminal's current connection and gets its screen (FLOW-1, RES-3). */
  open(ws: WebSocket, req: IncomingMessage, { terminalId, scenario }: AcceptedUpgrade): void {
    const { logger, metrics } = this.ctx;
    const session = this.sessions.sessionOf(terminalId);
    // TC-3: an out-of-service connection shows DEVICE_ERROR and nothing else; the terminal's session is left alone.
    const terminal = scenario.name === 'out-of-service' ? this.outOfService : session;
    const connection = new ServerConnection(this.ctx, ws, terminalId, scenario, terminal, req.socket as Socket);
    for (const decorate of this.decorators) decorate(connection);
    this.connections.add(connection);
    metrics.openConnections.inc();
    logger.info({ terminalId, scenario: scenario.name, remote: (req.socket as Socket).remoteAddress, userAgent: req.headers['user-agent'] }, 'terminal connected');
    const older = this.current.get(terminalId);
    if (older) {
      session.detach(older);
      this.retire(older);
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
    if (terminal === session) session.attach(connection);
    else this.outOfService.greet(connection);
  }

  /** Drops every connection without a close handshake. */
  terminateAll(): void {
    for (const connection of this.connections) connection.ws.terminate();
  }
}
