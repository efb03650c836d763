import { pintoAndroid1Dialect } from '../dialects/pinto-android-1.js';
import type { PintoAndroid1TerminalMessage } from '../types/generated.js';
import { defineProfile } from './profile.js';

/** The shipped Android client (protocol v1 with the dialect of section 10 and the clarifications). */
export const pintoAndroid1 = defineProfile<PintoAndroid1TerminalMessage>()({
  name: 'pinto-android-1',
  title: 'pinto-android-1 (shipped client)',
  protocolVersion: 1,
  certifiesApp: 'pinto-android 1.x (OkHttp 4.11)',
  terminalSchema: 'terminal-message.pinto-android-1.schema.json',
  dialect: pintoAndroid1Dialect,
  client: {
    headers: { 'User-Agent': 'okhttp/4.11.0' },
    offersDeflate: true,
    // Every 5 s after a failure, no backoff; stays down after a clean close (pinto-android-1-wire.md section 3).
    reconnectDelay: (_attempt, end) => (end.clean ? undefined : 5_000),
    reconnectPolicy: 'the shipped client: every 5 s',
    noReconnect: 'No reconnect: the shipped client reconnects only after a failure, not after a clean close.',
    adoptsEveryTransactionId: true,
    // It sends RESET 5 s after it shows LIMIT_ERROR (DIA-5).
    leavesLimitErrorAfterMs: 5_000,
    // It sends its keepalive when it comes back from its screensaver (5286).
    keepaliveOnResume: true,
  },
});
