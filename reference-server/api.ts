/**
 * The reference server's public, programmatic surface. `paysock serve` and
 * tests use it; the conformance runner never imports it (only the CLI's
 * `certify --embedded` launcher does, to have something to certify).
 */

import type { ReferenceServerConfigFile } from '../protocol/types/generated-formats.js';

/**
 * Business and timing settings of the reference backend, every one known: the
 * type generated from schemas/formats/reference-server-config.schema.json
 * (the file form, where each key is optional) with every key required.
 */
export type ServerConfig = Required<Omit<ReferenceServerConfigFile, 'keypad'>> & {
  /** Keypad bounds (SCR-2). */
  keypad: Required<NonNullable<ReferenceServerConfigFile['keypad']>>;
};

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
