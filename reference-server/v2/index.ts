import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { pino, type Logger } from 'pino';
import { WebSocketServer, type WebSocket } from 'ws';
import type { AuthOptions } from '../api.js';
import { refuse } from '../authentication.js';
import { systemClock, type Clock } from '../clock.js';
import { startHeartbeat } from '../heartbeat.js';
import { httpRoutes } from '../http-routes.js';
import { listen } from '../listen.js';
import { Store } from '../store.js';
import { Books } from './books.js';
import { booksEndpoint, type BooksEndpointOptions } from './books-http.js';
import { defaultV2Config, deviceConfig, type DeviceConfig, type V2Config } from './config.js';
import { checkV2Faults } from './faults.js';
import { installV2Faults } from './faults/index.js';
import { identifyKiosk, sourceAddress } from './identity.js';
import { KioskConnection } from './kiosk-connection.js';
import { KioskSession, type V2SessionContext } from './kiosk-session.js';
import { V2Metrics } from './metrics.js';
import { protocolV2Rules } from './rules.js';
import { V2VariantSet } from './variant-set.js';
import { installV2Variants } from './variant-edges.js';
import { requestedV2Scenario, type V2Scenario } from './scenario.js';

export { v2Faults, v2FaultNames, type V2FaultName } from './faults.js';
export { defaultV2Config, type V2Config } from './config.js';
export { v2Variants, v2VariantNames, incompatibleV2Variants, type V2VariantName } from './variants.js';

/** Options of the v2 reference server (`paysock serve --profile pinto-android-2`). */
export interface V2ServerOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** SQLite folder, or ':memory:' (default). */
  dataDir?: string;
  /** v1's authentication, for test rigs (a d540407 kiosk sends no token; identity.ts). */
  auth?: AuthOptions;
  /** Source address -> kiosk id (identity.ts). */
  kioskMap?: Record<string, string>;
  /** Honour X-Test-Scenario (scenario.ts). Off by default. */
  testControl?: boolean;
  config?: Partial<V2Config>;
  /** The books endpoint (/v2/...): off unless given (books-http.ts). */
  books?: BooksEndpointOptions;
  /** Deliberate defects (faults.ts). */
  faults?: string[];
  /** Legal alternative answers (variants.ts, docs/variants.md). */
  variants?: string[];
  logLevel?: string;
  logDestination?: NodeJS.WritableStream;
  /** Time and timers of the sessions (tests inject a fake clock). */
  clock?: Clock;
  /** /metrics also carries the process's own metrics (memory, heap, CPU, event loop, GC), as v1's; `paysock serve` asks. */
  processMetrics?: boolean;
}

/** A started v2 reference server. */
export interface V2ReferenceServer {
  url: string;
  httpUrl: string;
  port: number;
  config: V2Config;
  books: Books;
  /** The open sessions of a kiosk, oldest first. */
  sessionsOf(kioskId: string): KioskSession[];
  /** Number of open connections. */
  connections(): number;
  close(): Promise<void>;
}

/**
 * Starts the v2 backend: one protocol version per server (v1 is
 * startReferenceServer in ../index.ts). The kiosk endpoint is `/` (V2-TRN-1);
 * GET /healthz, /readyz, /metrics (metrics.ts); the books endpoint under /v2/
 * when switched on; the heartbeat pings every kiosk (../heartbeat.ts). The
 * books share v1's SQLite store and its group commit.
 */
export async function startV2ReferenceServer(options: V2ServerOptions = {}): Promise<V2ReferenceServer> {
  const variants = new V2VariantSet(options.variants ?? []);
  const config: V2Config = { ...defaultV2Config, ...stripUndefined(options.config ?? {}), ...variants.config() };
  const faults = checkV2Faults(options.faults ?? []);
  const transport = variants.transport();
  const logger: Logger = pino({ level: options.logLevel ?? 'silent', base: { service: 'paysock-reference-server', profile: 'pinto-android-2' } }, options.logDestination ?? process.stdout);
  if (faults.length > 0) logger.warn({ faults }, 'deliberate faults switched on');
  if (variants.list().length > 0) logger.info({ variants: variants.list() }, 'legal variants switched on');
  const clock = options.clock ?? systemClock;
  const store = new Store(options.dataDir ?? ':memory:');
  const rules = protocolV2Rules();
  const choices = variants.choices();
  const books = new Books(store, rules, clock, choices);
  const metrics = new V2Metrics(() => books.tally(), options.processMetrics ?? false);
  const ctx: V2SessionContext = { config, books, rules, choices, clock, logger, metrics, newTransactionId: () => `T-${randomUUID()}` };
  const sessions = new Map<string, KioskSession[]>();
  const decorators: Array<(session: KioskSession) => void> = [];
  installV2Variants(transport, { clock, decorate: (d) => decorators.push(d) });
  installV2Faults(faults, { rules, books, decorate: (d) => decorators.push(d) });
  store.group.onEffectError = (error) => logger.error({ err: error }, 'sending after a commit failed');
  /** The open kiosk connections: what the heartbeat visits, a failed commit or shutdown resets. */
  const connections = new Set<KioskConnection>();
  store.group.onFailure = (error) => {
    // The turn's money changes are gone and its answers were never sent: drop every kiosk; each reconnects 5 s later (V2-TRN-7).
    logger.error({ err: error }, 'commit failed: dropping every connection');
    for (const connection of connections) connection.ws.terminate();
  };
  let shuttingDown = false;

  const sessionOf = (kioskId: string): KioskSession | undefined => sessions.get(kioskId)?.filter((s) => s.connection.open).at(-1);
  const deviceFor = (kioskId: string, scenario: V2Scenario): DeviceConfig => deviceConfig(config, { ...(books.kiosk(kioskId)?.config as Partial<DeviceConfig> | undefined), ...scenario.config });
  const endpoint = options.books
    ? booksEndpoint(
        {
          books,
          dailyLimit: config.dailyLimit,
          now: () => clock.now(),
          sessionOf,
          remember: (kioskId, overrides) => {
            const stored = books.kiosk(kioskId);
            const merged = { ...stored?.config, ...overrides };
            books.configured(kioskId, (merged.paymentProvider as string | undefined) ?? stored?.provider ?? config.paymentProvider, merged);
          },
        },
        options.books,
      )
    : undefined;

  // /healthz, /readyz, /metrics and the rest as v1 serves them (../http-routes.ts); the books endpoint first.
  const routes = httpRoutes(metrics, () => shuttingDown);
  const server: Server = createServer((req, res) => {
    if (endpoint?.(req, res, new URL(req.url ?? '/', 'http://localhost').pathname)) return;
    routes(req, res);
  });
  // permessage-deflate: OkHttp offers it on every upgrade and a backend MAY accept it (V2-TRN-3).
  const wss = new WebSocketServer({ noServer: true, maxPayload: transport.maxPayload, perMessageDeflate: transport.perMessageDeflate });
  const accepted = new WeakMap<IncomingMessage, { kioskId: string; scenario: V2Scenario; echo: string | undefined }>();
  wss.on('headers', (headers, req) => {
    const echo = accepted.get(req)?.echo;
    if (echo !== undefined) headers.push(`X-Test-Scenario-Accepted: ${echo}`);
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    if (shuttingDown) return refuse(socket, 503, 'server shutting down');
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== '/') return refuse(socket, 404, 'no WebSocket endpoint at this path');
    const kioskId = identifyKiosk(req, url, { auth: options.auth, kioskMap: options.kioskMap, ignoreTerminalId: transport.ignoresTerminalId });
    if (kioskId === 401) return refuse(socket, 401, 'missing or unknown token');
    const { scenario, echo } = requestedV2Scenario(req, options.testControl ?? false);
    accepted.set(req, { kioskId, scenario, echo });
    wss.handleUpgrade(req, socket, head, (ws) => opened(ws, req));
  });

  function opened(ws: WebSocket, req: IncomingMessage): void {
    const info = accepted.get(req);
    if (!info) return void ws.terminate();
    const { kioskId, scenario } = info;
    const log = logger.child({ kioskId });
    const connection = new KioskConnection(ws, kioskId, log, (write, key) => store.afterCommit(write, key), () => clock.now(), (message) => metrics.sent(message));
    connections.add(connection);
    metrics.openConnections.inc();
    const device = deviceFor(kioskId, scenario);
    const connectionNo = books.kioskConnected(kioskId, device.paymentProvider);
    const session = new KioskSession(ctx, kioskId, connection, connectionNo, scenario, device);
    for (const decorate of decorators) decorate(session);
    const list = sessions.get(kioskId) ?? [];
    // V2-OPEN-16: by default a newer connection leaves the older ones open (a close frame is no signal to a kiosk, V2-TRN-7).
    if (transport.closesOlderConnections) for (const older of list) older.connection.replaced();
    list.push(session);
    sessions.set(kioskId, list);
    log.info({ remote: sourceAddress(req), connection: connectionNo, scenario: info.echo }, 'kiosk connected');
    ws.on('message', (data, isBinary) => {
      // V2-TRN-4: the kiosk sends text only; anything else is logged and left unanswered.
      if (isBinary) {
        metrics.frameIn('binary');
        return void log.warn('binary frame from a kiosk: ignored');
      }
      // A frame that arrives while the server closes finds the store closed: the kiosk's message is lost as if the connection had dropped first.
      if (shuttingDown) return;
      session.receive(Buffer.isBuffer(data) ? data.toString('utf8') : Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data).toString('utf8'));
    });
    ws.on('close', () => {
      connections.delete(connection);
      metrics.openConnections.dec();
      session.close();
      const remaining = (sessions.get(kioskId) ?? []).filter((s) => s !== session);
      if (remaining.length > 0) sessions.set(kioskId, remaining);
      else sessions.delete(kioskId);
      log.info('kiosk disconnected');
    });
    ws.on('error', (error) => log.warn({ err: error }, 'socket error'));
    session.greet();
  }

  // V2-TRN-5: the server's pings find a kiosk whose network vanished without a FIN; 0 (no-server-pings) never pings.
  const stopHeartbeat = config.pingIntervalMs > 0 ? startHeartbeat(connections, config.pingIntervalMs, clock) : () => undefined;

  const { url, httpUrl, port } = await listen(server, options.port, options.host);
  logger.info({ url, httpUrl, dataDir: options.dataDir ?? ':memory:', books: options.books !== undefined, testControl: options.testControl ?? false }, 'listening');

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      shuttingDown = true;
      stopHeartbeat();
      const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const list of sessions.values()) for (const session of list) session.close();
      // A TCP reset, not a close frame: the kiosk reconnects 5 s after a failure and never after a close (V2-TRN-7).
      for (const connection of connections) connection.ws.terminate();
      wss.close();
      server.closeAllConnections();
      await serverClosed;
      store.close();
      logger.info('stopped');
    })());

  return {
    url,
    httpUrl,
    port,
    config,
    books,
    sessionsOf: (kioskId) => [...(sessions.get(kioskId) ?? [])],
    connections: () => connections.size,
    close,
  };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
