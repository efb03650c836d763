import { randomBytes, randomUUID } from 'node:crypto';
import type { ProtocolErrorCode } from '../protocol/error-catalogue.js';
import type { ServerMessage } from '../protocol/types/generated.js';
import type { Screen } from '../protocol/screen-graph.js';
import { CheckFailed, CouldNotRun, Skipped, type ConformanceCase } from './case.js';
import type { StepResult } from './results.js';
import type { ResolvedTarget, Waits } from './target.js';
import { TerminalConnection, type Arrival, type HandshakeOutcome } from './terminal-connection.js';
import { blameLimit, lastSelectedAmount, limitErrorState, paidOnTerminal, type LimitKnowledge } from './daily-limit.js';
import { type IsolationBreach } from './transaction-registry.js';
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
    connection.observer = (arrival, shownBefore) => this.watchIsolation(connection, arrival, shownBefore);
    if (lease?.reusedFrom !== undefined) this.reused.set(connection, lease.reusedFrom);
    if (lease || (this.target.auth.mode !== 'tokens' && credentials === 'identity')) this.identityOf.set(connection, as);
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
    const outcome = await connection.connect({
      url: url.toString(),
      headers,
      offerDeflate: options.deflate ?? this.profile === 'pinto-android-1',
      handshakeTimeoutMs: this.waits.answerMs * 5,
      autoPong: options.autoPong ?? true,
      rejectUnauthorized: this.target.tls.rejectUnauthorized,
      ...(this.target.tls.ca !== undefined ? { ca: this.target.tls.ca } : {}),
    });
    if (scenario !== undefined && this.identityOf.has(connection)) this.noteScenario(as, scenario, connection);
    return { connection, outcome };
  }

  /**
   * Per identity, what its last scenario did to the daily limit (TC-4) and
   * the wire event from which the case's payments count against it: `left`
   * for an accepted limit-remaining, undefined for a scenario whose effect is
   * not known (sent is enough: a backend may apply a scenario it does not
   * acknowledge).
   */
  private readonly limitSet = new Map<Identity, { left?: number; from: number }>();

  private noteScenario(as: Identity, scenario: string, connection: TerminalConnection): void {
    const remaining = /^limit-remaining:(\d{1,10})$/.exec(scenario);
    const from = this.log.events.length;
    if (remaining && connection.acceptedScenario === scenario) this.limitSet.set(as, { left: Number(remaining[1]), from });
    // The other scenarios of the clarifications leave the limit alone (only successful payments count).
    else if (remaining || !/^(approve|decline|processor-timeout|printer-fault|out-of-service|slow-processing:\d+)$/.test(scenario)) this.limitSet.set(as, { from });
  }

  /**
   * Notes that `left` of the identity's daily limit is surely left from now
   * on (a ledger case spent the declared limit down to it, or a fresh
   * terminal with the declared limit): what the case pays after this counts
   * against it.
   */
  limitKnownFromHere(as: Identity, left: number): void {
    this.limitSet.set(as, { left, from: this.log.events.length });
  }

  /**
   * What the run knows of the daily limit of an identity's terminal: a pool
   * terminal's what the runner reset it to (test control), a terminal id of
   * this case's own (no authentication) the whole declared limit, or what a
   * limit-remaining scenario of the case set; minus what the case may have
   * paid since (an upper bound).
   */
  private limitKnowledgeOf(as: Identity): LimitKnowledge {
    const lease = this.leases.get(as);
    const set = this.limitSet.get(as);
    const known: LimitKnowledge = {
      terminal: lease ? `auth.pool token ${this.pool.numberOf(lease.token)}` : `terminal id ${this.terminalId(as)}`,
      declared: this.target.dailyLimit,
      paidSince: paidOnTerminal(this.log.events, this.labelsOf(as), set?.from ?? 0),
    };
    const left = set ? set.left : lease ? this.pool.knownLeft(lease.token) : this.target.auth.mode === 'tokens' ? undefined : this.target.dailyLimit;
    if (left !== undefined) known.leftAtStart = left;
    return known;
  }

  /**
   * What is surely left of the daily limit on the identity's terminal now
   * (FLOW-6), for cases that read the limit as a ledger (needs.knownLimit);
   * undefined when the run cannot know it (no test control on a pool token).
   */
  limitLeft(as: Identity = 'A'): number | undefined {
    if (this.target.auth.mode === 'tokens') this.leaseFor(as);
    const known = this.limitKnowledgeOf(as);
    return known.leftAtStart === undefined ? undefined : Math.max(0, known.leftAtStart - known.paidSince);
  }

  /** Isolation breaches (AUTH-5) seen on the case's connections: each makes the case FAIL, whatever else happened (runner.ts). */
  readonly breaches: IsolationBreach[] = [];
  /** A settle step before any case of the run (settle.ts): the ids it sees are from before the run. */
  preRun = false;

  /** How reports and the transaction registry name the terminal behind a connection; undefined for one without an identity. */
  private terminalNameOf(t: TerminalConnection): string | undefined {
    const as = this.identityOf.get(t);
    if (as === undefined) return undefined;
    const lease = this.leases.get(as);
    if (lease) return `auth.pool token ${this.pool.numberOf(lease.token)}`;
    return this.target.auth.mode === 'tokens' ? undefined : `terminal id ${t.terminalId}`;
  }

  /** Checks every frame carrying a transaction id against the run-wide registry (AUTH-5). */
  private watchIsolation(t: TerminalConnection, arrival: Arrival, shownBefore: Screen | undefined): void {
    if (arrival.kind !== 'message') return;
    const raw = arrival.raw as { messageType?: unknown; screen?: unknown; transactionId?: unknown } | undefined;
    const id = raw?.transactionId;
    const terminal = this.terminalNameOf(t);
    if (raw === undefined || typeof id !== 'string' || terminal === undefined) return;
    const breach = this.pool.transactions.observe(terminal, id, this.testCase.id, raw, { connection: t.label, event: arrival.event }, () => this.claims(t, id, raw, shownBefore), this.preRun);
    if (breach) this.breaches.push(breach);
  }

  /**
   * Whether t's terminal made `id` its own: it sent that id itself, or the
   * frame answers its first action of a cycle on AMOUNT_SELECT (the backend
   * names the new transaction; the sources do not say ids are unique across
   * terminals).
   */
  private claims(t: TerminalConnection, id: string, raw: { messageType?: unknown; screen?: unknown }, shownBefore: Screen | undefined): boolean {
    if (raw.messageType === 'SCREEN_CHANGE' && raw.screen !== 'AMOUNT_SELECT' && shownBefore === 'AMOUNT_SELECT' && t.lastSentScreen === 'AMOUNT_SELECT') return true;
    const as = this.identityOf.get(t);
    const labels = as === undefined ? new Set([t.label]) : this.labelsOf(as);
    const field = `"transactionId":${JSON.stringify(id)}`;
    return this.log.events.some((e) => e.direction === 'sent' && e.kind === 'text' && labels.has(e.connection) && e.data.includes(field));
  }

  /** The identity's terminal token, leased from the pool on first use; an ERROR when the pool has none free. */
  private leaseFor(as: Identity): TerminalLease {
    let lease = this.leases.get(as);
    if (!lease) {
      lease = this.pool.lease(this.testCase.id, as);
      if (!lease && as === 'B' && this.pool.heldBy(this.testCase.id).length === 1) throw new CouldNotRun('the case uses a second test terminal (identity B) but does not declare needs.terminals: 2');
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
   * A LIMIT_ERROR where an amount should lead to PAYMENT_METHOD, well formed
   * and explaining itself (the amount is above what it says is left): a
   * spent limit is never a FAIL of the backend. Only when the run knows that
   * the amount fits (the terminal's limit was reset or fresh, and the case's
   * own payments leave enough, daily-limit.ts) does the FAIL stand;
   * otherwise ERROR, naming the terminal and what its limit shows.
   */
  private blameSpentLimit(t: TerminalConnection, screen: Screen, arrival: Arrival | undefined): void {
    const as = this.identityOf.get(t);
    if (screen !== 'PAYMENT_METHOD' || as === undefined) return;
    const selected = lastSelectedAmount(this.log.events, t.label);
    const state = limitErrorState(arrival, selected);
    if (!state || selected === undefined) return;
    const why = blameLimit(state, selected, this.limitKnowledgeOf(as));
    if (why !== undefined) throw new CouldNotRun(why);
  }

  /**
   * The runner settles every pool terminal on AMOUNT_SELECT "initial" before
   * a case gets it (settle.ts). A first screen that is not that, where the
   * case expects it and has not acted yet, is the terminal's state and not
   * the case's doing: ERROR, naming the token and what it showed. A
   * transaction another terminal had is an isolation breach instead
   * (watchIsolation): that FAIL stands.
   */
  private blameReuse(t: TerminalConnection, screen: Screen, arrival: Arrival | undefined, first: TerminalLease | undefined): void {
    const from = this.reused.get(t);
    const m = arrival?.kind === 'message' ? (arrival.raw as { messageType?: unknown; screen?: unknown; transactionId?: unknown } | undefined) : undefined;
    if (m?.messageType !== 'SCREEN_CHANGE' || !first || screen !== 'AMOUNT_SELECT') return;
    // AMOUNT_SELECT under another id than "initial" is no state a terminal can be left in: the backend's first screen is wrong (FLOW-1, ENV-7).
    if (m.screen === 'AMOUNT_SELECT' || this.breaches.length > 0) return;
    const shown = `${String(m.screen)} "${String(m.transactionId)}"`;
    const n = this.pool.numberOf(first.token);
    if (this.pool.terminalOf(first.token)?.keptBack === true) {
      throw new CouldNotRun(`terminal of auth.pool token ${n} was kept back from settling for this first-contact case, and ${t.label} opened on ${shown}, a transaction this run never saw: left by an earlier run or another user of the token (settle it, or use fresh tokens)`);
    }
    const when = from !== undefined ? `after case ${from}` : 'before its first case';
    throw new CouldNotRun(`terminal of auth.pool token ${n} was settled on AMOUNT_SELECT "initial" ${when}, but ${t.label} opened on ${shown}`);
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
    // No HTTP answer at all (refused, reset, timed out) says nothing about what the backend answers: ERROR, never a verdict.
    if (!outcome.ok && outcome.status === undefined) throw new CouldNotRun(`${connection.label}: ${outcome.reason}`);
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

  /**
   * Ends the case: closes its connections and tells the pool what it may
   * have paid on each terminal or done to its limit, for the daily-limit
   * budget of the cases after it. The runner then settles the terminals.
   */
  finish(): void {
    this.closeAll();
    for (const [as, lease] of this.leases) {
      const set = this.limitSet.get(as);
      if (set?.left !== undefined) this.pool.markReset(lease.token, set.left);
      else if (set) this.pool.markSpent(lease.token);
      this.pool.markPaid(lease.token, paidOnTerminal(this.log.events, this.labelsOf(as), set?.from ?? 0));
    }
  }

  /** The tokens the case leased, by identity (what the runner settles after it). */
  leasedTokens(): string[] {
    return [...this.leases.values()].map((l) => l.token);
  }
}
