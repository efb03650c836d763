import { performance } from 'node:perf_hooks';
import type { JourneyName } from '../terminal/journey.js';
import type { FrameCheck, ReconnectReason, TerminalHost, TimerHandle } from '../terminal/types.js';
import { VirtualTerminal } from '../terminal/virtual-terminal.js';
import { validateServerFrame } from './frame-validator.js';
import type { DriverOptions } from './options.js';
import type { ShareMetrics } from './share-metrics.js';
import { localLimitOf, nextBackoffMs } from './local-limits.js';
import { TerminalSocket, type TerminalSocketOwner } from './terminal-socket.js';

/** What all connections of one share have in common. */
export interface ShareContext {
  options: DriverOptions;
  metrics: ShareMetrics;
  stopping: boolean;
  /** Queue of connections waiting for a handshake slot. */
  connectQueue: DrivenTerminal[];
  connectsInFlight: number;
  /** After a local limit (local-limits.ts): no handshake starts before this epoch ms, and the current wait. */
  localBackoffUntil?: number;
  localBackoffMs?: number;
  /** The one timer that restarts the pump when the wait is over. */
  pumpTimer?: NodeJS.Timeout;
}

/** Delay before reconnecting after an unplanned close (the shipped client waits 5 s, DIA-7; load runs are shorter). */
const reconnectDelayMs = 1_000;

/**
 * One simulated terminal the load driver drives on a real WebSocket (its
 * TerminalSocket): the host of a VirtualTerminal.
 * Implements TerminalHost as a class (no per-terminal closures) to keep
 * 20,000 of them small.
 */
export class DrivenTerminal implements TerminalHost, TerminalSocketOwner {
  private ws: TerminalSocket | undefined;
  private isOpen = false;
  /** Whether this connection holds one of the share's handshake slots. */
  private slotHeld = false;
  private planned: { reason: ReconnectReason } | undefined;
  private generation = 0;
  /** The last connect failed on this machine's limit, not the backend's. */
  private hitLocalLimit = false;
  private readonly terminal: VirtualTerminal;

  constructor(
    private readonly ctx: ShareContext,
    private readonly index: number,
    journey: JourneyName,
    private readonly scenario: string | undefined,
    private readonly sourceAddress: string | undefined,
    /** Bearer token (AUTH-2): the server takes the terminal id from it, so the id never changes. */
    private readonly token: string | undefined = undefined,
  ) {
    const o = ctx.options;
    this.terminal = new VirtualTerminal(
      { terminalId: this.terminalId(), journey, transactionIds: o.transactionIds, thinkTime: o.thinkTime, answerTimeoutMs: o.answerTimeoutMs, stallTimeoutMs: o.stallTimeoutMs, dropRate: o.dropRate },
      this,
      ctx.metrics,
    );
  }

  /** The driver's name for the terminal; with a token it is only a local label (the server's id comes from the token). */
  terminalId(): string {
    return `${this.ctx.options.terminalIdPrefix}${this.index}${this.generation > 0 ? `.g${this.generation}` : ''}`;
  }

  /** Queues the connection for a handshake slot. */
  start(): void {
    if (this.ctx.stopping) return;
    this.ctx.connectQueue.push(this);
    pumpConnects(this.ctx);
  }

  /** Opens the socket (called by pumpConnects with a slot held). */
  connect(): void {
    const url = new URL(this.ctx.options.url);
    // With a token the token names the terminal (AUTH-2); ?terminalId= is the unauthenticated way (AUTH-6).
    if (this.token === undefined) url.searchParams.set('terminalId', this.terminalId());
    this.slotHeld = true;
    const headers: Record<string, string> = {};
    if (this.token !== undefined) headers.Authorization = `Bearer ${this.token}`;
    if (this.scenario !== undefined) headers['X-Test-Scenario'] = this.scenario;
    // No extension offered: permessage-deflate would give every socket a zlib context bigger than the terminal itself.
    this.ws = new TerminalSocket(url, this, {
      handshakeTimeoutMs: 10_000,
      headers,
      ...(this.sourceAddress ? { localAddress: this.sourceAddress } : {}),
    });
  }

  /** Closes for good (end of the run). */
  stop(): void {
    this.terminal.stop();
    const ws = this.ws;
    if (ws && ws.isOpen) ws.close(1000);
    else if (ws) ws.terminate();
  }

  private releaseSlot(): void {
    if (!this.slotHeld) return;
    this.slotHeld = false;
    this.ctx.connectsInFlight--;
    pumpConnects(this.ctx);
  }

  // TerminalSocketOwner
  socketOpened(ws: TerminalSocket, headers: Record<string, string>): void {
    this.releaseSlot();
    if (this.scenario !== undefined && headers['x-test-scenario-accepted'] !== this.scenario) {
      this.ctx.metrics.error('scenario-not-accepted', `the server did not accept X-Test-Scenario: ${this.scenario} (TC-2)`);
    }
    this.isOpen = true;
    this.ctx.localBackoffMs = 0;
    this.ctx.metrics.connectionOpened();
    if (this.ctx.stopping) {
      ws.close(1000);
      return;
    }
    this.terminal.opened();
  }
  socketText(_ws: TerminalSocket, text: string): void {
    this.terminal.receive(text);
  }
  socketBinary(): void {
    this.ctx.metrics.violation('binary-frame', 'the server sent a binary frame (TRN-2)');
  }
  socketError(_ws: TerminalSocket, message: string, status?: number, code?: string): void {
    const limit = this.isOpen ? undefined : localLimitOf(code);
    if (limit) {
      // This machine's limit, not the backend's: counted apart, said once by the run, retried after a back-off.
      this.hitLocalLimit = true;
      this.ctx.metrics.localLimit(limit, message);
      return;
    }
    // A refused upgrade (401 for a token the server does not know, AUTH-2) is counted by its status, apart from network failures.
    if (!this.isOpen) this.ctx.metrics.error(status !== undefined ? `http-${status}` : 'connect-failed', message);
  }
  socketClosed(ws: TerminalSocket): void {
    this.releaseSlot();
    if (this.ws !== ws) return;
    this.ws = undefined;
    const wasOpen = this.isOpen;
    this.isOpen = false;
    if (wasOpen) this.ctx.metrics.connectionClosed();
    this.terminal.closed();
    if (this.ctx.stopping) return;
    if (this.hitLocalLimit) {
      this.hitLocalLimit = false;
      setTimeout(restart, localBackoff(this.ctx), this);
      return;
    }
    const planned = this.planned;
    this.planned = undefined;
    if (!planned && wasOpen) this.ctx.metrics.error('connection-lost', 'the server closed the connection');
    // A deliberate drop comes back at once (a network blip); anything else after a pause.
    setTimeout(restart, planned?.reason === 'drop' || planned?.reason === 'daily-limit' ? 10 : reconnectDelayMs, this);
  }

  // TerminalHost
  now(): number {
    return performance.now();
  }
  epochMs(): number {
    return Date.now();
  }
  random(): number {
    return Math.random();
  }
  setTimer(ms: number, callback: () => void): TimerHandle {
    return setTimeout(callback, ms);
  }
  clearTimer(handle: TimerHandle): void {
    clearTimeout(handle as NodeJS.Timeout);
  }
  send(text: string): void {
    if (this.ws && this.isOpen) this.ws.send(text);
  }
  reconnect(reason: ReconnectReason, newIdentity: boolean): void {
    if (newIdentity && this.token !== undefined) {
      // A token is one terminal id: the driver cannot invent a fresh one, and the limit stays used up today (FLOW-6).
      // The terminal stays connected on AMOUNT_SELECT, idle, for the rest of the run.
      return;
    }
    if (newIdentity) this.generation++;
    this.planned = { reason };
    const ws = this.ws;
    if (!ws) return;
    // A drop is a network loss (no close handshake); the others say goodbye.
    if (reason === 'drop' || reason === 'stalled') ws.terminate();
    else ws.close(1000);
  }
  validate(text: string): FrameCheck {
    return validateServerFrame(text);
  }
}

function restart(connection: DrivenTerminal): void {
  connection.start();
}

/**
 * The wait after a local limit: the share's back-off grows (1 s, 2 s, ... 30 s)
 * once per window, not once per failed socket, and every connection waits it out.
 */
function localBackoff(ctx: ShareContext): number {
  const now = Date.now();
  if ((ctx.localBackoffUntil ?? 0) <= now) {
    ctx.localBackoffMs = nextBackoffMs(ctx.localBackoffMs ?? 0);
    ctx.localBackoffUntil = now + ctx.localBackoffMs;
  }
  // Spread the retries over a fifth of the window instead of all at its end.
  return ctx.localBackoffUntil! - now + Math.random() * (ctx.localBackoffMs! / 5);
}

/** Starts queued handshakes while slots are free (none while the share backs off from a local limit). */
export function pumpConnects(ctx: ShareContext): void {
  const wait = (ctx.localBackoffUntil ?? 0) - Date.now();
  if (wait > 0 && !ctx.stopping) {
    ctx.pumpTimer ??= setTimeout(() => {
      ctx.pumpTimer = undefined;
      pumpConnects(ctx);
    }, wait);
    return;
  }
  while (!ctx.stopping && ctx.connectsInFlight < ctx.options.maxConcurrentConnects && ctx.connectQueue.length > 0) {
    const next = ctx.connectQueue.shift()!;
    ctx.connectsInFlight++;
    next.connect();
  }
}
