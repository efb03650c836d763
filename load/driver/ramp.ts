import type { DriverOptions } from './options.js';
import type { ShareMessage, ShareMetrics } from './share-metrics.js';

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
 * The life of a share's terminals or kiosks: starts them along the share's
 * part of the ramp-up, posts a tick every second, and at the end of the run
 * (or on `abort`) calls `stopping`, stops each and waits up to the drain
 * time for their connections to close. The caller posts the final report.
 */
export async function rampRunDrain(spec: ShareSpec, metrics: ShareMetrics, units: ReadonlyArray<{ start(): void; stop(): void }>, post: (message: ShareMessage) => void, abort: AbortSignal | undefined, stopping?: () => void): Promise<void> {
  const { options, part, of } = spec;
  const startAt = (n: number): number => (options.terminals <= 1 ? 0 : (options.rampUpMs * (part + n * of)) / options.terminals);
  let started = 0;
  const elapsed = (): number => Date.now() - spec.startEpochMs;
  const rampTimer = setInterval(() => {
    const now = elapsed();
    while (started < units.length && startAt(started) <= now) units[started++]!.start();
    if (started >= units.length) clearInterval(rampTimer);
  }, 10);
  const tickTimer = setInterval(() => post(metrics.tick()), 1_000);

  await new Promise<void>((resolve) => {
    const end = setTimeout(resolve, Math.max(0, options.durationMs - elapsed()));
    abort?.addEventListener('abort', () => {
      clearTimeout(end);
      resolve();
    }, { once: true });
  });

  stopping?.();
  clearInterval(rampTimer);
  clearInterval(tickTimer);
  post(metrics.tick());
  for (const unit of units) unit.stop();
  const deadline = Date.now() + drainMs;
  while (metrics.active > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
}
