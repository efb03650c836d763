/**
 * The load summary: ONE JSON shape written by both the Node driver
 * (`paysock load --out`) and the k6 scripts' handleSummary, read by
 * `paysock load compare`, the HTML report and CI. docs/load-testing.md
 * documents every field. Runtime-neutral (k6 imports it).
 *
 * Units: latencies in milliseconds, durations in seconds, rates per second.
 */

/** The `schema` value; bumped only on an incompatible change. */
export const loadSummarySchema = 'paysock-load-summary/1';

/** Latency distribution of one transition (or of all of them), ms. */
export interface LatencyStats {
  count: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
}

/** One second of the run (Node driver; k6 leaves the series empty, see docs). */
export interface TimeSeriesPoint {
  /** Seconds since the start of the run. */
  second: number;
  activeTerminals: number;
  /** Transactions completed in that second. */
  transactionsPerSecond: number;
  /** p99 action->screen latency of that second, ms (0 when nothing was measured). */
  p99Ms: number;
  /** Errors (any kind) in that second. */
  errors: number;
  /** p50 and p95 of that second, ms (summaries before paysock 0.2 lack them). */
  p50Ms?: number;
  p95Ms?: number;
  /** Transactions failed in that second, by reason (absent: none, or an older summary). */
  failedByReason?: Record<string, number>;
}

/** One bar of the latency distribution: samples above the previous bar's `upToMs` and up to this one. */
export interface LatencyBucket {
  upToMs: number;
  count: number;
}

/** The transactions of one journey (`preset`, `keypad`, ...). */
export interface JourneySummary {
  completed: number;
  failed: number;
  /** First action to the result screen (SUCCESS, FAILED, LIMIT_ERROR; AMOUNT_SELECT after a cancel), ms. */
  transactionTime: LatencyStats;
}

/** One `--threshold` (or k6 threshold) and whether the run met it. */
export interface ThresholdResult {
  /** As the user wrote it, e.g. "p99<100". */
  expression: string;
  /** The measured value it was judged on; null when nothing was measured. */
  actual: number | null;
  pass: boolean;
}

/**
 * Whether the run measured anything. `no-terminal-connected`: no upgrade ever
 * succeeded (a dead backend); `no-transaction-completed`: terminals connected
 * but a workload that pays completed no transaction. Either way the latency
 * and rate numbers describe nothing, so no threshold can pass the run.
 */
export type LoadOutcomeKind = 'measured' | 'no-terminal-connected' | 'no-transaction-completed';

export interface LoadOutcome {
  kind: LoadOutcomeKind;
  /** One line, for the two nothing-ran kinds: what was seen instead (e.g. "connect-failed=15"). */
  reason?: string;
}

export interface LoadSummary {
  schema: typeof loadSummarySchema;
  /** Which driver produced it. */
  tool: 'paysock' | 'k6';
  toolVersion: string;
  /** WebSocket URL under load. */
  target: string;
  /** Workload: journey spec (Node) or WORKLOAD name (k6). */
  workload: string;
  /** ISO 8601 start time. */
  startedAt: string;
  /** Measured length of the run, s. */
  durationSeconds: number;
  terminals: {
    /** Terminals asked for. */
    target: number;
    /** Most terminals connected at once. */
    peakActive: number;
  };
  transactions: {
    /** Journey cycles that reached their journey's goal. */
    completed: number;
    /** Journey cycles that did not (see failedByReason). */
    failed: number;
    /** completed / durationSeconds. */
    perSecond: number;
    /** failed / (completed + failed); 0 when there were none. */
    errorRate: number;
    failedByReason: Record<string, number>;
  };
  /** Action -> next screen latency, ms: over all transitions, and per "FROM>TO" key. */
  latency: {
    overall: LatencyStats;
    transitions: Record<string, LatencyStats>;
  };
  /** Errors by kind (answer-timeout, stalled, connection-lost, connect-failed, http-<status>, server-error:<code>, ...). */
  errors: Record<string, number>;
  protocolViolations: {
    total: number;
    byKind: Record<string, number>;
    /** Up to 20 example details, to start debugging from. */
    samples: string[];
  };
  /** Reconnects on which the server resumed the open transaction (RES-3). */
  resumptions: number;
  /** End-to-end transaction time over all journeys: first action to the result screen, ms (optional: older summaries lack it). */
  transactionTime?: LatencyStats;
  /** Per journey (optional). */
  journeys?: Record<string, JourneySummary>;
  /** Distribution of action -> screen latency in 1-2-5 ms buckets (Node driver only: k6 summaries carry no histogram). */
  latencyHistogram?: LatencyBucket[];
  /**
   * Connects the load generator's own machine refused (file descriptors, local ports, memory), by limit,
   * with what to do about it. Not backend errors: they are not in `errors`. Absent when there were none.
   */
  localLimits?: Record<string, { count: number; advice: string }>;
  thresholds: ThresholdResult[];
  timeSeries: TimeSeriesPoint[];
  /** Whether the run measured anything (Node driver; absent from k6 summaries and from summaries of earlier versions). */
  outcome?: LoadOutcome;
}

/** An empty LatencyStats (nothing measured). */
export function emptyLatency(): LatencyStats {
  return { count: 0, p50: 0, p90: 0, p95: 0, p99: 0, max: 0 };
}

/** failed / (completed + failed), 0 when nothing finished. */
export function errorRate(completed: number, failed: number): number {
  const total = completed + failed;
  return total === 0 ? 0 : failed / total;
}

/**
 * Structural check of a parsed summary file (for `compare`): returns the
 * problems, empty when it is usable.
 */
export function checkLoadSummary(value: unknown): string[] {
  if (value === null || typeof value !== 'object') return ['is not a JSON object'];
  const s = value as Partial<LoadSummary>;
  const problems: string[] = [];
  if (s.schema !== loadSummarySchema) problems.push(`schema is ${JSON.stringify(s.schema)}, expected "${loadSummarySchema}"`);
  if (typeof s.startedAt !== 'string') problems.push('startedAt is missing');
  if (typeof s.durationSeconds !== 'number') problems.push('durationSeconds is missing');
  if (!s.transactions || typeof s.transactions.perSecond !== 'number' || typeof s.transactions.errorRate !== 'number') problems.push('transactions.perSecond/errorRate are missing');
  if (!s.latency?.overall || typeof s.latency.overall.p99 !== 'number') problems.push('latency.overall.p99 is missing');
  if (!Array.isArray(s.thresholds)) problems.push('thresholds is missing');
  if (!Array.isArray(s.timeSeries)) problems.push('timeSeries is missing');
  return problems;
}
