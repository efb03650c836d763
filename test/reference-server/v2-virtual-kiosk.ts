import WebSocket from 'ws';
import { scaledClock, ScriptedTerminal, VirtualKiosk, webSocketTransport, type KioskClock, type KioskScreen, type KioskStorage, type SentFrame, type WebSocketLike } from '../../kiosk-v2/index.js';
import { emptyStorage } from '../../kiosk-v2/storage.js';
import { formatProblem } from '../../protocol/problems.js';
import { parseV2Frame } from '../../protocol/v2/index.js';
import type { V2ReferenceServer } from '../../reference-server/v2/index.js';

/** The three payment paths of d540407 (pinto-android-2.md §5c step 1). */
export type Provider = 'integra' | 'nnsmart' | 'mock';
export const providers: readonly Provider[] = ['integra', 'nnsmart', 'mock'];

/** Options of one virtual kiosk on a real server. */
export interface KioskOnServerOptions {
  /** Its source address (127.0.0.0/8): the server tells d540407 kiosks apart by it (docs/reference-server-v2.md). */
  address: string;
  provider?: Provider;
  /** More test-control scenarios (X-Test-Scenario, e.g. printer-fault). */
  scenarios?: string[];
  speed?: number;
  storage?: KioskStorage;
  terminal?: ScriptedTerminal;
  /** Uniform [0, 1) for its UUIDs and mock delays. */
  random?: () => number;
}

/** What a waiter waits for. */
type Waiter = { check: () => boolean; wake: () => void };

/**
 * A VirtualKiosk (kiosk-v2: d540407 in code) connected to a real v2 server
 * over a real WebSocket from its own loopback source address, sending no
 * id, token or query, as d540407 does. The test taps; the kiosk does the
 * rest. Every frame both ways is checked against the v2 schemas.
 */
export class KioskOnServer {
  readonly clock: KioskClock;
  readonly terminal: ScriptedTerminal;
  readonly storage: KioskStorage;
  readonly sent: SentFrame[] = [];
  readonly screens: KioskScreen['name'][] = [];
  readonly received: Array<Record<string, unknown>> = [];
  /** Frames either side wrote that the v2 schemas refuse. */
  readonly invalid: string[] = [];
  readonly sockets: WebSocket[] = [];
  kiosk: VirtualKiosk;
  /** The app's startup recovery check (1.5 s after each start) is over. */
  startedUp = false;
  /** Kiosk mode relaunches the app when it dies (RESTART_APP): on by default. */
  relaunchWhenKilled = true;
  launches = 1;
  private waiters: Waiter[] = [];

  constructor(readonly server: { url: string }, readonly options: KioskOnServerOptions) {
    // The kiosk's delays run 20 times faster: its terminal and screen timers cannot be faked across real sockets;
    // every wait of a test is on an event (a screen, a frame), never on a duration.
    this.clock = scaledClock(options.speed ?? 20);
    this.terminal = options.terminal ?? new ScriptedTerminal(this.clock);
    this.terminal.defaultMs = 1000;
    this.storage = options.storage ?? emptyStorage();
    this.kiosk = this.make();
  }

  /** The kiosk id the server gives it. */
  get kioskId(): string {
    return `kiosk@${this.options.address}`;
  }

  private make(): VirtualKiosk {
    const scenario = [`provider:${this.options.provider ?? 'integra'}`, ...(this.options.scenarios ?? [])].join(',');
    const transport = webSocketTransport((url) => {
      const ws = new WebSocket(url, { localAddress: this.options.address, headers: { 'X-Test-Scenario': scenario } });
      this.sockets.push(ws);
      ws.on('message', (data) => {
        const text = data.toString();
        const result = parseV2Frame(text);
        if (!result.ok) this.invalid.push(`backend ${text}: ${result.problems.map((p) => formatProblem(p)).join('; ')}`);
        try {
          this.received.push(JSON.parse(text) as Record<string, unknown>);
        } catch {
          this.invalid.push(`backend not JSON: ${text}`);
        }
        this.wake();
      });
      return ws as unknown as WebSocketLike;
    });
    return new VirtualKiosk({
      url: this.server.url,
      clock: this.clock,
      transport,
      storage: this.storage,
      terminal: this.terminal,
      ...(this.options.random ? { random: this.options.random } : {}),
      observer: {
        sent: (frame) => {
          this.sent.push(frame);
          const result = parseV2Frame(frame.text, { from: 'terminal' });
          if (!result.ok) this.invalid.push(`kiosk ${frame.text}: ${result.problems.map((p) => formatProblem(p)).join('; ')}`);
          this.wake();
        },
        screen: (screen) => {
          this.screens.push(screen.name);
          this.wake();
        },
        connection: () => this.wake(),
        log: (line) => {
          if (line === 'Startup recovery check complete') this.startedUp = true;
          this.wake();
        },
        killed: () => {
          if (this.relaunchWhenKilled) setTimeout(() => this.relaunch(), 0);
        },
      },
    });
  }

  start(): this {
    this.kiosk.start();
    return this;
  }

  /** The app dies and kiosk mode relaunches it: same storage and terminal, new process, new connection. */
  relaunch(): void {
    this.startedUp = false;
    this.launches++;
    this.kiosk = this.kiosk.relaunch();
  }

  /** Until the app's start is over: connected, its first AMOUNT_SELECT shown, its startup recovery check done. */
  ready(): Promise<void> {
    return this.until('start', () => this.startedUp && this.kiosk.screen.name === 'AMOUNT_SELECT' && !this.kiosk.screensaverVisible);
  }

  private wake(): void {
    for (const w of [...this.waiters]) {
      if (w.check()) {
        this.waiters = this.waiters.filter((x) => x !== w);
        w.wake();
      }
    }
  }

  /** Resolves when `check` holds (checked at once and after every event); fails after `timeoutMs` of real time. */
  until(what: string, check: () => boolean, timeoutMs = 8000): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      // Some state (the screensaver, the books) changes without an event: looked at again every 20 ms too.
      const poll = setInterval(() => this.wake(), 20);
      const timer = setTimeout(() => {
        clearInterval(poll);
        this.waiters = this.waiters.filter((x) => x !== waiter);
        reject(new Error(`${this.kioskId}: no ${what}; screens ${this.screens.slice(-8).join(' > ')}; sent ${this.trail.slice(-6).join(', ')}`));
      }, timeoutMs);
      const waiter: Waiter = { check, wake: () => { clearTimeout(timer); clearInterval(poll); resolve(); } };
      this.waiters.push(waiter);
    });
  }

  /** Until the kiosk shows `name` (the screensaver hidden). */
  shows(name: KioskScreen['name'], timeoutMs?: number): Promise<void> {
    return this.until(`screen ${name}`, () => this.kiosk.screen.name === name && !this.kiosk.screensaverVisible, timeoutMs);
  }

  /** Until the kiosk has sent `count` frames of a type (and screen). */
  hasSent(messageType: string, screen?: string, count = 1, timeoutMs?: number): Promise<void> {
    return this.until(`${count} ${messageType}/${screen ?? '*'} sent`, () => this.of(messageType, screen).length >= count, timeoutMs);
  }

  /** Frames the kiosk sent, parsed. */
  get frames(): Array<Record<string, unknown>> {
    return this.sent.map((f) => JSON.parse(f.text) as Record<string, unknown>);
  }

  of(messageType: string, screen?: string): Array<Record<string, unknown>> {
    return this.frames.filter((f) => f.messageType === messageType && (screen === undefined || f.screen === screen));
  }

  /** Backend messages of a type (and screen). */
  got(messageType: string, screen?: string): Array<Record<string, unknown>> {
    return this.received.filter((f) => f.messageType === messageType && (screen === undefined || f.screen === screen));
  }

  get trail(): string[] {
    return this.frames.map((f) => ('ping' in f ? 'ping' : `${String(f.messageType)}/${String(f.screen)}`));
  }

  /** A card payment from AMOUNT_SELECT: amount, DEBIT_CARD; resolves once the kiosk left PROCESSING for `until`. */
  async pay(amount: number, until: KioskScreen['name'] = 'RECEIPT_QUESTION'): Promise<void> {
    // The idle timer (30 s of kiosk time) may have put the screensaver up: the customer taps it first.
    if (this.kiosk.screensaverVisible) this.kiosk.tapScreensaver();
    await this.shows('AMOUNT_SELECT');
    this.kiosk.tapAmount(amount);
    await this.shows('PAYMENT_METHOD');
    this.kiosk.tapPaymentMethod('DEBIT_CARD');
    await this.shows(until);
  }

  close(): void {
    this.relaunchWhenKilled = false;
    this.kiosk.kill();
    for (const ws of this.sockets) ws.terminate();
  }
}

/** Loopback source addresses 127.0.0.2, .3, …: one per kiosk. */
export function kioskAddress(n: number): string {
  return `127.0.${Math.floor(n / 200)}.${(n % 200) + 2}`;
}

/** Starts kiosks on a server, each on its own address, and waits until each one is ready (its first AMOUNT_SELECT, its startup check). */
export async function kiosksOn(server: V2ReferenceServer, options: Array<Omit<KioskOnServerOptions, 'address'>>, first = 0): Promise<KioskOnServer[]> {
  const all = options.map((o, i) => new KioskOnServer(server, { ...o, address: kioskAddress(first + i) }).start());
  await Promise.all(all.map((k) => k.ready()));
  return all;
}

/** Resolves with `read()`'s value once `holds` accepts it (books read over HTTP change without a kiosk event); fails after `timeoutMs`. */
export async function eventually<T>(read: () => Promise<T>, holds: (value: T) => boolean, timeoutMs = 8000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (holds(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
