import type { IncomingMessage } from 'node:http';
import type { DeviceConfig } from './config.js';

/** A request the backend makes of a kiosk by itself. */
export type ReversalKind = 'REVERSAL_REQUEST' | 'REFUND_REQUEST';

/**
 * Test control for v2 (the `X-Test-Scenario` upgrade header, as v1's TC-3):
 * a comma-separated list of names, all honoured or none (an unknown name
 * makes the whole header ignored and not echoed, as TC-6).
 *
 * - `provider:<integra|nnsmart|newland|mock>`, `yaspa-off`, `no-receipt`: the configuration this connection's kiosk is sent.
 * - `printer-fault` / `printer-fault-refund`: the ticket fails to print; the server sends REVERSAL_REQUEST / REFUND_REQUEST (flow h, V2-M-14).
 * - `reversal-after-sale` / `refund-after-sale`: after a successful sale the server asks for its reversal instead of the receipt question.
 * - `device-info-request`, `restart-app`: sent right after the first screen (V2-FLOW-19, V2-FLOW-21).
 */
export interface V2Scenario {
  config: Partial<DeviceConfig>;
  printerFault: ReversalKind | undefined;
  afterSale: ReversalKind | undefined;
  onConnect: Array<'device-info-request' | 'restart-app'>;
}

/** No scenario. */
export const plainScenario: V2Scenario = { config: {}, printerFault: undefined, afterSale: undefined, onConnect: [] };

/** Parses a header value; undefined when a name is unknown. */
export function parseV2Scenario(header: string): V2Scenario | undefined {
  const scenario: V2Scenario = { config: {}, printerFault: undefined, afterSale: undefined, onConnect: [] };
  for (const name of header.split(',').map((s) => s.trim()).filter((s) => s !== '')) {
    const provider = /^provider:(integra|nnsmart|newland|mock)$/.exec(name);
    if (provider) scenario.config.paymentProvider = provider[1]!;
    else if (name === 'yaspa-off') scenario.config.yaspaEnabled = false;
    else if (name === 'no-receipt') scenario.config.requireCardReceipt = false;
    else if (name === 'printer-fault') scenario.printerFault = 'REVERSAL_REQUEST';
    else if (name === 'printer-fault-refund') scenario.printerFault = 'REFUND_REQUEST';
    else if (name === 'reversal-after-sale') scenario.afterSale = 'REVERSAL_REQUEST';
    else if (name === 'refund-after-sale') scenario.afterSale = 'REFUND_REQUEST';
    else if (name === 'device-info-request' || name === 'restart-app') scenario.onConnect.push(name);
    else return undefined;
  }
  return scenario;
}

/** The scenario an upgrade names, and the value to echo in X-Test-Scenario-Accepted (none when test control is off or the header is refused). */
export function requestedV2Scenario(req: IncomingMessage, testControl: boolean): { scenario: V2Scenario; echo: string | undefined } {
  const header = req.headers['x-test-scenario'];
  if (!testControl || typeof header !== 'string') return { scenario: plainScenario, echo: undefined };
  const parsed = parseV2Scenario(header);
  return parsed ? { scenario: parsed, echo: header.trim() } : { scenario: plainScenario, echo: undefined };
}
