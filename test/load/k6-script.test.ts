import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSummaryProblem } from '../../load/read-summary.js';
import { summaryFromK6 } from '../../load/k6-summary.js';

describe('k6 script bundle', () => {
  it('npm run build bundles load/k6/paysock.ts into one module whose only imports are k6 built-ins', async () => {
    // The same function `npm run build` calls (scripts/build-k6.mjs), written to a temp folder.
    const { buildK6Bundle } = await import('../../scripts/build-k6.mjs');
    const out = await buildK6Bundle(join(mkdtempSync(join(tmpdir(), 'paysock-k6-')), 'paysock.js'));
    const code = readFileSync(out, 'utf8');
    const imports = [...code.matchAll(/^import .* from "([^"]+)";$/gm)].map((m) => m[1]);
    expect(imports.sort()).toEqual(['k6/execution', 'k6/metrics', 'k6/timers', 'k6/websockets']);
    expect(code).toMatch(/function handleSummary/);
    expect(code).toMatch(/export \{[^}]*\bhandleSummary\b/);
    expect(code).not.toMatch(/\bfrom "(node:|\.)/);
  });
});

describe('k6 handleSummary conversion', () => {
  it('maps k6 end-of-test data to the shared summary shape', () => {
    const summary = summaryFromK6({
      state: { testRunDurationMs: 60_000 },
      setup_data: { startedAt: '2025-03-01T10:00:00.000Z', target: 'ws://kiosk.example/' },
      metrics: {
        screen_latency: { type: 'trend', values: { med: 3, 'p(90)': 6, 'p(95)': 8, 'p(99)': 20, max: 90, count: 600 }, thresholds: { 'p(99)<100': { ok: true } } },
        screen_latency_payment_method_to_processing: { type: 'trend', values: { med: 2, 'p(90)': 3, 'p(95)': 4, 'p(99)': 9, max: 12, count: 300 } },
        transactions_completed: { type: 'counter', values: { count: 297, rate: 4.95 }, thresholds: { 'count>0': { ok: true } } },
        transaction_failures: { type: 'rate', values: { rate: 0.01, passes: 3, fails: 297 }, thresholds: { 'rate<=0.001': { ok: false } } },
        protocol_violations: { type: 'rate', values: { rate: 0, passes: 0, fails: 900 } },
        errors_answer_timeout: { type: 'counter', values: { count: 3, rate: 0.05 } },
        failed_reason_answer_timeout: { type: 'counter', values: { count: 3, rate: 0.05 } },
        resumptions: { type: 'counter', values: { count: 7, rate: 0.1 } },
        vus: { type: 'gauge', values: { value: 0, min: 0, max: 50 } },
      },
    }, {
      workload: 'load', terminals: 50, toolVersion: 'k6',
      transitionMetrics: { screen_latency_payment_method_to_processing: 'PAYMENT_METHOD>PROCESSING', screen_latency_keypad_to_payment_method: 'KEYPAD>PAYMENT_METHOD' },
      errorMetrics: { errors_answer_timeout: 'answer-timeout', errors_stalled: 'stalled' },
      violationMetrics: { violations_screen_graph: 'screen-graph' },
    });
    expect(loadSummaryProblem(summary)).toBeUndefined();
    expect(summary).toMatchObject({
      tool: 'k6', target: 'ws://kiosk.example/', startedAt: '2025-03-01T10:00:00.000Z', durationSeconds: 60,
      terminals: { target: 50, peakActive: 50 },
      transactions: { completed: 297, failed: 3, perSecond: 4.95, errorRate: 0.01, failedByReason: { answer_timeout: 3 } },
      latency: { overall: { count: 600, p50: 3, p99: 20, max: 90 }, transitions: { 'PAYMENT_METHOD>PROCESSING': { p99: 9 } } },
      errors: { 'answer-timeout': 3 },
      protocolViolations: { total: 0 },
      resumptions: 7,
      timeSeries: [],
    });
    expect(Object.keys(summary.latency.transitions)).toEqual(['PAYMENT_METHOD>PROCESSING']);
    expect(summary.thresholds).toEqual([
      { expression: 'screen_latency: p(99)<100', actual: 20, pass: true },
      { expression: 'transactions_completed: count>0', actual: 297, pass: true },
      { expression: 'transaction_failures: rate<=0.001', actual: 0.01, pass: false },
    ]);
  });
});
