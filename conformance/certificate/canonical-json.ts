/**
 * Canonical JSON (RFC 8785, JCS, for the values a certificate holds): object
 * keys sorted by UTF-16 code units, no whitespace, strings and numbers as
 * ECMAScript's JSON.stringify writes them (which is what JCS prescribes).
 * Signing these bytes, not the file's, lets certificate.json be
 * pretty-printed and re-indented without breaking its signature. Written
 * here rather than taken from a package because, for strings, finite numbers,
 * booleans, null, arrays and plain objects, it is the dozen lines below.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`canonical JSON has no ${value}`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  throw new Error(`canonical JSON has no ${typeof value}`);
}
