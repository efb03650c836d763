import type { ProtocolErrorCode } from '../protocol/error-catalogue.js';
import type { HandshakeOutcome, Arrival } from './certifier-terminal.js';

/** What a verifier found: what was expected, what happened, and whether they agree. */
export interface StepJudgement {
  ok: boolean;
  expected: string;
  actual: string;
}

/** Which transaction id a message must carry: exactly one, any but some, or one of a set the sources allow. */
export type TransactionExpectation = string | { not: string[] } | { oneOf: string[] };

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

const quoted = (values: readonly string[]): string => values.map((s) => `"${s}"`).join(', ');

function describeTxn(expect: TransactionExpectation | undefined): string {
  if (expect === undefined) return '';
  if (typeof expect === 'string') return ` transactionId "${expect}"`;
  if ('oneOf' in expect) return expect.oneOf.length === 1 ? ` transactionId ${quoted(expect.oneOf)}` : ` transactionId one of ${quoted(expect.oneOf)}`;
  return ` a transactionId other than ${quoted(expect.not)}`;
}

/** Whether a message's transaction id meets the expectation. */
export function txnMatches(actual: unknown, expect: TransactionExpectation | undefined): boolean {
  if (expect === undefined) return true;
  if (typeof actual !== 'string') return false;
  if (typeof expect === 'string') return actual === expect;
  return 'oneOf' in expect ? expect.oneOf.includes(actual) : !expect.not.includes(actual);
}

/** "ERROR X" or "ERROR one of X, Y": the codes a check accepts, as a report shows them. */
function describeCodes(codes: readonly string[]): string {
  return codes.length === 1 ? `ERROR ${codes[0]}` : `ERROR one of ${codes.join(', ')}`;
}

/** Expect a SCREEN_CHANGE to `screen` (with the given transaction id, if any). */
export function judgeScreen(arrival: Arrival | undefined, screen: string, waitedMs: number, txn?: TransactionExpectation): StepJudgement {
  const expected = `SCREEN_CHANGE ${screen}${describeTxn(txn)} within ${waitedMs} ms`;
  const actual = describeArrival(arrival, waitedMs);
  const m = arrival?.kind === 'message' ? (arrival.raw as LooseMessage | undefined) : undefined;
  const ok = m?.messageType === 'SCREEN_CHANGE' && m.screen === screen && txnMatches(m.transactionId, txn);
  return { ok, expected, actual };
}

/**
 * Expect an ERROR whose code is one of `codes` (where the sources allow
 * several, all of them), and, if given, the screen it names and its
 * transaction id (ENV-4, TXN-2).
 */
export function judgeError(arrival: Arrival | undefined, codes: ProtocolErrorCode | readonly ProtocolErrorCode[], waitedMs: number, screen?: string, txn?: TransactionExpectation): StepJudgement {
  const accepted: readonly string[] = typeof codes === 'string' ? [codes] : codes;
  const expected = `${describeCodes(accepted)}${screen ? ` screen ${screen}` : ''}${describeTxn(txn)} within ${waitedMs} ms`;
  const actual = describeArrival(arrival, waitedMs);
  const m = arrival?.kind === 'message' ? (arrival.raw as LooseMessage | undefined) : undefined;
  const ok = m?.messageType === 'ERROR' && typeof m.data?.errorCode === 'string' && accepted.includes(m.data.errorCode) && (screen === undefined || m.screen === screen) && txnMatches(m.transactionId, txn);
  return { ok, expected, actual };
}

/** The errorCode of an ERROR arrival, if it is one. */
export function errorCodeOf(arrival: Arrival | undefined): string | undefined {
  const m = arrival?.kind === 'message' ? (arrival.raw as LooseMessage | undefined) : undefined;
  return m?.messageType === 'ERROR' && typeof m.data?.errorCode === 'string' ? m.data.errorCode : undefined;
}

/** The transactionId of a message arrival, if it has a string one. */
export function transactionIdOf(arrival: Arrival | undefined): string | undefined {
  const m = arrival?.kind === 'message' ? (arrival.raw as LooseMessage | undefined) : undefined;
  return typeof m?.transactionId === 'string' ? m.transactionId : undefined;
}

/** Expect the server to close the connection with `code`. */
export function judgeClose(arrival: Arrival | undefined, code: number, waitedMs: number): StepJudgement {
  return {
    ok: arrival?.kind === 'close' && arrival.code === code,
    expected: `close code ${code} within ${waitedMs} ms`,
    actual: describeArrival(arrival, waitedMs),
  };
}

/** Expect nothing at all (no frame, no close) within the window. */
export function judgeSilence(arrival: Arrival | undefined, waitedMs: number): StepJudgement {
  return { ok: arrival === undefined, expected: `no answer within ${waitedMs} ms`, actual: describeArrival(arrival, waitedMs) };
}

/** Expect the upgrade to be refused with an HTTP status. */
export function judgeHttpStatus(outcome: HandshakeOutcome, status: number): StepJudgement {
  const actual = outcome.ok ? 'the WebSocket upgrade succeeded (101)' : outcome.status !== undefined ? `HTTP ${outcome.status}` : outcome.reason;
  return { ok: !outcome.ok && outcome.status === status, expected: `HTTP ${status} before the upgrade, no WebSocket`, actual };
}
