import type { ComparisonCheck } from '../compare.js';
import type { LoadSummary } from '../summary.js';
import { distribution, journeysCard, overTime, page, tilesCard } from './html.js';
import { escapeHtml } from '../../conformance/report/escape.js';
import { formatNumber } from './svg-chart.js';

/**
 * `paysock load compare`'s page: the verdict on regressions, the compared
 * numbers, then the load report's charts for the baseline and the current
 * run side by side, on the same look. Self-contained like the report.
 */
export function renderComparePage(baseline: LoadSummary, current: LoadSummary, checks: readonly ComparisonCheck[]): string {
  const regressions = checks.filter((c) => c.regression).length;
  const verdict = regressions === 0 ? { key: 'PASSED', cls: 'o-CONFORMANT', text: 'No regression' } : { key: 'FAILED', cls: 'o-NOT_CONFORMANT', text: `${regressions} regression${regressions === 1 ? '' : 's'}` };
  const rows = checks.map((c) => `<tr class="check"><td>${c.metric}</td><td>${formatNumber(c.baseline)}</td><td>${formatNumber(c.current)}</td><td>${c.change === null ? '–' : `${c.change >= 0 ? '+' : ''}${formatNumber(c.change * 100)} %`}</td><td class="${c.regression ? 'fail' : 'pass'}">${c.regression ? 'REGRESSION' : 'ok'}</td></tr>`);
  const side = (title: string, render: (s: LoadSummary) => string): string =>
    `<section class="card"><h2>${escapeHtml(title)}</h2><div class="side-by-side"><div class="baseline scroll"><h3>baseline · ${escapeHtml(baseline.startedAt)}</h3>${render(baseline)}</div><div class="current scroll"><h3>current · ${escapeHtml(current.startedAt)}</h3>${render(current)}</div></div></section>`;
  return page(`paysock load comparison — ${current.target}`, [
    `<section class="certificate v-overall-${verdict.key}" id="verdict-card"><div class="cert-main"><p class="eyebrow">paysock load comparison</p><div class="target">${escapeHtml(current.target)}</div>`
      + `<dl class="facts"><div><dt>baseline</dt><dd>${escapeHtml(`${baseline.tool} · ${baseline.workload} · ${baseline.startedAt}`)}</dd></div><div><dt>current</dt><dd>${escapeHtml(`${current.tool} · ${current.workload} · ${current.startedAt}`)}</dd></div></dl></div>`
      + `<div class="cert-verdict"><span class="caption">Verdict</span><span id="compare-verdict" class="overall ${verdict.cls}">${verdict.text}</span></div></section>`,
    `<section class="card" id="checks"><h2>Compared</h2><table class="numbers"><tr><th>metric</th><th>baseline</th><th>current</th><th>change</th><th>result</th></tr>${rows.join('')}</table></section>`,
    side('At a glance', (s) => tilesCard(s).replace(/^<section class="card" id="numbers"><h2>At a glance<\/h2>/, '').replace(/<\/section>$/, '')),
    // Half-width charts drawn at half width, so their labels stay the report's size.
    side('Over time', (s) => overTime(s, 640)),
    side('Latency distribution', (s) => distribution(s, 640)),
    side('Journeys', (s) => journeysCard(s).replace(/^<section class="card" id="journeys"><h2>[^<]*<\/h2>/, '').replace(/<\/section>$/, '')),
  ]);
}
