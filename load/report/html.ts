import type { LatencyStats, LoadSummary } from '../summary.js';
import { loadReportStyles } from './styles.js';
import { escapeHtml } from '../../conformance/report/escape.js';
import { barChart, formatNumber } from './svg-chart.js';
import { distributionChart, latencyBandChart, outcomeChart } from './time-charts.js';

/**
 * The HTML load report: one self-contained file (inline CSS and SVG, no
 * script, no network) from a LoadSummary, in the conformance report's look.
 * Runtime-neutral: the CLI and k6's handleSummary both call it.
 *
 * From the top: the verdict (thresholds), the numbers that matter, latency
 * over time as a p50-p99 band with active terminals, outcomes per second,
 * the latency distribution, journeys with end-to-end transaction time,
 * transitions, and what went wrong.
 */
export function renderLoadReport(summary: LoadSummary): string {
  const s = summary;
  return page(`paysock load report — ${s.target}`, [
    verdictCard(s),
    tilesCard(s),
    thresholdsCard(s),
    `<section class="card" id="over-time"><h2>Over time</h2>${overTime(s)}</section>`,
    `<section class="card" id="distribution"><h2>Latency distribution</h2>${distribution(s)}</section>`,
    journeysCard(s),
    transitionsCard(s),
    problemsCard(s),
  ]);
}

/** The page shell both the report and the comparison use. */
export function page(title: string, sections: string[]): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title><style>${loadReportStyles}</style></head><body><main>\n${sections.join('\n')}\n</main></body></html>\n`;
}

/** passed / failed / none, and the words for it. */
export function thresholdVerdict(s: LoadSummary): { key: 'PASSED' | 'FAILED' | 'NONE'; text: string; detail: string } {
  const failed = s.thresholds.filter((t) => !t.pass).length;
  const money = s.moneyViolations?.total ?? 0;
  // A money violation fails the run whatever the thresholds say (paysock load exits 1).
  if (money > 0) return { key: 'FAILED', text: 'Money violations', detail: `${money} money violation(s)${failed > 0 ? `, ${failed} of ${s.thresholds.length} thresholds failed` : ''}` };
  if (s.thresholds.length === 0) return { key: 'NONE', text: 'No thresholds set', detail: 'nothing was judged' };
  if (failed === 0) return { key: 'PASSED', text: 'Thresholds passed', detail: `${s.thresholds.length} of ${s.thresholds.length} passed` };
  return { key: 'FAILED', text: 'Thresholds failed', detail: `${failed} of ${s.thresholds.length} failed` };
}

const verdictClass = { PASSED: 'o-CONFORMANT', FAILED: 'o-NOT_CONFORMANT', NONE: 'o-INCOMPLETE' } as const;

function verdictCard(s: LoadSummary): string {
  const v = thresholdVerdict(s);
  const facts: Array<[string, string]> = [
    ['tool', `${s.tool} ${s.toolVersion}`],
    ['workload', s.workload],
    ['started', s.startedAt],
    ['duration', `${formatNumber(s.durationSeconds)} s`],
    ['terminals (target / peak connected)', `${s.terminals.target} / ${s.terminals.peakActive}`],
    ['protocol violations', s.protocolViolations.total === 0 ? 'none' : `${s.protocolViolations.total} (see below)`],
  ];
  if (s.moneyViolations) facts.push(['money violations', s.moneyViolations.total === 0 ? 'none' : `${s.moneyViolations.total} (see below)`]);
  if (s.cards) facts.push(['cards', `${s.cards.distinct} shared, limit ${formatNumber(s.cards.dailyLimit)}: ${s.cards.checks} checks, ${s.cards.approved} approved, ${s.cards.rejected} rejected`]);
  const local = Object.values(s.localLimits ?? {}).reduce((n, l) => n + l.count, 0);
  if (local > 0) facts.push(['load generator limits', `${local} connect(s) refused by this machine, not the backend (see below)`]);
  return `<section class="certificate v-overall-${v.key}" id="verdict-card"><div class="cert-main"><p class="eyebrow">paysock load report</p><div class="target">${escapeHtml(s.target)}</div>`
    + `<dl class="facts">${facts.map(([k, val]) => `<div><dt>${escapeHtml(k)}</dt><dd>${escapeHtml(val)}</dd></div>`).join('')}</dl></div>`
    + `<div class="cert-verdict"><span class="caption">Verdict</span><span id="load-verdict" class="overall ${verdictClass[v.key]}">${v.text}</span><span class="muted small">${escapeHtml(v.detail)}</span></div></section>`;
}

function tile(label: string, value: string, unit = '', tone: '' | 'good' | 'bad' = ''): string {
  return `<div class="tile${tone ? ` ${tone}` : ''}"><span class="label">${escapeHtml(label)}</span><span><span class="count">${escapeHtml(value)}</span>${unit ? `<span class="unit">${escapeHtml(unit)}</span>` : ''}</span></div>`;
}

function tilesCard(s: LoadSummary): string {
  const t = s.transactions;
  const l = s.latency.overall;
  const tiles = [
    tile('transactions completed', String(t.completed), '', t.completed > 0 ? 'good' : 'bad'),
    tile('transactions failed', String(t.failed), `${formatNumber(t.errorRate * 100)} %`, t.failed > 0 ? 'bad' : ''),
    tile('throughput', formatNumber(t.perSecond), 'tx/s'),
    tile('protocol violations', String(s.protocolViolations.total), '', s.protocolViolations.total > 0 ? 'bad' : 'good'),
    ...(s.moneyViolations ? [tile('money violations', String(s.moneyViolations.total), '', s.moneyViolations.total > 0 ? 'bad' : 'good')] : []),
    tile('screen latency p50 / p99', `${formatNumber(l.p50)} / ${formatNumber(l.p99)}`, 'ms'),
    tile('transaction time p50 / p95', s.transactionTime && s.transactionTime.count > 0 ? `${seconds(s.transactionTime.p50)} / ${seconds(s.transactionTime.p95)}` : '–', s.transactionTime?.count ? 's' : ''),
    tile('resumptions', String(s.resumptions)),
    tile('errors', String(Object.values(s.errors).reduce((a, b) => a + b, 0))),
  ];
  return `<section class="card" id="numbers"><h2>At a glance</h2><div class="tiles load-tiles">${tiles.join('')}</div></section>`;
}

function thresholdsCard(s: LoadSummary): string {
  if (s.thresholds.length === 0) return '<section class="card" id="thresholds"><h2>Thresholds</h2><p class="muted">None set: pass <code>--threshold</code> (paysock load) or thresholds in k6 options to get a verdict.</p></section>';
  const rows = s.thresholds.map((t) => `<tr class="threshold"><td><code>${escapeHtml(t.expression)}</code></td><td>${t.actual === null ? 'no data' : formatNumber(t.actual)}</td><td class="${t.pass ? 'pass' : 'fail'}">${t.pass ? 'pass' : 'FAIL'}</td></tr>`);
  return `<section class="card" id="thresholds"><h2>Thresholds</h2><table class="numbers"><tr><th>threshold</th><th>actual</th><th>result</th></tr>${rows.join('')}</table></section>`;
}

function overTime(s: LoadSummary, width = 1080): string {
  if (s.timeSeries.length === 0) {
    return '<p class="note">No time series: k6 hands its end-of-test summary only aggregates. For k6 runs over time use a k6 output (Prometheus remote write, Grafana Cloud, the web dashboard); the Node driver (<code>paysock load</code>) records every second.</p>';
  }
  const older = s.timeSeries.every((p) => p.p50Ms === undefined);
  return latencyBandChart(s.timeSeries, width, width < 800 ? 280 : 300) + outcomeChart(s.timeSeries, width)
    + (older ? '<p class="note">This summary predates per-second p50/p95: the band shows p99 only.</p>' : '');
}

function distribution(s: LoadSummary, width = 1080): string {
  if (!s.latencyHistogram || s.latencyHistogram.length === 0) {
    return `<p class="note">No histogram in this summary (k6 summaries carry percentiles only): p50 ${formatNumber(s.latency.overall.p50)} ms, p90 ${formatNumber(s.latency.overall.p90)} ms, p95 ${formatNumber(s.latency.overall.p95)} ms, p99 ${formatNumber(s.latency.overall.p99)} ms, max ${formatNumber(s.latency.overall.max)} ms.</p>`;
  }
  return distributionChart(s.latencyHistogram, s.latency.overall, width);
}

function journeysCard(s: LoadSummary): string {
  const journeys = Object.entries(s.journeys ?? {});
  const head = '<tr><th>journey</th><th>completed</th><th>failed</th><th>error rate</th><th>transaction p50</th><th>p95</th><th>p99</th><th>max</th></tr>';
  const row = (name: string, completed: number, failed: number, time: LatencyStats | undefined): string => {
    const rate = completed + failed === 0 ? 0 : failed / (completed + failed);
    const cell = (v: number | undefined): string => (time && time.count > 0 && v !== undefined ? `${seconds(v)} s` : '–');
    return `<tr class="journey"><td>${escapeHtml(name)}</td><td>${completed}</td><td>${failed}</td><td>${formatNumber(rate * 100)} %</td><td>${cell(time?.p50)}</td><td>${cell(time?.p95)}</td><td>${cell(time?.p99)}</td><td>${cell(time?.max)}</td></tr>`;
  };
  const rows = journeys.map(([name, j]) => row(name, j.completed, j.failed, j.transactionTime));
  rows.push(row('all journeys', s.transactions.completed, s.transactions.failed, s.transactionTime).replace('<tr class="journey"><td>', '<tr class="journey total"><td><strong>').replace('all journeys</td>', 'all journeys</strong></td>'));
  return `<section class="card" id="journeys"><h2>Journeys and end-to-end transaction time</h2><p class="lead muted small">Transaction time: from the terminal's first action to the result screen (SUCCESS, FAILED, LIMIT_ERROR; the AMOUNT_SELECT after a cancel), what a person at the kiosk waits; the ticket steps after it are not counted.</p><table class="numbers">${head}${rows.join('')}</table></section>`;
}

function transitionsCard(s: LoadSummary): string {
  const rows = [['all transitions', s.latency.overall] as const, ...Object.entries(s.latency.transitions)];
  const table = `<table class="numbers"><tr><th>transition</th><th>count</th><th>p50</th><th>p90</th><th>p95</th><th>p99</th><th>max</th></tr>${rows.map(([k, l]) => `<tr class="transition-row"><td>${escapeHtml(k)}</td><td>${l.count}</td><td>${formatNumber(l.p50)}</td><td>${formatNumber(l.p90)}</td><td>${formatNumber(l.p95)}</td><td>${formatNumber(l.p99)}</td><td>${formatNumber(l.max)}</td></tr>`).join('')}</table>`;
  const chart = barChart(rows.map(([k, l]) => ({ label: k, values: [l.p50, l.p95, l.p99] })), ['p50', 'p95', 'p99'], ['#0969da', '#bf8700', '#cf222e'], { title: 'Latency percentiles per transition (ms)', xLabel: '', yLabel: 'ms', width: 1080 });
  return `<section class="card" id="transitions"><h2>Action → next screen, per transition (ms)</h2>${table}${chart.replace('<svg ', '<svg class="chart" data-chart="transitions" ')}</section>`;
}

function problemsCard(s: LoadSummary): string {
  const samples = s.protocolViolations.samples.length > 0 ? `<ul>${s.protocolViolations.samples.map((x) => `<li><code>${escapeHtml(x)}</code></li>`).join('')}</ul>` : '';
  const local = Object.entries(s.localLimits ?? {});
  const limits = local.length === 0 ? '' : `<h4>Limits of the load generator's machine (not the backend)</h4>${local.map(([k, l]) => `<div class="could-not-run local-limit" data-limit="${escapeHtml(k)}"><strong>${escapeHtml(k)}: ${l.count} connect(s) refused by this machine.</strong> ${escapeHtml(l.advice)}</div>`).join('')}`;
  return `<section class="card" id="problems"><h2>What went wrong</h2>${limits}<h4>Failed transactions by reason</h4>${countTable('reason', s.transactions.failedByReason)}`
    + `<h4>Errors</h4>${countTable('kind', s.errors)}<h4>Protocol violations</h4>${countTable('kind', s.protocolViolations.byKind)}${samples}${moneyPart(s)}</section>`;
}

/** pinto-android-2 runs: the money rules the backend broke under load. */
function moneyPart(s: LoadSummary): string {
  if (!s.moneyViolations) return '';
  const samples = s.moneyViolations.samples.length > 0 ? `<ul>${s.moneyViolations.samples.map((x) => `<li><code>${escapeHtml(x)}</code></li>`).join('')}</ul>` : '';
  return `<h4 id="money-violations">Money violations</h4>${countTable('kind', s.moneyViolations.byKind)}${samples}`;
}

function countTable(label: string, counts: Record<string, number>): string {
  const entries = Object.entries(counts).sort((a, b) => b[1] - a[1]);
  if (entries.length === 0) return '<p class="muted">None.</p>';
  return `<table class="numbers"><tr><th>${label}</th><th>count</th></tr>${entries.map(([k, v]) => `<tr><td>${escapeHtml(k)}</td><td>${v}</td></tr>`).join('')}</table>`;
}

/** ms as seconds with two decimals below 10 s. */
function seconds(ms: number): string {
  const s = ms / 1000;
  return s >= 10 ? s.toFixed(1) : s.toFixed(2);
}

export { tilesCard, overTime, distribution, journeysCard };
