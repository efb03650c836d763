import { around } from '../faults/parts.js';
import type { Clock } from '../clock.js';
import type { KioskSession } from './kiosk-session.js';
import type { V2VariantSet } from './variant-set.js';

/** The parts of a v2 server the variants' edges wrap, at startup (as the faults do, v2/faults/). */
export interface V2VariantParts {
  readonly clock: Clock;
  /** Wraps every kiosk session as it is made. */
  decorate(decorator: (session: KioskSession) => void): void;
}

/**
 * The variants that act around a session rather than choose an answer:
 * frames added after a screen (V2-OPEN-15), a late first screen on a later
 * connection (V2-OPEN-17). A server without them installs
 * nothing.
 */
export function installV2Variants(transport: ReturnType<V2VariantSet['transport']>, { clock, decorate }: V2VariantParts): void {
  if (transport.statusUpdates) {
    decorate((session) =>
      around(session, 'show', (show) => (screen, data, id) => {
        show(screen, data, id);
        // Any shape passes (V2-OPEN-15); its keys are strings, as the kiosk's reader wants of every key it knows (V2-ENV-3).
        if (screen === 'PRINT_TICKET') session.send({ messageType: 'STATUS_UPDATE', screen: 'PRINT_TICKET', data: { status: 'PRINTING', message: 'Printing your ticket' }, transactionId: session.currentId });
      }),
    );
  }
  const delay = transport.reconnectScreenDelayMs;
  if (delay > 0) {
    decorate((session) =>
      around(session, 'greet', (greet) => () => {
        if (session.connectionNo <= 1) return greet();
        const handle = clock.setTimeout(() => greet(), delay);
        around(session, 'close', (close) => () => {
          clock.clearTimeout(handle);
          close();
        });
      }),
    );
  }
}
