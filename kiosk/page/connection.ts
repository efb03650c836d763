import { profileNamed, type TerminalProfile } from '../../protocol/profiles/index.js';

/** What the kiosk hears from its socket. */
export interface SocketEvents {
  open(url: string): void;
  text(frame: string): void;
  binary(bytes: number): void;
  /** `opened` false: the handshake never completed (refused, unreachable, or an auth header the browser cannot send). */
  closed(code: number, reason: string, clean: boolean, opened: boolean): void;
  /** A reconnect is planned in `ms`, or undefined when none will follow. */
  retry(ms: number | undefined): void;
}

/** Timers the socket uses, injectable so tests can drive them. */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The browser WebSocket constructor, injectable for tests. */
export type SocketFactory = (url: string) => WebSocket;

/**
 * One kiosk connection with the profile's reconnect policy. It never queues:
 * like the shipped client, a send while disconnected is dropped (and said so).
 */
export class KioskSocket {
  private socket: WebSocket | undefined;
  private attempt = 0;
  private timer: unknown;
  private wanted = false;

  constructor(
    private readonly profile: TerminalProfile,
    private readonly events: SocketEvents,
    private readonly timers: Timers = { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as number) },
    private readonly factory: SocketFactory = (url) => new WebSocket(url),
  ) {}

  /** Opens the connection (and keeps reopening it per the profile until disconnect()). */
  connect(url: string): void {
    this.wanted = true;
    this.url = url;
    this.open();
  }

  private url = '';

  /** True while the socket is open. */
  get isOpen(): boolean {
    return this.socket?.readyState === 1;
  }

  /** Sends one text frame; false when there is no open connection (the frame is dropped). */
  send(text: string): boolean {
    if (!this.socket || this.socket.readyState !== 1) return false;
    this.socket.send(text);
    return true;
  }

  /** Closes the connection and reconnects at once: the terminal dropped and came back (RES section). */
  dropAndReconnect(): void {
    this.cancelRetry();
    const old = this.socket;
    this.socket = undefined;
    if (old) {
      detach(old);
      old.close(1000, 'kiosk: drop and reconnect');
      this.events.closed(1000, 'kiosk: drop and reconnect', true, true);
    }
    this.attempt = 0;
    this.open();
  }

  /** Closes for good (no reconnect). */
  disconnect(): void {
    this.wanted = false;
    this.cancelRetry();
    const old = this.socket;
    this.socket = undefined;
    if (old) {
      detach(old);
      old.close(1000, 'kiosk: disconnect');
      this.events.closed(1000, 'kiosk: disconnect', true, true);
    }
  }

  private open(): void {
    let socket: WebSocket;
    try {
      socket = this.factory(this.url);
    } catch (error) {
      // A malformed URL throws here, not as a close event.
      this.events.closed(1006, (error as Error).message, false, false);
      this.wanted = false;
      return;
    }
    socket.binaryType = 'arraybuffer';
    this.socket = socket;
    let opened = false;
    socket.onopen = () => {
      opened = true;
      this.attempt = 0;
      this.events.open(this.url);
    };
    socket.onmessage = (event: MessageEvent) => {
      if (typeof event.data === 'string') this.events.text(event.data);
      else this.events.binary((event.data as ArrayBuffer).byteLength);
    };
    socket.onclose = (event: CloseEvent) => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      this.events.closed(event.code, event.reason, event.wasClean, opened);
      if (!this.wanted) return;
      const delay = profileNamed(this.profile).client.reconnectDelay(this.attempt++, { clean: event.wasClean, code: event.code });
      this.events.retry(delay);
      if (delay !== undefined) this.timer = this.timers.setTimeout(() => this.open(), delay);
    };
  }

  private cancelRetry(): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }
}

function detach(socket: WebSocket): void {
  socket.onopen = null;
  socket.onmessage = null;
  socket.onclose = null;
}
