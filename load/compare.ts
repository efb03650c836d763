import type { LoadSummary } from './summary.js';

/** One compared metric. */
export interface ComparisonCheck {
  metric: 'p99' | 'tx_rate' | 'error_rate';
  baseline: number;
  current: number;
  /** Relative change, current vs baseline (+0.12 = 12 % higher); null when the baseline is 0. */
  change: number | null;
  regression: boolean;
}

/**
 * Below this absolute error-rate increase (0.1 percentage points) a change is
 * noise, however large relative to a near-zero baseline.
 */
export const errorRateFloor = 0.001;

/**
 * Compares a run with a baseline. A regression is: p99 latency more than
 * `maxRegression` (0.1 = 10 %) higher, throughput more than `maxRegression`
 * lower, or an error rate more than `maxRegression` higher and at least
 * errorRateFloor higher in absolute terms.
 */
export function compareSummaries(baseline: LoadSummary, current: LoadSummary, maxRegression: number): ComparisonCheck[] {
  const p99 = check('p99', baseline.latency.overall.p99, current.latency.overall.p99, (b, c) => c > b * (1 + maxRegression));
  const tx = check('tx_rate', baseline.transactions.perSecond, current.transactions.perSecond, (b, c) => c < b * (1 - maxRegression));
  const errors = check('error_rate', baseline.transactions.errorRate, current.transactions.errorRate, (b, c) => c > b * (1 + maxRegression) && c - b >= errorRateFloor);
  return [p99, tx, errors];
}

function check(metric: ComparisonCheck['metric'], baseline: number, current: number, regressed: (b: number, c: number) => boolean): ComparisonCheck {
  return { metric, baseline, current, change: baseline === 0 ? null : (current - baseline) / baseline, regression: regressed(baseline, current) };
}

/** Parses `10%`, `10` (percent) or `0.1`-style fractions written with a `%`-less value below 1. */
export function parseRegression(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(%?)\s*$/.exec(text);
  if (!match) throw new Error(`--max-regression "${text}" is not like 10%`);
  const value = Number(match[1]);
  const fraction = match[2] === '%' || value >= 1 ? value / 100 : value;
  if (fraction >= 1) throw new Error('--max-regression must be below 100%');
  return fraction;
}
