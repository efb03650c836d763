import type { RunResults } from '../../conformance/results.js';
import { selectCases } from '../../conformance/runner.js';
import { allV2Cases } from '../../conformance/v2/cases/index.js';
import { embeddedV2Config, embeddedV2Target, embeddedV2TimeScale, scaledServerClock } from '../../conformance/v2/embedded.js';
import { runV2Suite } from '../../conformance/v2/runner.js';
import { resolveV2Target } from '../../conformance/v2/target.js';
import { formatProblem, problemLine } from '../../protocol/format-validators.js';
import { startV2ReferenceServer } from '../../reference-server/v2/index.js';
import type { ConformanceTarget } from '../../protocol/types/generated-formats.js';

/** Options of one v2 run against a fresh embedded v2 reference server. */
export interface EmbeddedV2Run {
  faults?: string[];
  /** Legal variants of the v2 server (reference-server/v2/variants.ts). */
  variants?: string[];
  cases?: string[];
  /** Cases at once; default 8, as `paysock certify` runs them (the cases mostly wait on timers). */
  concurrency?: number;
  /** Changes the target description (kiosks, card tokens) before the run. */
  describe?: (target: ConformanceTarget) => void;
  /** A data folder kept across runs (the same books, as a vendor's backend keeps them); default in memory. */
  dataDir?: string;
}

/** Starts a v2 reference server (loopback, scaled timers, test control and books on), certifies it, stops it. */
export async function certifyV2Embedded(run: EmbeddedV2Run = {}): Promise<RunResults> {
  const cases = selectCases(allV2Cases as never, run.cases ?? []) as unknown as typeof allV2Cases;
  const server = await startV2ReferenceServer({
    host: '127.0.0.1',
    port: 0,
    testControl: true,
    books: {},
    config: { ...embeddedV2Config },
    faults: run.faults ?? [],
    variants: run.variants ?? [],
    clock: scaledServerClock(embeddedV2TimeScale),
    ...(run.dataDir ? { dataDir: run.dataDir } : {}),
  });
  try {
    const description = embeddedV2Target(server.url, server.httpUrl, server.config.dailyLimit);
    run.describe?.(description);
    const results = await runV2Suite({ target: resolveV2Target(description), cases, concurrency: run.concurrency ?? 8 });
    const problem = formatProblem('results', JSON.parse(JSON.stringify(results)));
    if (problem) throw new Error(`the run's results.json would not match schemas/formats/results.schema.json: ${problemLine(problem)}`);
    return results;
  } finally {
    await server.close();
  }
}
