/**
 * Axis ticks a reader takes in at a glance: steps of 1, 2 or 5 times a power
 * of ten (0, 20, 40 ... never 0, 17.5, 35), on whole numbers when the values
 * are whole (seconds, counts). Runtime-neutral.
 */

/** The 1-2-5 step that cuts `span` into at most `maxTicks` intervals. */
export function niceStep(span: number, maxTicks = 5, wholeNumbers = false): number {
  if (!(span > 0)) return 1;
  const raw = span / Math.max(1, maxTicks);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  let step = 10 * magnitude;
  for (const m of [1, 2, 5, 10]) {
    if (m * magnitude >= raw) {
      step = m * magnitude;
      break;
    }
  }
  return wholeNumbers ? Math.max(1, Math.round(step)) : step;
}

/** Ticks from `min` (rounded down to a step) to at least `max` (rounded up). */
export function niceTicks(min: number, max: number, maxTicks = 5, wholeNumbers = false): number[] {
  if (!(max > min)) max = min + (wholeNumbers ? 1 : 1);
  const step = niceStep(max - min, maxTicks, wholeNumbers);
  const first = Math.floor(min / step) * step;
  const ticks: number[] = [];
  for (let v = first; v < max + step * 0.999; v += step) ticks.push(Number(v.toPrecision(12)));
  if (ticks[ticks.length - 1]! < max) ticks.push(Number((ticks[ticks.length - 1]! + step).toPrecision(12)));
  return ticks;
}

/** A tick label: no trailing zeros, thousands as "k" above 10,000 (20k), seconds as m:ss from 2 minutes on when `seconds`. */
export function tickLabel(value: number, seconds = false): string {
  if (seconds && value >= 120) {
    const m = Math.floor(value / 60);
    const s = Math.round(value - m * 60);
    return `${m}:${String(s).padStart(2, '0')}`;
  }
  if (Math.abs(value) >= 10_000) return `${Number((value / 1000).toPrecision(4))}k`;
  return String(Number(value.toPrecision(6)));
}
