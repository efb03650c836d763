/**
 * k6's duration strings: Go's time.ParseDuration forms ("1m30s", "500ms",
 * "1.5h", "0s") and, as k6 allows, a bare number of milliseconds. Returns ms.
 */
export function parseK6Duration(value: string | number | undefined, fallbackMs = 0): number {
  if (value === undefined || value === null || value === '') return fallbackMs;
  if (typeof value === 'number') return value;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  const unitMs: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };
  const part = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/gy;
  let total = 0;
  let consumed = 0;
  for (let match = part.exec(text); match; match = part.exec(text)) {
    total += Number(match[1]) * unitMs[match[2]!]!;
    consumed = part.lastIndex;
  }
  if (consumed !== text.length || consumed === 0) throw new Error(`invalid duration "${value}" (k6 takes Go durations like 30s, 1m30s, 500ms)`);
  return total;
}
