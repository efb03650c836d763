import type { WebSocket } from 'ws';
import type { Clock, TimerHandle } from './clock.js';

/** A connection the heartbeat visits on each tick (v1's ServerConnection, v2's KioskConnection). */
export interface Beating {
  heartbeat(): void;
}

/**
 * TRN-8, V2-TRN-5: every `intervalMs`, each open connection pings its peer
 * and drops one that missed two pongs in a row (its `heartbeat`, usually a
 * PongWatch). Returns the function that stops it. It runs on the server's
 * clock (tests tick it on a fake one) and does not keep the process alive.
 */
export function startHeartbeat(connections: Iterable<Beating>, intervalMs: number, clock: Clock): () => void {
  let timer: TimerHandle | undefined;
  let stopped = false;
  const tick = (): void => {
    if (stopped) return;
    for (const connection of connections) connection.heartbeat();
    timer = clock.setTimeout(tick, intervalMs);
  };
  timer = clock.setTimeout(tick, intervalMs);
  return () => {
    stopped = true;
    if (timer !== undefined) clock.clearTimeout(timer);
  };
}

/**
 * The pongs of one peer: each heartbeat tick pings it, and a pong of any
 * ping clears the count. Only the server's own pings are counted, so a peer
 * that never pings by itself (a d540407 kiosk, V2-TRN-5) is never dropped
 * for that; browsers and OkHttp answer pings without app code.
 */
export class PongWatch {
  private missed = 0;

  constructor(private readonly ws: WebSocket) {
    ws.on('pong', () => {
      this.missed = 0;
    });
  }

  /** One heartbeat tick: false when the peer missed two pongs in a row (the caller drops it), else a ping and true. */
  beat(): boolean {
    if (this.missed >= 2) return false;
    this.missed++;
    this.ws.ping();
    return true;
  }
}
