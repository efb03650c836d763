import { WebSocket as WsClient, type RawData } from 'ws';
import type { EventLoop, LoopResource } from './event-loop.js';
import type { Tags } from './metrics.js';

/** What a WebSocket needs from its VU. */
export interface WebSocketHost {
  /** The loop of the running iteration; undefined in the init context. */
  loop(): EventLoop | undefined;
  /** Records one sample of a built-in metric (ws_sessions, ws_msgs_sent, ...). */
  sample(metric: string, value: number, tags: Tags): void;
}

const CONNECTING = 0;
const OPEN = 1;
const CLOSING = 2;
const CLOSED = 3;

type Listener = (event: Record<string, unknown>) => unknown;
const eventTypes = ['open', 'message', 'error', 'close', 'ping', 'pong'] as const;
type EventType = (typeof eventTypes)[number];

/**
 * The WebSocket class of k6/websockets as k6 documents and implements it
 * (internal/js/modules/k6/websockets): `new WebSocket(url, protocols, params)`
 * with params.headers and params.tags; readyState with the four constants;
 * `send` throws InvalidStateError unless OPEN; `close(code, reason)` accepts
 * 1000 or 3000-4999 and does nothing once CLOSING/CLOSED; messages arriving
 * after close() was called are dropped; an `error` event precedes `close`
 * when the connection failed or closed with a code other than 1000/1001;
 * binary messages arrive as a Blob (binaryType "blob", the default) or an
 * ArrayBuffer. Built-in metrics: ws_sessions, ws_connecting, ws_msgs_sent,
 * ws_msgs_received, ws_session_duration, ws_ping.
 *
 * Departures: the client is Node's `ws` package, not gorilla/websocket (the
 * wire is RFC 6455 either way); no permessage-deflate unless
 * params.compression is "deflate"; no cookie jar; no TLS options.
 */
export function webSocketClass(host: WebSocketHost): unknown {
  class WebSocket implements LoopResource {
    static readonly CONNECTING = CONNECTING;
    static readonly OPEN = OPEN;
    static readonly CLOSING = CLOSING;
    static readonly CLOSED = CLOSED;
    readonly CONNECTING = CONNECTING;
    readonly OPEN = OPEN;
    readonly CLOSING = CLOSING;
    readonly CLOSED = CLOSED;

    readonly url: string;
    protocol = '';
    extensions: string[] = [];
    bufferedAmount = 0;
    private state = CONNECTING;
    private type = 'blob';
    private readonly listeners = new Map<EventType, Listener[]>();
    private readonly handlers = new Map<EventType, Listener | null>();
    private readonly client: WsClient;
    private readonly loop: EventLoop;
    private readonly tags: Tags;
    private readonly started = Date.now();
    private failure: string | undefined;
    private closeCode = 0;
    private closeReason = '';
    private pings = new Map<string, number>();
    private pingCounter = 0;

    constructor(url: unknown, protocols?: unknown, params?: { headers?: Record<string, string>; tags?: Tags; compression?: string }) {
      const loop = host.loop();
      if (!loop) throw new Error('using websockets in the init context is not supported');
      if (url === undefined || url === null) throw new Error('WebSocket requires a url');
      const parsed = new URL(String(url));
      if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:') throw new Error(`WebSocket requires url with scheme ws or wss, but got "${parsed.protocol.replace(':', '')}"`);
      if (parsed.hash !== '') throw new Error(`WebSocket requires no url fragment, but got "${parsed.hash.slice(1)}"`);
      this.url = String(url);
      this.loop = loop;
      this.tags = { url: this.url, name: this.url, ...(params?.tags ?? {}) };
      const subprotocols = protocols === undefined || protocols === null ? [] : Array.isArray(protocols) ? protocols.map(String) : [String(protocols)];
      loop.register(this);
      const connectStarted = performance.now();
      let connected = false;
      const connectionMetrics = (): void => {
        if (connected) return;
        connected = true;
        host.sample('ws_sessions', 1, this.tags);
        host.sample('ws_connecting', performance.now() - connectStarted, this.tags);
      };
      this.client = new WsClient(this.url, subprotocols, {
        headers: params?.headers ?? {},
        handshakeTimeout: 60_000,
        perMessageDeflate: params?.compression === 'deflate',
      });
      this.client.on('open', () => {
        connectionMetrics();
        this.protocol = this.client.protocol;
        this.extensions = this.client.extensions === '' ? [] : [this.client.extensions];
        this.task(() => {
          if (this.state !== CONNECTING) return;
          this.state = OPEN;
          this.opened = true;
          this.dispatch('open', {});
        });
      });
      this.client.on('unexpected-response', (_req, res) => {
        connectionMetrics();
        this.failure = `websocket: bad handshake (HTTP ${res.statusCode})`;
        res.resume();
        this.client.terminate();
      });
      this.client.on('error', (error) => {
        connectionMetrics();
        this.failure ??= error.message;
      });
      this.client.on('message', (data: RawData, isBinary: boolean) => {
        const at = Date.now();
        this.task(() => {
          // k6 drops messages once the script called close().
          if (this.state !== OPEN) return;
          host.sample('ws_msgs_received', 1, this.tags);
          const bytes = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
          const payload = isBinary ? (this.type === 'arraybuffer' ? bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) : new Blob([bytes])) : bytes.toString('utf8');
          this.dispatch('message', { data: payload, origin: this.url }, at);
        });
      });
      this.client.on('ping', () => this.task(() => this.dispatch('ping', {})));
      this.client.on('pong', (data: Buffer) => {
        const sent = this.pings.get(data.toString());
        this.task(() => {
          if (sent !== undefined) host.sample('ws_ping', Date.now() - sent, this.tags);
          this.dispatch('pong', {});
        });
      });
      this.client.on('close', (code: number, reason: Buffer) => {
        connectionMetrics();
        this.task(() => {
          if (this.state === CLOSED) return;
          this.state = CLOSED;
          // ws reports 1006 for "no close frame" and 1005 for "close frame without code"; gorilla's CloseError carries the code it read.
          if (code !== 1006) {
            this.closeCode = code;
            this.closeReason = reason.toString();
          }
          if (this.opened) host.sample('ws_session_duration', Date.now() - this.started, this.tags);
          // gorilla's IsUnexpectedCloseError(err, 1000, 1001): anything but a normal or going-away close is an error first.
          if (this.failure !== undefined || (code !== 1000 && code !== 1001)) this.dispatch('error', { error: this.failure ?? (code === 1006 ? 'websocket: close 1006 (abnormal closure): unexpected EOF' : `websocket: close ${code}: ${this.closeReason}`) });
          const event: Record<string, unknown> = { reason: this.closeReason };
          if (this.closeCode !== 0) event.code = this.closeCode;
          this.dispatch('close', event);
        }, true);
      });
    }

    private opened = false;

    get readyState(): number { return this.state; }
    get binaryType(): string { return this.type; }
    set binaryType(value: string) {
      if (value !== 'blob' && value !== 'arraybuffer') throw new Error(`unknown binaryType ${value}, the supported ones are "blob" and "arraybuffer"`);
      this.type = value;
    }

    addEventListener(type: string, handler: unknown): void {
      if (typeof handler !== 'function') throw new Error(`handler for event type "${type}" isn't a callable function`);
      if (!(eventTypes as readonly string[]).includes(type)) {
        console.warn(`can't add event handler: unknown event "${type}"`);
        return;
      }
      const list = this.listeners.get(type as EventType) ?? [];
      list.push(handler as Listener);
      this.listeners.set(type as EventType, list);
    }

    send(data: unknown): void {
      this.assertOpen();
      if (typeof data !== 'string' && !(data instanceof ArrayBuffer) && !ArrayBuffer.isView(data)) throw new Error(`unsupported send type ${typeof data}`);
      const size = typeof data === 'string' ? Buffer.byteLength(data) : (data as ArrayBuffer).byteLength;
      this.bufferedAmount += size;
      this.client.send(data as string, (error) => {
        this.bufferedAmount -= size;
        if (!error) host.sample('ws_msgs_sent', 1, this.tags);
      });
    }

    ping(): void {
      this.assertOpen();
      const id = String(this.pingCounter++);
      this.pings.set(id, Date.now());
      this.client.ping(id);
    }

    close(code?: number, reason?: string): void {
      if (this.state === CLOSED || this.state === CLOSING) return;
      if (code !== undefined && code !== 0 && code !== 1000 && !(code >= 3000 && code <= 4999)) {
        throw new Error(`InvalidAccessError: Failed to execute 'close' on 'WebSocket': The close code must be either 1000, or between 3000 and 4999. ${code} is neither`);
      }
      if (reason !== undefined && Buffer.byteLength(reason) > 123) throw new Error("SyntaxError: Failed to execute 'close' on 'WebSocket': The message must not be greater than 123 bytes");
      this.state = CLOSING;
      this.closeCode = code || 1000;
      // ws cannot send a close frame before the handshake is done; it aborts the handshake instead.
      this.client.close(this.closeCode, reason ?? '');
    }

    teardown(): void {
      this.state = CLOSED;
      this.client.removeAllListeners();
      this.client.on('error', () => undefined);
      this.client.terminate();
    }

    private assertOpen(): void {
      if (this.state !== OPEN) throw new Error('InvalidStateError');
    }

    /** Queues a callback on the VU's loop; `last` releases the socket's registration after it ran. */
    private task(callback: () => void, last = false): void {
      if (!this.loop.active) return;
      this.loop.run(callback);
      if (last) this.loop.release(this);
    }

    private dispatch(type: EventType, fields: Record<string, unknown>, at = Date.now()): void {
      const event = { type, target: this, timestamp: at, ...fields };
      const on = this.handlers.get(type);
      // k6 calls the on<type> handler first, then the addEventListener ones.
      for (const listener of [...(on ? [on] : []), ...(this.listeners.get(type) ?? [])]) listener.call(undefined, event);
    }
  }

  for (const type of eventTypes) {
    Object.defineProperty(WebSocket.prototype, `on${type}`, {
      get(this: WebSocket) { return (this as unknown as { handlers: Map<string, Listener | null> }).handlers.get(type) ?? null; },
      set(this: WebSocket, handler: unknown) {
        if (handler !== null && handler !== undefined && typeof handler !== 'function') throw new Error(`a value for 'on${type}' should be callable`);
        (this as unknown as { handlers: Map<string, Listener | null> }).handlers.set(type, (handler as Listener | null | undefined) ?? null);
      },
    });
  }
  return WebSocket;
}
