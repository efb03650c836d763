import { IDENTIFIER_RULE } from '../protocol/identifier.js';
import { randomBytes } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { pino, type Logger } from 'pino';
import { WebSocketServer, type WebSocket } from 'ws';
import { CloseCode, MAX_MESSAGE_BYTES } from '../protocol/error-catalogue.js';
import type { ReferenceServerOptions, RunningReferenceServer, ServerConfig } from './api.js';
import { resolveConfig } from './config.js';
import { TerminalConnection } from './connection.js';
import { SimulatedPaymentProcessor, type PaymentProcessor } from './devices/payment-processor.js';
import { SimulatedTicketPrinter, type TicketPrinter } from './devices/ticket-printer.js';
import { FaultSet } from './faults.js';
import { sessionFaultHooks } from './session-faults.js';
import { ServerMetrics } from './metrics.js';
import { approve, parseScenario, type Scenario } from './scenario.js';
import { Store, utcDay } from './store.js';
import { TerminalSession, type SessionContext } from './terminal-session.js';
import { VariantSet, type VariantTimers } from './variants.js';
import { identify, refuse } from './authentication.js';
import { httpRoutes } from './http-routes.js';
import { systemClock, type Clock } from './clock.js';

export * from './api.js';
export { faults, faultNames, type FaultName } from './faults.js';
export { incompatibleVariants, variants, variantNames, type VariantName } from './variants.js';

/** Extra options of the reference server beyond the shared contract of api.ts. */
export interface ExtendedServerOptions extends ReferenceServerOptions {
  /** Validate every outbound message with validateServerMessage and log failures. */
  selfCheck?: boolean;
  /** Where pino writes (default stdout). */
  logDestination?: NodeJS.WritableStream;
  /** Replace the simulated devices with real adapters. */
  processor?: PaymentProcessor;
  printer?: TicketPrinter;
  /** The timers of the delayed-frames variant (tests inject their own). */
  variantTimers?: VariantTimers;
  /** Time and timers of the sessions and of their eviction (tests inject a fake clock). */
  clock?: Clock;
  /** How long a disconnected terminal's session stays in memory once nothing runs in it, ms (default 60000). */
  sessionLingerMs?: number;
}

/** A started reference server, with read-only views for tests and tools. */
export interface ReferenceServer extends RunningReferenceServer {
  /** The effective configuration. */
  config: ServerConfig;
  /** How many times the processor was asked to charge this transaction (RES-4). */
  charges(transactionId: string): number;
  /** The stored transaction (state, amount, outcome, ticket), for tests. */
  transaction(transactionId: string): ReturnType<Store['transaction']>;
  /** Number of open WebSocket connections. */
  connections(): number;
  /** Number of terminal sessions held in memory. */
  sessions(): number;
}

/** Ten random hex digits, from a pool refilled 4 KiB at a time (one randomBytes call per id cost 3% of a busy server). */
const randomHex = (() => {
  let pool = randomBytes(4096);
  let offset = 0;
  return (): string => {
    if (offset + 5 > pool.length) {
      pool = randomBytes(4096);
      offset = 0;
    }
    offset += 5;
    return pool.toString('hex', offset - 5, offset);
  };
})();

/** How long a disconnected terminal's quiet session stays in memory by default. */
const DEFAULT_SESSION_LINGER_MS = 60_000;

// Headroom for the no-size-limit fault: big enough to read a frame, bounded all the same.
const FAULTY_MAX_PAYLOAD = 16 * 1024 * 1024;

/**
 * Starts the reference backend: HTTP(S) server with /healthz, /readyz, /metrics,
 * and the protocol's WebSocket endpoint at `/`, authentication in the upgrade
 * handler (AUTH section).
 */
export async function startReferenceServer(options: ExtendedServerOptions = {}): Promise<ReferenceServer> {
  const faults = new FaultSet(options.faults ?? []);
  const variants = new VariantSet(options.variants ?? [], options.variantTimers);
  const config = resolveConfig({ ...options.config, ...variants.config() });
  const logger: Logger = pino(
    { level: options.logLevel ?? 'silent', base: { service: 'paysock-reference-server' } },
    options.logDestination ?? process.stdout,
  );
  if (faults.list().length > 0) logger.warn({ faults: faults.list() }, 'deliberate faults switched on');
  if (variants.list().length > 0) logger.info({ variants: variants.list() }, 'legal variants switched on');
  const store = new Store(options.dataDir ?? ':memory:');
  if (faults.has('global-daily-total')) store.totalsKey = () => 'all-terminals';
  const metrics = new ServerMetrics();
  const processor = options.processor ?? new SimulatedPaymentProcessor(store, config.processingMs);
  const printer = options.printer ?? new SimulatedTicketPrinter();
  const sessions = new Map<string, TerminalSession>();
  const clock = options.clock ?? systemClock;
  const lingerMs = options.sessionLingerMs ?? DEFAULT_SESSION_LINGER_MS;
  const current = new Map<string, TerminalConnection>();
  const connections = new Set<TerminalConnection>();
  let shuttingDown = false;

  const sessionContext: SessionContext = {
    config,
    store,
    hooks: sessionFaultHooks(faults),
    variants,
    processor,
    printer,
    logger,
    metrics,
    clock,
    newTransactionId() {
      for (;;) {
        const id = variants.transactionId() ?? `T-${Date.now().toString(36)}-${randomHex()}`;
        if (!store.hasTransaction(id)) return id;
      }
    },
    sessionWithTransaction(id) {
      for (const session of sessions.values()) if (session.activeTransactionId === id) return session;
      return undefined;
    },
    orphanedTerminal() {
      for (const session of sessions.values()) if (!session.connected && session.activeTransactionId !== 'initial') return store.terminal(session.terminalId);
      return undefined;
    },
  };
  const sessionOf = (terminalId: string): TerminalSession => {
    let session = sessions.get(terminalId);
    if (!session) {
      session = new TerminalSession(sessionContext, terminalId);
      sessions.set(terminalId, session);
    }
    return session;
  };
  store.group.onEffectError = (error) => logger.error({ err: error }, 'sending after a commit failed');
  store.group.onFailure = (error) => {
    // The turn's changes are gone and its frames were never sent: the sessions in memory are ahead of the
    // store. Drop them and every connection; terminals reconnect and resume from what the store holds (RES-3).
    logger.error({ err: error }, 'commit failed: dropping every connection to resume from the store');
    for (const session of sessions.values()) session.close();
    sessions.clear();
    for (const connection of connections) connection.ws.terminate();
  };
  // Payments in flight when the previous process died (RES-2, RES-4).
  for (const terminalId of store.terminalsOn('PROCESSING')) sessionOf(terminalId).resumePayment();

  const onRequest = httpRoutes(metrics, () => shuttingDown);
  const server: Server = options.tls
    ? createHttpsServer(
        faults.has('accepts-tls-1.1')
          ? // OpenSSL's default security level refuses TLS 1.1 even when minVersion allows it.
            { cert: options.tls.cert, key: options.tls.key, minVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' }
          : { cert: options.tls.cert, key: options.tls.key, minVersion: 'TLSv1.2' },
        onRequest,
      )
    : createHttpServer(onRequest);

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: faults.has('no-size-limit') ? FAULTY_MAX_PAYLOAD : MAX_MESSAGE_BYTES,
    perMessageDeflate: variants.perMessageDeflate(),
    skipUTF8Validation: variants.skipUtf8Validation,
    autoPong: !faults.has('no-pong'),
  });
  const accepted = new WeakMap<IncomingMessage, { terminalId: string; scenario: Scenario; echo: string | undefined }>();
  wss.on('headers', (headers, req) => {
    const echo = accepted.get(req)?.echo;
    if (echo !== undefined) headers.push(`X-Test-Scenario-Accepted: ${echo}`);
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    if (shuttingDown) return refuse(socket, 503, 'server shutting down');
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== '/') return refuse(socket, 404, 'no WebSocket endpoint at this path');
    const terminalId = identify(req, url, options, faults);
    if (typeof terminalId === 'number') return refuse(socket, terminalId, terminalId === 401 ? 'missing or unknown token' : `terminalId missing or not ${IDENTIFIER_RULE}`);
    if (options.auth?.mode === 'tokens' && variants.refusesForeignTerminalId(url.searchParams.get('terminalId'), terminalId)) return refuse(socket, 403, 'terminalId names another terminal than the token');
    let scenario = approve;
    let echo: string | undefined;
    const header = req.headers['x-test-scenario'];
    if (options.testControl && typeof header === 'string') {
      const parsed = parseScenario(header);
      if (parsed) {
        scenario = parsed;
        echo = header.trim();
      }
    }
    accepted.set(req, { terminalId, scenario, echo });
    wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws, req));
  });

  const onConnection = (ws: WebSocket, req: IncomingMessage): void => {
    const info = accepted.get(req);
    if (!info) {
      ws.terminate();
      return;
    }
    const { terminalId, scenario } = info;
    if (scenario.name === 'limit-remaining') {
      const day = utcDay(Date.now());
      const before = store.dailyTotal(terminalId, day);
      const set = Math.max(0, config.dailyLimit - scenario.remaining);
      store.setDailyTotal(terminalId, day, set);
      if (variants.limitRemainingPerConnection) ws.once('close', () => store.setDailyTotal(terminalId, day, before + Math.max(0, store.dailyTotal(terminalId, day) - set)));
    }
    const session = sessionOf(terminalId);
    const connection = new TerminalConnection({ faults, variants, logger, metrics, selfCheck: options.selfCheck ?? false, afterCommit: (write) => store.afterCommit(write) }, ws, terminalId, scenario, session, req.socket as Socket);
    connections.add(connection);
    metrics.openConnections.inc();
    logger.info({ terminalId, scenario: scenario.name, remote: (req.socket as Socket).remoteAddress, userAgent: req.headers['user-agent'] }, 'terminal connected');
    const older = current.get(terminalId);
    if (older) {
      session.detach(older);
      if (!faults.has('no-replace-close')) older.close(CloseCode.REPLACED, 'replaced by a newer connection');
    }
    current.set(terminalId, connection);
    ws.on('close', (code, reason) => {
      connections.delete(connection);
      metrics.openConnections.dec();
      logger.info({ terminalId, code, reason: reason.toString() }, 'terminal disconnected');
      if (current.get(terminalId) === connection) current.delete(terminalId);
      session.detach(connection);
    });
    ws.on('error', (error) => logger.warn({ terminalId, err: error }, 'socket error'));
    session.attach(connection);
  };

  // Sessions of terminals that left go after a while: their state is in the store, memory stays flat under id churn.
  let evictionTimer: unknown;
  const evict = (): void => {
    for (const [terminalId, session] of sessions) {
      if (!session.evictable(lingerMs)) continue;
      session.close();
      sessions.delete(terminalId);
    }
    evictionTimer = clock.setTimeout(evict, lingerMs);
  };
  evictionTimer = clock.setTimeout(evict, lingerMs);

  const heartbeat = setInterval(() => {
    for (const connection of connections) connection.heartbeat();
  }, config.pingIntervalMs);
  heartbeat.unref();

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const hostForUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const secure = options.tls !== undefined;
  const url = `${secure ? 'wss' : 'ws'}://${hostForUrl}:${address.port}/`;
  const httpUrl = `${secure ? 'https' : 'http'}://${hostForUrl}:${address.port}`;
  logger.info({ url, httpUrl, dataDir: options.dataDir ?? ':memory:', auth: options.auth?.mode ?? 'none', testControl: options.testControl ?? false }, 'listening');

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      shuttingDown = true;
      clearInterval(heartbeat);
      clock.clearTimeout(evictionTimer);
      const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const open = [...connections];
      for (const connection of open) connection.close(CloseCode.GOING_AWAY, 'server shutting down');
      // Peers that do not finish the close handshake (the shipped client never does) are cut after a grace period.
      await Promise.race([
        Promise.all(open.map((c) => (c.ws.readyState === c.ws.CLOSED ? Promise.resolve() : new Promise((resolve) => c.ws.once('close', resolve))))),
        new Promise((resolve) => setTimeout(resolve, 1000).unref()),
      ]);
      for (const connection of connections) connection.ws.terminate();
      wss.close();
      server.closeAllConnections();
      await serverClosed;
      for (const session of sessions.values()) session.close();
      processor.close();
      store.close();
      logger.info('stopped');
      logger.flush?.();
    })());

  return {
    url,
    httpUrl,
    port: address.port,
    close,
    config,
    charges: (transactionId) => store.charges(transactionId).length,
    transaction: (transactionId) => store.transaction(transactionId),
    connections: () => connections.size,
    sessions: () => sessions.size,
  };
}
