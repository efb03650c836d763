/**
 * The reference server's public, programmatic surface. `paysock serve` and
 * tests use it; the conformance runner never imports it (only the CLI's
 * `certify --embedded` launcher does, to have something to certify).
 */

/** Business and timing settings of the reference backend (validated by schemas/reference-server-config.schema.json). */
export interface ServerConfig {
  /** Preset amounts on AMOUNT_SELECT (SCR-1). */
  amounts: number[];
  /** Currency display string (ENV-12). */
  currency: string;
  /** Whether AMOUNT_SELECT offers "Other" (SCR-1). */
  showOtherOption: boolean;
  /** Keypad bounds (SCR-2). */
  keypad: { minAmount: number; maxAmount: number };
  /** Payment methods offered (SCR-3). */
  methods: Array<'DEBIT_CARD' | 'PAY_BY_BANK'>;
  /** Whether PAYMENT_METHOD allows cancel (SCR-3). */
  allowCancel: boolean;
  /** Whether SUCCESS prints a ticket (SCR-5, FLOW-19). */
  showReceipt: boolean;
  /** Per-terminal daily limit in whole units, UTC day (FLOW-6). */
  dailyLimit: number;
  /** Idle timeout on KEYPAD, PAYMENT_METHOD, FAILED, LIMIT_ERROR, ms (FLOW-15). */
  idleTimeoutMs: number;
  /** Delay of each server-driven step after SUCCESS (FLOW-11), ms. */
  stepDelayMs: number;
  /** How long the simulated processor takes to approve or decline, ms. */
  processingMs: number;
  /** How long the server waits for the processor before FAILED PAYMENT_TIMEOUT (FLOW-10), ms. */
  processorTimeoutMs: number;
  /** How long DEVICE_ERROR after a printer fault lasts before AMOUNT_SELECT (FLOW-20), ms. */
  deviceErrorMs: number;
  /** Interval of the server's WebSocket pings (TRN-8), ms. */
  pingIntervalMs: number;
  /** ERR-7: messages past this many within one second on one connection get RATE_LIMITED; 0: no limit. */
  maxMessagesPerSecond: number;
}

/** The defaults of the protocol document and clarifications. */
export const defaultServerConfig: ServerConfig = {
  amounts: [20, 40, 60, 80, 100],
  currency: '£',
  showOtherOption: true,
  keypad: { minAmount: 10, maxAmount: 300 },
  methods: ['DEBIT_CARD', 'PAY_BY_BANK'],
  allowCancel: true,
  showReceipt: true,
  dailyLimit: 300,
  idleTimeoutMs: 60_000,
  stepDelayMs: 1_500,
  processingMs: 800,
  processorTimeoutMs: 10_000,
  deviceErrorMs: 10_000,
  pingIntervalMs: 30_000,
  maxMessagesPerSecond: 50,
};

/** How terminals are identified (AUTH section). */
export type AuthOptions =
  | { mode: 'none'; /** Used when the URL has no terminalId (AUTH-7). */ defaultTerminalId?: string }
  | { mode: 'tokens'; /** token -> terminal id */ tokens: Record<string, string> };

/** Options of startReferenceServer. */
export interface ReferenceServerOptions {
  /** Loopback by default; 0 picks a free port. */
  host?: string;
  port?: number;
  /** SQLite folder, or ':memory:' (default). */
  dataDir?: string;
  auth?: AuthOptions;
  /** Honour X-Test-Scenario (TC section). Off by default. */
  testControl?: boolean;
  config?: Partial<ServerConfig>;
  /** Deliberate defects for mutation testing of the conformance suite (see reference-server/faults.ts). */
  faults?: string[];
  /** Legal alternative readings of the sources, to prove the suite passes them (see reference-server/variants.ts). */
  variants?: string[];
  /** pino level; 'silent' by default in the API, 'info' in `paysock serve`. */
  logLevel?: string;
  /** PEM certificate and key: serve wss:// (TLS 1.2 minimum). */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /**
   * Also export the process's own metrics at /metrics (prom-client's default
   * set: resident memory, heap, CPU, event-loop delay, GC). On in `paysock
   * serve`; off by default in the API, where several servers may share one
   * process and each set starts an event-loop delay monitor for the life of
   * the process.
   */
  processMetrics?: boolean;
}

/** A started reference server. */
export interface RunningReferenceServer {
  /** ws:// or wss:// URL of the WebSocket endpoint, e.g. ws://127.0.0.1:40123/ */
  url: string;
  /** http(s):// base URL for /healthz, /readyz, /metrics. */
  httpUrl: string;
  port: number;
  /** Graceful stop: refuse new connections, close sockets with 1001, flush the store. */
  close(): Promise<void>;
}
