import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DriverOptions } from '../../load/driver/options.js';
import { loadSummaryProblem } from '../../load/read-summary.js';
import { parseJourneySpec } from '../../load/terminal/journey.js';
import { packagePath } from '../../protocol/package-root.js';
import { startReferenceServer, type ReferenceServer } from '../../reference-server/index.js';

// Worker threads run the compiled driver (dist/load/driver/worker.js), so this test drives the compiled runLoad.
const compiledRun = packagePath('dist', 'load', 'driver', 'run.js');
const compiledWorker = packagePath('dist', 'load', 'driver', 'worker.js');

/** Newest modification time of the .ts files under `dir` (what a worker's compiled code comes from). */
function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function distIsStale(): boolean {
  if (!existsSync(compiledRun) || !existsSync(compiledWorker)) return true;
  const built = Math.min(statSync(compiledRun).mtimeMs, statSync(compiledWorker).mtimeMs);
  return Math.max(newestSource(packagePath('load')), newestSource(packagePath('protocol'))) > built;
}

let server: ReferenceServer;
let runLoad: typeof import('../../load/driver/run.js').runLoad;

beforeAll(async () => {
  if (distIsStale()) {
    try {
      execFileSync('npm', ['run', 'build'], { cwd: packagePath(), stdio: 'ignore' });
    } catch {
      // tsc still writes its output when another part of the checkout has type errors; the file check below decides.
    }
  }
  if (!existsSync(compiledWorker)) throw new Error(`${compiledWorker} is missing after "npm run build"`);
  ({ runLoad } = (await import(pathToFileURL(compiledRun).href)) as typeof import('../../load/driver/run.js'));
  server = await startReferenceServer({ host: '127.0.0.1', port: 0, config: { stepDelayMs: 20, processingMs: 20, dailyLimit: 1_000_000 } });
}, 120_000);

afterAll(async () => {
  await server?.close();
});

describe('paysock load --workers 2 (worker threads)', () => {
  it('100 terminals over two workers: both shares counted, transactions complete, no violations', async () => {
    const options: DriverOptions = {
      url: server.url, terminals: 100, rampUpMs: 500, durationMs: 3_000, thinkTime: { minMs: 10, maxMs: 50 }, journeySpec: 'preset', journeys: parseJourneySpec('preset'),
      transactionIds: 'initial', workers: 2, sourceAddresses: [], terminalIdPrefix: `wrk-${Date.now().toString(36)}-`, testScenario: undefined, dropRate: 0,
      answerTimeoutMs: 10_000, stallTimeoutMs: 30_000, maxConcurrentConnects: 64,
    };
    let peakConnections = 0;
    const sampler = setInterval(() => (peakConnections = Math.max(peakConnections, server.connections())), 50);
    const summary = await runLoad(options).finally(() => clearInterval(sampler));
    expect(loadSummaryProblem(summary)).toBeUndefined();
    // One share alone holds 50: 100 needs both workers' terminals, connected and counted.
    expect(summary.terminals.peakActive).toBe(100);
    expect(peakConnections).toBe(100);
    expect(summary.transactions.completed).toBeGreaterThan(0);
    expect(summary.transactions.failedByReason).toEqual({});
    expect(summary.protocolViolations).toEqual({ total: 0, byKind: {}, samples: [] });
    expect(summary.latency.overall.count).toBeGreaterThan(0);
  });

  it('with bearer tokens each worker sends its own terminals\' tokens (AUTH-2): none refused', async () => {
    const tokens = Array.from({ length: 20 }, (_, i) => `wrk-tok-${i}`);
    const authServer = await startReferenceServer({ host: '127.0.0.1', port: 0, auth: { mode: 'tokens', tokens: Object.fromEntries(tokens.map((t, i) => [t, `wrk-kiosk-${i}`])) }, config: { stepDelayMs: 20, processingMs: 20, dailyLimit: 1_000_000 } });
    try {
      const summary = await runLoad({
        url: authServer.url, terminals: 20, rampUpMs: 0, durationMs: 2_000, thinkTime: { minMs: 10, maxMs: 50 }, journeySpec: 'preset', journeys: parseJourneySpec('preset'),
        transactionIds: 'initial', workers: 2, sourceAddresses: [], terminalIdPrefix: 'wrk-', testScenario: undefined, dropRate: 0,
        answerTimeoutMs: 10_000, stallTimeoutMs: 30_000, maxConcurrentConnects: 64, tokens,
      });
      // No refusal (http-401) and no terminal pushed off by another connection of its id (connection-lost).
      expect(summary.errors).toEqual({});
      expect(summary.terminals.peakActive).toBe(20);
      expect(summary.transactions.completed).toBeGreaterThan(0);
      expect(summary.protocolViolations.total).toBe(0);
    } finally {
      await authServer.close();
    }
  });
});
