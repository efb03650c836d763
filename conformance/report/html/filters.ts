import type { RunResults } from '../../results.js';
import { escapeHtml as e } from '../escape.js';
import { casesBySection } from '../sections.js';
import { verdictMeaning, verdictOrder } from './verdict.js';

/**
 * The filter bar: a toggle button per verdict, a checkbox per section, a text
 * search, and expand/collapse. The inline script wires them; tests find them
 * by their data attributes.
 */
export function filterBar(results: RunResults): string {
  const verdictButtons = verdictOrder.map((v) => `<button type="button" class="filter f-${v}" data-filter-verdict="${v}" aria-pressed="false" title="${verdictMeaning[v]}"${results.counts[v] === 0 ? ' disabled' : ''}>${v === 'NA' ? 'N/A' : v} <span class="n">${results.counts[v]}</span></button>`);
  const sections = [...casesBySection(results.cases)].map(([s, cases]) => `<label class="section-filter"><input type="checkbox" data-filter-section="${e(s)}" checked> ${e(s)} <span class="n">${cases.length}</span></label>`);
  return `<div class="filters" id="filters">
<div class="filter-row"><span class="filter-title">Verdict</span><button type="button" class="filter all" data-filter-verdict="ALL" aria-pressed="true">All <span class="n">${results.cases.length}</span></button>${verdictButtons.join('')}</div>
<div class="filter-row"><span class="filter-title">Section</span>${sections.join('')}</div>
<div class="filter-row"><span class="filter-title">Find</span><input type="search" id="case-search" placeholder="case id, title or requirement" aria-label="Find cases"><button type="button" class="tool" id="expand-visible">Expand shown</button><button type="button" class="tool" id="collapse-all">Collapse all</button><span class="muted" id="shown-count" aria-live="polite">${results.cases.length} of ${results.cases.length} cases shown</span></div>
</div>`;
}
