/**
 * The load summary: ONE JSON shape written by both the Node driver
 * (`paysock load --out`) and the k6 scripts' handleSummary, read by
 * `paysock load compare`, the HTML report and CI. docs/load-testing.md
 * documents every field. Runtime-neutral (k6 imports it).
 *
 * Units: latencies in milliseconds, durations in seconds, rates per second.
 * The schema is schemas/formats/load-summary.schema.json; the types are
 * generated from it. Files are checked where they are read (read-summary.ts).
 */

import type { LatencyStats, LoadSummary } from '../protocol/types/generated-formats.js';

export type {
  JourneySummary,
  LatencyBucket,
  LatencyStats,
  LoadOutcome,
  LoadOutcomeKind,
  LoadSummary,
  ThresholdResult,
  TimeSeriesPoint,
} from '../protocol/types/generated-formats.js';

/** The `schema` value; bumped only on an incompatible change. */
export const loadSummarySchema: LoadSummary['schema'] = 'paysock-load-summary/1';

/** An empty LatencyStats (nothing measured). */
export function emptyLatency(): LatencyStats {
  return { count: 0, p50: 0, p90: 0, p95: 0, p99: 0, max: 0 };
}

/** failed / (completed + failed), 0 when nothing finished. */
export function errorRate(completed: number, failed: number): number {
  const total = completed + failed;
  return total === 0 ? 0 : failed / total;
}
