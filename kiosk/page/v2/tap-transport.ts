import type { KioskTransport } from '../../../kiosk-v2/transport.js';

/** What the page sees of the kiosk's connections, before the kiosk does. */
export interface TransportTap {
  /** A backend text frame, before the kiosk reads it (so the log shows it ahead of the kiosk's answer). */
  frame(text: string): void;
  opened(): void;
  ended(how: string): void;
}

/**
 * Wraps the kiosk's transport so the page logs and judges every backend
 * frame exactly as it reaches the virtual kiosk, without touching what the
 * kiosk does with it.
 */
export function tapTransport(inner: KioskTransport, tap: TransportTap): KioskTransport {
  return {
    open(url, listener) {
      return inner.open(url, {
        onOpen: () => {
          tap.opened();
          listener.onOpen();
        },
        onMessage: (text) => {
          tap.frame(text);
          listener.onMessage(text);
        },
        onClosing: (code, reason) => {
          tap.ended(`the backend sent a close frame ${code}${reason ? ` "${reason}"` : ''}: d540407 has no handler for it and believes it is still connected until a send fails (V2-TRN-7)`);
          listener.onClosing(code, reason);
        },
        onClosed: (code, reason) => {
          tap.ended(`closed by the kiosk (${code}${reason ? ` "${reason}"` : ''})`);
          listener.onClosed(code, reason);
        },
        onFailure: (error) => {
          tap.ended(`connection failed: ${error}`);
          listener.onFailure(error);
        },
      });
    },
  };
}
