import type { TerminalConnection } from './connection.js';

/**
 * TRN-8: every `intervalMs`, each open connection pings its peer and drops
 * one that missed two pongs in a row (TerminalConnection.heartbeat).
 * Returns the function that stops it. The interval does not keep the process alive.
 */
export function startHeartbeat(connections: Iterable<TerminalConnection>, intervalMs: number): () => void {
  const timer = setInterval(() => {
    for (const connection of connections) connection.heartbeat();
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
