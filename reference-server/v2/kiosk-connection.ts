import type { Logger } from 'pino';
import type { WebSocket } from 'ws';
import { PongWatch } from '../heartbeat.js';

/** A v2 backend message before the connection stamps it (V2-ENV-1). */
export interface V2Outbound {
  messageType: 'SCREEN_CHANGE' | 'ERROR' | 'STATUS_UPDATE' | 'LIMIT_CHECK_RESULT' | 'DEVICE_INFO' | 'RESTART_APP' | 'REFUND_REQUEST' | 'REVERSAL_REQUEST';
  screen: string;
  data: Record<string, unknown> | null;
  transactionId: string;
}

/**
 * The backend's end of one kiosk's WebSocket: every message a text frame
 * (V2-TRN-4), stamped with the server's epoch ms (never earlier than the
 * last), sent only once the turn that produced it is committed (write-ahead,
 * docs/reference-server-durability.md).
 */
export class KioskConnection {
  private lastTimestamp = 0;
  private readonly pongs: PongWatch;

  constructor(
    readonly ws: WebSocket,
    readonly kioskId: string,
    readonly log: Logger,
    private readonly afterCommit: (write: () => void, key?: object) => void,
    private readonly now: () => number,
    /** Told of each message as it is written (the metrics, metrics.ts). */
    private readonly written: (message: V2Outbound) => void = () => undefined,
  ) {
    this.pongs = new PongWatch(ws);
  }

  get open(): boolean {
    return this.ws.readyState === this.ws.OPEN;
  }

  /** Stamps, logs and sends one message after the commit; a no-op once the socket is closed. */
  send(message: V2Outbound): void {
    if (!this.open) return;
    this.lastTimestamp = Math.max(this.lastTimestamp, this.now());
    const text = JSON.stringify({ messageType: message.messageType, screen: message.screen, data: message.data, transactionId: message.transactionId, timestamp: this.lastTimestamp });
    this.log.info({ direction: 'out', frame: text }, 'message sent');
    this.afterCommit(() => {
      if (!this.open) return;
      this.ws.send(text, { binary: false });
      this.written(message);
    }, this);
  }

  /** Closes a connection a newer one of the same kiosk replaced (V2-OPEN-16); ws resets it if the close is never answered, as the kiosk never answers one (V2-TRN-7). */
  replaced(): void {
    this.afterCommit(() => {
      if (this.open) this.ws.close(1000, 'replaced by a newer connection');
    }, this);
  }

  /**
   * Drops the connection without a close frame: the kiosk has no close
   * handler and never completes a close handshake (V2-TRN-7), while a TCP
   * reset makes it reconnect 5 s later (pinto-android-2.md §2.6).
   */
  drop(): void {
    this.afterCommit(() => this.ws.terminate(), this);
  }

  /**
   * One tick of the server's heartbeat (../heartbeat.ts): a WebSocket ping,
   * which OkHttp answers by itself (V2-TRN-5). Only the server's own pings
   * are counted: a kiosk that never pings is never dropped for it.
   */
  heartbeat(): void {
    if (this.open && !this.pongs.beat()) this.dropSilentPeer();
  }

  /**
   * A kiosk that missed two pongs in a row is gone (its network vanished
   * without a FIN): the socket is destroyed without a close frame, so a kiosk
   * that is still there after all sees a transport failure (EOF or reset) and
   * reconnects 5 s later instead of waiting on a close it never answers
   * (V2-TRN-7); its session ends and the books keep every sale (V2-M-7).
   */
  dropSilentPeer(): void {
    this.log.warn('kiosk missed two pongs: dropping it');
    this.ws.terminate();
  }
}
