import type { CaseResult, WireEvent } from '../../results.js';
import { escapeHtml as e } from '../escape.js';
import { frameSummary, isErrorMessage } from './frame-summary.js';

/** Events drawn at most: a longer log is drawn up to here, and the wire log below holds the rest. */
export const MAX_DIAGRAM_EVENTS = 250;
const ROW = 24;
const TOP = 46;
const TIME_COLUMN = 70;
const TERMINAL_GAP = 120;
const LABEL_CHARS = 46;

/**
 * A message sequence diagram of a case's wire log as inline SVG: one lifeline
 * per terminal connection and one for the backend, an arrow per frame
 * labelled with its message type and screen (or close code), the time since
 * the case started on the left. Frames a schema error or failing step points
 * at are drawn red. Returns '' for an empty log.
 */
export function sequenceDiagram(k: CaseResult, flagged: ReadonlySet<number>, caseIndex: number): string {
  if (k.wire.length === 0) return '';
  const events = k.wire.slice(0, MAX_DIAGRAM_EVENTS);
  const start = k.wire[0]?.at ?? 0;
  const connections = [...new Set(events.map((w) => w.connection))];
  const terminalX = (i: number): number => TIME_COLUMN + 80 + i * TERMINAL_GAP;
  const backendX = Math.max(620, terminalX(connections.length - 1) + 360);
  const width = backendX + 90;
  const height = TOP + events.length * ROW + 16;
  const xOf = new Map(connections.map((c, i) => [c, terminalX(i)]));
  const parts: string[] = [
    `<svg class="sequence" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="Message sequence of ${e(k.id)}">`,
  ];
  for (const [c, x] of xOf) parts.push(lifeline(x, height, `Terminal ${c}`, 'lane-terminal'));
  parts.push(lifeline(backendX, height, 'Backend', 'lane-backend'));
  for (const [i, w] of events.entries()) {
    const y = TOP + i * ROW + ROW / 2 + 6;
    const tx = xOf.get(w.connection) ?? terminalX(0);
    parts.push(`<a href="#case-${caseIndex}-e${i}">`, row(w, i, y, tx, backendX, w.at - start, flagged.has(i)), '</a>');
  }
  parts.push('</svg>');
  const note = k.wire.length > events.length ? `<p class="note">Diagram shows the first ${events.length} of ${k.wire.length} events; the wire log below has all of them.</p>` : '';
  return parts.join('') + note;
}

function lifeline(x: number, height: number, label: string, cls: string): string {
  return `<g class="${cls}"><rect x="${x - 62}" y="4" width="124" height="26" rx="6"/><text x="${x}" y="21" text-anchor="middle">${e(label)}</text>` +
    `<line x1="${x}" y1="30" x2="${x}" y2="${height - 4}"/></g>`;
}

function row(w: WireEvent, index: number, y: number, terminal: number, backend: number, offset: number, flagged: boolean): string {
  const label = frameSummary(w);
  const short = label.length > LABEL_CHARS ? `${label.slice(0, LABEL_CHARS - 1)}…` : label;
  const cls = ['msg', `d-${w.direction}`, `k-${w.kind}`, flagged ? 'flagged' : '', isErrorMessage(w) ? 'protocol-error' : ''].filter(Boolean).join(' ');
  const title = `<title>#${index} +${offset} ms ${e(w.connection)} ${w.direction} ${w.kind}: ${e(w.data.length > 600 ? `${w.data.slice(0, 600)}…` : w.data)}</title>`;
  const time = `<text class="time" x="${TIME_COLUMN - 8}" y="${y + 4}" text-anchor="end">+${offset} ms</text>`;
  const mid = (terminal + backend) / 2;
  const text = `<text class="label" x="${mid}" y="${y - 5}" text-anchor="middle">${e(short)}</text>`;
  if (w.direction === 'event') {
    // Connection events (open, close, error, HTTP) belong to the connection, not to either side: a dashed bar.
    return `<g class="${cls}">${title}${time}<line x1="${terminal}" y1="${y}" x2="${backend}" y2="${y}"/><circle cx="${terminal}" cy="${y}" r="3.5"/>${text}</g>`;
  }
  const [x1, x2] = w.direction === 'sent' ? [terminal, backend] : [backend, terminal];
  const tip = x2 > x1 ? -1 : 1;
  const head = `<polygon points="${x2},${y} ${x2 + tip * 9},${y - 4.5} ${x2 + tip * 9},${y + 4.5}"/>`;
  return `<g class="${cls}">${title}${time}<line x1="${x1}" y1="${y}" x2="${x2 + tip * 8}" y2="${y}"/>${head}${text}</g>`;
}
