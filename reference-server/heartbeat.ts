import type { Clock, TimerHandle } from './clock.js';
import type { ServerConnection } from './server-connection.js';

/**
 * TRN-8: every `intervalMs`, each open connection pings its peer and drops
 * one that missed two pongs in a row (ServerConnection.heartbeat).
 * Returns the function that stops it. It runs on the server's clock (tests
 * tick it on a fake one) and does not keep the process alive.
 */
export function startHeartbeat(connections: Iterable<ServerConnection>, intervalMs: number, clock: Clock): () => void {
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
