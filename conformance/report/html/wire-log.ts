import type { CaseResult } from '../../results.js';
import { escapeHtml as e } from '../escape.js';
import { frameSummary } from './frame-summary.js';

/** Characters of a frame shown inline; longer frames show their full text in a collapsible below. */
export const FRAME_PREVIEW_CHARS = 240;

const arrows = { sent: ['→', 'terminal → backend'], received: ['←', 'backend → terminal'], event: ['•', 'connection event'] } as const;

/**
 * The full wire log of a case as a table: index, time since the case
 * started, connection, direction arrow, kind, summary and data (escaped;
 * long frames truncated with the full text one click away).
 */
export function wireLog(k: CaseResult, flagged: ReadonlySet<number>, caseIndex: number): string {
  if (k.wire.length === 0) return '<p class="note">No wire traffic: the case did not open a connection.</p>';
  const start = k.wire[0]?.at ?? 0;
  const rows = k.wire.map((w, i) => {
    const [arrow, arrowTitle] = arrows[w.direction];
    const preview = w.data.length > FRAME_PREVIEW_CHARS ? `${w.data.slice(0, FRAME_PREVIEW_CHARS)}…` : w.data;
    const full = w.data.length > FRAME_PREVIEW_CHARS
      ? `<details class="full-frame"><summary>full frame (${w.data.length} chars${w.bytes !== undefined ? `, ${w.bytes} bytes` : ''})</summary><pre>${e(w.data)}</pre></details>`
      : '';
    return `<tr id="case-${caseIndex}-e${i}" class="d-${w.direction}${flagged.has(i) ? ' flagged' : ''}">` +
      `<td class="num">${i}</td><td class="num">+${w.at - start}&nbsp;ms</td><td>${e(w.connection)}</td>` +
      `<td class="arrow" title="${arrowTitle}">${arrow}</td><td>${e(w.kind)}</td><td class="summary">${e(frameSummary(w))}</td>` +
      `<td class="data"><pre>${e(preview)}</pre>${full}</td></tr>`;
  });
  return `<div class="scroll wire-scroll"><table class="wire"><thead><tr><th>#</th><th>time</th><th>conn</th><th></th><th>kind</th><th>summary</th><th>data</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}
