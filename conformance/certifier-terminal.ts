import type { IncomingMessage } from 'node:http';
import WebSocket from 'ws';
import type { ServerMessage } from '../protocol/types/generated.js';
import type { Screen } from '../protocol/screen-graph.js';
import { FrameChecker, formatFinding } from './frame-checks.js';
import type { WireLog } from './wire-log.js';

/** Something a connection received, in arrival order. */
export type Arrival =
  | {
      kind: 'message';
      event: number;
      at: number;
      text: string;
      message?: ServerMessage;
      raw?: unknown;
      valid: boolean;
      /** A SCREEN_CHANGE repeating the screen and transaction the terminal already shows (FLOW-18 allows it at any time). */
      resend?: boolean;
      /** A STATUS_UPDATE: information only, it answers nothing and changes no screen (SCR-11). */
      status?: boolean;
    }
  | { kind: 'binary'; event: number; at: number; bytes: number }
  | { kind: 'close'; event: number; at: number; code: number; reason: string };

/** How a handshake ended. */
export type HandshakeOutcome =
  | { ok: true; headers: IncomingMessage['headers'] }
  | { ok: false; status?: number; reason: string };

/** How to open one terminal connection. */
export interface ConnectOptions {
  url: string;
  headers: Record<string, string>;
  /** Offer permessage-deflate exactly as OkHttp 4.11 does (DIA-7, TRN-11). */
  offerDeflate: boolean;
  handshakeTimeoutMs: number;
  /** Answer the server's pings (default true); false plays a peer that misses its pongs (TRN-8). */
  autoPong?: boolean;
  /** wss:// trust: an extra CA (PEM), and whether an untrusted certificate fails the handshake (default true). */
  ca?: string;
  rejectUnauthorized?: boolean;
}

/** The most a measured round trip widens a deadline: beyond it the network is not what is slow. */
const MAX_ROUND_TRIP_MS = 2_000;

/** The largest frame the runner reads; anything above is a hostile backend, judged, not buffered forever. */
const MAX_READ_BYTES = 4 * 1024 * 1024;

/**
 * One WebSocket connection of a case, acting as a terminal. Every frame it
 * receives goes to the wire log and through the FrameChecker before any case
 * code sees it; waits take arrivals from an inbox with a deadline.
 */
export class CertifierTerminal {
  readonly checker = new FrameChecker();
  readonly transitions: string[] = [];
  readonly illegalTransitions: string[] = [];
  /** Last SCREEN_CHANGE received, and the transaction id of the last screen. */
  lastScreen: ServerMessage | undefined;
  transactionId: string | undefined;
  /** X-Test-Scenario-Accepted of the handshake, if any (TC-2). */
  acceptedScenario: string | undefined;
  closed: { code: number; reason: string } | undefined;
  openedAt = 0;
  /**
   * The network's share of every answer window, from the handshake: half the
   * time from the upgrade request to its 101 (a TCP and an HTTP round trip, so
   * about one round trip, more on wss://). Deadlines are widened by it so a
   * backend far away is judged on its own answer time, not on the network's.
   */
  roundTripMs = 0;
  /** The transaction id of the last JSON object this terminal sent (what an ERROR may answer with, TXN-6). */
  lastSentTransactionId: string | undefined;
  /** The screen of the last JSON object this terminal sent (which action a screen answers). */
  lastSentScreen: string | undefined;
  /** Sees every text frame as it arrives, with the screen shown before it (the run-wide transaction registry, AUTH-5). */
  observer: ((arrival: Arrival, shownBefore: Screen | undefined) => void) | undefined;

  private socket: WebSocket | undefined;
  private readonly inbox: Arrival[] = [];
  private waiter: (() => void) | undefined;

  constructor(readonly label: string, readonly terminalId: string, private readonly log: WireLog) {}

  /** The screen the terminal shows now (SCR-11: STATUS_UPDATE and ERROR do not change it). */
  get screen(): Screen | undefined {
    return this.checker.screen;
  }

  /** Opens the connection; never throws, never waits longer than the handshake timeout. */
  connect(options: ConnectOptions): Promise<HandshakeOutcome> {
    return new Promise((resolve) => {
      let settled = false;
      const settle = (outcome: HandshakeOutcome): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(outcome);
      };
      const timer = setTimeout(() => {
        this.log.add(this.label, 'event', 'error', `handshake did not finish within ${options.handshakeTimeoutMs} ms`);
        this.terminate();
        settle({ ok: false, reason: `handshake did not finish within ${options.handshakeTimeoutMs} ms` });
      }, options.handshakeTimeoutMs);
      let socket: WebSocket;
      const startedAt = Date.now();
      try {
        socket = new WebSocket(options.url, {
          headers: options.headers,
          // OkHttp offers a bare "permessage-deflate"; clientMaxWindowBits false keeps ws from adding a parameter.
          perMessageDeflate: options.offerDeflate ? { clientMaxWindowBits: false } as unknown as object : false,
          maxPayload: MAX_READ_BYTES,
          handshakeTimeout: options.handshakeTimeoutMs,
          rejectUnauthorized: options.rejectUnauthorized ?? true,
          ...(options.ca !== undefined ? { ca: options.ca } : {}),
          autoPong: options.autoPong ?? true,
        });
      } catch (error) {
        settle({ ok: false, reason: `cannot connect: ${(error as Error).message}` });
        return;
      }
      this.socket = socket;
      let upgradeHeaders: IncomingMessage['headers'] = {};
      socket.on('upgrade', (res) => {
        upgradeHeaders = res.headers;
        this.roundTripMs = Math.min(MAX_ROUND_TRIP_MS, Math.ceil((Date.now() - startedAt) / 2));
        const accepted = res.headers['x-test-scenario-accepted'];
        this.acceptedScenario = Array.isArray(accepted) ? accepted[0] : accepted;
        this.log.add(this.label, 'event', 'http', `101 Switching Protocols${this.acceptedScenario ? ` (X-Test-Scenario-Accepted: ${this.acceptedScenario})` : ''}`);
      });
      socket.on('unexpected-response', (_req, res) => {
        this.log.add(this.label, 'event', 'http', `HTTP ${res.statusCode} instead of the upgrade`);
        res.resume();
        socket.terminate();
        settle({ ok: false, status: res.statusCode, reason: `HTTP ${res.statusCode} instead of the WebSocket upgrade` });
      });
      socket.on('open', () => {
        this.openedAt = Date.now();
        this.log.add(this.label, 'event', 'open', `connected to ${options.url}`);
        settle({ ok: true, headers: upgradeHeaders });
      });
      socket.on('message', (data, isBinary) => this.receive(data as Buffer | Buffer[] | ArrayBuffer, isBinary));
      socket.on('pong', (data) => {
        this.log.add(this.label, 'received', 'pong', data.toString('utf8'));
        this.pongs++;
        this.wake();
      });
      socket.on('ping', (data) => {
        this.log.add(this.label, 'received', 'ping', data.toString('utf8'));
        this.pings++;
        this.wake();
      });
      socket.on('error', (error) => {
        this.log.add(this.label, 'event', 'error', oneLine(error.message));
        this.lastError = oneLine(error.message);
        settle({ ok: false, reason: `cannot connect: ${oneLine(error.message)}` });
      });
      socket.on('close', (code, reason) => {
        const text = reason.toString('utf8');
        const event = this.log.add(this.label, 'event', 'close', `${code}${text ? ` ${text}` : ''}`);
        this.closed = { code, reason: text };
        this.inbox.push({ kind: 'close', event, at: Date.now(), code, reason: text });
        settle({ ok: false, reason: `connection closed during the handshake (${code})` });
        this.wake();
      });
    });
  }

  pongs = 0;
  /** WebSocket pings the server sent (TRN-8). */
  pings = 0;
  /** Last socket error (e.g. invalid UTF-8 from the server), one line. */
  lastError: string | undefined;

  private receive(data: Buffer | Buffer[] | ArrayBuffer, isBinary: boolean): void {
    const buffer = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
    const at = Date.now();
    if (isBinary) {
      const event = this.log.add(this.label, 'received', 'binary', `<${buffer.length} bytes>`, buffer.length);
      this.log.schemaErrors.push({ event, path: '', message: `is a binary frame of ${buffer.length} bytes; every message is a text frame`, requirement: 'TRN-2' });
      this.inbox.push({ kind: 'binary', event, at, bytes: buffer.length });
      this.wake();
      return;
    }
    const text = buffer.toString('utf8');
    const event = this.log.add(this.label, 'received', 'text', text, buffer.length);
    const shownBefore = this.checker.screen;
    const idBefore = this.lastScreen?.transactionId;
    const verdict = this.checker.check(text);
    for (const error of verdict.errors) this.log.schemaErrors.push({ event, ...error });
    for (const warning of verdict.warnings) this.log.warnings.push(`${this.label} #${event}: ${formatFinding(warning)}`);
    if (verdict.transition) this.transitions.push(verdict.transition);
    if (verdict.illegalTransition) this.illegalTransitions.push(verdict.illegalTransition);
    const loose = verdict.raw as { messageType?: unknown; screen?: unknown; transactionId?: unknown } | undefined;
    // Only a screen says which transaction the terminal is in: an ERROR may carry the id of the message it rejects (TXN-6).
    if (loose?.messageType === 'SCREEN_CHANGE' && typeof loose.transactionId === 'string') this.transactionId = loose.transactionId;
    if (verdict.message?.messageType === 'SCREEN_CHANGE') this.lastScreen = verdict.message;
    const arrival: Arrival = { kind: 'message', event, at, text, valid: verdict.errors.length === 0, raw: verdict.raw };
    if (verdict.message) arrival.message = verdict.message;
    if (loose?.messageType === 'SCREEN_CHANGE' && shownBefore !== undefined && loose.screen === shownBefore && loose.transactionId === idBefore) arrival.resend = true;
    if (loose?.messageType === 'STATUS_UPDATE') arrival.status = true;
    this.observer?.(arrival, shownBefore);
    this.inbox.push(arrival);
    this.wake();
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = undefined;
    w?.();
  }

  /** Takes the next arrival, or undefined when none came within `ms`. */
  async next(ms: number): Promise<Arrival | undefined> {
    const deadline = Date.now() + ms;
    for (;;) {
      const item = this.inbox.shift();
      if (item) return item;
      const left = deadline - Date.now();
      if (left <= 0) return undefined;
      await this.activity(left);
    }
  }

  /**
   * Waits until `condition` holds or `ms` pass, re-checking at every frame,
   * ping, pong and close; takes nothing from the inbox. True when it held.
   */
  async until(condition: () => boolean, ms: number): Promise<boolean> {
    const deadline = Date.now() + ms;
    while (!condition()) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await this.activity(left);
    }
    return true;
  }

  /** Resolves at the next frame, ping, pong or close (whatever wakes the waiter), or after `ms`. */
  private activity(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.waiter = undefined;
        resolve();
      }, ms);
      this.waiter = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  /** Arrivals not yet taken, without taking them. */
  pending(): readonly Arrival[] {
    return this.inbox;
  }

  /** Drops everything received so far (used after reaching a known state). */
  drain(): void {
    this.inbox.length = 0;
  }

  /** Sends a text frame: an object is serialized, a string goes as is. */
  send(value: object | string): void {
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    const id = typeof value === 'object' ? (value as { transactionId?: unknown }).transactionId : undefined;
    this.lastSentTransactionId = typeof id === 'string' ? id : undefined;
    const screen = typeof value === 'object' ? (value as { screen?: unknown }).screen : undefined;
    this.lastSentScreen = typeof screen === 'string' ? screen : undefined;
    this.log.add(this.label, 'sent', 'text', text, Buffer.byteLength(text));
    this.rawSend(text, false);
  }

  /** Sends a binary frame (TRN-3). */
  sendBinary(bytes: Buffer): void {
    this.log.add(this.label, 'sent', 'binary', `<${bytes.length} bytes>`, bytes.length);
    this.rawSend(bytes, true);
  }

  /** Sends bytes in a text frame as they are, even when they are not UTF-8 (TRN-10). */
  sendRawText(bytes: Buffer, note: string): void {
    this.log.add(this.label, 'sent', 'text', note, bytes.length);
    this.rawSend(bytes, false);
  }

  /** Sends a WebSocket ping frame (TRN-7). */
  ping(payload: string): void {
    this.log.add(this.label, 'sent', 'ping', payload);
    try {
      this.socket?.ping(Buffer.from(payload));
    } catch (error) {
      this.log.add(this.label, 'event', 'error', `ping failed: ${oneLine((error as Error).message)}`);
    }
  }

  private rawSend(data: string | Buffer, binary: boolean): void {
    const socket = this.socket;
    if (!socket || socket.readyState !== WebSocket.OPEN) {
      this.log.add(this.label, 'event', 'error', 'not sent: the connection is not open');
      return;
    }
    socket.send(data, { binary, compress: false }, (error) => {
      if (error) this.log.add(this.label, 'event', 'error', `send failed: ${oneLine(error.message)}`);
    });
  }

  /** Closes politely (1000), then hard after a short grace. */
  close(): void {
    const socket = this.socket;
    if (!socket || socket.readyState === WebSocket.CLOSED) return;
    try {
      if (socket.readyState === WebSocket.OPEN) socket.close(1000, 'case finished');
      setTimeout(() => socket.terminate(), 200).unref();
    } catch {
      socket.terminate();
    }
  }

  /** Drops the TCP connection without a close frame (a terminal losing its network). */
  terminate(): void {
    try {
      this.socket?.terminate();
    } catch {
      // already gone
    }
  }
}

/** Squeezes an error message onto one line. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, 300);
}
