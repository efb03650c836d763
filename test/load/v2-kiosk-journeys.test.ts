import { describe, expect, it } from 'vitest';
import { assignKioskJourneys, defaultKioskJourneySpec, kioskJourneys, parseKioskJourneySpec, scenarioOfJourney } from '../../load/v2/kiosk-journeys.js';
import { assignProviders, parseProviderSpec } from '../../load/v2/providers.js';

describe('v2 kiosk journeys (--kiosk-journeys)', () => {
  it('parses weights and names the flag in its errors', () => {
    expect(parseKioskJourneySpec('sale=3,printer-fault')).toEqual([{ journey: 'sale', weight: 3 }, { journey: 'printer-fault', weight: 1 }]);
    expect(() => parseKioskJourneySpec('sale,reboot=1')).toThrow('--kiosk-journeys: unknown journey "reboot"');
    expect(() => parseKioskJourneySpec('sale=-1')).toThrow('--kiosk-journeys: weight of sale must be a number >= 0');
    expect(() => parseKioskJourneySpec('sale=0')).toThrow('--kiosk-journeys: every weight is 0');
    expect(parseKioskJourneySpec(defaultKioskJourneySpec).map((w) => w.journey)).toEqual(kioskJourneys);
  });

  it('every provider gets every journey, even where the two mixes share a period', () => {
    // integra=2,nnsmart=1,mock=1 repeats every 4 kiosks; assigning journeys by index alone would give all of a journey to one provider.
    const providers = assignProviders(parseProviderSpec('integra=2,nnsmart=1,mock=1'), 400);
    const journeys = assignKioskJourneys(parseKioskJourneySpec('sale=2,restart=1,printer-fault=1'), providers);
    const pairs = new Set(providers.map((p, i) => `${p}/${journeys[i]}`));
    for (const p of ['integra', 'nnsmart', 'mock']) for (const j of ['sale', 'restart', 'printer-fault']) expect(pairs.has(`${p}/${j}`), `${p}/${j}`).toBe(true);
    expect(journeys.filter((j) => j === 'sale').length).toBe(200);
  });

  it('asks the backend for its flow through the reference server\'s test-control names', () => {
    expect(scenarioOfJourney('sale')).toEqual([]);
    expect(scenarioOfJourney('yaspa-off')).toEqual(['yaspa-off']);
    expect(scenarioOfJourney('printer-fault-refund')).toEqual(['printer-fault-refund']);
    expect(scenarioOfJourney('reversal-declined')).toEqual(['reversal-after-sale']);
    expect(scenarioOfJourney('restart')).toEqual([]);
  });
});
