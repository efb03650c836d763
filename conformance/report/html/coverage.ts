import type { CaseResult, RunResults } from '../../results.js';
import { escapeHtml as e } from '../escape.js';
import { verdictBadge } from './verdict.js';

/**
 * The requirement coverage matrix: every requirement of the spec with its
 * level, source, text, the cases that check it and their worst verdict; a
 * requirement no case checks shows why it is not testable from outside, or
 * is flagged untested.
 */
export function coverageMatrix(results: RunResults): string {
  const caseIndex = new Map<string, number>(results.cases.map((k: CaseResult, i) => [k.id, i]));
  const must = results.requirements.filter((r) => r.level === 'MUST');
  const checked = must.filter((r) => r.cases.length > 0).length;
  const mustUntestable = must.filter((r) => r.cases.length === 0 && r.untestable).length;
  // An unchecked MUST is a hole in the certification; an unchecked SHOULD or MAY is only worth a mention.
  const untested = must.filter((r) => r.cases.length === 0 && !r.untestable);
  const others = results.requirements.filter((r) => r.level !== 'MUST');
  const othersChecked = others.filter((r) => r.cases.length > 0).length;
  const rows = results.requirements.map((r) => {
    const cases = r.cases.map((id) => {
      const i = caseIndex.get(id);
      return i === undefined ? `<code>${e(id)}</code>` : `<a class="case-link" href="#case-${i}">${e(id)}</a>`;
    }).join(' ');
    const verdict = r.cases.length > 0
      ? (r.verdict ? verdictBadge(r.verdict) : '')
      : r.untestable
        ? `<span class="badge untestable">not testable</span><div class="muted small">${e(r.untestable)}</div>`
        : r.level === 'MUST' ? '<span class="badge untested">untested</span>' : '<span class="badge untestable">not checked</span>';
    const state = r.cases.length > 0 ? (r.verdict ?? 'tested') : r.untestable ? 'untestable' : r.level === 'MUST' ? 'untested' : 'unchecked';
    return `<tr id="req-${e(r.id)}" data-requirement="${e(r.id)}" data-coverage="${e(state)}"><td><strong>${e(r.id)}</strong></td><td><span class="level level-${e(r.level)}">${e(r.level)}</span></td>` +
      `<td class="muted">${e(r.source)}</td><td class="req-text">${e(r.text)}</td><td class="cases">${cases}</td><td>${verdict}</td></tr>`;
  });
  return `<section class="card" id="requirements"><h2>Requirement coverage</h2>
<p class="lead">${checked} of ${must.length} MUST requirements are checked by at least one case; ${mustUntestable} ${mustUntestable === 1 ? 'is' : 'are'} not testable from outside (reason in the table)${untested.length > 0 ? `; <strong class="v-text-FAIL">${untested.length} untested: ${untested.map((r) => e(r.id)).join(', ')}</strong>` : ''}. <span class="muted">${othersChecked} of ${others.length} SHOULD and MAY requirements are checked.</span></p>
<div class="scroll"><table class="matrix"><thead><tr><th>requirement</th><th>level</th><th>source</th><th>text</th><th>cases</th><th>verdict</th></tr></thead><tbody>${rows.join('')}</tbody></table></div></section>`;
}
