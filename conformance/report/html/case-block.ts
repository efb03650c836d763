import type { Ground } from '../../grounds.js';
import type { CaseResult } from '../../results.js';
import { escapeHtml as e } from '../escape.js';
import { sequenceDiagram } from './sequence-diagram.js';
import { verdictBadge } from './verdict.js';
import { wireLog } from './wire-log.js';

/** The wire events a case's verdict rests on: what schema errors and failing steps point at. */
function flaggedEvents(k: CaseResult): Set<number> {
  const flagged = new Set<number>(k.schemaErrors.map((s) => s.event));
  for (const step of k.steps) if (step.verdict !== 'PASS' && step.event !== undefined) flagged.add(step.event);
  return flagged;
}

/** A link to wire event `event` of case `index`, or '' when the step names none. */
function eventLink(index: number, event: number | undefined): string {
  return event === undefined ? '' : `<a class="ev" href="#case-${index}-e${event}">#${event}</a>`;
}

/**
 * Why the verdict stands: each broken requirement with its level and the
 * source sentences that state it, quoted (a FAIL always has one; a WARN's
 * requirement may be the project's own reading, which says so).
 */
export function groundsBlock(verdict: string, grounds: readonly Ground[]): string {
  const items = grounds.map((g) => {
    const quotes = g.citations.map((c) => `<blockquote class="cite">“${e(c.quote)}”<cite>${e(c.where)}</cite></blockquote>`).join('');
    const none = g.citations.length === 0 ? `<span class="muted">${g.source === 'project' ? 'the project\'s own reading, where the sources are silent: a warning, never a failure' : 'no source sentence quoted'}</span>` : '';
    return `<li>${requirementChips([g.requirement])} <span class="level">${e(g.level)}</span> <span class="muted">(${e(g.source)})</span>${quotes}${none}</li>`;
  });
  return `<div class="grounds"><h4>${verdict === 'FAIL' ? 'Why this is a failure: the source says' : 'What this rests on'}</h4><ul>${items.join('')}</ul></div>`;
}

/** Requirement ids as chips linking to the coverage matrix. */
export function requirementChips(ids: readonly string[]): string {
  return ids.map((id) => `<a class="req" href="#req-${e(id)}">${e(id)}</a>`).join(' ');
}

/**
 * One case as an expandable block: the summary line says id, title, level,
 * requirements and verdict (and why, when it is not a pass); the body holds
 * steps with expected vs actual, schema errors, transitions, the sequence
 * diagram, the full wire log and the replay command.
 */
export function caseBlock(k: CaseResult, index: number): string {
  const flagged = flaggedEvents(k);
  const body: string[] = [];
  if (k.reason) body.push(`<p class="reason v-text-${k.verdict}"><strong>${k.verdict === 'NA' ? 'N/A' : k.verdict}:</strong> ${e(k.reason)}</p>`);
  if (k.grounds && k.grounds.length > 0) body.push(groundsBlock(k.verdict, k.grounds));
  if (k.steps.length > 0) {
    body.push('<h4>Steps</h4><div class="scroll"><table class="steps"><thead><tr><th>#</th><th>step</th><th>verdict</th><th>expected</th><th>actual</th><th>requirements</th><th>frame</th></tr></thead><tbody>');
    for (const [i, s] of k.steps.entries()) {
      body.push(`<tr class="step-${s.verdict}"><td class="num">${i + 1}</td><td>${e(s.title)}</td><td>${verdictBadge(s.verdict)}</td>` +
        `<td class="expected">${e(s.expected)}</td><td class="actual">${e(s.actual)}</td><td>${requirementChips(s.requirements)}</td><td>${eventLink(index, s.event)}</td></tr>`);
    }
    body.push('</tbody></table></div>');
  }
  if (k.schemaErrors.length > 0) {
    body.push('<h4>Schema errors</h4><div class="scroll"><table class="schema-errors"><thead><tr><th>frame</th><th>JSON path</th><th>problem</th><th>requirement</th></tr></thead><tbody>');
    for (const s of k.schemaErrors) {
      body.push(`<tr><td>${eventLink(index, s.event)}</td><td><code class="path">${e(s.path || '/')}</code></td><td>${e(s.message)}</td><td>${requirementChips([s.requirement])}</td></tr>`);
    }
    body.push('</tbody></table></div>');
  }
  if (k.illegalTransitions.length > 0) {
    body.push(`<h4>Transitions outside the screen graph <span class="muted">(GRAPH-1, the project's graph: a warning unless a step above fails)</span></h4><p class="transitions">${k.illegalTransitions.map((t) => `<span class="transition illegal" title="not in the screen graph of docs/protocol.md section 11 (GRAPH-1, a SHOULD)">${e(t.replace('>', ' → '))}</span>`).join(' ')}</p>`);
  }
  if (k.transitions.length > 0) {
    const illegal = new Set(k.illegalTransitions);
    body.push(`<h4>Screen transitions seen</h4><p class="transitions">${k.transitions.map((t) => `<span class="transition${illegal.has(t) ? ' illegal' : ''}">${e(t.replace('>', ' → '))}</span>`).join(' ')}</p>`);
  }
  if (k.wire.length > 0) {
    body.push(`<h4>Message sequence</h4><div class="scroll diagram">${sequenceDiagram(k, flagged, index)}</div>`);
  }
  body.push(`<h4>Wire log <span class="muted">(${k.wire.length} events, times from the case start)</span></h4>`, wireLog(k, flagged, index));
  body.push(`<h4>Replay</h4><div class="replay"><code id="replay-${index}">${e(k.replay)}</code><button type="button" class="copy" data-copy="replay-${index}">Copy</button></div>`);

  const why = k.verdict !== 'PASS' && k.reason ? `<span class="why">${e(k.reason.length > 160 ? `${k.reason.slice(0, 160)}…` : k.reason)}</span>` : '';
  return `<details class="case" id="case-${index}" data-verdict="${k.verdict}" data-section="${e(k.section)}" data-id="${e(k.id)}" data-search="${e(`${k.id} ${k.title} ${k.requirements.join(' ')}`.toLowerCase())}">` +
    `<summary>${verdictBadge(k.verdict)}<code class="case-id">${e(k.id)}</code><span class="title">${e(k.title)}</span>` +
    `<span class="level level-${k.level}">${k.level}</span><span class="reqs">${k.requirements.map((r) => e(r)).join(' · ')}</span>` +
    `<span class="duration">${k.durationMs} ms</span>${why}</summary><div class="case-body">${body.join('')}</div></details>`;
}
