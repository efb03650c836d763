/* eslint-disable */
/**
 * DO NOT EDIT: generated from schemas/formats/ by `npm run gen` (scripts/gen-types.mjs).
 * `npm run gen:check` fails when this file drifts from the schemas.
 */
/**
 * The run's overall verdict.
 */
export type OverallVerdict = 'CONFORMANT' | 'NOT_CONFORMANT' | 'INCOMPLETE' | 'COULD_NOT_RUN';
/**
 * The case's verdict.
 */
export type Verdict = 'PASS' | 'FAIL' | 'WARN' | 'SKIP' | 'NA' | 'ERROR';
/**
 * measured; no-terminal-connected: no upgrade ever succeeded (a dead backend); no-transaction-completed: terminals connected but a workload that pays completed none. Either nothing-ran kind means no threshold can pass the run.
 */
export type LoadOutcomeKind = 'measured' | 'no-terminal-connected' | 'no-transaction-completed';
/**
 * Its level.
 */
export type RequirementLevel = 'MUST' | 'SHOULD' | 'MAY';
/**
 * On a FAIL or WARN: the requirements the deciding check broke, with the source sentences that state them, quoted.
 */
export type Grounds = Ground[];
/**
 * certificate.json: what `paysock certify` states about a run (the target declaration, the spec, schemas and cases it judged with, the verdicts), the digests of the report files beside it, optionally an Ed25519 signature; read by `paysock verify` (docs/certificate.md). Objects are open: an extra field is covered by the signature like the rest.
 */
export interface Certificate {
  /**
   * Format of the file (conformance/certificate/certificate.ts CERTIFICATE_FORMAT); readers refuse any other.
   */
  format: 'paysock-certificate/1';
  /**
   * "sha256:<hex>" of the statement's canonical JSON; the HTML report shows it in its header.
   */
  fingerprint: string;
  statement: CertificateStatement;
  /**
   * Each report file written beside the certificate, by file name, with its digest.
   */
  reports: {
    /**
     * The file's digest.
     */
    [k: string]: string;
  };
  signature?: CertificateSignature;
}
/**
 * What the certificate states about the run: everything the signature and the fingerprint cover, except the report files.
 */
export interface CertificateStatement {
  target: TargetDeclaration;
  /**
   * The protocol version the run judged against ("v1").
   */
  protocolVersion: string;
  paysock: PaysockBuild;
  spec: FileSetDigest;
  schemas: FileSetDigest;
  /**
   * The cases that ran: the digest of their ids, titles, levels and requirements, and how many.
   */
  cases: {
    /**
     * Digest of the case set.
     */
    digest: string;
    /**
     * How many cases ran.
     */
    count: number;
  };
  /**
   * When the run started, ISO 8601 (UTC).
   */
  startedAt: string;
  /**
   * When the run finished, ISO 8601 (UTC).
   */
  finishedAt: string;
  /**
   * The command line that ran it.
   */
  command: string;
  verdict: OverallVerdict;
  counts: VerdictCounts;
  /**
   * Each case's verdict, by case id.
   */
  caseVerdicts: {
    [k: string]: Verdict;
  };
}
/**
 * What the run was told about the backend (the target declaration it judged against), without any secret: authentication is named by its mode and the number of test terminals, a trusted CA by its digest.
 */
export interface TargetDeclaration {
  /**
   * WebSocket endpoint.
   */
  url: string;
  /**
   * Terminal dialect the runner spoke.
   */
  profile: string;
  /**
   * Query parameter of the terminal id (AUTH-6).
   */
  terminalIdParam: string;
  /**
   * The backend's timings the run used, ms, by name.
   */
  timings: {
    /**
     * One timing, ms.
     */
    [k: string]: number;
  };
  /**
   * Optional features, by name: declared or implied (true) or not.
   */
  features: {
    /**
     * Whether the feature is on.
     */
    [k: string]: boolean;
  };
  /**
   * How terminals identified themselves: none, or tokens and how many test terminals (never the tokens).
   */
  auth: DeclaredNoAuth | DeclaredTokenAuth;
  /**
   * What the runner trusted on wss://.
   */
  tls: {
    /**
     * Digest of the CA file trusted as well, when one was named.
     */
    ca?: string;
    /**
     * false: any certificate was accepted (tls.insecure).
     */
    rejectUnauthorized: boolean;
  };
  /**
   * Each terminal's daily limit the run budgeted against (FLOW-6).
   */
  dailyLimit: number;
  /**
   * Whether the target stated the limit itself (not the clarifications' default).
   */
  dailyLimitDeclared: boolean;
}
/**
 * Terminal ids from the URL (AUTH-6).
 */
export interface DeclaredNoAuth {
  /**
   * No authentication.
   */
  mode: 'none';
}
/**
 * Bearer tokens (AUTH-2).
 */
export interface DeclaredTokenAuth {
  /**
   * Bearer tokens.
   */
  mode: 'tokens';
  /**
   * The number of test terminals.
   */
  terminals: number;
}
/**
 * Which paysock made the certificate.
 */
export interface PaysockBuild {
  /**
   * Its version (package.json).
   */
  version: string;
  /**
   * The git commit, when known.
   */
  commit?: string;
  /**
   * The work tree had changes not in commit.
   */
  dirty?: boolean;
  /**
   * Where the commit came from: dist/build-info.json written at build time, or git asked at run time (a source checkout).
   */
  commitFrom: 'build' | 'git' | 'unknown';
}
/**
 * docs/protocol.md and docs/sources/: the spec the verdicts rest on.
 */
export interface FileSetDigest {
  /**
   * Digest of the canonical JSON of the path -> digest map.
   */
  digest: string;
  /**
   * Each file's digest, by path.
   */
  files: {
    /**
     * The file's digest.
     */
    [k: string]: string;
  };
}
/**
 * How many cases got each verdict.
 */
export interface VerdictCounts {
  /**
   * Cases that passed.
   */
  PASS: number;
  /**
   * Cases that failed a MUST a source states.
   */
  FAIL: number;
  /**
   * Cases that broke a SHOULD or a project reading.
   */
  WARN: number;
  /**
   * Cases skipped.
   */
  SKIP: number;
  /**
   * Cases for features the target did not declare.
   */
  NA: number;
  /**
   * Cases that could not decide.
   */
  ERROR: number;
}
/**
 * The Ed25519 signature over the certificate's canonical JSON (without the signature itself).
 */
export interface CertificateSignature {
  /**
   * Always Ed25519.
   */
  algorithm: 'Ed25519';
  /**
   * The signer's public key, PEM (SPKI): lets anyone check the signature; `paysock verify --key` also checks it is the key expected.
   */
  publicKey: string;
  /**
   * The key's fingerprint.
   */
  keyFingerprint: string;
  /**
   * The signature, base64.
   */
  value: string;
}
/**
 * What a backend under certification declares about itself (like OCPP's PICS): where it listens, how terminals authenticate, its timings and its optional features. `paysock certify --target target.json` reads it.
 */
export interface ConformanceTarget {
  /**
   * Editor hint, ignored.
   */
  $schema?: string;
  /**
   * WebSocket endpoint, ws:// or wss:// (TRN-1, TRN-5).
   */
  url: string;
  /**
   * Terminal dialect the runner speaks (section 10). Default strict; --profile overrides it.
   */
  profile?: 'strict' | 'pinto-android-1' | 'pinto-android-2';
  /**
   * Query parameter that carries the terminal id when authentication is off (AUTH-6). Default terminalId.
   */
  terminalIdParam?: string;
  /**
   * How terminals identify themselves (section 2).
   */
  auth?: {
    /**
     * none: terminal id from the URL (AUTH-6); tokens: Authorization: Bearer (AUTH-2).
     */
    mode: 'none' | 'tokens';
    /**
     * Bearer tokens of two distinct terminals, for the isolation cases (AUTH-5). They join the pool.
     */
    tokens?: {
      /**
       * Bearer token of terminal A.
       */
      A: string;
      /**
       * Bearer token of terminal B, a different terminal.
       */
      B: string;
    };
    /**
     * Bearer tokens of distinct test terminals (AUTH-2), with tokens A and B if given. The runner gives each case terminals no earlier case used while the pool lasts, and runs as many cases at once as the pool allows (two terminals a case); too few, and a case that finds a reused terminal's state is an ERROR. `paysock certify --tokens-file` fills it.
     *
     * @minItems 1
     *
     * Items: Bearer token of one test terminal: 1 to 4096 visible ASCII characters.
     */
    pool?: string[];
  };
  /**
   * Each terminal's daily limit in amount units (FLOW-6; the clarifications' default is 300 per terminal per UTC day). The runner budgets every token's limit with it: with test control it resets what is left (limit-remaining) before a case that pays; without, it spreads the paying cases over the pool so that no token needs more than this, and says before the run when the pool is too small. Default 300.
   */
  dailyLimit?: number;
  /**
   * What a protocol v2 backend (profile pinto-android-2, docs/protocol-v2.md) declares: the payment providers its kiosks are configured with, its daily limit per card, the test kiosks and card tokens the suite may use, and its books endpoint if it has one of the reference server's shape. Read only with profile pinto-android-2.
   */
  v2?: {
    /**
     * Payment providers the backend configures its kiosks with (DEVICE_INFO paymentProvider, V2-FLOW-7); the suite plays the kiosk with each. Default all three. With test control the suite asks for each with the scenario provider:<name>; without it, the backend's own configuration decides and cases of the other providers are N/A.
     *
     * @minItems 1
     *
     * Items: A provider.
     */
    providers?: ('integra' | 'nnsmart' | 'mock')[];
    /**
     * The per-card daily limit in whole units (V2-M-1, V2-OPEN-1). Default 300.
     */
    dailyLimitPerCard?: number;
    /**
     * Test kiosks, as the terminal ids the suite puts in ?terminalId= (test rigs; a d540407 kiosk sends none, V2-OPEN-7). Without them every kiosk of the run gets a fresh id of its own; the cases on two kiosks need two.
     *
     * @minItems 1
     *
     * Items: One test kiosk's terminal id.
     */
    kiosks?: string[];
    /**
     * Card tokens the suite may present (CARD_CHECK_RESULT cardToken). Without them the suite makes fresh tokens of its own for every run (a backend that takes any token as a card). With them it budgets each card's daily limit: cases release what they reserve where the protocol lets them (a declined sale, a reversal) and a case that must leave spend on a card gets one with enough left.
     *
     * @minItems 1
     *
     * Items: One card token (a PAR).
     */
    cardTokens?: string[];
    /**
     * A books endpoint of the reference server's shape (docs/reference-server-v2.md): GET <url>/v2/cards/<token>, /v2/sales, /v2/reversals. The money cases read what each card has counted through it as well as through later card checks. The cases of the backend's own messages (v2-money/11, v2-money/12/1) also POST <url>/v2/kiosks/<terminal id>/{reversal-request,restart} for the suite's own test kiosks only: 202 sent, 409 refused (a legal answer), 404 or 405 makes those cases N/A.
     */
    books?: {
      /**
       * http:// or https:// base URL of the endpoint.
       */
      url: string;
      /**
       * Bearer token of the endpoint (--books-token).
       */
      token?: string;
    };
    /**
     * The backend's pace between its screens after a sale (V2-OPEN-12); the waits derive from it. Default 1500.
     */
    stepDelayMs?: number;
    /**
     * Runs the virtual kiosk's and its card terminal's timers this many times faster (1 = as d540407). For embedded runs whose server runs on the same scaled clock; never for a remote backend.
     */
    kioskTimeScale?: number;
  };
  /**
   * How the runner trusts a wss:// endpoint's certificate (TRN-5). Default: the system's CAs.
   */
  tls?: {
    /**
     * PEM file of a CA or self-signed certificate to trust as well; relative to the target file.
     */
    caFile?: string;
    /**
     * Accept any certificate (tls.rejectUnauthorized false). For test rigs only.
     */
    insecure?: boolean;
  };
  /**
   * The backend's configured timings in ms; the runner's waits derive from them plus a margin (FLOW-10, FLOW-11, FLOW-15, FLOW-20).
   */
  timings?: {
    /**
     * Idle timeout on KEYPAD, PAYMENT_METHOD, FAILED and LIMIT_ERROR (FLOW-15).
     */
    idleTimeoutMs?: number;
    /**
     * Delay of each server-driven step after SUCCESS (FLOW-11).
     */
    stepDelayMs?: number;
    /**
     * How long the processor takes to answer.
     */
    processingMs?: number;
    /**
     * Processor timeout that leads to FAILED PAYMENT_TIMEOUT (FLOW-10).
     */
    processorTimeoutMs?: number;
    /**
     * How long DEVICE_ERROR after a printer fault lasts before AMOUNT_SELECT (FLOW-20).
     */
    deviceErrorMs?: number;
    /**
     * Interval of the server's own WebSocket pings (TRN-8). Undeclared: the TRN-8 cases are N/A.
     */
    pingIntervalMs?: number;
  };
  /**
   * Optional features the backend declares. Cases for an undeclared feature are N/A.
   */
  features?: {
    /**
     * AMOUNT_SELECT offers OTHER and the KEYPAD screen (ACT-2, FLOW-3).
     */
    otherKeypad?: boolean;
    /**
     * PAYMENT_METHOD offers PAY_BY_BANK (SCR-3).
     */
    payByBank?: boolean;
    /**
     * X-Test-Scenario is honoured (section 14).
     */
    testControl?: boolean;
    /**
     * Bearer-token authentication is on (AUTH-2, AUTH-4).
     */
    auth?: boolean;
    /**
     * The endpoint is wss:// (TRN-5).
     */
    tls?: boolean;
  };
}
/**
 * load-summary.json: one shape written by both the Node driver (`paysock load --out`) and the k6 scripts' handleSummary, read by `paysock load compare` (and its trend page), the HTML report and CI. Units: latencies in milliseconds, durations in seconds, rates per second. Objects are open: a newer paysock may add optional fields under the same `schema` value. docs/load-testing.md documents every field.
 */
export interface LoadSummary {
  /**
   * Format of the file (load/summary.ts loadSummarySchema); bumped only on an incompatible change.
   */
  schema: 'paysock-load-summary/1';
  /**
   * Which driver produced it.
   */
  tool: 'paysock' | 'k6';
  /**
   * That driver's version.
   */
  toolVersion: string;
  /**
   * WebSocket URL under load (empty when a k6 run did not say).
   */
  target: string;
  /**
   * Workload: journey spec (Node) or WORKLOAD name (k6).
   */
  workload: string;
  /**
   * Start time, ISO 8601 (UTC).
   */
  startedAt: string;
  /**
   * Measured length of the run, s.
   */
  durationSeconds: number;
  /**
   * Terminals of the run.
   */
  terminals: {
    /**
     * Terminals asked for.
     */
    target: number;
    /**
     * Most terminals connected at once.
     */
    peakActive: number;
  };
  /**
   * Journey cycles of the run.
   */
  transactions: {
    /**
     * Journey cycles that reached their journey's goal.
     */
    completed: number;
    /**
     * Journey cycles that did not (see failedByReason).
     */
    failed: number;
    /**
     * completed / durationSeconds.
     */
    perSecond: number;
    /**
     * failed / (completed + failed); 0 when there were none.
     */
    errorRate: number;
    failedByReason: CountsByKind;
  };
  /**
   * Action -> next screen latency, ms: over all transitions, and per "FROM>TO" key.
   */
  latency: {
    overall: LatencyStats;
    /**
     * Per transition, by "FROM>TO".
     */
    transitions: {
      [k: string]: LatencyStats;
    };
  };
  errors: CountsByKind;
  /**
   * Frames of the backend that broke the protocol.
   */
  protocolViolations: {
    /**
     * How many, in all.
     */
    total: number;
    byKind: CountsByKind;
    /**
     * Up to 20 example details, to start debugging from.
     *
     * Items: One example.
     */
    samples: string[];
  };
  /**
   * Money the backend got wrong under load (pinto-android-2 runs, docs/load-testing.md "v2"): a card approved over its daily limit, a card charged twice for one check, a card check answered twice, a sale left without an outcome; with --books, what only the backend's books show (an APPROVED with no sale, a card check booked twice, a card total that is not its counting sales). Any one fails the run.
   */
  moneyViolations?: {
    /**
     * How many, in all.
     */
    total: number;
    byKind: CountsByKind;
    /**
     * Up to 20 example details, to start debugging from.
     *
     * Items: One example.
     */
    samples: string[];
  };
  /**
   * The card tokens a pinto-android-2 run shared between its kiosks, and what the backend decided on their card checks.
   */
  cards?: {
    /**
     * Distinct card tokens of the run.
     */
    distinct: number;
    /**
     * The per-card daily limit the driver held the backend to (whole units).
     */
    dailyLimit: number;
    /**
     * CARD_CHECK_RESULT frames the kiosks sent.
     */
    checks: number;
    /**
     * Checks answered APPROVED.
     */
    approved: number;
    /**
     * Checks answered with anything else (the card's limit reached).
     */
    rejected: number;
    /**
     * Sum of the approved amounts.
     */
    approvedAmount: number;
    kiosksByProvider?: CountsByKind;
    kiosksByJourney?: CountsByKind;
  };
  /**
   * Reconnects on which the server resumed the open transaction (RES-3).
   */
  resumptions: number;
  transactionTime?: LatencyStats;
  /**
   * Per journey (optional).
   */
  journeys?: {
    [k: string]: JourneySummary;
  };
  /**
   * Distribution of action -> screen latency in 1-2-5 ms buckets (Node driver only: k6 summaries carry no histogram).
   */
  latencyHistogram?: LatencyBucket[];
  /**
   * Connects the load generator's own machine refused (file descriptors, local ports, memory), by limit, with what to do about it. Not backend errors: they are not in errors. Absent when there were none.
   */
  localLimits?: {
    [k: string]: LocalLimitHits;
  };
  /**
   * Each --threshold (or k6 threshold) and whether the run met it.
   */
  thresholds: ThresholdResult[];
  /**
   * One point a second (Node driver; k6 leaves it empty).
   */
  timeSeries: TimeSeriesPoint[];
  outcome?: LoadOutcome;
}
/**
 * Failed cycles by reason.
 */
export interface CountsByKind {
  /**
   * How many of that kind.
   */
  [k: string]: number;
}
/**
 * Over all transitions.
 */
export interface LatencyStats {
  /**
   * Samples.
   */
  count: number;
  /**
   * Median, ms.
   */
  p50: number;
  /**
   * 90th percentile, ms.
   */
  p90: number;
  /**
   * 95th percentile, ms.
   */
  p95: number;
  /**
   * 99th percentile, ms.
   */
  p99: number;
  /**
   * Largest, ms.
   */
  max: number;
}
/**
 * The transactions of one journey (preset, keypad, ...).
 */
export interface JourneySummary {
  /**
   * Its cycles that reached the goal.
   */
  completed: number;
  /**
   * Its cycles that did not.
   */
  failed: number;
  transactionTime: LatencyStats;
}
/**
 * One bar of the latency distribution: samples above the previous bar's upToMs and up to this one.
 */
export interface LatencyBucket {
  /**
   * Upper bound of the bar, ms.
   */
  upToMs: number;
  /**
   * Samples in the bar.
   */
  count: number;
}
/**
 * One limit of this machine.
 */
export interface LocalLimitHits {
  /**
   * Connects it refused.
   */
  count: number;
  /**
   * What to do about it.
   */
  advice: string;
}
/**
 * One threshold.
 */
export interface ThresholdResult {
  /**
   * As the user wrote it, e.g. "p99<100".
   */
  expression: string;
  /**
   * The measured value it was judged on; null when nothing was measured.
   */
  actual: number | null;
  /**
   * Whether the run met it.
   */
  pass: boolean;
}
/**
 * One second of the run.
 */
export interface TimeSeriesPoint {
  /**
   * Seconds since the start of the run.
   */
  second: number;
  /**
   * Terminals connected.
   */
  activeTerminals: number;
  /**
   * Transactions completed in that second.
   */
  transactionsPerSecond: number;
  /**
   * p99 action->screen latency of that second, ms (0 when nothing was measured).
   */
  p99Ms: number;
  /**
   * Errors (any kind) in that second.
   */
  errors: number;
  /**
   * p50 of that second, ms (summaries before paysock 0.2 lack it).
   */
  p50Ms?: number;
  /**
   * p95 of that second, ms (summaries before paysock 0.2 lack it).
   */
  p95Ms?: number;
  failedByReason?: CountsByKind;
}
/**
 * Whether the run measured anything (Node driver; absent from k6 summaries and from summaries of earlier versions).
 */
export interface LoadOutcome {
  kind: LoadOutcomeKind;
  /**
   * One line, for the two nothing-ran kinds: what was seen instead (e.g. "connect-failed=15").
   */
  reason?: string;
}
/**
 * Configuration file of `paysock serve --config <file>`: business and timing settings of the reference backend. Every key is optional; flags given on the command line win over the file.
 */
export interface ReferenceServerConfigFile {
  /**
   * Preset amounts offered on AMOUNT_SELECT, whole currency units (SCR-1).
   *
   * @minItems 1
   * @maxItems 12
   *
   * Items: One preset amount (ENV-11).
   */
  amounts?: number[];
  /**
   * Currency display string such as "£" (ENV-12).
   */
  currency?: string;
  /**
   * Whether AMOUNT_SELECT offers "Other" (SCR-1).
   */
  showOtherOption?: boolean;
  /**
   * Keypad bounds (SCR-2).
   */
  keypad?: {
    /**
     * Smallest keypad amount (SCR-2).
     */
    minAmount?: number;
    /**
     * Largest keypad amount (SCR-2).
     */
    maxAmount?: number;
  };
  /**
   * Payment methods offered on PAYMENT_METHOD (SCR-3).
   *
   * @minItems 1
   *
   * Items: One payment method (SCR-3).
   */
  methods?: ('DEBIT_CARD' | 'PAY_BY_BANK')[];
  /**
   * Whether PAYMENT_METHOD allows cancel (SCR-3).
   */
  allowCancel?: boolean;
  /**
   * Whether SUCCESS goes on to print a ticket (SCR-5, FLOW-19).
   */
  showReceipt?: boolean;
  /**
   * Per-terminal daily limit in whole units per UTC day (FLOW-6).
   */
  dailyLimit?: number;
  /**
   * Idle timeout on KEYPAD, PAYMENT_METHOD, FAILED and LIMIT_ERROR, ms (FLOW-15).
   */
  idleTimeoutMs?: number;
  /**
   * Delay of each server-driven step after SUCCESS, ms (FLOW-11).
   */
  stepDelayMs?: number;
  /**
   * How long the simulated processor takes to approve or decline, ms.
   */
  processingMs?: number;
  /**
   * How long the server waits for the processor before FAILED PAYMENT_TIMEOUT, ms (FLOW-10).
   */
  processorTimeoutMs?: number;
  /**
   * How long DEVICE_ERROR after a printer fault lasts before AMOUNT_SELECT, ms (FLOW-20).
   */
  deviceErrorMs?: number;
  /**
   * Interval of the server's WebSocket pings, ms (TRN-8).
   */
  pingIntervalMs?: number;
  /**
   * ERR-7: messages past this many within one second on one connection are answered RATE_LIMITED and dropped; 0 turns the limit off (saturating benchmarks, never a kiosk).
   */
  maxMessagesPerSecond?: number;
}
/**
 * results.json: everything a conformance run produced, written by `paysock certify` (--formats json) and read by `paysock report` and `paysock report --matrix`. Objects are open: a newer paysock may add optional fields within the same format, and an older one still reads the file. Changing a required field means a new `format`.
 */
export interface RunResults {
  /**
   * Format version of the file (conformance/results.ts RESULTS_FORMAT_VERSION); readers refuse any other.
   */
  format: 1;
  /**
   * The paysock that ran.
   */
  suite: {
    /**
     * Always paysock.
     */
    name: 'paysock';
    /**
     * paysock's version (package.json).
     */
    version: string;
    /**
     * The spec the verdicts were judged against, e.g. "v1 (docs/protocol.md)". `report --matrix` refuses to mix them.
     */
    specVersion: string;
  };
  /**
   * The backend under test.
   */
  target: {
    /**
     * WebSocket endpoint the run connected to.
     */
    url: string;
    /**
     * Terminal dialect the runner spoke (section 10; pinto-android-2 is protocol v2).
     */
    profile: 'strict' | 'pinto-android-1' | 'pinto-android-2';
    /**
     * Optional features: declared by the target, and whether the run verified them.
     */
    features: TargetFeatureCheck[];
  };
  /**
   * When the run started, ISO 8601 (UTC).
   */
  startedAt: string;
  /**
   * When the run finished, ISO 8601 (UTC).
   */
  finishedAt: string;
  /**
   * The command line that ran it.
   */
  command: string;
  verdict: OverallVerdict;
  /**
   * With COULD_NOT_RUN: why, one line (e.g. "cannot connect to ws://127.0.0.1:1/: ECONNREFUSED").
   */
  reason?: string;
  counts: VerdictCounts;
  /**
   * Every case that ran, in run order.
   */
  cases: CaseResult[];
  /**
   * Every requirement of docs/protocol.md and its coverage by the run.
   */
  requirements: RequirementCoverage[];
  /**
   * Screen-graph coverage: every legal transition and how often the run saw it.
   */
  graph: GraphEdgeCoverage[];
  network?: NetworkAllowance;
  terminals?: TerminalPoolUsage;
  certificate?: CertificateSeal;
}
/**
 * One optional feature.
 */
export interface TargetFeatureCheck {
  /**
   * The feature as reports name it (e.g. PAY_BY_BANK, auth, TLS).
   */
  name: string;
  /**
   * Whether the target declared it.
   */
  declared: boolean;
  /**
   * What the run found: verified, failed, skipped (not checked), or not-declared.
   */
  verified: 'verified' | 'failed' | 'skipped' | 'not-declared';
}
/**
 * One case.
 */
export interface CaseResult {
  /**
   * Case id.
   */
  id: string;
  /**
   * What the case checks.
   */
  title: string;
  /**
   * Section of docs/protocol.md it belongs to.
   */
  section: string;
  /**
   * MUST cases can FAIL; SHOULD cases at most WARN.
   */
  level: 'MUST' | 'SHOULD';
  /**
   * Requirement ids the case checks.
   *
   * Items: A requirement id.
   */
  requirements: string[];
  verdict: Verdict;
  /**
   * One line: why FAIL/SKIP/NA/ERROR/WARN.
   */
  reason?: string;
  grounds?: Grounds;
  /**
   * The checks, in order.
   */
  steps: StepResult[];
  /**
   * Schema and semantic problems in the backend's frames.
   */
  schemaErrors: SchemaError[];
  /**
   * Screen transitions observed, "FROM>TO" (see protocol/screen-graph.ts).
   *
   * Items: One transition.
   */
  transitions: string[];
  /**
   * Transitions the graph does not allow (each also fails the case).
   *
   * Items: One transition.
   */
  illegalTransitions: string[];
  /**
   * The case's wire log.
   */
  wire: WireEvent[];
  /**
   * How long the case took, ms.
   */
  durationMs: number;
  /**
   * The largest round trip measured on the case's connections (from their handshakes), by which its answer windows were widened, ms.
   */
  roundTripMs?: number;
  /**
   * Command that replays just this case.
   */
  replay: string;
}
/**
 * One broken requirement.
 */
export interface Ground {
  /**
   * Requirement id, e.g. FLOW-1.
   */
  requirement: string;
  level: RequirementLevel;
  /**
   * Where it comes from (document, clarification, client-dialect, rfc6455, project).
   */
  source: string;
  /**
   * The source sentences that state it (none for a project decision).
   */
  citations: Citation[];
}
/**
 * One quoted sentence.
 */
export interface Citation {
  /**
   * The words of the source, verbatim (whitespace aside).
   */
  quote: string;
  /**
   * File and place, e.g. "clarifications.md, The flow, 8" or "RFC 6455, 8.1".
   */
  where: string;
}
/**
 * One check.
 */
export interface StepResult {
  /**
   * What the step checks.
   */
  title: string;
  /**
   * How the check came out.
   */
  verdict: 'PASS' | 'FAIL' | 'WARN';
  /**
   * What the sources allow.
   */
  expected: string;
  /**
   * What the backend did.
   */
  actual: string;
  /**
   * Requirement ids the step checks.
   *
   * Items: A requirement id.
   */
  requirements: string[];
  /**
   * Wire log index the step was decided on, if any.
   */
  event?: number;
  grounds?: Grounds;
}
/**
 * One problem.
 */
export interface SchemaError {
  /**
   * Index into the case's wire log.
   */
  event: number;
  /**
   * JSON path of the problem inside the frame.
   */
  path: string;
  /**
   * What is wrong.
   */
  message: string;
  /**
   * The requirement it breaks.
   */
  requirement: string;
}
/**
 * One frame or event.
 */
export interface WireEvent {
  /**
   * ms since the Unix epoch on the runner's clock.
   */
  at: number;
  /**
   * Which connection of the case (cases may open several, e.g. "A", "B", "A#2").
   */
  connection: string;
  /**
   * Sent by the runner, received from the backend, or an event of the connection.
   */
  direction: 'sent' | 'received' | 'event';
  /**
   * Text frame, binary frame, or an open/close/error/ping/pong/http event.
   */
  kind: 'text' | 'binary' | 'open' | 'close' | 'error' | 'ping' | 'pong' | 'http';
  /**
   * Frame text (truncated to 4 KiB with a marker), or event detail (close code and reason, HTTP status).
   */
  data: string;
  /**
   * Size in bytes of the full frame.
   */
  bytes?: number;
}
/**
 * One requirement.
 */
export interface RequirementCoverage {
  /**
   * Requirement id.
   */
  id: string;
  level: RequirementLevel;
  /**
   * Where it comes from (docs/protocol.md's source table).
   */
  source: string;
  /**
   * The requirement as docs/protocol.md words it.
   */
  text: string;
  /**
   * Section heading it stands under.
   */
  section: string;
  /**
   * Case ids that check it.
   *
   * Items: A case id.
   */
  cases: string[];
  verdict?: Verdict;
  /**
   * Why it is not testable from outside, when no case checks it.
   */
  untestable?: string;
}
/**
 * One legal transition of the screen graph.
 */
export interface GraphEdgeCoverage {
  /**
   * Screen before.
   */
  from: string;
  /**
   * Screen after.
   */
  to: string;
  /**
   * How often the run saw it.
   */
  seen: number;
}
/**
 * The network allowance: the round trips measured from the handshakes, by which every answer window was widened.
 */
export interface NetworkAllowance {
  /**
   * Median round trip over the cases, ms.
   */
  medianRoundTripMs: number;
  /**
   * Largest round trip, ms.
   */
  maxRoundTripMs: number;
}
/**
 * With authentication on (AUTH-2): the pool of terminal tokens and how the run used it. Absent without authentication.
 */
export interface TerminalPoolUsage {
  /**
   * Tokens of distinct terminals the target declared.
   */
  tokens: number;
  /**
   * Cases run at once (at most the pool over two terminals a case).
   */
  concurrency: number;
  /**
   * Tokens some case used.
   */
  used: number;
  /**
   * Each time a case got a terminal an earlier case had used (settled back to AMOUNT_SELECT "initial" in between).
   */
  reused: TerminalReuse[];
  /**
   * The wall time the runner expected for this pool, in ms (printed at the start).
   */
  expectedMs?: number;
  /**
   * Terminals the runner could not settle on AMOUNT_SELECT "initial", each reported once.
   */
  unsettled?: UnsettledTerminal[];
  /**
   * Broken first screens met while settling (the backend's fault: the requirement, what was wrong, the frame).
   */
  firstScreens?: BrokenFirstScreen[];
  /**
   * The run stopped early: these cases found the first screen broken, the others did not run.
   *
   * Items: A case id.
   */
  stoppedEarly?: string[];
  /**
   * Tokens kept back from settling for the first-contact cases.
   */
  keptBack?: number;
}
/**
 * One reuse.
 */
export interface TerminalReuse {
  /**
   * The case that got the terminal.
   */
  case: string;
  /**
   * Which terminal (never its token).
   */
  identity: string;
  /**
   * The earlier case that had used it.
   */
  from: string;
}
/**
 * One terminal that would not settle.
 */
export interface UnsettledTerminal {
  /**
   * Its place in auth.pool.
   */
  token: number;
  /**
   * What it showed.
   */
  shows: string;
  /**
   * When it was found so.
   */
  when: string;
}
/**
 * One broken first screen.
 */
export interface BrokenFirstScreen {
  /**
   * Its terminal's place in auth.pool.
   */
  token: number;
  /**
   * The requirement, what was wrong, the frame.
   */
  problem: string;
}
/**
 * The run's certificate (certificate.json beside the reports, `paysock certify`): absent in reports made without one.
 */
export interface CertificateSeal {
  /**
   * "sha256:<hex>" of the certificate's statement (conformance/certificate/certificate.ts).
   */
  fingerprint: string;
  /**
   * Whether the certificate is signed.
   */
  signed: boolean;
  /**
   * The signing key's fingerprint, when signed.
   */
  keyFingerprint?: string;
}
