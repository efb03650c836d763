import { assignJourneys, scenarioForJourney } from '../terminal/journey.js';
import { prepareFrameValidator } from './frame-validator.js';
import { rampRunDrain, type ShareSpec } from './ramp.js';
import { ShareMetrics, type ShareMessage } from './share-metrics.js';
import { DrivenTerminal, type ShareContext } from './driven-terminal.js';

export type { ShareSpec } from './ramp.js';

/**
 * Runs one share of the terminals in the current thread: ramps them up,
 * reports a tick every second and a final report, stops at the end of the
 * run or when `abort` fires. Used by the worker thread and, for
 * `--workers 1`, by the main thread directly.
 */
export async function runShare(spec: ShareSpec, post: (message: ShareMessage) => void, abort?: AbortSignal): Promise<void> {
  // Loaded only for v2 runs: a v1 run keeps the kiosk and the v2 schemas out of its memory.
  if (spec.options.v2) return (await import('../v2/share.js')).runV2Share(spec, post, abort);
  const { options, part, of } = spec;
  prepareFrameValidator();
  const metrics = new ShareMetrics();
  const ctx: ShareContext = { options, metrics, stopping: false, connectQueue: [], connectsInFlight: 0 };
  const journeys = assignJourneys(options.journeys, options.terminals);
  // Only the connections: each one's start time follows from its index, so no per-terminal {at, connection} pair.
  const connections: DrivenTerminal[] = [];
  for (let index = part; index < options.terminals; index += of) {
    const journey = journeys[index]!;
    const scenario = scenarioForJourney(journey) ?? options.testScenario;
    const source = options.sourceAddresses.length > 0 ? options.sourceAddresses[index % options.sourceAddresses.length] : undefined;
    connections.push(new DrivenTerminal(ctx, index, journey, scenario, source, spec.tokens?.[connections.length]));
  }

  await rampRunDrain(spec, metrics, connections, post, abort, () => {
    ctx.stopping = true;
  });
  post(metrics.final());
}
