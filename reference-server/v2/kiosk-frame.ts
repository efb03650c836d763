/**
 * What one text frame from a d540407 kiosk is, for the v2 backend: the
 * `{"ping":true}` keepalive (V2-TRN-6), an envelope (V2-ENV-1), or a frame
 * that is not JSON, from which the transaction id and screen are recovered
 * where they can be (V2-ERR-5: it may be the only report of a payment).
 *
 * The backend reads only the fields its books need, type-checked here; the
 * full v2 schemas (schemas/v2/, issue 25 part 1) judge the frames in the
 * validator and the conformance suite. A frame the kiosk never writes is
 * logged and never answered with ERROR (V2-ERR-1, V2-ERR-2).
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
  /** Valid JSON that is not an envelope the kiosk writes. */
  | { kind: 'foreign'; reason: string }
  /** Not JSON (the kiosk's unescaped hand-written frames, V2-ENV-6); what could be read from it. */
  | { kind: 'unparsed'; messageType: string | undefined; screen: string | undefined; transactionId: string | undefined };

/** Reads one text frame. */
export function readKioskFrame(text: string): KioskFrame {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: 'unparsed', messageType: field(text, 'messageType'), screen: field(text, 'screen'), transactionId: field(text, 'transactionId') };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { kind: 'foreign', reason: 'not a JSON object' };
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object);
  if (keys.length === 1 && object.ping === true) return { kind: 'keepalive' };
  const { messageType, screen, transactionId, timestamp, data } = object;
  if (typeof messageType !== 'string' || typeof screen !== 'string' || typeof transactionId !== 'string') return { kind: 'foreign', reason: 'messageType, screen and transactionId must be strings' };
  if (typeof timestamp !== 'number' || !Number.isInteger(timestamp)) return { kind: 'foreign', reason: 'timestamp must be an integer' };
  if (data !== undefined && data !== null && (typeof data !== 'object' || Array.isArray(data))) return { kind: 'foreign', reason: 'data must be an object or null' };
  return { kind: 'message', message: { messageType, screen, transactionId, timestamp, data: (data ?? {}) as Record<string, unknown> } };
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
