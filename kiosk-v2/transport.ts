/**
 * The kiosk's link to the backend, as OkHttp 4.11 gives it to d540407's
 * SocketManager: a WebSocket whose listener has onOpen, onMessage(text),
 * onClosed and onFailure, and no onClosing (SocketManager.kt:136-163). A
 * transport adapts one runtime's WebSocket to this; see
 * websocket-transport.ts (WHATWG-style sockets: `ws`, browsers, k6) and the
 * in-memory link of the tests.
 */
export interface KioskSocketListener {
  /** The upgrade succeeded (OkHttp onOpen). */
  onOpen(): void;
  /** One text frame (binary frames never reach the kiosk: SocketManager.kt:136-163, §2.3). */
  onMessage(text: string): void;
  /**
   * The peer's close frame arrived (OkHttp onClosing). d540407 has no
   * handler for it (§2.6): the kiosk ignores it. Here so a transport can
   * report it and the kiosk can log that it ignored it.
   */
  onClosing(code: number, reason: string): void;
  /** A close handshake completed (OkHttp onClosed, SocketManager.kt:151-154). */
  onClosed(code: number, reason: string): void;
  /** Connect error, upgrade refused, reset, EOF, failed write (OkHttp onFailure, SocketManager.kt:156-162). */
  onFailure(error: string): void;
}

/** One WebSocket connection. */
export interface KioskSocket {
  /** Queues one text frame; false when the socket is already closed or failed (OkHttp `WebSocket.send`). */
  send(text: string): boolean;
  /** Starts a clean close (the kiosk's only one: 1000 "Closing connection", SocketManager.kt:91-95). */
  close(code: number, reason: string): void;
  /** Drops the TCP connection without a close frame: the process died (RESTART_APP, §5k) or the link broke. */
  abort(): void;
}

/** Opens connections; events of every connection go to the listener given (the app has one shared listener). */
export interface KioskTransport {
  open(url: string, listener: KioskSocketListener): KioskSocket;
}
