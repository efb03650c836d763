import { expect } from 'vitest';
import type { LoadSummary } from '../../load/summary.js';
import { loadSummaryProblem } from '../../load/read-summary.js';
import { sampleSummary } from './sample-summary.js';

/**
 * Asserts that a parsed summary file has the shared shape of load/summary.ts,
 * field by field: the same keys as a LoadSummary the type checker vouches for
 * (sampleSummary), the same JSON types, finite numbers where numbers belong,
 * and count maps of non-negative integers. What `paysock load compare` and
 * the report read from either tool.
 */
export function expectSharedSummaryShape(value: unknown): asserts value is LoadSummary {
  expect(loadSummaryProblem(value)).toBeUndefined();
  const s = value as LoadSummary;
  const reference = sampleSummary();
  // Optional fields (older summaries, and k6's, which carry no histogram) may be absent; no other key may be.
  const optional = ['transactionTime', 'journeys', 'latencyHistogram', 'localLimits', 'outcome'];
  expect(Object.keys(s).filter((k) => !optional.includes(k)).sort()).toEqual(Object.keys(reference).filter((k) => !optional.includes(k)).sort());
  for (const key of Object.keys(s)) expect(key in reference || optional.includes(key), `unexpected key ${key}`).toBe(true);
  for (const key of ['terminals', 'transactions', 'latency', 'protocolViolations'] as const) {
    expect(Object.keys(s[key]).sort(), key).toEqual(Object.keys(reference[key]).sort());
  }
  for (const [path, v] of leaves(s)) {
    if (path.endsWith('.samples') || path.startsWith('timeSeries') || path.startsWith('thresholds')) continue;
    const expected = typeOfLeaf(reference, path);
    if (expected !== undefined) expect(typeof v, path).toBe(expected);
    if (typeof v === 'number') expect(Number.isFinite(v), `${path} is ${v}`).toBe(true);
  }
  for (const map of [s.errors, s.transactions.failedByReason, s.protocolViolations.byKind]) {
    for (const count of Object.values(map)) expect(Number.isInteger(count) && count >= 0).toBe(true);
  }
  for (const stats of [s.latency.overall, ...Object.values(s.latency.transitions)]) {
    expect(Object.keys(stats).sort()).toEqual(['count', 'max', 'p50', 'p90', 'p95', 'p99']);
    expect(stats.p50 <= stats.p95 && stats.p95 <= stats.p99 && stats.p99 <= stats.max).toBe(true);
  }
  for (const t of s.thresholds) {
    expect(typeof t.expression).toBe('string');
    expect(typeof t.pass).toBe('boolean');
    expect(t.actual === null || Number.isFinite(t.actual)).toBe(true);
  }
  expect(Number.isNaN(Date.parse(s.startedAt))).toBe(false);
  expect(s.protocolViolations.total).toBe(Object.values(s.protocolViolations.byKind).reduce((a, b) => a + b, 0));
}

function leaves(value: unknown, prefix = ''): Array<[string, unknown]> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [[prefix, value]];
  return Object.entries(value).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
}

/** The JSON type of the same leaf in the reference, when the reference has that leaf (fixed-key objects only). */
function typeOfLeaf(reference: LoadSummary, path: string): string | undefined {
  let node: unknown = reference;
  for (const part of path.split('.')) {
    if (node === null || typeof node !== 'object' || !(part in (node as object))) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node !== null && typeof node === 'object' ? undefined : typeof node;
}
