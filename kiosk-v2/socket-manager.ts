import type { KioskClock } from './clock.js';
import { keepalive } from './frames.js';
import type { KioskSocket, KioskSocketListener, KioskTransport } from './transport.js';

/** SocketManager's three states (SocketManager.kt:177-181). */
export type ConnectionState = 'DISCONNECTED' | 'CONNECTING' | 'CONNECTED';

/** What the socket manager tells the kiosk. */
export interface SocketManagerEvents {
  /** Every change of state, as the view model's collector sees it (PaymentViewModel.kt:165-191). */
  state(state: ConnectionState): void;
  message(text: string): void;
  /** A frame went out (queued on an open socket). */
  sent(text: string): void;
  /** A frame could not be queued. */
  notSent(text: string): void;
  log(line: string): void;
}

/**
 * d540407's SocketManager (SocketManager.kt): connect only from
 * DISCONNECTED, send only when CONNECTED, a new connect 5 s after every
 * failure (never after a clean close), `{"ping":true}` from ensureConnected,
 * no handler for the peer's close frame (§2.4-§2.7). One listener serves
 * every connection, as in the app, so a late event of an old connection
 * still moves the state.
 */
export class SocketManager {
  private socket: KioskSocket | undefined;
  private current: ConnectionState = 'DISCONNECTED';
  private readonly timers = new Set<unknown>();
  private dead = false;
  private readonly listener: KioskSocketListener;

  constructor(private url: string, private readonly transport: KioskTransport, private readonly clock: KioskClock, private readonly events: SocketManagerEvents) {
    this.listener = {
      onOpen: () => this.setState('CONNECTED'),
      onMessage: (text) => { if (!this.dead) this.events.message(text); },
      onClosing: (code, reason) => this.events.log(`close frame ${code} "${reason}" from the backend ignored (no onClosing handler, SocketManager.kt:136-163)`),
      onClosed: () => this.setState('DISCONNECTED'),
      onFailure: (error) => {
        this.events.log(`WebSocket failure: ${error}`);
        this.setState('DISCONNECTED');
        this.scheduleReconnect();
      },
    };
  }

  get state(): ConnectionState {
    return this.current;
  }

  isConnected(): boolean {
    return this.current === 'CONNECTED';
  }

  /** SocketManager.kt:69-89. */
  connect(url: string = this.url): void {
    if (this.dead) return;
    this.url = url;
    if (this.current === 'CONNECTED' || this.current === 'CONNECTING') return;
    this.setState('CONNECTING');
    this.socket = this.transport.open(url, this.listener);
  }

  /** The kiosk's own clean close: 1000 "Closing connection" (SocketManager.kt:91-95). */
  disconnect(): void {
    this.socket?.close(1000, 'Closing connection');
    this.socket = undefined;
    this.setState('DISCONNECTED');
  }

  /** SocketManager.kt:102-119: ping when connected, connect when disconnected. */
  ensureConnected(): void {
    if (this.current === 'CONNECTED') {
      const ok = this.socket?.send(keepalive) ?? false;
      if (ok) this.events.sent(keepalive);
      else this.events.notSent(keepalive);
    } else if (this.current === 'DISCONNECTED') {
      this.connect(this.url);
    }
  }

  /** SocketManager.kt:127-134. */
  sendMessage(text: string): boolean {
    if (this.current !== 'CONNECTED' || this.dead) {
      this.events.log('Cannot send message, not connected');
      this.events.notSent(text);
      return false;
    }
    const ok = this.socket?.send(text) ?? false;
    if (ok) this.events.sent(text);
    else this.events.notSent(text);
    return ok;
  }

  /** Breaks the current connection without a close frame (a dead link, `loseConnection`). */
  cutLink(): void {
    this.socket?.abort();
  }

  /** The process died: the connection drops, no timer of this manager runs again. */
  kill(): void {
    this.dead = true;
    for (const t of this.timers) this.clock.clearTimeout(t);
    this.timers.clear();
    this.socket?.abort();
    this.socket = undefined;
  }

  /** SocketManager.kt:165-175: 5 s after a failure, connect if still disconnected. */
  private scheduleReconnect(): void {
    if (this.current === 'CONNECTING' || this.dead) return;
    const timer = this.clock.setTimeout(() => {
      this.timers.delete(timer);
      if (this.current === 'DISCONNECTED') this.connect(this.url);
    }, 5000);
    this.timers.add(timer);
  }

  private setState(state: ConnectionState): void {
    if (this.dead) return;
    // A StateFlow: only changes reach the collector.
    if (state === this.current) return;
    this.current = state;
    this.events.state(state);
  }
}
