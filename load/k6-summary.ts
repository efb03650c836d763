import { errorRate, loadSummarySchema, type LatencyStats, type LoadSummary, type ThresholdResult } from './summary.js';

/** The part of k6's handleSummary data this conversion reads (k6 >= 0.30 shape). */
export interface K6SummaryData {
  state: { testRunDurationMs: number };
  metrics: Record<string, { type: string; values: Record<string, number>; thresholds?: Record<string, { ok: boolean }> }>;
  setup_data?: { startedAt?: string; target?: string };
}

/** Facts about the run the k6 data does not carry. */
export interface K6RunInfo {
  workload: string;
  terminals: number;
  toolVersion: string;
  /** Trend metric name -> transition key, e.g. screen_latency_payment_method_to_processing -> PAYMENT_METHOD>PROCESSING. */
  transitionMetrics: Record<string, string>;
  /** Counter metric name -> error kind. */
  errorMetrics: Record<string, string>;
  /** Counter metric name -> violation kind. */
  violationMetrics: Record<string, string>;
  /** Journey -> its transaction-time Trend and outcome Counters (optional: older scripts lack them). */
  journeyMetrics?: Record<string, { time: string; completed: string; failed: string }>;
  /** pinto-android-2 workloads: the money ledger's metrics and the run's card facts. */
  money?: {
    violationMetrics: Record<string, string>;
    cardMetrics: { checks: string; approved: string; rejected: string; approvedAmount: string };
    distinctCards: number;
    dailyLimit: number;
    kiosksByProvider: Record<string, number>;
    kiosksByJourney?: Record<string, number>;
  };
}

/**
 * Turns k6's end-of-test data into the shared LoadSummary shape, so k6 and
 * Node runs compare with one tool. k6 gives aggregates only: timeSeries is
 * empty and violation samples are logged during the run instead.
 * Runtime-neutral: called from k6's handleSummary, tested under Node.
 */
export function summaryFromK6(data: K6SummaryData, info: K6RunInfo): LoadSummary {
  const m = data.metrics;
  const durationSeconds = data.state.testRunDurationMs / 1000;
  const completed = m.transactions_completed?.values.count ?? 0;
  const failed = m.transaction_failures?.values.passes ?? 0;
  const transitions: Record<string, LatencyStats> = {};
  for (const [name, key] of Object.entries(info.transitionMetrics)) {
    const metric = m[name];
    if (metric && (metric.values.count ?? 0) > 0) transitions[key] = latency(metric.values);
  }
  const errors = counts(m, info.errorMetrics);
  const byKind = counts(m, info.violationMetrics);
  const thresholds: ThresholdResult[] = [];
  for (const [name, metric] of Object.entries(m)) {
    for (const [expression, result] of Object.entries(metric.thresholds ?? {})) {
      thresholds.push({ expression: `${name}: ${expression}`, actual: thresholdActual(expression, metric.values), pass: result.ok });
    }
  }
  return {
    schema: loadSummarySchema,
    tool: 'k6',
    toolVersion: info.toolVersion,
    target: data.setup_data?.target ?? '',
    workload: info.workload,
    startedAt: data.setup_data?.startedAt ?? new Date(Date.now() - data.state.testRunDurationMs).toISOString(),
    durationSeconds: round(durationSeconds),
    terminals: { target: info.terminals, peakActive: m.vus?.values.max ?? 0 },
    transactions: { completed, failed, perSecond: round(completed / Math.max(durationSeconds, 0.001)), errorRate: round(errorRate(completed, failed), 6), failedByReason: counts(m, prefixed(m, 'failed_reason_')) },
    latency: { overall: m.screen_latency ? latency(m.screen_latency.values) : { count: 0, p50: 0, p90: 0, p95: 0, p99: 0, max: 0 }, transitions },
    errors,
    protocolViolations: { total: Object.values(byKind).reduce((a, b) => a + b, 0), byKind, samples: [] },
    resumptions: m.resumptions?.values.count ?? 0,
    ...(m.transaction_time ? { transactionTime: latency(m.transaction_time.values) } : {}),
    ...journeys(m, info.journeyMetrics),
    ...money(m, info.money),
    thresholds,
    timeSeries: [],
  };
}

/** Per-journey outcomes and transaction times; journeys that never finished a transaction are left out. */
function journeys(metrics: K6SummaryData['metrics'], names: K6RunInfo['journeyMetrics']): Pick<LoadSummary, 'journeys'> {
  if (!names) return {};
  const out: NonNullable<LoadSummary['journeys']> = {};
  for (const [journey, n] of Object.entries(names)) {
    const completed = metrics[n.completed]?.values.count ?? 0;
    const failed = metrics[n.failed]?.values.count ?? 0;
    if (completed + failed === 0) continue;
    const time = metrics[n.time];
    out[journey] = { completed, failed, transactionTime: time ? latency(time.values) : { count: 0, p50: 0, p90: 0, p95: 0, p99: 0, max: 0 } };
  }
  return { journeys: out };
}

/** Money violations and card counts of a pinto-android-2 workload (samples are logged during the run). */
function money(metrics: K6SummaryData['metrics'], names: K6RunInfo['money']): Pick<LoadSummary, 'moneyViolations' | 'cards'> {
  if (!names) return {};
  const byKind = counts(metrics, names.violationMetrics);
  const count = (name: string): number => metrics[name]?.values.count ?? 0;
  const c = names.cardMetrics;
  return {
    moneyViolations: { total: Object.values(byKind).reduce((a, b) => a + b, 0), byKind, samples: [] },
    cards: { distinct: names.distinctCards, dailyLimit: names.dailyLimit, checks: count(c.checks), approved: count(c.approved), rejected: count(c.rejected), approvedAmount: count(c.approvedAmount), kiosksByProvider: names.kiosksByProvider, ...(names.kiosksByJourney ? { kiosksByJourney: names.kiosksByJourney } : {}) },
  };
}

function latency(v: Record<string, number>): LatencyStats {
  return { count: v.count ?? 0, p50: round(v.med ?? 0), p90: round(v['p(90)'] ?? 0), p95: round(v['p(95)'] ?? 0), p99: round(v['p(99)'] ?? 0), max: round(v.max ?? 0) };
}

function counts(metrics: K6SummaryData['metrics'], names: Record<string, string>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, kind] of Object.entries(names)) {
    const count = metrics[name]?.values.count ?? 0;
    if (count > 0) out[kind] = count;
  }
  return out;
}

/** Counters named <prefix><reason> -> reason. */
function prefixed(metrics: K6SummaryData['metrics'], prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(metrics)) if (name.startsWith(prefix)) out[name] = name.slice(prefix.length);
  return out;
}

/** The value a k6 threshold expression is about: "p(99)<200" -> values["p(99)"], "rate==0" -> values.rate. */
function thresholdActual(expression: string, values: Record<string, number>): number | null {
  const match = /^\s*(p\(\d+(?:\.\d+)?\)|avg|min|med|max|count|rate|value)/.exec(expression);
  const value = match ? values[match[1]!] : undefined;
  return value === undefined ? null : round(value, 6);
}

function round(value: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
