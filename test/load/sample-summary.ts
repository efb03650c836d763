import { loadSummarySchema, type LoadSummary } from '../../load/summary.js';

/** A hand-made summary with round numbers, for threshold, compare and report tests. */
export function sampleSummary(overrides: { p99?: number; perSecond?: number; errorRate?: number; startedAt?: string } = {}): LoadSummary {
  return {
    schema: loadSummarySchema, tool: 'paysock', toolVersion: '0.1.0', target: 'ws://127.0.0.1:9/', workload: 'preset',
    startedAt: overrides.startedAt ?? '2025-01-01T00:00:00.000Z', durationSeconds: 30,
    terminals: { target: 100, peakActive: 100 },
    transactions: { completed: 1239, failed: 10, perSecond: overrides.perSecond ?? 41.3, errorRate: overrides.errorRate ?? 0.008, failedByReason: { 'answer-timeout': 10 } },
    latency: {
      overall: { count: 2478, p50: 4, p90: 8, p95: 9, p99: overrides.p99 ?? 12.5, max: 80 },
      transitions: {
        'AMOUNT_SELECT>PAYMENT_METHOD': { count: 1239, p50: 5, p90: 9, p95: 10, p99: 14, max: 80 },
        'PAYMENT_METHOD>PROCESSING': { count: 1239, p50: 2, p90: 2.2, p95: 2.5, p99: 3, max: 7 },
      },
    },
    errors: { 'answer-timeout': 10 },
    protocolViolations: { total: 0, byKind: {}, samples: [] },
    resumptions: 0,
    transactionTime: { count: 1249, p50: 2100, p90: 2300, p95: 2400, p99: 2600, max: 3100 },
    journeys: { preset: { completed: 1239, failed: 10, transactionTime: { count: 1249, p50: 2100, p90: 2300, p95: 2400, p99: 2600, max: 3100 } } },
    latencyHistogram: [{ upToMs: 2, count: 400 }, { upToMs: 5, count: 1800 }, { upToMs: 10, count: 250 }, { upToMs: 20, count: 25 }, { upToMs: 50, count: 2 }, { upToMs: 100, count: 1 }],
    thresholds: [],
    timeSeries: [
      { second: 0, activeTerminals: 50, transactionsPerSecond: 20, p99Ms: 10, errors: 0, p50Ms: 4, p95Ms: 8 },
      { second: 1, activeTerminals: 100, transactionsPerSecond: 42, p99Ms: 12, errors: 1, p50Ms: 4, p95Ms: 9, failedByReason: { 'answer-timeout': 1 } },
    ],
  };
}
