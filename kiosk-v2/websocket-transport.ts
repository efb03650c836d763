import type { KioskSocket, KioskSocketListener, KioskTransport } from './transport.js';

/**
 * The WHATWG WebSocket surface this adapter needs: the `ws` package's
 * WebSocket, a browser's and k6's (k6/websockets) all have it.
 */
export interface WebSocketLike {
  readonly readyState: number;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

/** Makes a WebSocket for a URL, e.g. `(url) => new WebSocket(url)`. */
export type WebSocketFactory = (url: string) => WebSocketLike;

const OPEN = 1;

/**
 * A KioskTransport over WHATWG-style WebSockets, mapped onto OkHttp's
 * listener the way d540407 experiences it (§2.6):
 * - an error, or a close the kiosk did not start and that is not clean, is
 *   onFailure (then the kiosk reconnects after 5 s);
 * - a clean close the backend started is onClosing only: OkHttp leaves it
 *   to the app, which has no handler, so the kiosk believes it is still
 *   connected until a send fails; the next send here reports that failure;
 * - the close the kiosk started ends in onClosed.
 * These runtimes answer a close frame by themselves (OkHttp would not), so
 * the backend sees the handshake complete; nothing else differs.
 * `abort()` cannot drop TCP through this API: it closes with 4000 and
 * reports onFailure at once, as a dead link would.
 */
export function webSocketTransport(create: WebSocketFactory): KioskTransport {
  return {
    open(url: string, listener: KioskSocketListener): KioskSocket {
      const ws = create(url);
      let closingByKiosk = false;
      let failed = false;
      let peerClosed = false;
      const fail = (error: string): void => {
        if (failed) return;
        failed = true;
        listener.onFailure(error);
      };
      ws.onopen = () => listener.onOpen();
      ws.onmessage = (event) => {
        if (failed || peerClosed) return;
        if (typeof event.data === 'string') listener.onMessage(event.data);
      };
      ws.onerror = () => fail('WebSocket error');
      ws.onclose = (event) => {
        if (failed) return;
        if (closingByKiosk) return listener.onClosed(event.code, event.reason);
        if (event.code === 1000 || event.code === 1001) {
          peerClosed = true;
          return listener.onClosing(event.code, event.reason);
        }
        fail(`connection closed (${event.code})`);
      };
      return {
        send(text: string): boolean {
          if (failed || closingByKiosk) return false;
          if (peerClosed || ws.readyState !== OPEN) {
            // OkHttp queues the frame and fails the write later (onFailure).
            setTimeout(() => fail('write on a closed connection'), 0);
            return true;
          }
          ws.send(text);
          return true;
        },
        close(code: number, reason: string): void {
          closingByKiosk = true;
          ws.close(code, reason);
        },
        abort(): void {
          if (failed) return;
          try {
            ws.close(4000, 'link lost');
          } catch {
            // already closed
          }
          fail('link lost');
        },
      };
    },
  };
}
