import type { ProtocolErrorCode } from '../protocol/error-catalogue.js';
import type { HandshakeOutcome, Arrival } from './terminal-connection.js';

/** What a verifier found: what was expected, what happened, and whether they agree. */
export interface Judgement {
  ok: boolean;
  expected: string;
  actual: string;
}

/** Which transaction id a message must carry. */
export type TransactionExpectation = string | { not: string[] };

interface LooseMessage {
  messageType?: unknown;
  screen?: unknown;
  transactionId?: unknown;
  data?: { errorCode?: unknown } & Record<string, unknown>;
}

/** One line describing an arrival (or its absence) for reports. */
export function describeArrival(arrival: Arrival | undefined, waitedMs?: number): string {
  if (!arrival) return waitedMs === undefined ? 'nothing' : `nothing within ${waitedMs} ms`;
  switch (arrival.kind) {
    case 'close':
      return `connection closed with ${arrival.code}${arrival.reason ? ` "${arrival.reason}"` : ''}`;
    case 'binary':
      return `a binary frame of ${arrival.bytes} bytes`;
    case 'message': {
      const m = arrival.raw as LooseMessage | undefined;
      if (!m || typeof m !== 'object') return `a frame that is not a JSON object: ${clip(arrival.text)}`;
      const code = typeof m.data?.errorCode === 'string' ? ` ${m.data.errorCode}` : '';
      return `${String(m.messageType)}${code} screen ${String(m.screen)} transactionId ${JSON.stringify(m.transactionId)}`;
    }
  }
}

function clip(text: string): string {
  return text.length > 80 ? `${JSON.stringify(text.slice(0, 80))}…` : JSON.stringify(text);
}

function describeTxn(expect: TransactionExpectation | undefined): string {
  if (expect === undefined) return '';
  return typeof expect === 'string' ? ` transactionId "${expect}"` : ` a transactionId other than ${expect.not.map((s) => `"${s}"`).join(', ')}`;
}

function txnMatches(actual: unknown, expect: TransactionExpectation | undefined): boolean {
  if (expect === undefined) return true;
  if (typeof actual !== 'string') return false;
  return typeof expect === 'string' ? actual === expect : !expect.not.includes(actual);
}

/** Expect a SCREEN_CHANGE to `screen` (with the given transaction id, if any). */
export function judgeScreen(arrival: Arrival | undefined, screen: string, waitedMs: number, txn?: TransactionExpectation): Judgement {
  const expected = `SCREEN_CHANGE ${screen}${describeTxn(txn)} within ${waitedMs} ms`;
  const actual = describeArrival(arrival, waitedMs);
  const m = arrival?.kind === 'message' ? (arrival.raw as LooseMessage | undefined) : undefined;
  const ok = m?.messageType === 'SCREEN_CHANGE' && m.screen === screen && txnMatches(m.transactionId, txn);
  return { ok, expected, actual };
}

/** Expect an ERROR with `code` (and, if given, the screen it names and its transaction id: ENV-4, TXN-6). */
export function judgeError(arrival: Arrival | undefined, code: ProtocolErrorCode, waitedMs: number, screen?: string, txn?: TransactionExpectation): Judgement {
  const expected = `ERROR ${code}${screen ? ` screen ${screen}` : ''}${describeTxn(txn)} within ${waitedMs} ms`;
  const actual = describeArrival(arrival, waitedMs);
  const m = arrival?.kind === 'message' ? (arrival.raw as LooseMessage | undefined) : undefined;
  const ok = m?.messageType === 'ERROR' && m.data?.errorCode === code && (screen === undefined || m.screen === screen) && txnMatches(m.transactionId, txn);
  return { ok, expected, actual };
}

/** Expect the server to close the connection with `code`. */
export function judgeClose(arrival: Arrival | undefined, code: number, waitedMs: number): Judgement {
  return {
    ok: arrival?.kind === 'close' && arrival.code === code,
    expected: `close code ${code} within ${waitedMs} ms`,
    actual: describeArrival(arrival, waitedMs),
  };
}

/** Expect nothing at all (no frame, no close) within the window. */
export function judgeSilence(arrival: Arrival | undefined, waitedMs: number): Judgement {
  return { ok: arrival === undefined, expected: `no answer within ${waitedMs} ms`, actual: describeArrival(arrival, waitedMs) };
}

/** Expect the upgrade to be refused with an HTTP status. */
export function judgeHttpStatus(outcome: HandshakeOutcome, status: number): Judgement {
  const actual = outcome.ok ? 'the WebSocket upgrade succeeded (101)' : outcome.status !== undefined ? `HTTP ${outcome.status}` : outcome.reason;
  return { ok: !outcome.ok && outcome.status === status, expected: `HTTP ${status} before the upgrade, no WebSocket`, actual };
}
