import type { ProtocolErrorCode } from '../../protocol/error-catalogue.js';
import { isIdentifier } from '../../protocol/identifier.js';
import type { Screen } from '../../protocol/screen-graph.js';
import type { ServerMessage } from '../../protocol/types/generated.js';
import type { Waits } from '../target.js';
import type { Arrival, CertifierTerminal } from '../certifier-terminal.js';
import { errorCodeOf, judgeClose, judgeError, judgeScreen, judgeSilence, transactionIdOf, type TransactionExpectation } from '../verifiers.js';
import type { StepRecorder } from './step-recorder.js';

/** Options shared by the expect* verifiers. */
export interface ExpectOptions {
  requirements: string[];
  title?: string;
  /** The answer window the rule gives; the runner adds the connection's measured round trip. */
  within?: number;
  txn?: TransactionExpectation;
  /** A failed SHOULD-level check inside a MUST case: WARN and go on. */
  soft?: boolean;
}

/** What expectError accepts: the codes and ids the sources allow, and the ones the project prefers (a WARN when another came). */
export interface ErrorExpectation extends ExpectOptions {
  /** The screen the ERROR must name (ENV-4); default the terminal's current screen. */
  screen?: Screen;
  /** Where several codes are allowed: the one ERR-10 ranks first. Another allowed code is a WARN of ERR-10. */
  preferCode?: ProtocolErrorCode;
}

/** What the expectations need of a connection: its label, inbox, measured round trip and what it shows and last sent. */
export type Expecting = Pick<CertifierTerminal, 'label' | 'roundTripMs' | 'next' | 'screen' | 'lastSentTransactionId'>;

/**
 * Called with every screen expectation's outcome before it is recorded: a
 * mismatch may be the state of the terminal rather than the backend's fault
 * (a spent limit, a terminal left by an earlier case), and the hook turns it
 * into an ERROR by throwing.
 */
export type ScreenHook<C> = (connection: C, screen: Screen, arrival: Arrival | undefined, ok: boolean) => void;

/**
 * The verifiers a case waits with: each takes the next answer within the
 * rule's window (widened by the connection's round trip), judges it and
 * records the step.
 */
export class Expectations<C extends Expecting = Expecting> {
  constructor(
    private readonly recorder: StepRecorder,
    private readonly waits: Waits,
    private readonly onScreen: ScreenHook<C> = () => {},
  ) {}

  /** The answer window `ms` on a connection, widened by its measured round trip (the network's share). */
  allow(t: C, ms: number): number {
    return ms + t.roundTripMs;
  }

  /**
   * The next arrival that answers something: STATUS_UPDATEs (allowed at any
   * time, SCR-11) and re-sends of the screen the terminal already shows
   * (FLOW-18) are passed over, unless the re-sent screen is `unless`.
   */
  async nextAnswer(t: C, ms: number, unless?: Screen): Promise<Arrival | undefined> {
    const deadline = Date.now() + ms;
    for (;;) {
      const arrival = await t.next(Math.max(0, deadline - Date.now()));
      if (arrival?.kind === 'message' && (arrival.status || (arrival.resend && (arrival.raw as { screen?: unknown }).screen !== unless))) continue;
      return arrival;
    }
  }

  /**
   * Waits for a SCREEN_CHANGE to `screen`, passing over STATUS_UPDATEs (FLOW-8).
   * Any other arrival decides the step.
   */
  async expectScreen(t: C, screen: Screen, options: ExpectOptions): Promise<ServerMessage> {
    const within = this.allow(t, options.within ?? this.waits.answerMs);
    const arrival = await this.nextAnswer(t, within, screen);
    const judgement = judgeScreen(arrival, screen, within, options.txn);
    this.onScreen(t, screen, arrival, judgement.ok);
    this.recorder.record(options.title ?? `${t.label} shows ${screen}`, options.requirements, judgement, arrival?.event, options.soft);
    return (arrival?.kind === 'message' ? arrival.raw : undefined) as ServerMessage;
  }

  /**
   * Waits for an ERROR whose code is one of `codes` and whose screen is the
   * terminal's current screen (ENV-4). Its transaction id, when the case
   * names one, may also be the id of the message it rejects: TXN-6 (the
   * active transaction's id) is the project's reading, a WARN when not met.
   * Where several codes are allowed, `preferCode` is ERR-10's choice, a WARN
   * when another allowed code came. Returns the arrival.
   */
  async expectError(t: C, codes: ProtocolErrorCode | readonly ProtocolErrorCode[], options: ErrorExpectation): Promise<Arrival | undefined> {
    const within = this.allow(t, options.within ?? this.waits.answerMs);
    const screen = options.screen ?? t.screen;
    const rejected = t.lastSentTransactionId;
    const preferredTxn = typeof options.txn === 'string' ? options.txn : undefined;
    const txn: TransactionExpectation | undefined = preferredTxn !== undefined && rejected !== undefined && rejected !== preferredTxn && isIdentifier(rejected) ? { oneOf: [preferredTxn, rejected] } : options.txn;
    const arrival = await this.nextAnswer(t, within);
    const list: readonly ProtocolErrorCode[] = typeof codes === 'string' ? [codes] : codes;
    const title = options.title ?? `${t.label} gets ERROR ${list.join(' or ')}`;
    this.recorder.record(title, options.requirements, judgeError(arrival, list, within, screen, txn), arrival?.event, options.soft);
    const code = errorCodeOf(arrival);
    if (options.preferCode !== undefined && code !== undefined && list.includes(code as ProtocolErrorCode) && code !== options.preferCode) {
      this.recorder.record(`ERR-10 ranks ${options.preferCode} first among the codes that apply`, ['ERR-10'], { ok: false, expected: `ERROR ${options.preferCode}`, actual: `ERROR ${code} (also allowed by the sources)` }, arrival?.event, true);
    }
    const id = transactionIdOf(arrival);
    if (preferredTxn !== undefined && id !== undefined && id !== preferredTxn && txn !== options.txn) {
      this.recorder.record('the ERROR carries the active transaction id', ['TXN-6'], { ok: false, expected: `transactionId "${preferredTxn}"`, actual: `transactionId "${id}", the rejected message's (also allowed)` }, arrival?.event, true);
    }
    return arrival;
  }

  /** Waits for the server to close with `code`, passing over any frames before it. */
  async expectClose(t: C, code: number, options: ExpectOptions): Promise<void> {
    const within = this.allow(t, options.within ?? this.waits.answerMs);
    const deadline = Date.now() + within;
    for (;;) {
      const arrival = await t.next(Math.max(0, deadline - Date.now()));
      if (arrival && arrival.kind !== 'close') continue;
      this.recorder.record(options.title ?? `${t.label} is closed with ${code}`, options.requirements, judgeClose(arrival, code, within), arrival?.event, options.soft);
      return;
    }
  }

  /** Expects no frame and no close for `ms`, STATUS_UPDATEs and re-sends of the current screen aside (they change nothing). */
  async expectNoAnswer(t: C, ms: number, options: ExpectOptions): Promise<void> {
    const arrival = await this.nextAnswer(t, ms);
    this.recorder.record(options.title ?? `${t.label} gets no answer`, options.requirements, judgeSilence(arrival, ms), arrival?.event, options.soft);
  }
}
