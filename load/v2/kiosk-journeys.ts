import { assignJourneys, parseNamedWeights } from '../terminal/journey.js';

/**
 * What a v2 load kiosk lives through besides a plain sale (`--kiosk-journeys`).
 * Each kiosk keeps one for the whole run: most ask the backend for it through
 * test control (X-Test-Scenario, reference-server/v2/scenario.ts), so it is
 * fixed per connection; the others script the kiosk's card terminal or its
 * app. pinto-android-2.md §5 names the flows.
 */
export type KioskJourney =
  /** Preset, card, receipt, ticket: what every kiosk did before journeys existed. */
  | 'sale'
  /** `yaspaEnabled` false: no PAYMENT_METHOD, the kiosk pays by card after its 3 s TIMEOUT screen (§5b step 5). */
  | 'yaspa-off'
  /** The ticket fails to print: PRINTER_ERROR, then the backend's REVERSAL_REQUEST (flow h, M14). */
  | 'printer-fault'
  /** The same with REFUND_REQUEST. */
  | 'printer-fault-refund'
  /** After the sale the backend asks for its reversal (flow h, M11). */
  | 'reversal-request'
  /** The same with REFUND_REQUEST. */
  | 'refund-request'
  /** A requested reversal the card terminal declines: the sale keeps counting against its card (M8). */
  | 'reversal-declined'
  /** The link to the backend dies as the payment's answer arrives: the kiosk's next frame (Integra, mock: K7; NNSmart: K6) is lost (M7, §2.10). */
  | 'lost-connection'
  /** The app dies right after its card check and is relaunched: its own recovery runs (NNSmart: the sale is reversed, §5k). */
  | 'restart'
  /**
   * The Integra terminal throws during the approved sale: the kiosk shows FAILED and RESETs 4 s later without a
   * PAYMENT_RESULT, so the sale's outcome is unknown and keeps counting (M7). Other providers make a plain sale.
   */
  | 'sale-exception';

export const kioskJourneys: readonly KioskJourney[] = ['sale', 'yaspa-off', 'printer-fault', 'printer-fault-refund', 'reversal-request', 'refund-request', 'reversal-declined', 'lost-connection', 'restart', 'sale-exception'];

/**
 * The default mix: two thirds plain sales, so a run still looks like the
 * earlier ones (docs/runs/load-v2-2000.md), and a share of every flow that
 * moves money back.
 */
export const defaultKioskJourneySpec = 'sale=16,yaspa-off=2,printer-fault=1,printer-fault-refund=1,reversal-request=1,refund-request=1,reversal-declined=1,lost-connection=1,restart=1,sale-exception=1';

/** Parses `--kiosk-journeys`: `sale=16,printer-fault=1`, or one name (all kiosks). */
export function parseKioskJourneySpec(spec: string): Array<{ journey: KioskJourney; weight: number }> {
  return parseNamedWeights(spec, '--kiosk-journeys', 'journey', kioskJourneys);
}

/**
 * Each kiosk's journey by index: the mix is applied within each provider's
 * kiosks, so every provider gets every journey (assigning both by index alone
 * would tie a journey to the provider whose slot it always falls on).
 */
export function assignKioskJourneys<P extends string>(weights: ReadonlyArray<{ journey: KioskJourney; weight: number }>, providers: readonly P[]): KioskJourney[] {
  const counts = new Map<P, number>();
  for (const p of providers) counts.set(p, (counts.get(p) ?? 0) + 1);
  const lists = new Map([...counts].map(([p, n]) => [p, assignJourneys(weights, n)]));
  const next = new Map<P, number>();
  return providers.map((p) => {
    const m = next.get(p) ?? 0;
    next.set(p, m + 1);
    return lists.get(p)![m]!;
  });
}

/** The X-Test-Scenario names a journey asks the backend for (reference-server/v2/scenario.ts). */
export function scenarioOfJourney(journey: KioskJourney): string[] {
  switch (journey) {
    case 'yaspa-off': return ['yaspa-off'];
    case 'printer-fault': return ['printer-fault'];
    case 'printer-fault-refund': return ['printer-fault-refund'];
    case 'reversal-request':
    case 'reversal-declined':
      return ['reversal-after-sale'];
    case 'refund-request': return ['refund-after-sale'];
    default: return [];
  }
}

/** Whether the backend was asked to fail this journey's tickets (M14 then wants a reversal request, never the ticket). */
export function asksPrinterFault(journey: KioskJourney): boolean {
  return journey === 'printer-fault' || journey === 'printer-fault-refund';
}
