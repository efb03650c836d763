import { randomBytes, randomUUID } from 'node:crypto';
import type { ProtocolErrorCode } from '../protocol/error-catalogue.js';
import type { ServerMessage } from '../protocol/types/generated.js';
import type { Screen } from '../protocol/screen-graph.js';
import { CheckFailed, CouldNotRun, Skipped, type ConformanceCase } from './case.js';
import type { StepResult } from './results.js';
import type { ResolvedTarget, Waits } from './target.js';
import { TerminalConnection, type Arrival, type HandshakeOutcome } from './terminal-connection.js';
import { lastSelectedAmount, mayHavePaid, spentLimitError } from './leftover-limit.js';
import { TerminalPool, type TerminalLease } from './terminal-pool.js';
import { errorCodeOf, judgeClose, judgeError, judgeHttpStatus, judgeScreen, judgeSilence, transactionIdOf, type Judgement, type TransactionExpectation } from './verifiers.js';
import { groundsOf, isHard } from './grounds.js';
import { isIdentifier } from '../protocol/identifier.js';
import type { WireLog } from './wire-log.js';

/** Which terminal identity a connection uses: the case's own ("A"), a second one ("B") for isolation cases. */
export type Identity = 'A' | 'B';

/** How a case opens a connection. */
export interface OpenOptions {
  as?: Identity;
  /** Label in the wire log; default the identity, then "A#2", "A#3"... */
  label?: string;
  /** X-Test-Scenario (TC-1); the case is SKIPPED if the backend does not accept it. */
  scenario?: string;
  /** Send X-Test-Scenario but do not require acceptance (TC-5, TC-6). */
  scenarioUnchecked?: string;
  /** Credentials: the identity's (default), none at all, or a token no terminal has. */
  credentials?: 'identity' | 'none' | 'unknown-token';
  /** Extra handshake headers. */
  headers?: Record<string, string>;
  /** Offer permessage-deflate (default: only in the pinto-android-1 profile). */
  deflate?: boolean;
  /** Leave the terminal id out of the URL (AUTH-7). */
  noTerminalId?: boolean;
  /** Extra query parameters on the upgrade URL, after the terminal id (e.g. a ?terminalId= that a token must win over, AUTH-5). */
  query?: Record<string, string>;
  /** Answer the server's pings (default true); false plays a peer that misses its pongs (TRN-8). */
  autoPong?: boolean;
}

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

const OKHTTP_HEADERS = { 'User-Agent': 'okhttp/4.11.0' };
const PINTO_PRESETS = [20, 40, 60, 80, 100];

/**
 * What a case sees: the target, derived waits, connections with their own
 * terminal identity, the profile's action forms, and verifiers that record a
 * step (expected vs actual) and stop the case on failure.
 */
export class CaseContext {
  readonly steps: StepResult[] = [];
  readonly connections: TerminalConnection[] = [];
  private readonly labels = new Map<string, number>();
  /** With authentication on: each identity's leased terminal token. */
  private readonly leases = new Map<Identity, TerminalLease>();
  /** Connections on a terminal an earlier case used, with that case's id. */
  private readonly reused = new Map<TerminalConnection, string>();
  /** With authentication on: each connection's identity, and the identities on which no screen was judged yet. */
  private readonly identityOf = new Map<TerminalConnection, Identity>();
  private readonly unjudged = new Map<Identity, TerminalLease>();

  constructor(
    readonly testCase: ConformanceCase,
    readonly target: ResolvedTarget,
    readonly waits: Waits,
    readonly runId: string,
    readonly log: WireLog,
    /** Where the identities' tokens come from when authentication is on (default: the target's whole pool, for this case alone). */
    private readonly pool: TerminalPool = new TerminalPool(target.auth.mode === 'tokens' ? target.auth.pool : []),
  ) {}

  get profile(): ResolvedTarget['profile'] {
    return this.target.profile;
  }

  /** This case's terminal id for an identity (AUTH-6): unique per run and case, within ENV-6's alphabet. */
  terminalId(as: Identity = 'A'): string {
    const slug = this.testCase.id.replace(/[^A-Za-z0-9]+/g, '.');
    return `ps-${this.runId}-${slug}-${as}`.slice(0, 64);
  }

  /** Opens a connection; handshake failures are ERRORs unless the case asked for them with tryOpen. */
  async open(options: OpenOptions = {}): Promise<TerminalConnection> {
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
  async tryOpen(options: OpenOptions = {}): Promise<{ connection: TerminalConnection; outcome: HandshakeOutcome }> {
    const as = options.as ?? 'A';
    const base = options.label ?? as;
    const n = (this.labels.get(base) ?? 0) + 1;
    this.labels.set(base, n);
    const label = n === 1 ? base : `${base}#${n}`;
    const terminalId = this.terminalId(as);
    const credentials = options.credentials ?? 'identity';
    const leasedBefore = this.leases.has(as);
    const lease = this.target.auth.mode === 'tokens' && credentials === 'identity' ? this.leaseFor(as) : undefined;
    const connection = new TerminalConnection(label, terminalId, this.log);
    this.connections.push(connection);
    if (lease?.reusedFrom !== undefined) this.reused.set(connection, lease.reusedFrom);
    if (lease) this.identityOf.set(connection, as);
    if (lease && !leasedBefore) this.unjudged.set(as, lease);
    const url = new URL(this.target.url);
    const headers: Record<string, string> = { ...(this.profile === 'pinto-android-1' ? OKHTTP_HEADERS : {}), ...options.headers };
    if (this.target.auth.mode === 'tokens') {
      if (lease) headers.Authorization = `Bearer ${lease.token}`;
      if (credentials === 'unknown-token') headers.Authorization = `Bearer paysock-unknown-${randomBytes(8).toString('hex')}`;
    } else if (!options.noTerminalId) {
      url.searchParams.set(this.target.terminalIdParam, terminalId);
    }
    for (const [name, value] of Object.entries(options.query ?? {})) url.searchParams.set(name, value);
    const scenario = options.scenario ?? options.scenarioUnchecked;
    if (scenario !== undefined) headers['X-Test-Scenario'] = scenario;
    // Sent is enough: a backend may apply a scenario it does not acknowledge.
    if (scenario !== undefined && lease) this.pool.markSpent(lease.token);
    const outcome = await connection.connect({
      url: url.toString(),
      headers,
      offerDeflate: options.deflate ?? this.profile === 'pinto-android-1',
      handshakeTimeoutMs: this.waits.answerMs * 5,
      autoPong: options.autoPong ?? true,
      rejectUnauthorized: this.target.tls.rejectUnauthorized,
      ...(this.target.tls.ca !== undefined ? { ca: this.target.tls.ca } : {}),
    });
    return { connection, outcome };
  }

  /** The identity's terminal token, leased from the pool on first use; an ERROR when the pool has none free. */
  private leaseFor(as: Identity): TerminalLease {
    let lease = this.leases.get(as);
    if (!lease) {
      lease = this.pool.lease(this.testCase.id, as);
      if (!lease) throw new CouldNotRun(`no terminal left for identity ${as}: the ${this.pool.tokens.length} token(s) of auth.pool are all in use by this case; declare more tokens in auth.pool`);
      this.leases.set(as, lease);
    }
    return lease;
  }

  /**
   * The lease of t's terminal when this is the first screen the case judges
   * on it and the case has not acted on it yet: what the terminal shows then
   * is what the case found, not what it did.
   */
  private firstScreenOf(t: TerminalConnection): TerminalLease | undefined {
    const as = this.identityOf.get(t);
    const lease = as === undefined ? undefined : this.unjudged.get(as);
    if (as === undefined || lease === undefined) return undefined;
    this.unjudged.delete(as);
    const labels = this.labelsOf(as);
    return this.log.events.some((e) => e.direction === 'sent' && e.kind !== 'ping' && labels.has(e.connection)) ? undefined : lease;
  }

  /** The labels of the case's connections on an identity's terminal. */
  private labelsOf(as: Identity): Set<string> {
    return new Set([...this.identityOf].filter(([, identity]) => identity === as).map(([c]) => c.label));
  }

  /**
   * A LIMIT_ERROR where an amount should lead to PAYMENT_METHOD, on a pool
   * terminal that neither this case nor an earlier case of the run paid on
   * or set a scenario for, reporting a limit partly spent: the limit was
   * spent before the run (an earlier certification on the same tokens), so
   * FLOW-6 cannot be judged here. ERROR, naming the token by its place in
   * auth.pool. Anything less certain stays a FAIL.
   */
  private blameSpentLimit(t: TerminalConnection, screen: Screen, arrival: Arrival | undefined): void {
    const as = this.identityOf.get(t);
    const lease = as === undefined ? undefined : this.leases.get(as);
    if (screen !== 'PAYMENT_METHOD' || as === undefined || lease === undefined) return;
    const state = spentLimitError(arrival, lastSelectedAmount(this.log.events, t.label));
    if (!state || this.pool.spentThisRun(lease.token) || mayHavePaid(this.log.events, this.labelsOf(as))) return;
    const n = this.pool.numberOf(lease.token);
    throw new CouldNotRun(`terminal of auth.pool token ${n} has used its daily limit before this case (LIMIT_ERROR remaining ${state.remaining} of ${state.limit}): use fresh tokens or reset the backend`);
  }

  /**
   * On a terminal an earlier case used, a screen the case did not expect may
   * be that case's leftover state, not the backend's fault: its open
   * transaction resumed on connect (RES-3), or its payments used up the daily
   * limit (FLOW-6). Such a case cannot be judged: ERROR, naming the cause.
   * A token this run had not used yet that opens on a transaction (not on
   * AMOUNT_SELECT at all) resumes one from before the run: ERROR as well.
   */
  private blameReuse(t: TerminalConnection, screen: Screen, arrival: Arrival | undefined, first: TerminalLease | undefined): void {
    const from = this.reused.get(t);
    const m = arrival?.kind === 'message' ? (arrival.raw as { messageType?: unknown; screen?: unknown; transactionId?: unknown } | undefined) : undefined;
    if (m?.messageType !== 'SCREEN_CHANGE') return;
    const shown = `${String(m.screen)} "${String(m.transactionId)}"`;
    if (first && screen === 'AMOUNT_SELECT' && !(m.screen === 'AMOUNT_SELECT' && m.transactionId === 'initial')) {
      if (from !== undefined) throw new CouldNotRun(`terminal reused from case ${from} resumed its transaction (${t.label} opened on ${shown}): declare more tokens in auth.pool`);
      if (m.screen !== 'AMOUNT_SELECT' && typeof m.transactionId === 'string' && m.transactionId !== 'initial') {
        const n = this.pool.numberOf(first.token);
        throw new CouldNotRun(`terminal of auth.pool token ${n} is not fresh: it resumed a transaction from before this run (${t.label} opened on ${shown}): declare tokens of unused terminals in auth.pool`);
      }
    }
    if (from === undefined) return;
    if (m.screen === 'LIMIT_ERROR' && screen !== 'LIMIT_ERROR') {
      throw new CouldNotRun(`terminal reused from case ${from} has used up its daily limit (${t.label} got LIMIT_ERROR): declare more tokens in auth.pool`);
    }
  }

  /**
   * Records a step; a failed one stops the case with a FAIL only when one of
   * its requirements is a MUST that the sources state (grounds.ts). Anything
   * else that fails (a SHOULD, a project reading, a soft check) is a WARN and
   * the case goes on: no FAIL without a quoted source sentence.
   */
  record(title: string, requirements: string[], judgement: Judgement, event?: number, soft = false): void {
    const hard = !soft && isHard(requirements);
    const verdict = judgement.ok ? 'PASS' : hard ? 'FAIL' : 'WARN';
    const step: StepResult = { title, verdict, expected: judgement.expected, actual: judgement.actual, requirements };
    if (event !== undefined) step.event = event;
    if (!judgement.ok) step.grounds = groundsOf(requirements);
    this.steps.push(step);
    if (!judgement.ok && hard) throw new CheckFailed(`${title}: expected ${judgement.expected}, got ${judgement.actual}`);
  }

  /** The answer window `ms` on `t`, widened by the connection's measured round trip (the network's share). */
  allow(t: TerminalConnection, ms: number): number {
    return ms + t.roundTripMs;
  }

  /**
   * The next arrival that answers something: STATUS_UPDATEs (allowed at any
   * time, SCR-11) and re-sends of the screen the terminal already shows
   * (FLOW-18) are passed over, unless the re-sent screen is `unless`.
   */
  async nextAnswer(t: TerminalConnection, ms: number, unless?: Screen): Promise<Arrival | undefined> {
    const deadline = Date.now() + ms;
    for (;;) {
      const arrival = await t.next(Math.max(0, deadline - Date.now()));
      if (arrival?.kind === 'message' && (arrival.status || (arrival.resend && (arrival.raw as { screen?: unknown }).screen !== unless))) continue;
      return arrival;
    }
  }

  /** A free-form check. */
  check(title: string, requirements: string[], ok: boolean, expected: string, actual: string, soft = false): void {
    this.record(title, requirements, { ok, expected, actual }, undefined, soft);
  }

  /**
   * Waits for a SCREEN_CHANGE to `screen`, passing over STATUS_UPDATEs (FLOW-8).
   * Any other arrival decides the step.
   */
  async expectScreen(t: TerminalConnection, screen: Screen, options: ExpectOptions): Promise<ServerMessage> {
    const within = this.allow(t, options.within ?? this.waits.answerMs);
    const arrival = await this.nextAnswer(t, within, screen);
    const judgement = judgeScreen(arrival, screen, within, options.txn);
    const first = this.firstScreenOf(t);
    if (!judgement.ok) {
      this.blameSpentLimit(t, screen, arrival);
      this.blameReuse(t, screen, arrival, first);
    }
    this.record(options.title ?? `${t.label} shows ${screen}`, options.requirements, judgement, arrival?.event, options.soft);
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
  async expectError(t: TerminalConnection, codes: ProtocolErrorCode | readonly ProtocolErrorCode[], options: ErrorExpectation): Promise<Arrival | undefined> {
    const within = this.allow(t, options.within ?? this.waits.answerMs);
    const screen = options.screen ?? t.screen;
    const rejected = t.lastSentTransactionId;
    const preferredTxn = typeof options.txn === 'string' ? options.txn : undefined;
    const txn: TransactionExpectation | undefined = preferredTxn !== undefined && rejected !== undefined && rejected !== preferredTxn && isIdentifier(rejected) ? { oneOf: [preferredTxn, rejected] } : options.txn;
    const arrival = await this.nextAnswer(t, within);
    const list: readonly ProtocolErrorCode[] = typeof codes === 'string' ? [codes] : codes;
    const title = options.title ?? `${t.label} gets ERROR ${list.join(' or ')}`;
    this.record(title, options.requirements, judgeError(arrival, list, within, screen, txn), arrival?.event, options.soft);
    const code = errorCodeOf(arrival);
    if (options.preferCode !== undefined && code !== undefined && list.includes(code as ProtocolErrorCode) && code !== options.preferCode) {
      this.record(`ERR-10 ranks ${options.preferCode} first among the codes that apply`, ['ERR-10'], { ok: false, expected: `ERROR ${options.preferCode}`, actual: `ERROR ${code} (also allowed by the sources)` }, arrival?.event, true);
    }
    const id = transactionIdOf(arrival);
    if (preferredTxn !== undefined && id !== undefined && id !== preferredTxn && txn !== options.txn) {
      this.record('the ERROR carries the active transaction id', ['TXN-6'], { ok: false, expected: `transactionId "${preferredTxn}"`, actual: `transactionId "${id}", the rejected message's (also allowed)` }, arrival?.event, true);
    }
    return arrival;
  }

  /** Waits for the server to close with `code`, passing over any frames before it. */
  async expectClose(t: TerminalConnection, code: number, options: ExpectOptions): Promise<void> {
    const within = this.allow(t, options.within ?? this.waits.answerMs);
    const deadline = Date.now() + within;
    for (;;) {
      const arrival = await t.next(Math.max(0, deadline - Date.now()));
      if (arrival && arrival.kind !== 'close') continue;
      this.record(options.title ?? `${t.label} is closed with ${code}`, options.requirements, judgeClose(arrival, code, within), arrival?.event, options.soft);
      return;
    }
  }

  /** Expects no frame and no close for `ms`, STATUS_UPDATEs and re-sends of the current screen aside (they change nothing). */
  async expectNoAnswer(t: TerminalConnection, ms: number, options: ExpectOptions): Promise<void> {
    const arrival = await this.nextAnswer(t, ms);
    this.record(options.title ?? `${t.label} gets no answer`, options.requirements, judgeSilence(arrival, ms), arrival?.event, options.soft);
  }

  /** Expects the upgrade to be refused with `status`. */
  async expectHttpStatus(open: OpenOptions, status: number, options: ExpectOptions): Promise<void> {
    const { connection, outcome } = await this.tryOpen(open);
    if (outcome.ok) connection.close();
    this.record(options.title ?? `upgrade refused with HTTP ${status}`, options.requirements, judgeHttpStatus(outcome, status), undefined, options.soft);
  }

  /** A transaction id the terminal makes up (TXN-1), unique per run. */
  newTransactionId(): string {
    return `T-${this.runId}-${randomBytes(6).toString('hex')}`;
  }

  /** Builds a USER_ACTION envelope (ENV-1) on the connection's current transaction unless told otherwise. */
  message(t: TerminalConnection, screen: string, data: Record<string, unknown> | undefined, transactionId?: string): Record<string, unknown> {
    const m: Record<string, unknown> = { messageType: 'USER_ACTION', screen };
    if (data !== undefined) m.data = data;
    m.transactionId = transactionId ?? t.transactionId ?? 'initial';
    m.timestamp = Date.now();
    return m;
  }

  /**
   * The terminal actions in the run's dialect (section 5, or section 10 for
   * pinto-android-1). The first action of a cycle carries a fresh id in the
   * strict profile and echoes "initial" in the dialect (TXN-1, DIA-6).
   */
  readonly say = {
    preset: (t: TerminalConnection, amount: number, transactionId?: string): void => {
      const method = this.profile === 'pinto-android-1' && !PINTO_PRESETS.includes(amount) ? 'CUSTOM' : 'PRESET_BUTTON';
      t.send(this.message(t, 'AMOUNT_SELECT', { selectedAmount: amount, selectionMethod: method }, transactionId ?? this.firstId(t)));
    },
    other: (t: TerminalConnection, transactionId?: string): void => {
      const method = this.profile === 'pinto-android-1' ? 'CUSTOM' : 'OTHER';
      t.send(this.message(t, 'AMOUNT_SELECT', { selectedAmount: -1, selectionMethod: method }, transactionId ?? this.firstId(t)));
    },
    keypad: (t: TerminalConnection, amount: number): void => {
      if (this.profile === 'pinto-android-1') {
        const method = PINTO_PRESETS.includes(amount) ? 'PRESET_BUTTON' : 'CUSTOM';
        t.send(this.message(t, 'AMOUNT_SELECT', { selectedAmount: amount, selectionMethod: method }));
      } else t.send(this.message(t, 'KEYPAD', { selectedAmount: amount, selectionMethod: 'KEYPAD' }));
    },
    method: (t: TerminalConnection, method: string): void => {
      const data = this.profile === 'pinto-android-1' ? { selectionMethod: method } : { selectedMethod: method };
      t.send(this.message(t, 'PAYMENT_METHOD', data));
    },
    /** Strict: {action: CANCEL}; dialect: the CANCEL + RESET pair (DIA-4). */
    cancel: (t: TerminalConnection, screen: 'KEYPAD' | 'PAYMENT_METHOD'): void => {
      if (this.profile === 'pinto-android-1') {
        t.send(this.message(t, 'CANCEL', undefined));
        t.send(this.message(t, 'RESET', undefined));
      } else t.send(this.message(t, screen, { action: 'CANCEL' }));
    },
    /** OK on FAILED or LIMIT_ERROR; the dialect leaves LIMIT_ERROR with RESET and a fresh UUID (DIA-5). */
    ok: (t: TerminalConnection, screen: 'FAILED' | 'LIMIT_ERROR'): void => {
      if (this.profile === 'pinto-android-1' && screen === 'LIMIT_ERROR') t.send(this.message(t, 'RESET', undefined, randomUUID()));
      else t.send(this.message(t, screen, { action: 'OK' }));
    },
  };

  private firstId(t: TerminalConnection): string {
    const current = t.transactionId ?? 'initial';
    if (current !== 'initial' || this.profile === 'pinto-android-1') return current;
    return this.newTransactionId();
  }

  /** Closes every connection of the case. */
  closeAll(): void {
    for (const c of this.connections) c.close();
  }

  /** Ends the case: closes its connections and tells the pool which terminals it may have paid on, for the cases after it. */
  finish(): void {
    this.closeAll();
    for (const [as, lease] of this.leases) if (mayHavePaid(this.log.events, this.labelsOf(as))) this.pool.markSpent(lease.token);
  }
}
