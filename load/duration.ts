/**
 * Parses a duration: `500ms`, `30s`, `5m`, `1h`, or a bare number of
 * seconds. Throws Error on anything else. Runtime-neutral.
 */
export function parseDuration(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/.exec(text);
  if (!match) throw new Error(`duration "${text}" is not like 500ms, 30s, 5m or 1h`);
  const value = Number(match[1]);
  const unit = match[2] ?? 's';
  const factor = unit === 'ms' ? 1 : unit === 's' ? 1_000 : unit === 'm' ? 60_000 : 3_600_000;
  return Math.round(value * factor);
}
