import type { LatencyStats, LoadSummary, ThresholdResult } from './summary.js';

/** Metrics a threshold can name. Latencies in ms; error_rate 0..1; tx_rate per second; violations a count. */
export type ThresholdMetric = 'p50' | 'p90' | 'p95' | 'p99' | 'max' | 'error_rate' | 'tx_rate' | 'violations';
export type ThresholdOperator = '<' | '<=' | '>' | '>=';

/** A parsed `--threshold`. */
export interface Threshold {
  expression: string;
  metric: ThresholdMetric;
  /** For latency metrics: one transition ("PAYMENT_METHOD>PROCESSING") instead of all. */
  transition: string | undefined;
  operator: ThresholdOperator;
  value: number;
}

const pattern = /^\s*(p50|p90|p95|p99|max|error_rate|tx_rate|violations)(?:\{([A-Z_]+>[A-Z_]+)\})?\s*(<=|>=|<|>)\s*(-?\d+(?:\.\d+)?)(%?)\s*$/;

/**
 * Parses `p99<100`, `p95{PAYMENT_METHOD>PROCESSING}<=50`, `error_rate<0.01`
 * (or `error_rate<1%`), `tx_rate>=200`, `violations<1`. Throws Error with a
 * readable message on anything else.
 */
export function parseThreshold(expression: string): Threshold {
  const match = pattern.exec(expression);
  if (!match) {
    throw new Error(`threshold "${expression}" is not like p99<100, p95{PAYMENT_METHOD>PROCESSING}<50, error_rate<0.01, tx_rate>100 or violations<1`);
  }
  const metric = match[1] as ThresholdMetric;
  const transition = match[2];
  if (transition !== undefined && !isLatency(metric)) throw new Error(`threshold "${expression}": only latency metrics take a {transition}`);
  let value = Number(match[4]);
  if (match[5] === '%') {
    if (metric !== 'error_rate') throw new Error(`threshold "${expression}": only error_rate takes a percentage`);
    value /= 100;
  }
  return { expression: expression.trim(), metric, transition, operator: match[3] as ThresholdOperator, value };
}

function isLatency(metric: ThresholdMetric): metric is 'p50' | 'p90' | 'p95' | 'p99' | 'max' {
  return metric === 'p50' || metric === 'p90' || metric === 'p95' || metric === 'p99' || metric === 'max';
}

/** The measured value a threshold is judged on, or null when there is none (no samples of that transition). */
export function thresholdActual(threshold: Threshold, summary: Pick<LoadSummary, 'latency' | 'transactions' | 'protocolViolations'>): number | null {
  const { metric } = threshold;
  if (isLatency(metric)) {
    const stats: LatencyStats | undefined = threshold.transition === undefined ? summary.latency.overall : summary.latency.transitions[threshold.transition];
    return stats && stats.count > 0 ? stats[metric] : null;
  }
  if (metric === 'error_rate') return summary.transactions.errorRate;
  if (metric === 'tx_rate') return summary.transactions.perSecond;
  return summary.protocolViolations.total;
}

/**
 * Judges every threshold against a summary. A threshold with nothing to
 * measure fails: "p99<100" over zero samples proves nothing.
 */
export function evaluateThresholds(thresholds: readonly Threshold[], summary: Pick<LoadSummary, 'latency' | 'transactions' | 'protocolViolations'>): ThresholdResult[] {
  return thresholds.map((t) => {
    const actual = thresholdActual(t, summary);
    return { expression: t.expression, actual, pass: actual !== null && compare(actual, t.operator, t.value) };
  });
}

function compare(actual: number, operator: ThresholdOperator, value: number): boolean {
  switch (operator) {
    case '<': return actual < value;
    case '<=': return actual <= value;
    case '>': return actual > value;
    case '>=': return actual >= value;
  }
}
