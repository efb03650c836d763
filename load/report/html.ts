import type { LoadSummary } from '../summary.js';
import { barChart, escapeHtml, formatNumber, lineChart } from './svg-chart.js';

const style = `body{font-family:system-ui,sans-serif;margin:24px;color:#222;max-width:1100px}
table{border-collapse:collapse;margin:8px 0 20px}td,th{border:1px solid #ddd;padding:4px 8px;text-align:right}
th:first-child,td:first-child{text-align:left}.pass{color:#176f2c;font-weight:bold}.fail{color:#b00020;font-weight:bold}
.charts svg{margin:6px 12px 12px 0;border:1px solid #eee}code{background:#f4f4f4;padding:1px 4px}`;

/**
 * The HTML load report: one self-contained file (inline CSS and SVG, no
 * script, no network) from a LoadSummary. Runtime-neutral: the CLI and k6's
 * handleSummary both call it.
 */
export function renderLoadReport(summary: LoadSummary): string {
  const s = summary;
  const failedThresholds = s.thresholds.filter((t) => !t.pass).length;
  const verdict = s.thresholds.length === 0 ? 'no thresholds' : failedThresholds === 0 ? '<span class="pass">all thresholds passed</span>' : `<span class="fail">${failedThresholds} threshold(s) failed</span>`;
  const series = s.timeSeries;
  const transitions = Object.entries(s.latency.transitions);
  const rows = [['overall', s.latency.overall] as const, ...transitions];
  const parts = [
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>paysock load report</title><style>${style}</style></head><body>`,
    `<h1>paysock load report</h1>`,
    `<p>${escapeHtml(s.tool)} ${escapeHtml(s.toolVersion)} against <code>${escapeHtml(s.target)}</code>, workload <code>${escapeHtml(s.workload)}</code>, started ${escapeHtml(s.startedAt)}, ${formatNumber(s.durationSeconds)} s: ${verdict}.</p>`,
    '<h2>Overview</h2><table>',
    row('terminals (target / peak connected)', `${s.terminals.target} / ${s.terminals.peakActive}`),
    row('transactions completed', String(s.transactions.completed)),
    row('transactions failed', String(s.transactions.failed)),
    row('transactions per second', formatNumber(s.transactions.perSecond)),
    row('error rate', `${formatNumber(s.transactions.errorRate * 100)} %`),
    row('protocol violations', String(s.protocolViolations.total)),
    row('resumptions', String(s.resumptions)),
    '</table>',
    '<h2>Thresholds</h2>',
    s.thresholds.length === 0 ? '<p>None set.</p>' : `<table><tr><th>threshold</th><th>actual</th><th>result</th></tr>${s.thresholds.map((t) => `<tr><td><code>${escapeHtml(t.expression)}</code></td><td>${t.actual === null ? 'no data' : formatNumber(t.actual)}</td><td class="${t.pass ? 'pass' : 'fail'}">${t.pass ? 'pass' : 'FAIL'}</td></tr>`).join('')}</table>`,
    '<h2>Action &rarr; screen latency (ms)</h2>',
    `<table><tr><th>transition</th><th>count</th><th>p50</th><th>p90</th><th>p95</th><th>p99</th><th>max</th></tr>${rows.map(([k, l]) => `<tr><td>${escapeHtml(k)}</td><td>${l.count}</td><td>${formatNumber(l.p50)}</td><td>${formatNumber(l.p90)}</td><td>${formatNumber(l.p95)}</td><td>${formatNumber(l.p99)}</td><td>${formatNumber(l.max)}</td></tr>`).join('')}</table>`,
    '<div class="charts">',
    barChart(rows.map(([k, l]) => ({ label: k, values: [l.p50, l.p95, l.p99] })), ['p50', 'p95', 'p99'], ['#4e79a7', '#f28e2b', '#e15759'], { title: 'Latency percentiles per transition', xLabel: '', yLabel: 'ms', width: 900 }),
    series.length === 0 ? '<p>No time series (k6 summaries carry none: use k6 outputs for time series).</p>' : [
      lineChart([{ name: 'p99 ms', color: '#e15759', points: series.map((p) => [p.second, p.p99Ms]) }], { title: 'p99 latency over time', xLabel: 'seconds', yLabel: 'ms' }),
      lineChart([{ name: 'tx/s', color: '#59a14f', points: series.map((p) => [p.second, p.transactionsPerSecond]) }], { title: 'Throughput over time', xLabel: 'seconds', yLabel: 'transactions / s' }),
      lineChart([{ name: 'active terminals', color: '#4e79a7', points: series.map((p) => [p.second, p.activeTerminals]) }], { title: 'Active terminals over time', xLabel: 'seconds', yLabel: 'terminals' }),
      lineChart([{ name: 'errors', color: '#b07aa1', points: series.map((p) => [p.second, p.errors]) }], { title: 'Errors over time', xLabel: 'seconds', yLabel: 'errors / s' }),
    ].join(''),
    '</div>',
    '<h2>Errors</h2>',
    countTable('kind', s.errors),
    '<h2>Failed transactions by reason</h2>',
    countTable('reason', s.transactions.failedByReason),
    '<h2>Protocol violations</h2>',
    countTable('kind', s.protocolViolations.byKind),
    s.protocolViolations.samples.length > 0 ? `<ul>${s.protocolViolations.samples.map((x) => `<li><code>${escapeHtml(x)}</code></li>`).join('')}</ul>` : '',
    '</body></html>\n',
  ];
  return parts.join('\n');
}

function row(label: string, value: string): string {
  return `<tr><th>${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`;
}

function countTable(label: string, counts: Record<string, number>): string {
  const entries = Object.entries(counts).sort((a, b) => b[1] - a[1]);
  if (entries.length === 0) return '<p>None.</p>';
  return `<table><tr><th>${label}</th><th>count</th></tr>${entries.map(([k, v]) => `<tr><td>${escapeHtml(k)}</td><td>${v}</td></tr>`).join('')}</table>`;
}
