import { afterEach, expect, vi } from 'vitest';
import WebSocket from 'ws';
import { formatProblem } from '../../protocol/problems.js';
import { validateServerMessage } from '../../protocol/validator.js';
import { startReferenceServer, type ExtendedServerOptions, type ReferenceServer } from '../../reference-server/index.js';

/** A server message as the tests read it. */
export interface Received {
  messageType: string;
  screen: string;
  data: Record<string, unknown>;
  transactionId: string;
  timestamp: number;
}

// The client's own deadlines run on real time, captured before any test fakes the globals: a test on a fake
// clock that waits for a frame that never comes still fails after `timeoutMs`, instead of hanging.
const realSetTimeout = globalThis.setTimeout;
const realClearTimeout = globalThis.clearTimeout;

// Tests of the reference server do not sleep: a server timer that is the subject of a test (idle timeout,
// processor timeout, step delays while away, heartbeat, slow initial screen) runs on fakeClock/advance, and
// absence is shown by a round trip (TestTerminal.unsolicited, TestTerminal.pong), never by waiting. What stays
// on real time, and why:
// - serve-cli.test.ts, chaos.test.ts, process.ts: a child `paysock serve` keeps its own process clock; their
//   waits are deadlines for the child to start or answer, not sleeps.
// - auth-tls.test.ts and the accepts-tls-1.1 fault: real TLS handshakes, no server timer involved.
// - RES-2 (resumption.test.ts) on a disk store: its commits wait for a real fsync on the thread pool.
// - Flows on fastConfig (20 ms steps and processing), status-updates (50 ms steps) and
//   double-tap-charges-twice (150 ms processing): they wait on real I/O for screens whose order, not timing,
//   they check; a step delay of a few ms passes on real time faster than advancing through each step.
// - The client's own deadlines (next, closedWith, pong) are real: a frame that never comes fails the test.

/**
 * Puts the server's time on a fake clock: `setTimeout`, `clearTimeout` and `Date`, which its clock
 * (reference-server/clock.ts: sessions, processor, heartbeat) looks up on every call. Sockets,
 * `setImmediate` and so the group commit stay real, so frames still travel on real I/O. The fixture of
 * useReferenceServer restores real timers after each test. Call it before starting the server when a
 * timer the server arms at start (the heartbeat) must be fake.
 */
export function fakeClock(): void {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
}

/**
 * Moves the fake clock on by `ms`, firing the server timers that fall due (each in its own turn, with the
 * promises they start settled in between), then lets the turn end: the group commit runs on setImmediate and
 * releases the frames the timers produced, so afterwards they are on the wire. Wait for them on real I/O.
 */
export async function advance(ms: number): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms);
  await new Promise((resolve) => setImmediate(resolve));
}

/** Waits, on real I/O and not on a timer, until the server has seen every socket close (before time moves on a fake clock). */
export async function closedOnServer(server: ReferenceServer): Promise<void> {
  while (server.connections() > 0) await new Promise((resolve) => setImmediate(resolve));
}

/** Fast timings so flows finish in milliseconds; tests that need a timer set their own. */
export const fastConfig = {
  stepDelayMs: 20,
  processingMs: 20,
  processorTimeoutMs: 300,
  deviceErrorMs: 50,
  idleTimeoutMs: 60_000,
};

/** Starts a server on 127.0.0.1, port 0, in-memory store, fast timings. */
export async function startTestServer(options: ExtendedServerOptions = {}): Promise<ReferenceServer> {
  return startReferenceServer({ testControl: true, ...options, config: { ...fastConfig, ...options.config } });
}

/** How a TestTerminal connects: `?terminalId=`, upgrade headers, frame validation, a TLS CA. */
export interface TerminalConnectOptions {
  terminalId?: string;
  headers?: Record<string, string>;
  validate?: boolean;
  ca?: string;
  /** false: the terminal does not answer the server's pings (ws answers them itself by default). */
  autoPong?: boolean;
}

/**
 * A scripted terminal over a real WebSocket. Every server frame is validated
 * with validateServerMessage (SEC-2): `invalid` collects the failures, and
 * tests assert it stays empty.
 */
export class TestTerminal {
  readonly received: Received[] = [];
  readonly invalid: string[] = [];
  readonly raw: string[] = [];
  closeCode: number | undefined;
  private waiters: Array<() => void> = [];
  private cursor = 0;
  private readonly closed: Promise<number>;
  upgradeHeaders: Record<string, string | string[] | undefined> = {};

  private constructor(readonly ws: WebSocket, readonly validate: boolean) {
    ws.on('message', (data, isBinary) => {
      const text = data.toString();
      this.raw.push(text);
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        this.invalid.push(`not JSON: ${text}`);
        return;
      }
      if (validate) {
        const result = validateServerMessage(value);
        if (!result.ok) this.invalid.push(`${text}: ${result.problems.map(formatProblem).join('; ')}`);
      }
      if (!isBinary) this.received.push(value as Received);
      this.wake();
    });
    this.closed = new Promise((resolve) => {
      ws.on('close', (code) => {
        this.closeCode = code;
        this.wake();
        resolve(code);
      });
    });
    ws.on('error', () => undefined);
  }

  /** Opens a connection; rejects with the HTTP status when the upgrade is refused. */
  static async connect(url: string, options: TerminalConnectOptions = {}): Promise<TestTerminal> {
    const target = options.terminalId === undefined ? url : `${url}?terminalId=${encodeURIComponent(options.terminalId)}`;
    const ws = new WebSocket(target, { headers: options.headers, ...(options.ca ? { ca: options.ca } : {}), ...(options.autoPong === false ? { autoPong: false } : {}) });
    const terminal = new TestTerminal(ws, options.validate ?? true);
    await new Promise<void>((resolve, reject) => {
      ws.once('upgrade', (res) => {
        terminal.upgradeHeaders = res.headers;
      });
      ws.once('open', () => resolve());
      ws.once('unexpected-response', (_req, res) => reject(new HttpRefusal(res.statusCode ?? 0)));
      ws.once('error', reject);
    });
    return terminal;
  }

  /** Sends a JSON message (timestamp filled in when missing). */
  send(message: Record<string, unknown>): void {
    this.ws.send(JSON.stringify({ timestamp: Date.now(), ...message }));
  }

  /** Sends a USER_ACTION. */
  act(screen: string, data: Record<string, unknown> | undefined, transactionId: string): void {
    const message: Record<string, unknown> = { messageType: 'USER_ACTION', screen, transactionId, timestamp: Date.now() };
    if (data !== undefined) message.data = data;
    this.ws.send(JSON.stringify(message));
  }

  /** The next message not yet consumed, waiting up to `timeoutMs` (a generous deadline, never a speed check). */
  async next(timeoutMs = 5000): Promise<Received> {
    const deadline = performance.now() + timeoutMs;
    while (this.cursor >= this.received.length) {
      if (this.closeCode !== undefined) throw new Error(`connection closed (${this.closeCode}) while waiting; got ${JSON.stringify(this.received.slice(-3))}`);
      const left = deadline - performance.now();
      if (left <= 0) throw new Error(`no message within ${timeoutMs} ms; last: ${JSON.stringify(this.received.slice(-3))}`);
      await new Promise<void>((resolve) => {
        const timer = realSetTimeout(resolve, left);
        this.waiters.push(() => {
          realClearTimeout(timer);
          resolve();
        });
      });
    }
    return this.received[this.cursor++] as Received;
  }

  /** Skips messages until a SCREEN_CHANGE to `screen`, returning it; fails on an unexpected ERROR. */
  async screen(screen: string, timeoutMs = 5000): Promise<Received> {
    for (;;) {
      const message = await this.next(timeoutMs);
      if (message.messageType === 'SCREEN_CHANGE' && message.screen === screen) return message;
      if (message.messageType === 'SCREEN_CHANGE') throw new Error(`expected ${screen}, got ${message.screen}: ${JSON.stringify(message)}`);
      if (message.messageType === 'ERROR') throw new Error(`expected ${screen}, got ERROR ${JSON.stringify(message)}`);
    }
  }

  /** Skips every message (screens included) until a SCREEN_CHANGE to `screen`. */
  async until(screen: string, timeoutMs = 5000): Promise<Received> {
    for (;;) {
      const message = await this.next(timeoutMs);
      if (message.messageType === 'SCREEN_CHANGE' && message.screen === screen) return message;
    }
  }

  /** The next message apart from STATUS_UPDATEs, which must be an ERROR; returns it. */
  async error(timeoutMs = 5000): Promise<Received> {
    let message = await this.next(timeoutMs);
    while (message.messageType === 'STATUS_UPDATE') message = await this.next(timeoutMs);
    if (message.messageType !== 'ERROR') throw new Error(`expected ERROR, got ${JSON.stringify(message)}`);
    return message;
  }

  /** Resolves with the close code (waits up to `timeoutMs`). */
  async closedWith(timeoutMs = 5000): Promise<number> {
    return Promise.race([
      this.closed,
      new Promise<number>((_, reject) => realSetTimeout(() => reject(new Error(`not closed within ${timeoutMs} ms`)), timeoutMs)),
    ]);
  }

  /**
   * The messages the server sent unasked since the last one consumed, proven complete by a round trip
   * instead of a sleep: a RESET, which changes nothing (on any screen but LIMIT_ERROR) and is answered
   * with the current screen. Every frame leaves after its turn's commit, in order, so that answer comes
   * after anything the server sent before it. The first SCREEN_CHANGE is taken as the answer when it shows
   * `screen` (where the test knows the terminal is); one showing another screen was sent unasked and is
   * returned with what came before it. (An unasked repeat of the same screen would pass for the answer.)
   */
  async unsolicited(screen: string): Promise<Received[]> {
    this.act('RESET', undefined, 'initial');
    const before: Received[] = [];
    for (;;) {
      const message = await this.next();
      if (message.messageType === 'SCREEN_CHANGE' && message.screen === screen) return before;
      before.push(message);
      if (message.messageType === 'SCREEN_CHANGE') return before;
    }
  }

  /**
   * A ping answered by a pong: a round trip for proving absence where an application-level one cannot
   * serve (no screen yet, or frames held on purpose). ws writes the pong as soon as it reads the ping, not
   * after a commit, so call it only once what it must come after is written: frames of earlier turns are.
   */
  async pong(timeoutMs = 5000): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      const timer = realSetTimeout(() => reject(new Error(`no pong within ${timeoutMs} ms`)), timeoutMs);
      this.ws.once('pong', () => {
        realClearTimeout(timer);
        resolve();
      });
      this.ws.ping();
    });
  }

  close(): void {
    this.ws.terminate();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}

/** The upgrade was answered with an HTTP status instead of 101. */
export class HttpRefusal extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
  }
}

/** Runs a preset payment from AMOUNT_SELECT "initial" to PROCESSING; returns the transaction id. */
export async function payPreset(terminal: TestTerminal, amount = 20, method = 'DEBIT_CARD'): Promise<string> {
  terminal.act('AMOUNT_SELECT', { selectedAmount: amount, selectionMethod: 'PRESET_BUTTON' }, 'initial');
  const pm = await terminal.screen('PAYMENT_METHOD');
  terminal.act('PAYMENT_METHOD', { selectedMethod: method }, pm.transactionId);
  await terminal.screen('PROCESSING');
  return pm.transactionId;
}

/** How a fixture terminal connects; `awaitScreen` waits for that first SCREEN_CHANGE before returning. */
export interface FixtureConnectOptions extends Omit<TerminalConnectOptions, 'validate'> {
  awaitScreen?: string;
}

/** One test file's reference server and the terminals its tests opened; reset after each test. */
export interface ReferenceServerFixture {
  /** Starts this test's server (the caller closes any previous one it restarts). */
  start(options?: ExtendedServerOptions): Promise<ReferenceServer>;
  /** Starts the server on first use (later `options` are ignored), then connects a tracked terminal. */
  open(options?: ExtendedServerOptions, connect?: FixtureConnectOptions): Promise<TestTerminal>;
  /** Connects a tracked terminal to the server already started. */
  connect(connect?: FixtureConnectOptions): Promise<TestTerminal>;
  /** Tracks a terminal connected by hand (e.g. to a URL with its own query string). */
  track(terminal: TestTerminal): TestTerminal;
  /** The server of the running test, if one was started. */
  server(): ReferenceServer | undefined;
  /** The server of the running test; throws when none was started. */
  running(): ReferenceServer;
}

/**
 * Registers an afterEach that checks every tracked terminal's frames passed
 * validateServerMessage (SEC-2), then closes the terminals and the server.
 * `validate: false` is for servers that break frames on purpose (faults): the
 * terminals skip validation and the SEC-2 check is not made.
 */
export function useReferenceServer(settings: { validate?: boolean } = {}): ReferenceServerFixture {
  const validate = settings.validate ?? true;
  let current: ReferenceServer | undefined;
  const terminals: TestTerminal[] = [];

  afterEach(async () => {
    // Real timers again before closing: the server's shutdown grace period is a timer.
    vi.useRealTimers();
    const opened = terminals.splice(0);
    const server = current;
    current = undefined;
    try {
      if (validate) for (const t of opened) expect(t.invalid, 'every server frame passes validateServerMessage (SEC-2)').toEqual([]);
    } finally {
      // Cleanup runs even when the check fails, so one bad frame cannot leak sockets into the next test.
      for (const t of opened) t.close();
      await server?.close();
    }
  });

  const running = (): ReferenceServer => {
    if (current === undefined) throw new Error('no reference server started in this test');
    return current;
  };
  const track = (terminal: TestTerminal): TestTerminal => {
    terminals.push(terminal);
    return terminal;
  };
  const connect = async ({ awaitScreen, ...options }: FixtureConnectOptions = {}): Promise<TestTerminal> => {
    const terminal = track(await TestTerminal.connect(running().url, { ...options, validate }));
    if (awaitScreen !== undefined) await terminal.screen(awaitScreen);
    return terminal;
  };
  const start = async (options: ExtendedServerOptions = {}): Promise<ReferenceServer> => {
    current = await startTestServer(options);
    return current;
  };
  return {
    start,
    connect,
    track,
    running,
    server: () => current,
    open: async (options = {}, connectOptions = {}) => {
      current ??= await startTestServer(options);
      return connect(connectOptions);
    },
  };
}
