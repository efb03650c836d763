/** A test-control scenario (TC-3) as applied to one connection. */
export type Scenario =
  | { name: 'approve' }
  | { name: 'decline' }
  | { name: 'processor-timeout' }
  | { name: 'limit-remaining'; remaining: number }
  | { name: 'printer-fault' }
  | { name: 'out-of-service' }
  | { name: 'slow-processing'; ms: number };

/** The scenario of a connection without (or with a refused) X-Test-Scenario header (TC-4, TC-6). */
export const approve: Scenario = { name: 'approve' };

// A slow processor longer than this is a typo, not a test: refuse it (TC-6).
const MAX_SLOW_MS = 10 * 60_000;

/**
 * Parses an `X-Test-Scenario` header value. Returns undefined for a name the
 * server does not know (TC-6), which the caller then does not echo.
 */
export function parseScenario(header: string | undefined): Scenario | undefined {
  if (header === undefined) return undefined;
  const value = header.trim();
  switch (value) {
    case 'approve':
    case 'decline':
    case 'processor-timeout':
    case 'printer-fault':
    case 'out-of-service':
      return { name: value };
  }
  const limit = /^limit-remaining:(\d{1,10})$/.exec(value);
  if (limit) {
    const remaining = Number(limit[1]);
    return remaining <= 2_147_483_647 ? { name: 'limit-remaining', remaining } : undefined;
  }
  const slow = /^slow-processing:(\d{1,9})$/.exec(value);
  if (slow) {
    const ms = Number(slow[1]);
    return ms <= MAX_SLOW_MS ? { name: 'slow-processing', ms } : undefined;
  }
  return undefined;
}
