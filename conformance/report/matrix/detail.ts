import type { CaseResult, RequirementCoverage } from '../../results.js';
import { escapeHtml as e } from '../escape.js';
import { groundsBlock, requirementChips } from '../html/case-block.js';
import { verdictBadge } from '../html/verdict.js';
import type { MatrixColumn } from './model.js';

/**
 * A case's detail from one run, opened from its matrix cell: why the verdict
 * stands (reason, the quoted grounds), the steps with expected and actual,
 * schema errors, transitions outside the graph and the replay command. The
 * wire log and sequence diagram stay in the run's own report (linked when it
 * sits beside its results.json): a matrix of many runs would otherwise weigh
 * megabytes per column.
 */
export function caseDetail(column: MatrixColumn, k: CaseResult, index: number): string {
  const body: string[] = [`<h3 class="detail-title">${verdictBadge(k.verdict)} <code>${e(k.id)}</code> ${e(k.title)}</h3>`,
    `<p class="muted detail-run">in <strong>${e(column.label)}</strong> · ${e(column.results.target.url)} · ${e(column.results.startedAt)} · <span class="level level-${k.level}">${k.level}</span> ${requirementChips(k.requirements)}</p>`];
  if (k.reason) body.push(`<p class="reason v-text-${k.verdict}"><strong>${k.verdict === 'NA' ? 'N/A' : k.verdict}:</strong> ${e(k.reason)}</p>`);
  if (k.grounds && k.grounds.length > 0) body.push(groundsBlock(k.verdict, k.grounds));
  if (k.steps.length > 0) {
    const rows = k.steps.map((s, i) => `<tr class="step-${s.verdict}"><td class="num">${i + 1}</td><td>${e(s.title)}</td><td>${verdictBadge(s.verdict)}</td><td class="expected">${e(s.expected)}</td><td class="actual">${e(s.actual)}</td><td>${requirementChips(s.requirements)}</td></tr>`);
    body.push(`<h4>Steps</h4><div class="scroll"><table class="steps"><thead><tr><th>#</th><th>step</th><th>verdict</th><th>expected</th><th>actual</th><th>requirements</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`);
  }
  if (k.schemaErrors.length > 0) {
    const rows = k.schemaErrors.map((s) => `<tr><td><code class="path">${e(s.path || '/')}</code></td><td>${e(s.message)}</td><td>${requirementChips([s.requirement])}</td></tr>`);
    body.push(`<h4>Schema errors</h4><div class="scroll"><table class="schema-errors"><thead><tr><th>JSON path</th><th>problem</th><th>requirement</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`);
  }
  if (k.illegalTransitions.length > 0) {
    body.push(`<h4>Transitions outside the screen graph</h4><p class="transitions">${k.illegalTransitions.map((t) => `<span class="transition illegal">${e(t.replace('>', ' → '))}</span>`).join(' ')}</p>`);
  }
  body.push(`<h4>Replay</h4><div class="replay"><code>${e(k.replay)}</code></div>`);
  if (column.reportHref) body.push(`<p><a class="full-report" href="${e(`${column.reportHref}#case-${index}`)}">The case in that run's full report (wire log, sequence diagram)</a></p>`);
  return body.join('');
}

/** A requirement's coverage in one run, opened from its cell in the requirement view: the cases that check it there and their verdicts. */
export function requirementDetail(column: MatrixColumn, r: RequirementCoverage): string {
  const byId = new Map(column.results.cases.map((k) => [k.id, k]));
  const items = r.cases.map((id) => {
    const k = byId.get(id);
    return `<li>${k ? verdictBadge(k.verdict) : '<span class="badge untested">not run</span>'} <code>${e(id)}</code> ${k ? e(k.title) : ''}${k?.reason && k.verdict !== 'PASS' ? `<div class="muted small">${e(k.reason)}</div>` : ''}</li>`;
  });
  const none = r.untestable ? `<p class="muted">Not testable from outside: ${e(r.untestable)}</p>` : '<p class="muted">No case checks it.</p>';
  return `<h3 class="detail-title"><strong>${e(r.id)}</strong> <span class="level level-${e(r.level)}">${e(r.level)}</span></h3>` +
    `<p class="muted detail-run">in <strong>${e(column.label)}</strong> · ${e(r.source)}</p><p class="req-text">${e(r.text)}</p>` +
    (items.length > 0 ? `<ul class="detail-cases">${items.join('')}</ul>` : none);
}
