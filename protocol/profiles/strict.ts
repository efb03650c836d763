import { strictDialect } from '../dialects/strict.js';
import type { TerminalMessage } from '../types/generated.js';
import { defineProfile } from './profile.js';

/** The document's own client (protocol v1, section 5 forms). */
export const strict = defineProfile<TerminalMessage>()({
  name: 'strict',
  title: 'strict (the document)',
  protocolVersion: 1,
  terminalSchema: 'terminal-message.schema.json',
  dialect: strictDialect,
  client: {
    headers: {},
    offersDeflate: false,
    // The document's client "implements automatic reconnection with exponential backoff" (1 s doubling to 30 s here) after any
    // loss, except when a newer connection of the same terminal replaced it (4001, TRN-6): reconnecting would only replace that one.
    reconnectDelay: (attempt, end) => (end.code === 4001 ? undefined : Math.min(30_000, 1_000 * 2 ** Math.max(0, attempt))),
    reconnectPolicy: 'exponential backoff',
    noReconnect: 'No reconnect.',
    adoptsEveryTransactionId: false,
    keepaliveOnResume: false,
  },
});
