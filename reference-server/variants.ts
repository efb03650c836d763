import { randomUUID } from 'node:crypto';
import { isUtf8 } from 'node:buffer';
import type { RawData } from 'ws';
import { firstChoices, type Answer, type Choices } from './answers.js';
import type { ServerConfig } from './api.js';
import type { OutboundMessage } from './outbound.js';

/**
 * Legal alternative readings of the sources, the mirror of faults.ts: each
 * variant, switched on with `--variant <name>`, makes the reference server
 * answer differently where docs/sources/payment-socket-protocol.txt,
 * docs/sources/clarifications.md or RFC 6455 allow more than one answer. A
 * conformance suite that fails the server under a variant fails a correct
 * backend. Variants live at the edges of the server (outbound frames, the
 * answer to a rejected message, the socket, the id generator, the
 * configuration), never inside the protocol rules (action-rules.ts,
 * terminal-session.ts, payment-flow.ts).
 *
 * Each description names the sentence that allows the variant.
 */
export const variants = {
  'screen-before-id':
    'an action for a screen the terminal is not on that also carries a transaction id other than the active one is answered UNEXPECTED_ACTION, not INVALID_TRANSACTION. clarifications.md "Errors": INVALID_TRANSACTION "(id does not match the active transaction ...)" and UNEXPECTED_ACTION "(action for a screen the terminal is not on ...)" both apply; no source ranks them',
  'error-then-screen':
    'every ERROR answering a terminal message is followed by the current screen re-sent (same screen, transaction id and data). clarifications.md flow 8 "Every USER_ACTION gets an answer ... a SCREEN_CHANGE or an ERROR" does not forbid a second message; docs/protocol.md FLOW-18 "Re-sending the current screen ... is always allowed"',
  'error-echoes-message-id':
    'an ERROR answering a message that carried a valid transaction id while no transaction is active carries that message\'s id instead of "initial". clarifications.md flow 2 ties the id only to "every message of the cycle"; outside a cycle no source says which id an ERROR carries (TXN-6 is a project reading)',
  'drop-on-invalid-utf8':
    'a text frame that is not valid UTF-8 fails the connection by dropping TCP without a close frame. RFC 6455 8.1: an endpoint that finds invalid UTF-8 "MUST _Fail the WebSocket Connection_"; 7.1.7: the server "MUST _Close the WebSocket Connection_" and "SHOULD send a Close frame" (a SHOULD, so at most a WARN; it "MAY omit sending a Close frame if it believes the other side is unlikely to be able to receive and process it")',
  'extra-fields':
    'every message carries an unknown extra envelope field (serverSequence) and an unknown extra field in data (displayHint). clarifications.md "Envelope": "Unknown extra fields: a receiver ignores them. The suite reports them from a server as a warning (non-strict), not a failure"',
  'reordered-keys':
    'the JSON keys of every message, and of its data, are sent in reverse order (timestamp first). The protocol document "Message Format: JSON"; RFC 8259 1: "An object is an unordered collection of zero or more name/value pairs"',
  'status-updates':
    'several STATUS_UPDATEs (AWAITING_CARD, AUTHORISING, PRINTING, with progress) during PROCESSING and PRINT_TICKET, one of them right before the next screen. clarifications.md flow 4 "PROCESSING at once, optional STATUS_UPDATEs, then SUCCESS or FAILED"; "STATUS_UPDATE data: status ..., optional message and progress (0-100). It never changes the screen"',
  'no-status-updates':
    'no STATUS_UPDATE is ever sent. clarifications.md flow 4 "optional STATUS_UPDATEs"; the protocol document has no STATUS_UPDATE example at all',
  'delayed-frames':
    'every outbound frame (closes included) leaves 150 ms late, in order: a backend far from the terminal. clarifications.md flow 8 "Every USER_ACTION gets an answer within 1 s" leaves 850 ms to spare',
  'uuid-ids':
    'server-assigned transaction ids are UUIDs (36 characters). clarifications.md "Envelope": "transactionId: string, 1 to 64 characters of [A-Za-z0-9._:-]"; the protocol document only says "unique-transaction-identifier"',
  'no-receipt':
    'SUCCESS has showReceipt false and goes on to THANK_YOU without printing. clarifications.md "Screens": SUCCESS data "showReceipt (boolean)"; a boolean may be false (FLOW-19 says where it leads)',
  'no-cancel':
    'PAYMENT_METHOD has allowCancel false, so CANCEL there is UNEXPECTED_ACTION. clarifications.md "Terminal actions": CANCEL on PAYMENT_METHOD is allowed only "when allowCancel"; PAYMENT_METHOD data "allowCancel (boolean)"',
  'processing-method-only':
    'PROCESSING data carries method but not amount. clarifications.md "Screens": PROCESSING "{} (optional amount, method)": each of the two is optional on its own',
  'processing-empty-data':
    'PROCESSING data is {}, as in the protocol document\'s example 5 ("data": {}). clarifications.md "Screens": PROCESSING "{} (optional amount, method)"',
  'limit-before-bounds':
    'a keypad amount that is above maxAmount and also above what is left of the daily limit gets LIMIT_ERROR instead of ERROR INVALID_AMOUNT. clarifications.md flow 3: "outside the keypad\'s bounds ... -> ERROR INVALID_AMOUNT" and "An amount above what is left of the terminal\'s daily limit -> LIMIT_ERROR" both apply; no source ranks them',
  'steps-continue-while-away':
    'the server-driven steps after SUCCESS keep running while the terminal is disconnected, up to THANK_YOU (the step that ends the transaction waits, so the result is still delivered on reconnect); the terminal resumes on whatever screen they reached. clarifications.md flow 5 "each step server-driven after a short, configurable delay" says nothing about pausing; RES-6 (pause) is a project SHOULD; "A result reached while the terminal was away is delivered on reconnect"',
  'deflate-declined':
    'the server declines permessage-deflate in the handshake. RFC 6455 9.1: the server answers with the extensions it accepts, possibly none; docs/protocol.md TRN-11 "it may decline it in the handshake"',
  'deflate-no-context-takeover':
    'the server accepts permessage-deflate with server_no_context_takeover and sends messages under 1 KiB uncompressed (RSV1 clear), larger ones compressed. RFC 7692 7.1.1.1: a server "MAY include the server_no_context_takeover extension parameter in the response"; RFC 7692 6: the RSV1 bit "indicates whether a message is compressed or not", message by message',
  'replay-answered-with-screen':
    'a replayed PAYMENT_METHOD selection of the active transaction after its payment started is answered with the current screen instead of ERROR UNEXPECTED_ACTION. clarifications.md "Resumption and money safety": "it is answered with the current screen or UNEXPECTED_ACTION"',
  'own-error-messages':
    'errorMessage texts of ERROR, FAILED and DEVICE_ERROR are the server\'s own wording. clarifications.md "Errors (ERROR, data errorMessage + errorCode)" and "Screens": errorMessage "(string)"; only errorCode is fixed',
  'currency-code':
    'currency is "GBP" instead of "£". clarifications.md "Envelope": "currency is a non-empty display string such as "£""',
  'custom-presets':
    'AMOUNT_SELECT offers 10, 25, 50 and 150 instead of the document\'s presets. clarifications.md "Screens": AMOUNT_SELECT "amounts (1-12 unique positive amounts)"; "The shipped client\'s dialect": "a backend offering 10 or 25"',
  'coarse-timestamps':
    'server timestamps are whole seconds in milliseconds (many equal timestamps in a row). clarifications.md "Envelope": "timestamp: integer milliseconds since the Unix epoch, sender\'s clock. Server timestamps never go backwards" (equal is not backwards)',
  'bare-close-reasons':
    'every close frame the server sends has a status code and no reason text. RFC 6455 5.5.1: the body "MAY" contain a reason after the code; clarifications.md "Transport" names only codes',
  'limit-remaining-per-connection':
    'the test-control scenario limit-remaining:<amount> holds for the connection that named it only: when that connection closes, the terminal\'s daily total goes back to what it was, plus what was paid on that connection. clarifications.md "Test control": the suite "sends X-Test-Scenario: <name> on the upgrade request" and limit-remaining:<amount> is one of the scenarios; no source says whether what it sets outlives its connection (TC-4 is the project\'s reading)',
  'refuse-foreign-terminal-id':
    'with authentication on, an upgrade whose ?terminalId= names another terminal than its token\'s is refused with HTTP 403 instead of being served as the token\'s terminal. clarifications.md "Transport": "The token identifies the terminal (terminal id); a terminal can never act on another terminal\'s transaction"; refusing a conflicting claim is one way to keep it, serving the token\'s own terminal the other',
} as const;

/** The name of one legal variant. */
export type VariantName = keyof typeof variants;

/** Every variant name, in table order. */
export const variantNames = Object.keys(variants) as VariantName[];

/** Pairs of variants that contradict each other: both cannot be switched on. */
export const incompatibleVariants: ReadonlyArray<readonly [VariantName, VariantName]> = [
  ['status-updates', 'no-status-updates'],
  ['processing-method-only', 'processing-empty-data'],
  ['deflate-declined', 'deflate-no-context-takeover'],
];

/** Every variant that contradicts `name`. */
export function incompatibleWith(name: VariantName): VariantName[] {
  return incompatibleVariants.flatMap(([a, b]) => (a === name ? [b] : b === name ? [a] : []));
}

/** The delay of every outbound frame under `delayed-frames`, ms. */
export const FRAME_DELAY_MS = 150;

/** The timer functions the frame delay uses (injectable for tests). */
export interface VariantTimers {
  setTimeout(callback: () => void, ms: number): unknown;
}

const globalTimers: VariantTimers = { setTimeout: (callback, ms) => setTimeout(callback, ms) };

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** The set of variants switched on for one server. */
export class VariantSet {
  private readonly on: ReadonlySet<VariantName>;

  constructor(names: readonly string[] = [], readonly timers: VariantTimers = globalTimers) {
    const unknown = names.filter((name) => !(name in variants));
    if (unknown.length > 0) {
      throw new RangeError(`unknown variant ${unknown.map((n) => JSON.stringify(n)).join(', ')} (valid: ${variantNames.join(', ')})`);
    }
    this.on = new Set(names as VariantName[]);
    for (const [a, b] of incompatibleVariants) {
      if (this.on.has(a) && this.on.has(b)) throw new RangeError(`variants ${a} and ${b} contradict each other`);
    }
  }

  /** Whether the named variant is switched on. */
  has(name: VariantName): boolean {
    return this.on.has(name);
  }

  /** The variants switched on, for logs. */
  list(): VariantName[] {
    return [...this.on];
  }

  /** Settings the variants choose; they win over the given configuration. */
  config(): Partial<ServerConfig> {
    return {
      ...(this.has('no-receipt') ? { showReceipt: false } : {}),
      ...(this.has('no-cancel') ? { allowCancel: false } : {}),
      ...(this.has('currency-code') ? { currency: 'GBP' } : {}),
      ...(this.has('custom-presets') ? { amounts: [10, 25, 50, 150] } : {}),
    };
  }

  /**
   * Whether an authenticated upgrade is refused because its ?terminalId= names
   * another terminal than the one its token identifies.
   */
  refusesForeignTerminalId(named: string | null, tokenTerminal: string): boolean {
    return this.has('refuse-foreign-terminal-id') && named !== null && named !== tokenTerminal;
  }

  /** Whether what a limit-remaining scenario sets is undone when its connection closes (payments made meanwhile kept). */
  get limitRemainingPerConnection(): boolean {
    return this.has('limit-remaining-per-connection');
  }

  /** A server-assigned transaction id, or undefined for the server's own form. */
  transactionId(): string | undefined {
    return this.has('uuid-ids') ? randomUUID() : undefined;
  }

  /** The `perMessageDeflate` option of the WebSocket server. */
  perMessageDeflate(): boolean | { serverNoContextTakeover: boolean } {
    if (this.has('deflate-declined')) return false;
    // ws compresses every message under context takeover; without it, only those of 1 KiB or more.
    if (this.has('deflate-no-context-takeover')) return { serverNoContextTakeover: true };
    return true;
  }

  /** Whether ws must hand over text frames unchecked so the edge decides what invalid UTF-8 does. */
  get skipUtf8Validation(): boolean {
    return this.has('drop-on-invalid-utf8');
  }

  /** Where the sources allow several answers, the ones the variants pick (answers.ts); the protocol's own elsewhere. */
  choices(): Choices {
    // Only ever one of the other answers the rules list: the first stays ERR-10's.
    const preferred = (answers: readonly Answer[]): Answer | undefined =>
      answers.slice(1).find(
        (answer) =>
          (this.has('screen-before-id') && answer.kind === 'error' && answer.code === 'UNEXPECTED_ACTION') ||
          (this.has('replay-answered-with-screen') && answer.kind === 'screen') ||
          (this.has('limit-before-bounds') && answer.kind === 'limit'),
      );
    const echoes = this.has('error-echoes-message-id');
    return {
      answer: (answers) => preferred(answers) ?? firstChoices.answer(answers),
      errorTransactionId: (told, named) => (echoes && told === 'initial' && named !== undefined ? named : told),
      screenAfterError: this.has('error-then-screen'),
      stepsWhileAway: this.has('steps-continue-while-away'),
    };
  }

  /** One connection's outbound edge: frame shapes, extra STATUS_UPDATEs, delays, close reasons, inbound UTF-8. */
  edge(): VariantEdge {
    return new VariantEdge(this);
  }
}

/** The per-connection state of the variants' outbound and socket hooks. */
export class VariantEdge {
  private lastScreen: OutboundMessage | undefined;
  private sequence = 0;
  private readonly queue: Array<() => void> = [];
  /** No variant switched on: every method is the identity, and the connection may skip them. */
  readonly plain: boolean;

  constructor(private readonly variants: VariantSet) {
    this.plain = variants.list().length === 0;
  }

  /**
   * The messages to send for one message of the session, in order: the
   * message itself (its data shaped by the variants), with STATUS_UPDATEs
   * around it under `status-updates`, none of them under `no-status-updates`.
   */
  expand(message: OutboundMessage): OutboundMessage[] {
    const v = this.variants;
    if (message.messageType === 'STATUS_UPDATE' && v.has('no-status-updates')) return [];
    const shaped = this.shape(message);
    const out: OutboundMessage[] = [];
    const previous = this.lastScreen;
    if (message.messageType === 'SCREEN_CHANGE') {
      if (v.has('status-updates') && previous && previous.transactionId === message.transactionId && previous.screen !== message.screen) {
        if (previous.screen === 'PROCESSING') out.push(this.update(previous, 'AUTHORISING', 100));
        if (previous.screen === 'PRINT_TICKET') out.push(this.update(previous, 'PRINTING', 100));
      }
      this.lastScreen = message;
    }
    out.push(shaped);
    if (message.messageType === 'SCREEN_CHANGE' && v.has('status-updates')) {
      if (message.screen === 'PROCESSING') out.push(this.update(message, 'AWAITING_CARD', 10));
      if (message.screen === 'PRINT_TICKET') out.push(this.update(message, 'PRINTING', 0));
    }
    return out;
  }

  /** The timestamp to stamp at `now` (before the connection keeps it from going backwards). */
  timestamp(now: number): number {
    return this.variants.has('coarse-timestamps') ? Math.floor(now / 1000) * 1000 : now;
  }

  /** The JSON text of a stamped message: extra fields and key order. */
  serialize(wire: Record<string, unknown>): string {
    if (this.plain) return JSON.stringify(wire);
    let value = wire;
    if (this.variants.has('extra-fields')) {
      value = { ...value, serverSequence: ++this.sequence, data: { ...record(value.data), displayHint: 'variant extra-fields' } };
    }
    if (this.variants.has('reordered-keys')) value = reversed(value);
    return JSON.stringify(value);
  }

  /** The reason text of a close frame. */
  closeReason(reason: string): string {
    return this.variants.has('bare-close-reasons') ? '' : reason;
  }

  /** Runs a socket write (a frame, a close, a drop) now, or 150 ms later in order under `delayed-frames`. */
  transmit(write: () => void): void {
    if (!this.variants.has('delayed-frames')) {
      write();
      return;
    }
    this.queue.push(write);
    // Equal delays: each timer takes the oldest write, so the order is the order of the calls.
    this.variants.timers.setTimeout(() => this.queue.shift()?.(), FRAME_DELAY_MS);
  }

  /** Whether an inbound frame must fail the connection by a TCP drop (`drop-on-invalid-utf8`). */
  dropsFrame(raw: RawData, isBinary: boolean): boolean {
    if (isBinary || !this.variants.skipUtf8Validation) return false;
    const bytes = Buffer.isBuffer(raw) ? raw : Array.isArray(raw) ? Buffer.concat(raw) : Buffer.from(raw);
    return !isUtf8(bytes);
  }

  private shape(message: OutboundMessage): OutboundMessage {
    const v = this.variants;
    let data = message.data;
    if (message.messageType === 'SCREEN_CHANGE' && message.screen === 'PROCESSING') {
      if (v.has('processing-empty-data')) data = {};
      else if (v.has('processing-method-only')) {
        const { amount: _amount, ...rest } = data;
        data = rest;
      }
    }
    if (v.has('own-error-messages') && typeof data.errorCode === 'string') {
      data = { ...data, errorMessage: `Sorry, this did not work (${data.errorCode.toLowerCase().replaceAll('_', ' ')}).` };
    }
    return data === message.data ? message : { ...message, data };
  }

  private update(screen: OutboundMessage, status: string, progress: number): OutboundMessage {
    const data = { status, progress, message: `${status.toLowerCase().replaceAll('_', ' ')} (${progress}%)` };
    return this.shape({ messageType: 'STATUS_UPDATE', screen: screen.screen, data, transactionId: screen.transactionId });
  }
}

/** The object with its keys, and those of nested plain objects, in reverse order. */
function reversed(value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).reverse()) {
    const inner = record(value[key]);
    out[key] = inner ? reversed(inner) : value[key];
  }
  return out;
}
