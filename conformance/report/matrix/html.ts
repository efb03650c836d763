import type { RequirementCoverage } from '../../results.js';
import { escapeHtml as e } from '../escape.js';
import { requirementChips } from '../html/case-block.js';
import { pageHead } from '../html/page-head.js';
import { reportStyles } from '../html/styles.js';
import { overallWords, verdictBadge } from '../html/verdict.js';
import { caseDetail, requirementDetail } from './detail.js';
import { caseRows, changes, requirementRows, type CaseRow, type ChangeKind, type MatrixColumn } from './model.js';
import { matrixScript } from './script.js';
import { matrixStyles } from './styles.js';

const kindWords: Record<ChangeKind, [one: string, many: string]> = {
  'new-fail': ['new FAIL', 'new FAILs'],
  worse: ['worse', 'worse'],
  better: ['better', 'better'],
  added: ['only in the later run', 'only in the later run'],
  removed: ['not in the later run', 'not in the later run'],
};

/** The id of the <template> holding a case cell's detail. */
const caseDetailId = (col: number, row: number): string => `d-${col}-${row}`;

/** A verdict badge that opens the case's detail from that run. */
function cellButton(row: CaseRow, rowIndex: number, col: number): string {
  const cell = row.cells[col];
  if (!cell) return '<span class="muted" title="not in this run">—</span>';
  const v = cell.result.verdict;
  return `<button type="button" class="badge v-${v}" data-open="${caseDetailId(col, rowIndex)}" title="${e(`${v}${cell.result.reason ? `: ${cell.result.reason}` : ''}`)}">${v === 'NA' ? 'N/A' : v}</button>`;
}

/** The column header: the run's label, overall verdict and what it ran against. */
function columnHeader(column: MatrixColumn, col: number): string {
  const r = column.results;
  const facts = [e(r.target.url), `${e(r.startedAt.slice(0, 16).replace('T', ' '))} UTC`, `profile ${e(r.target.profile)}`, `paysock ${e(r.suite.version)} · spec ${e(r.suite.specVersion)}`,
    `${r.cases.length} cases · ${r.counts.FAIL} FAIL · ${r.counts.ERROR} ERROR`];
  if (r.certificate) facts.push(`certificate <code title="${e(r.certificate.fingerprint)}">${e(r.certificate.fingerprint.slice(7, 19))}…</code> ${r.certificate.signed ? 'signed' : 'not signed'}`);
  const report = column.reportHref ? ` <a href="${e(column.reportHref)}">report</a>` : '';
  return `<th class="col" data-col="${col}" title="${e(column.source)}"><div class="col-label">${e(column.label)}</div>` +
    `<span class="overall-small o-${r.verdict}">${overallWords[r.verdict]}</span>${report}<div class="col-facts">${facts.join('<br>')}</div></th>`;
}

/** The changes from column `base` to column `head`, as a table, new FAILs first. */
function changesTable(columns: readonly MatrixColumn[], rows: Map<string, CaseRow[]>, rowIndex: Map<CaseRow, number>, base: number, head: number): string {
  const found = changes(rows, base, head);
  const counts = new Map<ChangeKind, number>();
  for (const c of found) counts.set(c.kind, (counts.get(c.kind) ?? 0) + 1);
  const said = [...counts].map(([kind, n]) => `${n} ${kindWords[kind][n === 1 ? 0 : 1]}`).join(', ');
  const heading = `<p class="diff-summary" data-new-fails="${counts.get('new-fail') ?? 0}">From <strong>${e(columns[base]?.label)}</strong> to <strong>${e(columns[head]?.label)}</strong>: ${found.length === 0 ? 'no verdict moved.' : `${said}.`}</p>`;
  if (found.length === 0) return heading;
  const body = found.map((c) => {
    const i = rowIndex.get(c.row) ?? 0;
    return `<tr class="change k-${c.kind}" data-kind="${c.kind}" data-case="${e(c.row.id)}"><td><span class="kind">${kindWords[c.kind][0]}</span></td><td><code>${e(c.row.id)}</code></td>` +
      `<td class="title">${e(c.row.title)}</td><td class="reqs">${requirementChips(c.row.requirements)}</td><td class="from">${cellButton(c.row, i, base)}</td><td class="to">${cellButton(c.row, i, head)}</td></tr>`;
  });
  return `${heading}<div class="scroll"><table class="diff"><thead><tr><th>change</th><th>case</th><th>title</th><th>requirements</th><th>${e(columns[base]?.label)}</th><th>${e(columns[head]?.label)}</th></tr></thead><tbody>${body.join('')}</tbody></table></div>`;
}

/** A requirement's coverage in one run, as its cell shows it. */
function requirementCell(r: RequirementCoverage | undefined, id: string): string {
  if (!r) return '<span class="muted" title="not in this run">—</span>';
  if (r.cases.length === 0) return `<button type="button" class="badge ${r.untestable ? 'untestable' : 'untested'}" data-open="${id}">${r.untestable ? 'not testable' : 'untested'}</button>`;
  const v = r.verdict;
  return v ? `<button type="button" class="badge v-${v}" data-open="${id}">${v === 'NA' ? 'N/A' : v}</button>` : `<button type="button" class="badge untested" data-open="${id}">not run</button>`;
}

/**
 * Renders runs side by side as one self-contained HTML page: what changed
 * between two runs (the last two by default; any pair can be picked), the
 * cases grouped by section with each run's verdict (a cell opens the case's
 * detail from that run), and the requirements with each run's verdict.
 * Same Content-Security-Policy as the report: only its own script, no
 * network.
 */
export function renderMatrix(columns: readonly MatrixColumn[], options: { mixedSpecs?: string } = {}): string {
  const rows = caseRows(columns);
  const rowIndex = new Map<CaseRow, number>();
  for (const row of [...rows.values()].flat()) rowIndex.set(row, rowIndex.size);
  const cols = columns.map((_, i) => i);
  const templates: string[] = [];

  const sections = [...rows].map(([section, sectionRows]) => {
    const body = sectionRows.map((row) => {
      const i = rowIndex.get(row) ?? 0;
      for (const c of cols) {
        const cell = row.cells[c];
        if (cell) templates.push(`<template id="${caseDetailId(c, i)}">${caseDetail(columns[c] as MatrixColumn, cell.result, cell.index)}</template>`);
      }
      return `<tr class="mx-row" data-case="${e(row.id)}"><td><code>${e(row.id)}</code></td><td class="title">${e(row.title)} <span class="level level-${row.level}">${row.level}</span></td><td class="reqs">${requirementChips(row.requirements)}</td>` +
        cols.map((c) => `<td class="cell" data-col="${c}" data-verdict="${row.cells[c]?.result.verdict ?? ''}">${cellButton(row, i, c)}</td>`).join('') + '</tr>';
    });
    return `<tbody class="mx-section" data-section="${e(section)}"><tr class="section-row"><th colspan="${3 + columns.length}">${e(section)} <span class="muted">(${sectionRows.length})</span></th></tr>${body.join('')}</tbody>`;
  });

  const requirements = requirementRows(columns).map((r, ri) => {
    const cells = cols.map((c) => {
      const coverage = r.cells[c];
      const id = `q-${c}-${ri}`;
      if (coverage) templates.push(`<template id="${id}">${requirementDetail(columns[c] as MatrixColumn, coverage)}</template>`);
      return `<td class="cell" data-col="${c}" data-verdict="${coverage?.verdict ?? ''}">${requirementCell(coverage, id)}</td>`;
    });
    return `<tr id="req-${e(r.id)}" class="req-row" data-requirement="${e(r.id)}"><td><strong>${e(r.id)}</strong></td><td><span class="level level-${e(r.level)}">${e(r.level)}</span></td><td class="title">${e(r.text)}</td>${cells.join('')}</tr>`;
  });

  const last = columns.length - 1;
  const [base, head] = columns.length > 1 ? [last - 1, last] : [0, 0];
  for (const b of cols) for (const h of cols) if (b !== h) templates.push(`<template id="diff-${b}-${h}">${changesTable(columns, rows, rowIndex, b, h)}</template>`);
  const options_ = (selected: number): string => cols.map((c) => `<option value="${c}"${c === selected ? ' selected' : ''}>${e(columns[c]?.label)}</option>`).join('');
  const changesSection = columns.length > 1
    ? `<section class="card" id="changes"><h2>What changed</h2><div class="pair">From <select id="diff-base" aria-label="earlier run">${options_(base)}</select> to <select id="diff-head" aria-label="later run">${options_(head)}</select> <span class="muted">(cells that differ are outlined in the tables below)</span></div><div id="diff-view">${changesTable(columns, rows, rowIndex, base, head)}</div></section>`
    : '';
  const versions = [...new Set(columns.map((c) => c.results.suite.specVersion))];
  const headers = cols.map((c) => columnHeader(columns[c] as MatrixColumn, c)).join('');
  const title = `${columns.length} runs side by side · paysock conformance matrix`;
  return `${pageHead({ script: matrixScript, styles: reportStyles + matrixStyles, title })}
<body>
<main class="wide">
<header class="card matrix-head"><p class="eyebrow">paysock conformance matrix · payment socket protocol</p>
<h1>${columns.length} run${columns.length === 1 ? '' : 's'} side by side</h1>
<p class="muted">Spec ${versions.map((v) => e(v)).join(', ')} · columns: ${columns.map((c) => `<strong>${e(c.label)}</strong>`).join(', ')}. A verdict opens the case's detail from that run.</p>
${options.mixedSpecs ? `<p class="mixed-specs" id="mixed-specs"><strong>Runs of different spec versions, shown together on request (--mixed-specs).</strong> ${e(options.mixedSpecs)}</p>` : ''}</header>
<nav class="toc">${columns.length > 1 ? '<a href="#changes">What changed</a>' : ''}<a href="#cases">Cases</a><a href="#requirements">Requirements</a></nav>
${changesSection}
<section class="card" id="cases"><h2>Cases</h2>${columns.length > 1 ? '<p><label><input type="checkbox" id="only-changed"> only the cases whose verdict differs between the two runs compared</label></p>' : ''}
<div class="mx-scroll"><table class="mx" id="case-matrix"><thead><tr><th>case</th><th>title</th><th>requirements</th>${headers}</tr></thead>${sections.join('')}</table></div></section>
<section class="card" id="requirements"><h2>Requirements</h2><p class="lead muted">Each run's verdict of a requirement is the worst verdict of the cases that check it there.</p>
<div class="mx-scroll"><table class="mx" id="requirement-matrix"><thead><tr><th>requirement</th><th>level</th><th>text</th>${headers}</tr></thead><tbody>${requirements.join('')}</tbody></table></div></section>
<footer>Generated by paysock from ${columns.map((c) => e(c.source)).join(', ')}. Re-render with <code>paysock report --matrix</code>.</footer>
</main>
<dialog id="detail" aria-label="case detail"><button type="button" class="tool" id="detail-close">Close</button><div id="detail-body"></div></dialog>
<div hidden>${templates.join('\n')}</div>
<script>${matrixScript}</script>
</body>
</html>
`;
}
