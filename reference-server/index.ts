import { randomBytes } from 'node:crypto';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { pino, type Logger } from 'pino';
import type { ReferenceServerOptions, RunningReferenceServer, ServerConfig } from './api.js';
import { systemClock, type Clock } from './clock.js';
import { resolveConfig } from './config.js';
import { ConnectionRegistry } from './connection-registry.js';
import { SimulatedPaymentProcessor, type PaymentProcessor } from './devices/payment-processor.js';
import { SimulatedTicketPrinter, type TicketPrinter } from './devices/ticket-printer.js';
import { protocolRules } from './action-rules.js';
import { FaultSet } from './faults.js';
import { installFaults, type ServerParts } from './faults/index.js';
import { startHeartbeat } from './heartbeat.js';
import { httpRoutes } from './http-routes.js';
import { listen } from './listen.js';
import { ServerMetrics } from './metrics.js';
import { OutOfService } from './out-of-service.js';
import type { SessionContext } from './session-context.js';
import { SessionRegistry } from './session-registry.js';
import { shutDown } from './shutdown.js';
import { Store } from './store.js';
import { applyLimitRemaining } from './test-control.js';
import { acceptUpgrades, protocolTransport, webSocketServer } from './upgrade.js';
import { VariantSet, type VariantTimers } from './variants.js';

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

/**
 * Starts the reference backend: HTTP(S) server with /healthz, /readyz, /metrics
 * (http-routes.ts), and the protocol's WebSocket endpoint at `/`, authentication
 * in the upgrade handler (upgrade.ts, authentication.ts). Terminal sessions
 * (session-registry.ts) outlive their connections (connection-registry.ts);
 * heartbeat.ts pings, shutdown.ts stops.
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
  const metrics = new ServerMetrics(options.processMetrics ?? false);
  const clock = options.clock ?? systemClock;
  const processor = options.processor ?? new SimulatedPaymentProcessor(store, config.processingMs, clock);
  const printer = options.printer ?? new SimulatedTicketPrinter();
  let shuttingDown = false;

  const context: SessionContext = {
    config,
    store,
    rules: protocolRules,
    choices: variants.choices(),
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
  };
  const sessions = new SessionRegistry(context, options.sessionLingerMs ?? DEFAULT_SESSION_LINGER_MS);
  const connectionContext = { variants, logger, metrics, selfCheck: options.selfCheck ?? false, maxMessagesPerSecond: config.maxMessagesPerSecond, afterCommit: (write: () => void, key?: object) => store.afterCommit(write, key), commitEpoch: () => store.commitEpoch };
  const connections = new ConnectionRegistry(connectionContext, sessions, new OutOfService(context));
  // Deliberate faults wrap these parts from outside, now, before anything is served (faults/).
  const parts: ServerParts = { session: context, sessions, connections, transport: { ...protocolTransport } };
  installFaults(faults, parts);
  const { transport } = parts;
  store.group.onEffectError = (error) => logger.error({ err: error }, 'sending after a commit failed');
  store.group.onFailure = (error) => {
    // The turn's changes are gone and its frames were never sent: the sessions in memory are ahead of the
    // store. Drop them and every connection; terminals reconnect and resume from what the store holds (RES-3).
    logger.error({ err: error }, 'commit failed: dropping every connection to resume from the store');
    sessions.closeAll(true);
    connections.terminateAll();
  };
  // Payments in flight when the previous process died (RES-2, RES-4).
  for (const terminalId of store.terminalsOn('PROCESSING')) sessions.sessionOf(terminalId).resumePayment();

  const onRequest = httpRoutes(metrics, () => shuttingDown);
  const server: Server = options.tls ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key, ...transport.tls }, onRequest) : createHttpServer(onRequest);
  const wss = webSocketServer(transport, variants);
  acceptUpgrades(server, wss, {
    options,
    variants,
    identify: transport.identify,
    shuttingDown: () => shuttingDown,
    opened(ws, req, accepted) {
      applyLimitRemaining(store, config.dailyLimit, variants, accepted.terminalId, accepted.scenario, ws);
      connections.open(ws, req, accepted);
    },
  });

  sessions.startEviction();
  const stopHeartbeat = startHeartbeat(connections, config.pingIntervalMs, clock);

  const secure = options.tls !== undefined;
  const { url, httpUrl, port } = await listen(server, options.port, options.host, secure);
  logger.info({ url, httpUrl, dataDir: options.dataDir ?? ':memory:', auth: options.auth?.mode ?? 'none', testControl: options.testControl ?? false }, 'listening');

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    shuttingDown = true;
    return (closing ??= shutDown({
      server,
      wss,
      connections,
      sessions,
      processor,
      store,
      logger,
      stopTimers: () => {
        stopHeartbeat();
        sessions.stopEviction();
      },
    }));
  };

  return {
    url,
    httpUrl,
    port,
    close,
    config,
    charges: (transactionId) => store.charges(transactionId).length,
    transaction: (transactionId) => store.transaction(transactionId),
    connections: () => connections.size,
    sessions: () => sessions.size,
  };
}
