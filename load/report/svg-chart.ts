import { niceTicks, tickLabel } from './ticks.js';
import { escapeHtml } from '../../conformance/report/escape.js';

/** One line of a chart. */
export interface ChartSeries {
  name: string;
  color: string;
  points: Array<[number, number]>;
}

export interface ChartOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  width?: number;
  height?: number;
}

/**
 * A line chart as inline SVG (no script, no external asset): axes with 5
 * ticks, one polyline per series, a legend. Runtime-neutral string building.
 */
export function lineChart(series: readonly ChartSeries[], options: ChartOptions): string {
  const width = options.width ?? 640;
  const height = options.height ?? 240;
  const pad = { left: 56, right: 16, top: 28, bottom: 40 };
  const all = series.flatMap((s) => s.points);
  const title = `<text x="${width / 2}" y="16" text-anchor="middle" font-weight="bold">${escapeHtml(options.title)}</text>`;
  if (all.length === 0) {
    return `<svg xmlns="http://www.w3.org/2000/svg" role="img" width="${width}" height="${height}" font-family="sans-serif" font-size="11">${title}<text x="${width / 2}" y="${height / 2}" text-anchor="middle" fill="#666">no data</text></svg>`;
  }
  const wholeX = all.every((p) => Number.isInteger(p[0]));
  const xTicks = niceTicks(Math.min(...all.map((p) => p[0])), Math.max(...all.map((p) => p[0])), 6, wholeX);
  const yTicks = niceTicks(0, Math.max(...all.map((p) => p[1]), 0), 4);
  const xMin = xTicks[0]!;
  const xMax = xTicks[xTicks.length - 1]!;
  const yMax = yTicks[yTicks.length - 1]!;
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const x = (v: number): number => pad.left + ((v - xMin) / (xMax - xMin)) * plotW;
  const y = (v: number): number => pad.top + plotH - (v / yMax) * plotH;
  const parts: string[] = [title];
  for (const value of yTicks) {
    parts.push(`<line x1="${pad.left}" x2="${width - pad.right}" y1="${y(value).toFixed(1)}" y2="${y(value).toFixed(1)}" stroke="#e3e3e3"/>`);
    parts.push(`<text x="${pad.left - 6}" y="${(y(value) + 4).toFixed(1)}" text-anchor="end">${tickLabel(value)}</text>`);
  }
  for (const xv of xTicks) parts.push(`<text x="${x(xv).toFixed(1)}" y="${height - pad.bottom + 16}" text-anchor="middle">${tickLabel(xv)}</text>`);
  parts.push(`<line x1="${pad.left}" x2="${pad.left}" y1="${pad.top}" y2="${pad.top + plotH}" stroke="#888"/>`);
  parts.push(`<line x1="${pad.left}" x2="${width - pad.right}" y1="${pad.top + plotH}" y2="${pad.top + plotH}" stroke="#888"/>`);
  parts.push(`<text x="${pad.left + plotW / 2}" y="${height - 6}" text-anchor="middle" fill="#444">${escapeHtml(options.xLabel)}</text>`);
  parts.push(`<text transform="translate(12 ${pad.top + plotH / 2}) rotate(-90)" text-anchor="middle" fill="#444">${escapeHtml(options.yLabel)}</text>`);
  series.forEach((s, i) => {
    const d = s.points.map((p) => `${x(p[0]).toFixed(1)},${y(p[1]).toFixed(1)}`).join(' ');
    parts.push(`<polyline fill="none" stroke="${s.color}" stroke-width="1.6" points="${d}"><title>${escapeHtml(s.name)}</title></polyline>`);
    if (s.points.length === 1) parts.push(`<circle cx="${x(s.points[0]![0]).toFixed(1)}" cy="${y(s.points[0]![1]).toFixed(1)}" r="3" fill="${s.color}"/>`);
    parts.push(`<rect x="${pad.left + 8 + i * 120}" y="${pad.top + 2}" width="10" height="10" fill="${s.color}"/><text x="${pad.left + 22 + i * 120}" y="${pad.top + 11}">${escapeHtml(s.name)}</text>`);
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="sans-serif" font-size="11">${parts.join('')}</svg>`;
}

/** Horizontal bars (one group per label), as inline SVG. */
export function barChart(rows: ReadonlyArray<{ label: string; values: number[] }>, seriesNames: readonly string[], colors: readonly string[], options: ChartOptions): string {
  const width = options.width ?? 640;
  const rowH = 14 * seriesNames.length + 10;
  const labelW = 230;
  const height = 40 + rows.length * rowH + 20;
  const ticks = niceTicks(0, Math.max(0, ...rows.flatMap((r) => r.values)), 5);
  const max = ticks[ticks.length - 1]!;
  const plotW = width - labelW - 70;
  const parts: string[] = [`<text x="${width / 2}" y="16" text-anchor="middle" font-weight="bold">${escapeHtml(options.title)}</text>`];
  seriesNames.forEach((name, i) => parts.push(`<rect x="${labelW + i * 90}" y="24" width="10" height="10" fill="${colors[i]}"/><text x="${labelW + 14 + i * 90}" y="33">${escapeHtml(name)}</text>`));
  rows.forEach((row, r) => {
    const top = 40 + r * rowH;
    parts.push(`<text x="${labelW - 6}" y="${top + rowH / 2}" text-anchor="end">${escapeHtml(row.label)}</text>`);
    row.values.forEach((v, i) => {
      const w = max === 0 ? 0 : (v / max) * plotW;
      parts.push(`<rect x="${labelW}" y="${top + i * 14}" width="${w.toFixed(1)}" height="12" fill="${colors[i]}"><title>${escapeHtml(`${seriesNames[i]} ${formatNumber(v)} ${options.yLabel}`)}</title></rect>`);
      parts.push(`<text x="${(labelW + w + 4).toFixed(1)}" y="${top + i * 14 + 10}">${formatNumber(v)}</text>`);
    });
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="sans-serif" font-size="11">${parts.join('')}</svg>`;
}

/** Short number for labels: 1234 -> "1234", 0.5 -> "0.5", 12.345 -> "12.3". */
export function formatNumber(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return Math.abs(value) >= 10 ? value.toFixed(1) : value.toFixed(2);
}
