import type { JourneyWeight, ThinkTime } from '../terminal/journey.js';
import type { TransactionIdMode } from '../terminal/virtual-terminal.js';
import { checkV2Options, type V2LoadOptions } from '../v2/providers.js';

/** Hard bounds of every run, whatever the flags say. */
export const driverLimits = {
  maxTerminals: 50_000,
  maxDurationMs: 60 * 60 * 1000,
  maxWorkers: 64,
  /** One source address holds about this many connections to one server port (ephemeral range 32768-60999, with headroom). */
  connectionsPerSourceAddress: 25_000,
};

/** Everything a load run needs; the CLI builds it from flags. */
export interface DriverOptions {
  /** ws:// or wss:// URL of the backend; terminalId is added per terminal (AUTH-6). */
  url: string;
  terminals: number;
  rampUpMs: number;
  /** Whole run, including the ramp-up. */
  durationMs: number;
  thinkTime: ThinkTime;
  /** The spec as written (for the summary) and its parsed weights. */
  journeySpec: string;
  journeys: JourneyWeight[];
  transactionIds: TransactionIdMode;
  /** Worker threads; 1 runs in the calling thread. */
  workers: number;
  /** Local addresses connections are spread over (empty: the OS picks). */
  sourceAddresses: string[];
  terminalIdPrefix: string;
  /** X-Test-Scenario for every terminal (TC-1); a journey's own scenario (decline, limit) wins. */
  testScenario: string | undefined;
  /** Chance of dropping the connection on PROCESSING, to exercise resumption. */
  dropRate: number;
  answerTimeoutMs: number;
  stallTimeoutMs: number;
  /** Most connection handshakes in flight per share. */
  maxConcurrentConnects: number;
  /**
   * Bearer tokens (AUTH-2), terminal i takes token i; absent: authentication
   * off, the terminal id goes in ?terminalId= (AUTH-6). Worker threads get
   * their share's tokens through ShareSpec instead.
   */
  tokens?: string[];
  /**
   * Present: the run drives pinto-android-2 kiosks (kiosk-v2/) instead of v1
   * terminals; journeys, transaction ids and the drop rate do not apply.
   */
  v2?: V2LoadOptions;
}

/**
 * Checks the bounds; returns the problems (empty when the options are usable).
 */
export function checkDriverOptions(o: DriverOptions): string[] {
  const problems: string[] = [];
  if (!/^wss?:\/\//.test(o.url)) problems.push(`url "${o.url}" is not ws:// or wss://`);
  if (!Number.isInteger(o.terminals) || o.terminals < 1 || o.terminals > driverLimits.maxTerminals) problems.push(`--terminals must be 1..${driverLimits.maxTerminals}`);
  if (!(o.durationMs > 0) || o.durationMs > driverLimits.maxDurationMs) problems.push('--duration must be above 0 and at most 1h');
  if (!(o.rampUpMs >= 0) || o.rampUpMs > o.durationMs) problems.push('--ramp-up must be between 0 and --duration');
  if (!Number.isInteger(o.workers) || o.workers < 1 || o.workers > driverLimits.maxWorkers) problems.push(`--workers must be 1..${driverLimits.maxWorkers}`);
  if (!(o.dropRate >= 0 && o.dropRate <= 1)) problems.push('--drop-rate must be between 0 and 1');
  if (!/^[A-Za-z0-9._:-]{0,40}$/.test(o.terminalIdPrefix)) problems.push('--terminal-id-prefix must be at most 40 of [A-Za-z0-9._:-] (AUTH-7)');
  if (o.tokens !== undefined && o.tokens.length < o.terminals) problems.push(`${o.tokens.length} tokens for ${o.terminals} terminals: every terminal needs its own token`);
  if (o.v2) problems.push(...checkV2Options(o.v2, o.workers));
  const perAddress = o.terminals / Math.max(1, o.sourceAddresses.length);
  if (perAddress > driverLimits.connectionsPerSourceAddress) problems.push(`${o.terminals} terminals need at least ${Math.ceil(o.terminals / driverLimits.connectionsPerSourceAddress)} --source-addresses`);
  return problems;
}

/** Whether a URL's host is a loopback address (where 127.0.0.x source addresses work). */
export function isLoopbackUrl(url: string): boolean {
  const host = new URL(url).hostname;
  return host === 'localhost' || /^127\./.test(host) || host === '[::1]';
}

/**
 * Parses `--source-addresses`: a count (`4` -> 127.0.0.1..127.0.0.4) or a
 * comma list of addresses.
 */
export function parseSourceAddresses(text: string): string[] {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) {
    const count = Number(trimmed);
    if (count < 1 || count > 254) throw new Error('--source-addresses count must be 1..254');
    return Array.from({ length: count }, (_, i) => `127.0.0.${i + 1}`);
  }
  const list = trimmed.split(',').map((a) => a.trim()).filter((a) => a !== '');
  for (const address of list) if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(address) && !address.includes(':')) throw new Error(`--source-addresses: "${address}" is not an IP address`);
  if (list.length === 0) throw new Error('--source-addresses is empty');
  return list;
}
