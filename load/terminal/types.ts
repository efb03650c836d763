import type { Screen } from '../../protocol/screen-graph.js';

/**
 * The shapes the virtual terminal shares with whatever runs it (the Node
 * driver, a k6 VU, a unit test). Runtime-neutral: no Node or k6 imports here,
 * because k6 loads this folder too.
 */

/** The 11 screens of ENV-3: the protocol's own type (type-only, so k6 bundles no more of it). */
export type { Screen };

/** A server message as the terminal reads it, after `validate` accepted it (ENV-1). */
export interface ServerFrame {
  messageType: 'SCREEN_CHANGE' | 'ERROR' | 'STATUS_UPDATE';
  screen: Screen;
  data: Record<string, unknown>;
  transactionId: string;
  timestamp: number;
}

/**
 * What a validator makes of one incoming text frame. The Node driver wraps
 * protocol/frame.ts parseFrame (full schemas); k6 uses structural-check.ts.
 */
export type FrameCheck =
  | { ok: true; frame: ServerFrame }
  | { ok: false; problems: string[]; /** Present when the frame was readable enough to act on. */ frame?: ServerFrame };

/** Validates one incoming text frame; injected so this folder needs no ajv. */
export type FrameValidator = (text: string) => FrameCheck;

/** Timer handle: opaque to the terminal (a Node Timeout, a k6 number, a fake). */
export type TimerHandle = unknown;

/**
 * Everything the terminal needs from its runtime. One host per terminal: it
 * owns the connection.
 */
export interface TerminalHost {
  /** Monotonic milliseconds (fractions allowed) for latency measurement. */
  now(): number;
  /** Wall-clock milliseconds since the Unix epoch, for message timestamps (ENV-8). */
  epochMs(): number;
  /** Uniform random number in [0, 1). */
  random(): number;
  setTimer(ms: number, callback: () => void): TimerHandle;
  clearTimer(handle: TimerHandle): void;
  /** Sends one text frame on the open connection. */
  send(text: string): void;
  /**
   * Closes the connection and opens a new one. `newIdentity` asks for a fresh
   * terminal id (after the daily limit ran out, FLOW-6).
   */
  reconnect(reason: ReconnectReason, newIdentity: boolean): void;
  validate: FrameValidator;
}

/** Why the terminal asked its host for a new connection. */
export type ReconnectReason = 'drop' | 'stalled' | 'daily-limit' | 'stuck';

/** How a transaction (one journey cycle) ended. */
export type TransactionOutcome = 'completed' | 'failed';

/**
 * Where the terminal reports what it measured. Shared by many terminals:
 * the Node driver feeds HDR histograms, k6 feeds its custom metrics.
 */
export interface TerminalObserver {
  /** An action was answered by a new screen: `key` is "FROM>TO", latency in ms. */
  transition(key: string, latencyMs: number): void;
  /**
   * A journey cycle ended; `reason` says why a failed one failed. `durationMs`:
   * first action to the result screen (SUCCESS, FAILED, LIMIT_ERROR, or
   * AMOUNT_SELECT after a cancel), or to the end of the cycle when none came.
   */
  transaction(outcome: TransactionOutcome, journey: string, reason: string | undefined, durationMs?: number): void;
  /** Something went wrong that is not a protocol violation (kind: e.g. "answer-timeout", "server-error:INVALID_AMOUNT"). */
  error(kind: string, detail: string): void;
  /** The server broke the protocol (kind: e.g. "invalid-frame", "screen-graph", "transaction-id"). */
  violation(kind: string, detail: string): void;
  /** After a reconnect the server resumed the open transaction (RES-3). */
  resumption(): void;
}
