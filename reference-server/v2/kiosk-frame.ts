import { formatProblem } from '../../protocol/problems.js';
import { parseV2Frame } from '../../protocol/v2/index.js';

/**
 * What one text frame from a d540407 kiosk is, for the v2 backend: the
 * `{"ping":true}` keepalive (V2-TRN-6), an envelope (V2-ENV-1), or a frame
 * that is not JSON, from which the transaction id and screen are recovered
 * where they can be (V2-ERR-5: it may be the only report of a payment).
 *
 * Frames are judged by the v2 validators (protocol/v2, schemas/v2/). A frame
 * that fails them but is still an envelope is handled all the same, its
 * problems logged: it may report money, and a backend never answers a kiosk
 * frame with ERROR (V2-ERR-1, V2-ERR-2). `KioskEnvelope` is the envelope's
 * view the backend reads money from, not a second set of message types.
 */

/** An envelope as the v2 backend reads it. */
export interface KioskEnvelope {
  messageType: string;
  screen: string;
  transactionId: string;
  timestamp: number;
  data: Record<string, unknown>;
}

/** One kiosk frame, classified. */
export type KioskFrame =
  | { kind: 'keepalive' }
  | { kind: 'message'; message: KioskEnvelope }
  /** An envelope the v2 schemas refuse: handled, its problems logged. */
  | { kind: 'off-schema'; message: KioskEnvelope; problems: string[] }
  /** Valid JSON that is not an envelope at all. */
  | { kind: 'foreign'; reason: string }
  /** Not JSON (the kiosk's unescaped hand-written frames, V2-ENV-6); what could be read from it. */
  | { kind: 'unparsed'; messageType: string | undefined; screen: string | undefined; transactionId: string | undefined };

/** Reads one text frame. */
export function readKioskFrame(text: string): KioskFrame {
  const result = parseV2Frame(text, { from: 'terminal' });
  if (result.ok && result.keepalive === true) return { kind: 'keepalive' };
  if (!result.ok && result.parsed === undefined) {
    return { kind: 'unparsed', messageType: field(text, 'messageType'), screen: field(text, 'screen'), transactionId: field(text, 'transactionId') };
  }
  const envelope = envelopeOf(result.ok ? result.value : result.parsed);
  if (typeof envelope === 'string') return { kind: 'foreign', reason: envelope };
  return result.ok ? { kind: 'message', message: envelope } : { kind: 'off-schema', message: envelope, problems: result.problems.map((p) => formatProblem(p)) };
}

/** The envelope of a parsed frame, or why it is none. */
function envelopeOf(value: unknown): KioskEnvelope | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object';
  const { messageType, screen, transactionId, timestamp, data } = value as Record<string, unknown>;
  if (typeof messageType !== 'string' || typeof screen !== 'string' || typeof transactionId !== 'string') return 'messageType, screen and transactionId must be strings';
  if (typeof timestamp !== 'number' || !Number.isInteger(timestamp)) return 'timestamp must be an integer';
  if (data !== undefined && data !== null && (typeof data !== 'object' || Array.isArray(data))) return 'data must be an object or null';
  return { messageType, screen, transactionId, timestamp, data: (data ?? {}) as Record<string, unknown> };
}

/** The string value of `"name": "..."` in a frame that is not JSON (its first occurrence, up to the next quote). */
function field(text: string, name: string): string | undefined {
  return new RegExp(`"${name}"\\s*:\\s*"([^"]*)"`).exec(text)?.[1];
}

/** A string field of `data`, or null when absent, null or not a string. */
export function text(data: Record<string, unknown>, key: string): string | null {
  const value = data[key];
  return typeof value === 'string' ? value : null;
}

/** An integer field of `data`, or null. */
export function integer(data: Record<string, unknown>, key: string): number | null {
  const value = data[key];
  return typeof value === 'number' && Number.isInteger(value) ? value : null;
}

/** `data.paymentDetails` as an object of its string fields ({} when absent). */
export function paymentDetails(data: Record<string, unknown>): Record<string, string> {
  const details = data.paymentDetails;
  if (typeof details !== 'object' || details === null || Array.isArray(details)) return {};
  return Object.fromEntries(Object.entries(details).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}
