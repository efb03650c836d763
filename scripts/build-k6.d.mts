/** Builds dist/k6/paysock.js (or `target`) from load/k6/paysock.ts; returns the path written. */
export function buildK6Bundle(target?: string): Promise<string>;
