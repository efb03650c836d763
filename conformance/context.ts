import { randomBytes } from 'node:crypto';
import type { ProtocolErrorCode } from '../protocol/error-catalogue.js';
import type { Screen } from '../protocol/screen-graph.js';
import type { ServerMessage } from '../protocol/types/generated.js';
import { CouldNotRun, Skipped } from './case-errors.js';
import { Expectations, type ErrorExpectation, type ExpectOptions } from './context/expectations.js';
import { handshakeRequest, type OpenOptions } from './context/handshake.js';
import { CaseIdentities, type Identity } from './context/identities.js';
import { IsolationWatch } from './context/isolation-watch.js';
import { LimitLedger } from './context/limit-ledger.js';
import { TerminalActions } from './context/say.js';
import { StepRecorder } from './context/step-recorder.js';
import type { StepResult } from './results.js';
import type { ResolvedTarget, Waits } from './target.js';
import { CertifierTerminal, type Arrival, type HandshakeOutcome } from './certifier-terminal.js';
import { TerminalPool } from './terminal-pool.js';
import type { IsolationBreach } from './transaction-registry.js';
import { judgeHttpStatus, type StepJudgement } from './verifiers.js';
import type { WireLog } from './wire-log.js';

export type { ErrorExpectation, ExpectOptions } from './context/expectations.js';
export type { OpenOptions } from './context/handshake.js';
export type { Identity } from './context/identities.js';

/**
 * What a case sees: the target, derived waits, connections with their own
 * terminal identity, the profile's action forms, and verifiers that record a
 * step (expected vs actual) and stop the case on failure. It holds the parts
 * in context/ (identities and their leases, the daily-limit ledger, the
 * isolation watch, the step recorder and expectations, the dialect) and
 * wires them to the connections it opens.
 */
export class CaseContext {
  readonly connections: CertifierTerminal[] = [];
  readonly identities: CaseIdentities<CertifierTerminal>;
  readonly ledger: LimitLedger<CertifierTerminal>;
  readonly isolation: IsolationWatch<CertifierTerminal>;
  readonly recorder = new StepRecorder();
  readonly expectations: Expectations<CertifierTerminal>;
  readonly actions: TerminalActions<CertifierTerminal>;
  private readonly labels = new Map<string, number>();

  constructor(
    /** The case (only its id: the context does not know the case list). */
    readonly testCase: { readonly id: string },
    readonly target: ResolvedTarget,
    readonly waits: Waits,
    readonly runId: string,
    readonly log: WireLog,
    /** Where the identities' tokens come from when authentication is on (default: the target's whole pool, for this case alone). */
    pool: TerminalPool = new TerminalPool(target.auth.mode === 'tokens' ? target.auth.pool : []),
  ) {
    this.identities = new CaseIdentities(testCase.id, runId, pool, target.auth.mode === 'tokens');
    this.ledger = new LimitLedger(this.identities, target.dailyLimit, log);
    this.isolation = new IsolationWatch(testCase.id, this.identities, pool.transactions, log);
    this.expectations = new Expectations(this.recorder, waits, (t, screen, arrival, ok) => this.blame(t, screen, arrival, ok));
    this.actions = new TerminalActions(target.profile, () => this.newTransactionId());
  }

  get profile(): ResolvedTarget['profile'] {
    return this.target.profile;
  }

  get steps(): StepResult[] {
    return this.recorder.steps;
  }

  /** Isolation breaches (AUTH-5) seen on the case's connections: each makes the case FAIL, whatever else happened (runner.ts). */
  get breaches(): IsolationBreach[] {
    return this.isolation.breaches;
  }

  /** Opens a connection; handshake failures are ERRORs unless the case asked for them with tryOpen. */
  async open(options: OpenOptions = {}): Promise<CertifierTerminal> {
    const { connection, outcome } = await this.tryOpen(options);
    if (!outcome.ok) {
      const hint = /certificate|self.signed|CERT_/i.test(outcome.reason) ? ' (trust it with --tls-ca <file>, or --tls-insecure)' : '';
      throw new CouldNotRun(`${connection.label}: ${outcome.reason}${hint}`);
    }
    if (options.scenario !== undefined && connection.acceptedScenario !== options.scenario) {
      throw new Skipped(`needs test control: the backend did not accept X-Test-Scenario: ${options.scenario}`);
    }
    return connection;
  }

  /** Opens a connection and returns how the handshake ended, whatever it was. */
  async tryOpen(options: OpenOptions = {}): Promise<{ connection: CertifierTerminal; outcome: HandshakeOutcome }> {
    const as = options.as ?? 'A';
    const base = options.label ?? as;
    const n = (this.labels.get(base) ?? 0) + 1;
    this.labels.set(base, n);
    const label = n === 1 ? base : `${base}#${n}`;
    const terminalId = this.identities.terminalId(as);
    const claim = (options.credentials ?? 'identity') === 'identity' ? this.identities.claim(as) : undefined;
    const connection = new CertifierTerminal(label, terminalId, this.log);
    this.connections.push(connection);
    connection.observer = (arrival, shownBefore) => this.isolation.observe(connection, arrival, shownBefore);
    if (claim) this.identities.attach(connection, claim);
    const request = handshakeRequest(this.target, options, terminalId, claim?.lease);
    const outcome = await connection.connect({
      url: request.url,
      headers: request.headers,
      offerDeflate: request.offerDeflate,
      handshakeTimeoutMs: this.waits.answerMs * 5,
      autoPong: options.autoPong ?? true,
      rejectUnauthorized: this.target.tls.rejectUnauthorized,
      ...(this.target.tls.ca !== undefined ? { ca: this.target.tls.ca } : {}),
    });
    if (request.scenario !== undefined && claim) this.ledger.noteScenario(as, request.scenario, connection.acceptedScenario === request.scenario);
    return { connection, outcome };
  }

  /** Notes that `left` of the identity's daily limit is surely left from now on (LimitLedger.knownFromHere). */
  limitKnownFromHere(as: Identity, left: number): void {
    this.ledger.knownFromHere(as, left);
  }

  /**
   * What is surely left of the daily limit on the identity's terminal now
   * (FLOW-6), for cases that read the limit as a ledger (needs.knownLimit);
   * undefined when the run cannot know it (no test control on a pool token).
   */
  limitLeft(as: Identity = 'A'): number | undefined {
    if (this.identities.byToken) this.identities.leaseFor(as);
    return this.ledger.left(as);
  }

  /** A screen expectation's outcome: a mismatch on a spent limit or on a terminal an earlier case left is an ERROR, not a FAIL. */
  private blame(t: CertifierTerminal, screen: Screen, arrival: Arrival | undefined, ok: boolean): void {
    const first = this.identities.firstScreenOf(t, this.log.events);
    if (ok) return;
    this.ledger.blameSpentLimit(t, screen, arrival);
    this.identities.blameReuse(t, screen, arrival, first, this.isolation.breaches.length > 0);
  }

  /** Records a step (StepRecorder.record). */
  record(title: string, requirements: string[], judgement: StepJudgement, event?: number, soft = false): void {
    this.recorder.record(title, requirements, judgement, event, soft);
  }

  /** A free-form check. */
  check(title: string, requirements: string[], ok: boolean, expected: string, actual: string, soft = false): void {
    this.recorder.check(title, requirements, ok, expected, actual, soft);
  }

  /** The answer window `ms` on `t`, widened by the connection's measured round trip (the network's share). */
  allow(t: CertifierTerminal, ms: number): number {
    return this.expectations.allow(t, ms);
  }

  /** The next arrival that answers something (Expectations.nextAnswer). */
  nextAnswer(t: CertifierTerminal, ms: number, unless?: Screen): Promise<Arrival | undefined> {
    return this.expectations.nextAnswer(t, ms, unless);
  }

  /** Waits for a SCREEN_CHANGE to `screen` (Expectations.expectScreen). */
  expectScreen(t: CertifierTerminal, screen: Screen, options: ExpectOptions): Promise<ServerMessage> {
    return this.expectations.expectScreen(t, screen, options);
  }

  /** Waits for an ERROR whose code is one of `codes` (Expectations.expectError). */
  expectError(t: CertifierTerminal, codes: ProtocolErrorCode | readonly ProtocolErrorCode[], options: ErrorExpectation): Promise<Arrival | undefined> {
    return this.expectations.expectError(t, codes, options);
  }

  /** Waits for the server to close with `code` (Expectations.expectClose). */
  expectClose(t: CertifierTerminal, code: number, options: ExpectOptions): Promise<void> {
    return this.expectations.expectClose(t, code, options);
  }

  /** Expects no answer for `ms` (Expectations.expectNoAnswer). */
  expectNoAnswer(t: CertifierTerminal, ms: number, options: ExpectOptions): Promise<void> {
    return this.expectations.expectNoAnswer(t, ms, options);
  }

  /** Expects the upgrade to be refused with `status`. */
  async expectHttpStatus(open: OpenOptions, status: number, options: ExpectOptions): Promise<void> {
    const { connection, outcome } = await this.tryOpen(open);
    if (outcome.ok) connection.close();
    // No HTTP answer at all (refused, reset, timed out) says nothing about what the backend answers: ERROR, never a verdict.
    if (!outcome.ok && outcome.status === undefined) throw new CouldNotRun(`${connection.label}: ${outcome.reason}`);
    this.record(options.title ?? `upgrade refused with HTTP ${status}`, options.requirements, judgeHttpStatus(outcome, status), undefined, options.soft);
  }

  /** A transaction id the terminal makes up (TXN-1), unique per run. */
  newTransactionId(): string {
    return `T-${this.runId}-${randomBytes(6).toString('hex')}`;
  }

  /** Builds a USER_ACTION envelope (ENV-1) on the connection's current transaction unless told otherwise. */
  message(t: CertifierTerminal, screen: string, data: Record<string, unknown> | undefined, transactionId?: string): Record<string, unknown> {
    return this.actions.message(t, screen, data, transactionId);
  }

  /** The terminal actions in the run's dialect (TerminalActions.say). */
  get say(): TerminalActions<CertifierTerminal>['say'] {
    return this.actions.say;
  }

  /** Closes every connection of the case. */
  closeAll(): void {
    for (const c of this.connections) c.close();
  }

  /**
   * Ends the case: closes its connections and tells the pool what it may
   * have paid on each terminal or done to its limit, for the daily-limit
   * budget of the cases after it. The runner then settles the terminals.
   */
  finish(): void {
    this.closeAll();
    this.ledger.settleInto();
  }
}
