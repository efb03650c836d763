import type { LoadSummary } from '../summary.js';
import { escapeHtml } from '../../conformance/report/escape.js';
import { formatNumber, lineChart } from './svg-chart.js';

/**
 * The trend page over stored summaries (oldest first): p99 latency,
 * throughput and error rate per run, as inline SVG, plus a table.
 */
export function renderTrendPage(history: readonly LoadSummary[]): string {
  const runs = [...history].sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  const points = (pick: (s: LoadSummary) => number): Array<[number, number]> => runs.map((s, i) => [i + 1, pick(s)]);
  return [
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>paysock load trend</title>',
    '<style>body{font-family:system-ui,sans-serif;margin:24px}table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:4px 8px;text-align:right}td:first-child{text-align:left}svg{margin:6px 12px 12px 0;border:1px solid #eee}</style></head><body>',
    `<h1>paysock load trend</h1><p>${runs.length} run(s).</p>`,
    lineChart([{ name: 'p99 ms', color: '#e15759', points: points((s) => s.latency.overall.p99) }], { title: 'p99 latency per run', xLabel: 'run', yLabel: 'ms' }),
    lineChart([{ name: 'tx/s', color: '#59a14f', points: points((s) => s.transactions.perSecond) }], { title: 'Throughput per run', xLabel: 'run', yLabel: 'transactions / s' }),
    lineChart([{ name: 'error rate %', color: '#b07aa1', points: points((s) => s.transactions.errorRate * 100) }], { title: 'Error rate per run', xLabel: 'run', yLabel: '%' }),
    '<table><tr><th>run</th><th>started</th><th>tool</th><th>workload</th><th>terminals</th><th>p99 ms</th><th>tx/s</th><th>error rate %</th><th>violations</th></tr>',
    ...runs.map((s, i) => `<tr><td>${i + 1}</td><td>${escapeHtml(s.startedAt)}</td><td>${escapeHtml(s.tool)}</td><td>${escapeHtml(s.workload)}</td><td>${s.terminals.target}</td><td>${formatNumber(s.latency.overall.p99)}</td><td>${formatNumber(s.transactions.perSecond)}</td><td>${formatNumber(s.transactions.errorRate * 100)}</td><td>${s.protocolViolations.total}</td></tr>`),
    '</table></body></html>\n',
  ].join('\n');
}
