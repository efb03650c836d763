import type { LatencyBucket, LatencyStats, TimeSeriesPoint } from '../summary.js';
import { escapeHtml } from '../../conformance/report/escape.js';
import { formatNumber } from './svg-chart.js';
import { niceTicks, tickLabel } from './ticks.js';

/**
 * The load report's charts over time and of the distribution, as inline SVG
 * (no script, no external asset). Each SVG carries data-chart and its marks
 * classes, so a browser test can find what was drawn. Runtime-neutral.
 */

const pad = { left: 58, right: 58, top: 46, bottom: 42 };
/** Colours for failure reasons, in order of first appearance (colour-blind safe first). */
const reasonColors = ['#d1495b', '#edae49', '#8f2d56', '#b07aa1', '#ff9da7', '#9c755f', '#e15759', '#f28e2b'];

interface Frame {
  width: number;
  height: number;
  x(v: number): number;
  y(v: number): number;
  parts: string[];
}

/** Axes with 1-2-5 ticks: whole seconds along x, the left scale and, when given, a right one. */
function frame(kind: string, title: string, width: number, height: number, xMax: number, yTicks: number[], yLabel: string, right?: { ticks: number[]; label: string; y: (v: number) => number }): Frame {
  const xTicks = niceTicks(0, Math.max(1, xMax), 8, true);
  const xEnd = xTicks[xTicks.length - 1]!;
  const yEnd = yTicks[yTicks.length - 1]!;
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const x = (v: number): number => pad.left + (v / xEnd) * plotW;
  const y = (v: number): number => pad.top + plotH - (v / yEnd) * plotH;
  const parts = [`<text x="${pad.left}" y="18" font-weight="600" font-size="13">${escapeHtml(title)}</text>`];
  for (const t of yTicks) {
    parts.push(`<line class="grid" x1="${pad.left}" x2="${width - pad.right}" y1="${y(t).toFixed(1)}" y2="${y(t).toFixed(1)}" stroke="#e6e9ed"/>`);
    parts.push(`<text class="y-tick" x="${pad.left - 6}" y="${(y(t) + 4).toFixed(1)}" text-anchor="end" fill="#57606a">${tickLabel(t)}</text>`);
  }
  for (const t of xTicks) parts.push(`<text class="x-tick" x="${x(t).toFixed(1)}" y="${pad.top + plotH + 16}" text-anchor="middle" fill="#57606a">${tickLabel(t, true)}</text>`);
  if (right) for (const t of right.ticks) parts.push(`<text x="${width - pad.right + 6}" y="${(right.y(t) + 4).toFixed(1)}" fill="#8c959f">${tickLabel(t)}</text>`);
  parts.push(`<line x1="${pad.left}" x2="${width - pad.right}" y1="${pad.top + plotH}" y2="${pad.top + plotH}" stroke="#8c959f"/>`);
  parts.push(`<text x="${pad.left + plotW / 2}" y="${height - 6}" text-anchor="middle" fill="#57606a">seconds since start</text>`);
  parts.push(`<text transform="translate(14 ${pad.top + plotH / 2}) rotate(-90)" text-anchor="middle" fill="#57606a">${escapeHtml(yLabel)}</text>`);
  if (right) parts.push(`<text transform="translate(${width - 10} ${pad.top + plotH / 2}) rotate(90)" text-anchor="middle" fill="#8c959f">${escapeHtml(right.label)}</text>`);
  void kind;
  return { width, height, x, y, parts };
}

function svg(kind: string, f: Frame, label: string): string {
  return `<svg class="chart" data-chart="${kind}" xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${escapeHtml(label)}" viewBox="0 0 ${f.width} ${f.height}" width="${f.width}" height="${f.height}" font-family="system-ui, sans-serif" font-size="11">${f.parts.join('')}</svg>`;
}

/** The legend, on its own row under the title, left-aligned with the plot. */
function legend(f: Frame, items: Array<{ name: string; color: string; kind?: 'line' | 'box' | 'band' }>): void {
  let x = pad.left;
  const entries: string[] = [];
  for (const item of items) {
    const mark = item.kind === 'line' ? `<line x1="${x}" x2="${x + 14}" y1="31" y2="31" stroke="${item.color}" stroke-width="2"/>`
      : `<rect x="${x}" y="25" width="14" height="11" rx="2" fill="${item.color}"${item.kind === 'band' ? ' fill-opacity="0.35"' : ''}/>`;
    entries.push(`${mark}<text x="${x + 18}" y="35" fill="#1f2328">${escapeHtml(item.name)}</text>`);
    x += 30 + item.name.length * 6.2;
  }
  f.parts.push(`<g class="chart-legend">${entries.join('')}</g>`);
}

/**
 * Latency over time as a band: p50 to p99 shaded, p50, p95 and p99 as lines,
 * with the active terminals overlaid on the right axis (a grey step line):
 * where latency climbs with load, it shows.
 */
export function latencyBandChart(series: readonly TimeSeriesPoint[], width = 1080, height = 300): string {
  const measured = series.filter((p) => p.p99Ms > 0 || (p.p50Ms ?? 0) > 0);
  const xMax = Math.max(1, ...series.map((p) => p.second + 1));
  const yTicks = niceTicks(0, Math.max(1, ...measured.map((p) => p.p99Ms)), 5);
  const activeTicks = niceTicks(0, Math.max(1, ...series.map((p) => p.activeTerminals)), 5, true);
  const plotH = height - pad.top - pad.bottom;
  const yRight = (v: number): number => pad.top + plotH - (v / activeTicks[activeTicks.length - 1]!) * plotH;
  const f = frame('latency-band', 'Latency over time (action → next screen) with active terminals', width, height, xMax, yTicks, 'ms', { ticks: activeTicks, label: 'active terminals', y: yRight });
  // Each second is drawn at its middle: second 3 covers 3.0-4.0 s.
  const mid = (p: TimeSeriesPoint): number => f.x(p.second + 0.5);
  const steps = series.map((p, i) => `${i === 0 ? 'M' : 'L'}${f.x(p.second).toFixed(1)},${yRight(p.activeTerminals).toFixed(1)}H${f.x(p.second + 1).toFixed(1)}`).join('');
  if (series.length > 0) f.parts.push(`<path class="active-terminals" d="${steps}" fill="none" stroke="#8c959f" stroke-width="1.5" stroke-dasharray="4 3"/>`);
  if (measured.length > 0) {
    const upper = measured.map((p) => `${mid(p).toFixed(1)},${f.y(p.p99Ms).toFixed(1)}`);
    const lower = [...measured].reverse().map((p) => `${mid(p).toFixed(1)},${f.y(p.p50Ms ?? p.p99Ms).toFixed(1)}`);
    f.parts.push(`<polygon class="band" points="${[...upper, ...lower].join(' ')}" fill="#0969da" fill-opacity="0.14"/>`);
    const line = (cls: string, pick: (p: TimeSeriesPoint) => number | undefined, color: string, w: number): void => {
      const pts = measured.filter((p) => pick(p) !== undefined).map((p) => `${mid(p).toFixed(1)},${f.y(pick(p)!).toFixed(1)}`);
      if (pts.length > 0) f.parts.push(`<polyline class="${cls}" points="${pts.join(' ')}" fill="none" stroke="${color}" stroke-width="${w}" stroke-linejoin="round"/>`);
      if (pts.length === 1) f.parts.push(`<circle class="${cls}" cx="${pts[0]!.split(',')[0]}" cy="${pts[0]!.split(',')[1]}" r="3" fill="${color}"/>`);
    };
    line('line-p50', (p) => p.p50Ms, '#0969da', 1.6);
    line('line-p95', (p) => p.p95Ms, '#bf8700', 1.4);
    line('line-p99', (p) => p.p99Ms, '#cf222e', 1.8);
  } else {
    f.parts.push(`<text x="${width / 2}" y="${height / 2}" text-anchor="middle" fill="#656d76">no latency measured</text>`);
  }
  legend(f, [{ name: 'p50–p99', color: '#0969da', kind: 'band' }, { name: 'p50', color: '#0969da', kind: 'line' }, { name: 'p95', color: '#bf8700', kind: 'line' }, { name: 'p99', color: '#cf222e', kind: 'line' }, { name: 'active terminals', color: '#8c959f', kind: 'line' }]);
  return svg('latency-band', f, 'Latency percentiles per second with active terminals');
}

/** Transactions per second, completed and failed by reason, as stacked bars. */
export function outcomeChart(series: readonly TimeSeriesPoint[], width = 1080, height = 260): string {
  const reasons: string[] = [];
  for (const p of series) for (const r of Object.keys(p.failedByReason ?? {})) if (!reasons.includes(r)) reasons.push(r);
  const totals = series.map((p) => p.transactionsPerSecond + Object.values(p.failedByReason ?? {}).reduce((a, b) => a + b, 0));
  const yTicks = niceTicks(0, Math.max(1, ...totals), 4, true);
  const xMax = Math.max(1, ...series.map((p) => p.second + 1));
  const f = frame('outcomes', 'Transactions per second: completed, and failed by reason', width, height, xMax, yTicks, 'transactions / s');
  const barW = Math.max(1, f.x(1) - f.x(0) - 1);
  for (const p of series) {
    let base = 0;
    const stack = (cls: string, value: number, color: string, name: string): void => {
      if (value <= 0) return;
      const top = f.y(base + value);
      f.parts.push(`<rect class="mark ${cls}" x="${(f.x(p.second) + 0.5).toFixed(1)}" y="${top.toFixed(1)}" width="${barW.toFixed(1)}" height="${(f.y(base) - top).toFixed(1)}" fill="${color}"><title>${escapeHtml(`${p.second} s: ${value} ${name}`)}</title></rect>`);
      base += value;
    };
    stack('completed', p.transactionsPerSecond, '#2da44e', 'completed');
    reasons.forEach((r, i) => stack('failed', p.failedByReason?.[r] ?? 0, reasonColors[i % reasonColors.length]!, `failed: ${r}`));
  }
  legend(f, [{ name: 'completed', color: '#2da44e' }, ...reasons.map((r, i) => ({ name: `failed: ${r}`, color: reasonColors[i % reasonColors.length]! }))]);
  return svg('outcomes', f, 'Transaction outcomes per second');
}

/**
 * The latency distribution: one bar per 1-2-5 ms bucket (a log scale of
 * latency), with the overall p50, p95 and p99 marked on the bucket that holds them.
 */
export function distributionChart(buckets: readonly LatencyBucket[], overall: LatencyStats, width = 1080, height = 260): string {
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const yTicks = niceTicks(0, Math.max(1, ...buckets.map((b) => b.count)), 4, true);
  const yEnd = yTicks[yTicks.length - 1]!;
  const y = (v: number): number => pad.top + plotH - (v / yEnd) * plotH;
  const slot = plotW / Math.max(1, buckets.length);
  const parts = [`<text x="${pad.left}" y="18" font-weight="600" font-size="13">Latency distribution (action → next screen, ${overall.count} samples)</text>`];
  for (const t of yTicks) {
    parts.push(`<line class="grid" x1="${pad.left}" x2="${width - pad.right}" y1="${y(t).toFixed(1)}" y2="${y(t).toFixed(1)}" stroke="#e6e9ed"/>`);
    parts.push(`<text x="${pad.left - 6}" y="${(y(t) + 4).toFixed(1)}" text-anchor="end" fill="#57606a">${tickLabel(t)}</text>`);
  }
  const marks: Array<[string, number, string]> = [['p50', overall.p50, '#0969da'], ['p95', overall.p95, '#bf8700'], ['p99', overall.p99, '#cf222e']];
  buckets.forEach((b, i) => {
    const left = pad.left + i * slot;
    const from = i === 0 ? 0 : buckets[i - 1]!.upToMs;
    parts.push(`<rect class="mark" x="${(left + 2).toFixed(1)}" y="${y(b.count).toFixed(1)}" width="${Math.max(1, slot - 4).toFixed(1)}" height="${(y(0) - y(b.count)).toFixed(1)}" fill="#54aeff"><title>${escapeHtml(`${formatNumber(from)}–${formatNumber(b.upToMs)} ms: ${b.count}`)}</title></rect>`);
    parts.push(`<text x="${(left + slot / 2).toFixed(1)}" y="${pad.top + plotH + 16}" text-anchor="middle" fill="#57606a">≤${tickLabel(b.upToMs)}</text>`);
    const here = marks.filter(([, v]) => v > from && v <= b.upToMs);
    here.forEach(([name, , color], k) => parts.push(`<text class="marker" x="${(left + slot / 2).toFixed(1)}" y="${(y(b.count) - 6 - k * 12).toFixed(1)}" text-anchor="middle" font-weight="700" fill="${color}">${name}</text>`));
  });
  parts.push(`<line x1="${pad.left}" x2="${width - pad.right}" y1="${y(0)}" y2="${y(0)}" stroke="#8c959f"/>`);
  parts.push(`<text x="${pad.left + plotW / 2}" y="${height - 6}" text-anchor="middle" fill="#57606a">latency bucket, ms (1-2-5 steps)</text>`);
  parts.push(`<text transform="translate(14 ${pad.top + plotH / 2}) rotate(-90)" text-anchor="middle" fill="#57606a">samples</text>`);
  return `<svg class="chart" data-chart="distribution" xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Latency distribution" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="system-ui, sans-serif" font-size="11">${parts.join('')}</svg>`;
}
