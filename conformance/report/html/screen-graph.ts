import type { RunResults } from '../../results.js';
import { escapeHtml as e } from '../escape.js';

/** Where each screen sits in the drawing: the paid cycle runs round the edge, the error screens in the middle, KEYPAD above the preset path. */
const positions: Record<string, [number, number]> = {
  KEYPAD: [350, 40],
  AMOUNT_SELECT: [110, 150], PAYMENT_METHOD: [590, 150], PROCESSING: [830, 150],
  LIMIT_ERROR: [350, 270], FAILED: [590, 270], SUCCESS: [830, 270],
  DEVICE_ERROR: [110, 390], THANK_YOU: [350, 390], COLLECT_TICKET: [590, 390], PRINT_TICKET: [830, 390],
};
const NODE_W = 150;
const NODE_H = 34;

interface Edge { from: string; to: string; seen: number; illegal: boolean }

/** Illegal transitions the run observed, with how often, from every case. */
function illegalEdges(results: RunResults): Edge[] {
  const counts = new Map<string, number>();
  for (const k of results.cases) for (const t of k.illegalTransitions) counts.set(t, (counts.get(t) ?? 0) + 1);
  return [...counts].map(([key, seen]) => {
    const [from = '', to = ''] = key.split('>');
    return { from, to, seen, illegal: true };
  });
}

/**
 * Screen-graph coverage: every legal transition and how often the run saw it,
 * plus every illegal one a backend made, as an inline SVG drawing and as a table.
 */
export function screenGraph(results: RunResults): string {
  const edges: Edge[] = [...results.graph.map((g) => ({ ...g, illegal: false })), ...illegalEdges(results)];
  const seen = results.graph.filter((g) => g.seen > 0).length;
  const rows = edges.map((g) => `<tr class="${g.illegal ? 'illegal' : g.seen > 0 ? 'seen' : 'unseen'}" data-transition="${e(`${g.from}>${g.to}`)}"><td>${e(g.from)}</td><td>→</td><td>${e(g.to)}</td><td class="num">${g.seen}</td>` +
    `<td>${g.illegal ? '<span class="badge v-FAIL">illegal</span>' : g.seen > 0 ? '<span class="badge v-PASS">exercised</span>' : '<span class="badge untested">not exercised</span>'}</td></tr>`);
  return `<section class="card" id="screen-graph"><h2>Screen-graph coverage</h2>
<p class="lead">${seen} of ${results.graph.length} legal transitions exercised${illegalEdges(results).length > 0 ? `; <strong class="v-text-WARN">${illegalEdges(results).length} transition${illegalEdges(results).length === 1 ? '' : 's'} outside the graph seen (GRAPH-1, a warning)</strong>` : ''}. Re-sending the current screen and moving to DEVICE_ERROR are always allowed and not drawn.</p>
<div class="graph-layout"><div class="scroll">${drawing(edges)}</div>
<p class="legend"><span><i class="l-seen"></i>exercised (label: times seen)</span><span><i class="l-unseen"></i>not exercised</span><span><i class="l-illegal"></i>illegal: not in the screen graph</span></p>
<div class="scroll"><table class="graph-table"><thead><tr><th>from</th><th></th><th>to</th><th>seen</th><th></th></tr></thead><tbody>${rows.join('')}</tbody></table></div></div></section>`;
}

function drawing(edges: Edge[]): string {
  const screens = [...new Set(edges.flatMap((g) => [g.from, g.to]))];
  // Screens outside the known layout (a future spec, or garbage in an illegal transition) go on an extra row.
  let spare = 0;
  const place = (s: string): [number, number] => {
    const known = positions[s];
    if (known) return known;
    const n = spare++;
    return [110 + 240 * (n % 4), 500 + 80 * Math.floor(n / 4)];
  };
  const at = new Map<string, [number, number]>(screens.map((s) => [s, place(s)]));
  const height = Math.max(...[...at.values()].map(([, y]) => y)) + 50;
  const parts = [`<svg class="graph" xmlns="http://www.w3.org/2000/svg" width="950" height="${height}" viewBox="0 0 950 ${height}" role="img" aria-label="Screen graph coverage">`];
  for (const g of edges) {
    const a = at.get(g.from);
    const b = at.get(g.to);
    if (!a || !b || g.from === g.to) continue;
    parts.push(edge(g, a, b));
  }
  for (const [s, [x, y]] of at) {
    parts.push(`<g class="node"><rect x="${x - NODE_W / 2}" y="${y - NODE_H / 2}" width="${NODE_W}" height="${NODE_H}" rx="8"/><text x="${x}" y="${y + 4}" text-anchor="middle">${e(s)}</text></g>`);
  }
  parts.push('</svg>');
  return parts.join('');
}

/** A curved arrow from box a to box b, bent to its right so the two directions of a pair do not overlap. */
function edge(g: Edge, a: readonly [number, number], b: readonly [number, number]): string {
  const [x1, y1] = clip(a, b);
  const [x2, y2] = clip(b, a);
  const dx = x2 - x1;
  const dy = y2 - y1;
  const length = Math.hypot(dx, dy) || 1;
  // Long edges bend more, so they clear the boxes between their ends.
  const bend = Math.max(22, 0.15 * length);
  const cx = (x1 + x2) / 2 - (dy / length) * bend;
  const cy = (y1 + y2) / 2 + (dx / length) * bend;
  // Arrowhead along the curve's end tangent (from the control point to the end).
  const tx = x2 - cx;
  const ty = y2 - cy;
  const tl = Math.hypot(tx, ty) || 1;
  const ux = tx / tl;
  const uy = ty / tl;
  const head = `${x2},${y2} ${x2 - ux * 10 - uy * 5},${y2 - uy * 10 + ux * 5} ${x2 - ux * 10 + uy * 5},${y2 - uy * 10 - ux * 5}`;
  const cls = g.illegal ? 'edge illegal' : g.seen > 0 ? 'edge seen' : 'edge unseen';
  const lx = 0.25 * x1 + 0.5 * cx + 0.25 * x2;
  const ly = 0.25 * y1 + 0.5 * cy + 0.25 * y2;
  const label = g.seen > 0 ? `<text x="${lx.toFixed(1)}" y="${(ly + 4).toFixed(1)}" text-anchor="middle" class="edge-count">${g.seen}</text>` : '';
  return `<g class="${cls}"><title>${e(g.from)} → ${e(g.to)}: ${g.illegal ? 'ILLEGAL, ' : ''}seen ${g.seen}×</title><path d="M${x1.toFixed(1)},${y1.toFixed(1)} Q${cx.toFixed(1)},${cy.toFixed(1)} ${x2.toFixed(1)},${y2.toFixed(1)}"/><polygon points="${head}"/>${label}</g>`;
}

/** Where the line from the centre of box `from` towards `to` leaves the box. */
function clip(from: readonly [number, number], to: readonly [number, number]): [number, number] {
  const [x, y] = from;
  const dx = to[0] - x;
  const dy = to[1] - y;
  const scale = Math.min(dx === 0 ? Infinity : (NODE_W / 2 + 3) / Math.abs(dx), dy === 0 ? Infinity : (NODE_H / 2 + 3) / Math.abs(dy));
  return [x + dx * scale, y + dy * scale];
}
