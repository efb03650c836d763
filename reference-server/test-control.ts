import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import { approve, parseScenario, type Scenario } from './scenario.js';
import { utcDay, type Store } from './store.js';
import type { VariantSet } from './variants.js';

/**
 * The test-control scenario an upgrade names in X-Test-Scenario (TC-3), and
 * the header value to echo in X-Test-Scenario-Accepted; `approve` and no echo
 * when test control is off, the header is missing, or the name is unknown (TC-4, TC-6).
 */
export function requestedScenario(req: IncomingMessage, testControl: boolean): { scenario: Scenario; echo: string | undefined } {
  const header = req.headers['x-test-scenario'];
  if (!testControl || typeof header !== 'string') return { scenario: approve, echo: undefined };
  const parsed = parseScenario(header);
  return parsed ? { scenario: parsed, echo: header.trim() } : { scenario: approve, echo: undefined };
}

/**
 * TC-3 limit-remaining:<amount>: sets the terminal's daily total so that
 * `amount` is left of its limit today. Under the limit-remaining-per-connection
 * variant, the total goes back when the connection closes (plus what was paid on it).
 */
export function applyLimitRemaining(store: Store, dailyLimit: number, variants: VariantSet, terminalId: string, scenario: Scenario, ws: WebSocket): void {
  if (scenario.name !== 'limit-remaining') return;
  const day = utcDay(Date.now());
  const before = store.dailyTotal(terminalId, day);
  const set = Math.max(0, dailyLimit - scenario.remaining);
  store.setDailyTotal(terminalId, day, set);
  if (variants.limitRemainingPerConnection) ws.once('close', () => store.setDailyTotal(terminalId, day, before + Math.max(0, store.dailyTotal(terminalId, day) - set)));
}
