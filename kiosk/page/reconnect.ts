import type { TerminalProfile } from '../../protocol/validator.js';

/**
 * How long to wait before reconnecting after the connection ended, or undefined
 * for no reconnect. The shipped client retries every 5 s after a failure, with no
 * backoff, and stays down after a clean close (pinto-android-1-wire.md section 3);
 * the document's client "implements automatic reconnection with exponential
 * backoff" (1 s doubling to 30 s here) after any loss, except when a newer
 * connection of the same terminal replaced it (4001, TRN-6): reconnecting then
 * would only replace that one in turn.
 */
export function reconnectDelay(profile: TerminalProfile, attempt: number, close: { clean: boolean; code: number }): number | undefined {
  if (profile === 'pinto-android-1') return close.clean ? undefined : 5_000;
  if (close.code === 4001) return undefined;
  return Math.min(30_000, 1_000 * 2 ** Math.max(0, attempt));
}
