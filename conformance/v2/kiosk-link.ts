import WebSocket from 'ws';
import { parseV2Frame } from '../../protocol/v2/index.js';
import { ScriptedTerminal, VirtualKiosk, webSocketTransport, type KioskClock, type KioskScreen, type KioskTransport, type VirtualKiosk as Kiosk, type WebSocketLike } from '../../kiosk-v2/index.js';
import type { WireLog } from '../wire-log.js';

/** One backend frame as the certifier saw it: parsed when it is JSON, with its wire-log index. */
export interface BackendFrame {
  event: number;
  text: string;
  /** The parsed object, when the frame is a JSON object. */
  message?: { messageType?: unknown; screen?: unknown; transactionId?: unknown; data?: Record<string, unknown> | null };
}

/** One kiosk frame that left: its text and wire-log index. */
export interface KioskFrame {
  event: number;
  text: string;
  message?: { messageType?: unknown; screen?: unknown; transactionId?: unknown; data?: Record<string, unknown> | null };
}

/** How one test kiosk connects: its terminal id (test rigs, V2-OPEN-7) and the X-Test-Scenario it asks for. */
export interface KioskLinkOptions {
  label: string;
  /** ws://host:port of the backend. */
  url: string;
  /** Put in ?terminalId= so the backend can tell the suite's kiosks apart; undefined sends none, as d540407. */
  terminalId: string | undefined;
  /** X-Test-Scenario on every upgrade of this kiosk (test control). */
  scenario: string | undefined;
  clock: KioskClock;
  log: WireLog;
  /** How fast the card terminal answers (kiosk-clock ms). */
  terminalMs: number;
}

type Waiter = { test: () => boolean; resolve: () => void };

/**
 * A test kiosk: the virtual kiosk of kiosk-v2 (d540407's behaviour, nothing
 * re-implemented here) on a real WebSocket, with a scripted card terminal the
 * case writes in advance. Every frame both ways goes to the case's wire log;
 * each backend frame is validated against the v2 schemas there (V2-BAK-11), so
 * a frame the kiosk could not parse fails the case whatever it was doing.
 */
export class KioskLink {
  readonly terminal: ScriptedTerminal;
  readonly received: BackendFrame[] = [];
  readonly sent: KioskFrame[] = [];
  /** Screens the kiosk showed, in order. */
  readonly screens: KioskScreen[] = [];
  kiosk: Kiosk;
  /** Upgrades that echoed X-Test-Scenario-Accepted (test control honoured). */
  scenarioAccepted = false;
  connections = 0;
  /** Binary frames the backend sent: the kiosk ignores them (V2-TRN-4), so the transport never hands them on. */
  binaryFrames = 0;
  /** Connections that ended while the kiosk was alive: the backend closed them, or the network (or the case) cut them. */
  closes = 0;
  /**
   * The app's startup recovery check (1.5 s after start, §5i step 1) has run.
   * A customer cannot pay before it in the field; a sale made sooner would
   * be reversed by it as a pending ticket, so the certifier waits for it.
   */
  startupChecked = false;
  /**
   * Cuts the link just before a backend frame this matches reaches the
   * kiosk: the kiosk still acts on it, and what it sends in answer meets a
   * dead socket and is lost (a K7 lost after APPROVED, V2-M-7).
   */
  cutBeforeDelivering: ((message: NonNullable<BackendFrame['message']>) => boolean) | undefined;
  /**
   * The network is down: every connection attempt fails, and the kiosk tries
   * again every 5 s (§2.7). Keeps a kiosk off its backend past its 20 s
   * ticket grace (§5g step 6) for as long as a case needs.
   */
  offline = false;
  /**
   * Takes the network down (`offline`) as a backend frame this matches
   * arrives, before the kiosk sees it: the backend sent it, the kiosk never
   * has it (a link that died with the frame in flight). Unlike
   * `cutBeforeDelivering` the kiosk does not act on it.
   */
  dropAndGoOffline: ((message: NonNullable<BackendFrame['message']>) => boolean) | undefined;
  /**
   * Keeps a backend frame this matches from the kiosk (logged and judged, not delivered) while the link
   * stays up: a frame the network lost, so that the kiosk's own fallbacks run (its second RESET, V2-TRN-10).
   */
  withhold: ((message: NonNullable<BackendFrame['message']>) => boolean) | undefined;
  private readonly waiters = new Set<Waiter>();
  private socket: WebSocket | undefined;
  /** Hands a frame to the kiosk as its socket would (the open connection's listener). */
  private deliver: ((text: string) => void) | undefined;

  constructor(readonly options: KioskLinkOptions) {
    this.terminal = new ScriptedTerminal(options.clock);
    this.terminal.defaultMs = options.terminalMs;
    this.kiosk = this.make();
  }

  get label(): string {
    return this.options.label;
  }

  /** App start: the kiosk connects (flow a). */
  start(): this {
    this.kiosk.start();
    return this;
  }

  /** The device's kiosk mode relaunches the app after RESTART_APP or a crash (§5k): same storage and terminal. */
  relaunch(): void {
    if (this.kiosk.isAlive) this.kiosk.kill();
    this.startupChecked = false;
    this.kiosk = this.kiosk.relaunch();
  }

  /**
   * Sends a frame the kiosk already wrote once more on the open socket: byte
   * for byte, a duplicate the network or an M3 violation can deliver (V2-M-6);
   * or, where a case says so, the kiosk's frame with one field changed (another
   * timestamp, a contradictory reversal result), never a message of its own.
   */
  replay(frame: KioskFrame): void {
    if (this.socket?.readyState !== WebSocket.OPEN) throw new Error(`${this.label}: no open connection to replay a frame on`);
    const event = this.options.log.add(this.label, 'sent', 'text', frame.text, Buffer.byteLength(frame.text));
    this.sent.push({ ...frame, event });
    this.socket.send(frame.text);
    this.wake();
  }

  /**
   * Makes the kiosk adopt `transactionId` as its current id, as it adopts the
   * id of every message it parses (pinto-android-2.md §3.4.1, V2-TXN-1): a
   * STATUS_UPDATE (B3, which the kiosk only logs) is handed to the kiosk alone
   * and never reaches the backend. The kiosk then uses the id as d540407 does
   * (its next K1, K2, or the K6 of a payment started after it, §3.4.3), so the
   * backend sees only frames a d540407 kiosk writes, carrying an id it may not
   * have issued for this cycle: what a config push or an "initial" leaves
   * behind (V2-M-15). Written into the wire log as an event, not as a frame
   * the backend sent.
   */
  adoptId(transactionId: string): void {
    if (this.deliver === undefined) throw new Error(`${this.label}: no open connection to adopt an id on`);
    const text = JSON.stringify({ messageType: 'STATUS_UPDATE', screen: '', data: null, transactionId, timestamp: this.options.clock.now() });
    this.options.log.add(this.label, 'event', 'text', `handed to the kiosk only, never sent to the backend (the kiosk adopts its id, §3.4.1): ${text}`);
    this.deliver(text);
    if (this.kiosk.transactionId !== transactionId) throw new Error(`${this.label}: the kiosk did not adopt "${transactionId}" (${this.kiosk.screen.name})`);
    this.wake();
  }

  /** Resolves when `test` holds (checked on every frame and screen), or after `ms` real milliseconds with false. */
  until(test: () => boolean, ms: number): Promise<boolean> {
    if (test()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter: Waiter = { test, resolve: () => resolve(true) };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        resolve(test());
      }, ms);
      waiter.resolve = () => {
        clearTimeout(timer);
        resolve(true);
      };
      this.waiters.add(waiter);
    });
  }

  /** Waits for the kiosk to show `name` (as its current screen), up to `ms`. */
  untilScreen(name: KioskScreen['name'], ms: number): Promise<boolean> {
    return this.until(() => this.kiosk.screen.name === name, ms);
  }

  /** Backend frames after index `from` matching `test`. */
  framesSince(from: number, test: (m: NonNullable<BackendFrame['message']>) => boolean): BackendFrame[] {
    return this.received.slice(from).filter((f) => f.message !== undefined && test(f.message));
  }

  /** Kiosk frames of a messageType (and screen) sent so far. */
  sentOf(messageType: string, screen?: string): KioskFrame[] {
    return this.sent.filter((f) => f.message?.messageType === messageType && (screen === undefined || f.message.screen === screen));
  }

  /** Stops the kiosk for good (end of the case). */
  stop(): void {
    if (this.kiosk.isAlive) this.kiosk.kill();
    for (const w of this.waiters) w.resolve();
    this.waiters.clear();
  }

  private wake(): void {
    for (const w of [...this.waiters]) {
      if (w.test()) {
        this.waiters.delete(w);
        w.resolve();
      }
    }
  }

  private make(): Kiosk {
    const { log, label } = this.options;
    const url = this.options.terminalId === undefined ? this.options.url : `${this.options.url.replace(/\/?$/, '/')}?terminalId=${encodeURIComponent(this.options.terminalId)}`;
    return new VirtualKiosk({
      url,
      clock: this.options.clock,
      transport: this.transport(),
      terminal: this.terminal,
      observer: {
        sent: (frame) => {
          const event = log.add(label, 'sent', 'text', frame.text, Buffer.byteLength(frame.text));
          this.sent.push({ event, text: frame.text, ...parsed(frame.text) });
          this.wake();
        },
        log: (line) => {
          if (line.startsWith('Startup recovery check complete')) {
            this.startupChecked = true;
            this.wake();
          }
        },
        screen: (screen) => {
          this.screens.push(screen);
          this.wake();
        },
      },
    });
  }

  /** The `ws` transport of kiosk-v2, with this kiosk's upgrade headers and every received frame logged and validated. */
  private transport(): KioskTransport {
    const { log, label } = this.options;
    const inner = webSocketTransport((url) => {
      const headers: Record<string, string> = { 'User-Agent': 'okhttp/4.11.0' };
      if (this.options.scenario !== undefined) headers['X-Test-Scenario'] = this.options.scenario;
      const ws = new WebSocket(url, { headers, perMessageDeflate: true });
      ws.on('upgrade', (res) => {
        if (res.headers['x-test-scenario-accepted'] !== undefined) this.scenarioAccepted = true;
      });
      ws.on('open', () => {
        this.connections++;
        log.add(label, 'event', 'open', url);
      });
      ws.on('close', (code, reason) => {
        if (this.kiosk.isAlive) this.closes++;
        log.add(label, 'event', 'close', `${code} ${reason.toString()}`);
      });
      ws.on('message', (data, isBinary) => {
        if (!isBinary) return;
        this.binaryFrames++;
        const bytes = Array.isArray(data) ? data.reduce((n, b) => n + b.length, 0) : data instanceof ArrayBuffer ? data.byteLength : data.length;
        log.add(label, 'received', 'binary', `${bytes} bytes (ignored by the kiosk)`, bytes);
      });
      this.socket = ws;
      // ws's WebSocket has the WHATWG handler properties the adapter sets; its event types are its own.
      return ws as unknown as WebSocketLike;
    });
    return {
      open: (url, listener) => {
        if (this.offline) return unreachable(listener, () => log.add(label, 'event', 'error', `${url}: network down`));
        const deliver = (text: string): void => listener.onMessage(text);
        this.deliver = deliver;
        const gone = (): void => {
          if (this.deliver === deliver) this.deliver = undefined;
        };
        return inner.open(url, {
          ...listener,
          onOpen: () => listener.onOpen(),
          onMessage: (text) => {
            const event = log.add(label, 'received', 'text', text, Buffer.byteLength(text));
            const result = parseV2Frame(text);
            if (!result.ok) for (const p of result.problems) log.schemaErrors.push({ event, path: p.path, message: p.message, requirement: p.requirement });
            const frame: BackendFrame = { event, text, ...parsed(text) };
            this.received.push(frame);
            if (frame.message && this.withhold?.(frame.message)) {
              log.add(label, 'event', 'error', `frame #${event} withheld from the kiosk (lost by the network)`);
              this.wake();
              return;
            }
            if (frame.message && this.dropAndGoOffline?.(frame.message)) {
              this.dropAndGoOffline = undefined;
              this.offline = true;
              log.add(label, 'event', 'error', 'network down: the frame above never reaches the kiosk');
              this.kiosk.loseConnection();
              this.wake();
              return;
            }
            if (frame.message && this.cutBeforeDelivering?.(frame.message)) {
              this.cutBeforeDelivering = undefined;
              this.kiosk.loseConnection();
            }
            listener.onMessage(text);
            this.wake();
          },
          onClosing: (code, reason) => listener.onClosing(code, reason),
          onClosed: (code, reason) => {
            gone();
            listener.onClosed(code, reason);
          },
          onFailure: (error) => {
            gone();
            listener.onFailure(error);
          },
        });
      },
    };
  }
}

/** A connection attempt while the network is down: it fails a moment later, as a connect error does (OkHttp onFailure). */
function unreachable(listener: Parameters<KioskTransport['open']>[1], logged: () => void): ReturnType<KioskTransport['open']> {
  setImmediate(() => {
    logged();
    listener.onFailure('network down');
  });
  return { send: () => false, close: () => undefined, abort: () => undefined };
}

function parsed(text: string): { message?: BackendFrame['message'] } {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? { message: value as BackendFrame['message'] } : {};
  } catch {
    return {};
  }
}
