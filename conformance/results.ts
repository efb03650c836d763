/**
 * The shape of a conformance run's results: what the runner produces, what
 * `--formats json` writes, and what every report renderer (HTML, JUnit) and
 * `paysock report results.json` reads. Changing it means changing
 * RESULTS_FORMAT_VERSION.
 */

import type { Ground } from './grounds.js';

export const RESULTS_FORMAT_VERSION = 1;

/** A case's verdict (h2spec-like, plus N/A for features the target did not declare). */
export type Verdict = 'PASS' | 'FAIL' | 'WARN' | 'SKIP' | 'NA' | 'ERROR';
/**
 * The run's overall verdict. COULD_NOT_RUN: the suite did not start because
 * the backend could not be reached (TCP, TLS, the upgrade); `reason` says why.
 */
export type OverallVerdict = 'CONFORMANT' | 'NOT_CONFORMANT' | 'INCOMPLETE' | 'COULD_NOT_RUN';

/** One frame or event on the wire, as the runner saw it. */
export interface WireEvent {
  /** ms since the Unix epoch on the runner's clock. */
  at: number;
  /** Which connection of the case (cases may open several, e.g. "A", "B", "A#2"). */
  connection: string;
  direction: 'sent' | 'received' | 'event';
  /** text frame, binary frame, open/close/error/pong events. */
  kind: 'text' | 'binary' | 'open' | 'close' | 'error' | 'ping' | 'pong' | 'http';
  /** Frame text (truncated to 4 KiB with a marker), or event detail (close code and reason, HTTP status). */
  data: string;
  /** Size in bytes of the full frame. */
  bytes?: number;
}

/** A schema or semantic problem found in a server frame. */
export interface SchemaError {
  /** Index into the case's wire log. */
  event: number;
  path: string;
  message: string;
  requirement: string;
}

/** One check within a case: what was expected and what happened. */
export interface StepResult {
  title: string;
  verdict: 'PASS' | 'FAIL' | 'WARN';
  expected: string;
  actual: string;
  requirements: string[];
  /** Wire log index the step was decided on, if any. */
  event?: number;
  /** On a failed step: the requirements it broke, with the source sentences that state them, quoted. */
  grounds?: Ground[];
}

/** The result of one case. */
export interface CaseResult {
  id: string;
  title: string;
  section: string;
  level: 'MUST' | 'SHOULD';
  requirements: string[];
  verdict: Verdict;
  /** One line: why FAIL/SKIP/NA/ERROR/WARN. */
  reason?: string;
  /** On a FAIL or WARN: the requirements the deciding check broke, with the source sentences that state them, quoted. */
  grounds?: Ground[];
  steps: StepResult[];
  schemaErrors: SchemaError[];
  /** Screen transitions observed, "FROM>TO" (see protocol/screen-graph.ts). */
  transitions: string[];
  /** Transitions the graph does not allow (each also fails the case). */
  illegalTransitions: string[];
  wire: WireEvent[];
  durationMs: number;
  /** The largest round trip measured on the case's connections (from their handshakes), by which its answer windows were widened, ms. */
  roundTripMs?: number;
  /** Command that replays just this case. */
  replay: string;
}

/** A requirement's coverage by the run. */
export interface RequirementCoverage {
  id: string;
  level: 'MUST' | 'SHOULD' | 'MAY';
  source: string;
  text: string;
  section: string;
  /** Case ids that check it. */
  cases: string[];
  /** Worst verdict among those cases, or undefined when untested. */
  verdict?: Verdict;
  /** Why it is not testable from outside, when no case checks it. */
  untestable?: string;
}

/** Everything a conformance run produced. */
export interface RunResults {
  format: typeof RESULTS_FORMAT_VERSION;
  suite: { name: 'paysock'; version: string; specVersion: string };
  target: {
    url: string;
    profile: 'strict' | 'pinto-android-1';
    /** Optional features: declared by the target, and whether the run verified them. */
    features: Array<{ name: string; declared: boolean; verified: 'verified' | 'failed' | 'skipped' | 'not-declared' }>;
  };
  startedAt: string;
  finishedAt: string;
  command: string;
  verdict: OverallVerdict;
  /** With COULD_NOT_RUN: why, one line (e.g. "cannot connect to ws://127.0.0.1:1/: ECONNREFUSED"). */
  reason?: string;
  counts: Record<Verdict, number>;
  cases: CaseResult[];
  requirements: RequirementCoverage[];
  /** Screen-graph coverage: every legal transition and how often the run saw it. */
  graph: Array<{ from: string; to: string; seen: number }>;
  /** The network allowance: the round trips measured from the handshakes, by which every answer window was widened. */
  network?: { medianRoundTripMs: number; maxRoundTripMs: number };
  /** With authentication on (AUTH-2): the pool of terminal tokens and how the run used it. Absent without authentication. */
  terminals?: TerminalPoolUsage;
  /** The run's certificate (certificate.json beside the reports, `paysock certify`): absent in reports made without one. */
  certificate?: CertificateSeal;
}

/** What the reports show of the run's certificate: its fingerprint and whether, and with which key, it is signed. */
export interface CertificateSeal {
  /** "sha256:<hex>" of the certificate's statement (conformance/certificate/certificate.ts). */
  fingerprint: string;
  signed: boolean;
  /** The signing key's fingerprint, when signed. */
  keyFingerprint?: string;
}

/** How a run with authentication leased its terminals (never the tokens themselves). */
export interface TerminalPoolUsage {
  /** Tokens of distinct terminals the target declared. */
  tokens: number;
  /** Cases run at once (at most the pool over two terminals a case). */
  concurrency: number;
  /** Tokens some case used. */
  used: number;
  /** Each time a case got a terminal an earlier case had used (settled back to AMOUNT_SELECT "initial" in between). */
  reused: Array<{ case: string; identity: string; from: string }>;
  /** The wall time the runner expected for this pool, in ms (printed at the start). */
  expectedMs?: number;
  /** Terminals the runner could not settle on AMOUNT_SELECT "initial", each reported once: its place in auth.pool, what it showed, when. */
  unsettled?: Array<{ token: number; shows: string; when: string }>;
  /** Broken first screens met while settling (the backend's fault: the requirement, what was wrong, the frame). */
  firstScreens?: Array<{ token: number; problem: string }>;
  /** The run stopped early: these cases found the first screen broken, the others did not run. */
  stoppedEarly?: string[];
  /** Tokens kept back from settling for the first-contact cases. */
  keptBack?: number;
}
