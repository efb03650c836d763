import { assignJourneys, scenarioForJourney } from '../terminal/journey.js';
import { prepareFrameValidator } from './frame-validator.js';
import type { DriverOptions } from './options.js';
import { ShareMetrics, type ShareMessage } from './share-metrics.js';
import { DrivenTerminal, type ShareContext } from './driven-terminal.js';

/** Which terminals a share runs: those whose index modulo `of` is `part`. */
export interface ShareSpec {
  options: DriverOptions;
  part: number;
  of: number;
  /** Epoch ms when the run started (all shares ramp against the same clock). */
  startEpochMs: number;
  /** This share's bearer tokens, one per terminal in the order of its terminals (AUTH-2); absent: authentication off. */
  tokens?: string[];
}

/** How long the end of a run waits for sockets to close. */
const drainMs = 5_000;

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
  const startAt = (n: number): number => (options.terminals <= 1 ? 0 : (options.rampUpMs * (part + n * of)) / options.terminals);
  for (let index = part; index < options.terminals; index += of) {
    const journey = journeys[index]!;
    const scenario = scenarioForJourney(journey) ?? options.testScenario;
    const source = options.sourceAddresses.length > 0 ? options.sourceAddresses[index % options.sourceAddresses.length] : undefined;
    connections.push(new DrivenTerminal(ctx, index, journey, scenario, source, spec.tokens?.[connections.length]));
  }

  let started = 0;
  const elapsed = (): number => Date.now() - spec.startEpochMs;
  const rampTimer = setInterval(() => {
    const now = elapsed();
    while (started < connections.length && startAt(started) <= now) connections[started++]!.start();
    if (started >= connections.length) clearInterval(rampTimer);
  }, 10);
  const tickTimer = setInterval(() => post(metrics.tick()), 1_000);

  await new Promise<void>((resolve) => {
    const end = setTimeout(resolve, Math.max(0, options.durationMs - elapsed()));
    abort?.addEventListener('abort', () => {
      clearTimeout(end);
      resolve();
    }, { once: true });
  });

  ctx.stopping = true;
  clearInterval(rampTimer);
  clearInterval(tickTimer);
  post(metrics.tick());
  for (const connection of connections) connection.stop();
  const deadline = Date.now() + drainMs;
  while (metrics.active > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  post(metrics.final());
}
