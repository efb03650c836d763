import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSummaryProblem } from '../../load/read-summary.js';
import type { LoadSummary } from '../../load/summary.js';
import { startV2ReferenceServer, type V2ReferenceServer } from '../../reference-server/v2/index.js';
import { runEmulatedK6, type EmulatedRunResult } from './k6-runtime/runtime.js';

/**
 * The k6 bundle's v2 workloads (dist/k6/paysock.js, `npm run build`) under
 * the EMULATED k6 API (test/load/k6-runtime/, not the k6 binary) against the
 * v2 reference server on loopback: a few VUs of a few kiosks sharing a card.
 */
const bundle = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'k6', 'paysock.js');

let server: V2ReferenceServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function run(env: Record<string, string>, faults: string[] = []): Promise<{ result: EmulatedRunResult; summary: LoadSummary }> {
  server = await startV2ReferenceServer({ host: '127.0.0.1', port: 0, testControl: true, faults, config: { stepDelayMs: 20 } });
  const dir = mkdtempSync(join(tmpdir(), 'paysock-k6-v2-'));
  const result = await runEmulatedK6({
    script: bundle,
    cwd: dir,
    env: {
      URL: server.url, TERMINALS: '2', DURATION: '3s', SESSION: '3', THINK_TIME: '10ms-30ms', TERMINAL_TIME: '30ms', KIOSKS_PER_VU: '3', CARDS_PER_VU: '1',
      PROVIDERS: 'integra=2,nnsmart=1', P99_MS: '60000', SUMMARY_DIR: dir, TERMINAL_ID_PREFIX: `k6v2-${Math.random().toString(36).slice(2, 7)}-`, ...env,
    },
  });
  if (process.env.PAYSOCK_K6_LOG) console.log(result.logs.map((l) => `[vu ${l.vu}] ${l.level} ${l.message}`).join('\n'));
  expect(result.logs.filter((l) => l.level === 'error' && !/^(money|protocol) violation/.test(l.message)), 'uncaught script errors').toEqual([]);
  expect(result.iterations.errored).toBe(0);
  const summary = JSON.parse(readFileSync(join(dir, 'load-summary.json'), 'utf8')) as LoadSummary;
  expect(loadSummaryProblem(summary)).toBeUndefined();
  return { result, summary };
}

describe('k6 v2 workloads through the emulated k6 runtime', () => {
  it('v2-smoke against a correct backend: kiosks share cards up to their limit, 0 money violations, exit 0', async () => {
    const { result, summary } = await run({ WORKLOAD: 'v2-smoke' });
    expect(summary.workload).toBe('v2-smoke');
    expect(summary.terminals.target).toBe(6);
    expect(summary.moneyViolations).toEqual({ total: 0, byKind: {}, samples: [] });
    expect(summary.protocolViolations.total).toBe(0);
    expect(summary.cards).toMatchObject({ distinct: 2, dailyLimit: 300, kiosksByProvider: { integra: 4, nnsmart: 2 } });
    expect(summary.cards!.approved).toBeGreaterThan(0);
    expect(summary.cards!.rejected).toBeGreaterThan(0);
    expect(summary.transactions.completed).toBeGreaterThan(0);
    expect(summary.thresholds.map((t) => t.expression)).toContain('money_violations: count==0');
    expect(result.stdout).toMatch(/^paysock k6 v2-smoke: \d+ completed.*money violations 0/);
    expect(result.exitCode).toBe(0);
  }, 60_000);

  it('PROFILE=pinto-android-2 smoke against a backend answering every card check twice: money violations, thresholds fail', async () => {
    const { result, summary } = await run({ WORKLOAD: 'smoke', PROFILE: 'pinto-android-2', PROVIDERS: 'integra' }, ['v2-card-check-answered-twice']);
    expect(summary.workload).toBe('v2-smoke');
    expect(summary.moneyViolations!.byKind['limit-check-answered-twice']).toBeGreaterThan(0);
    expect(summary.thresholds.find((t) => t.expression === 'money_violations: count==0')?.pass).toBe(false);
    expect(result.logs.some((l) => l.message.startsWith('money violation limit-check-answered-twice: kiosk '))).toBe(true);
    expect(result.exitCode).toBe(99);
  }, 60_000);

  it('v2-smoke with KIOSK_JOURNEYS against a correct backend: printer faults refunded, reversals answered, yaspa off, restarts recovered, 0 money violations', async () => {
    const { result, summary } = await run({ WORKLOAD: 'v2-smoke', PROVIDERS: 'integra=1,nnsmart=1', KIOSKS_PER_VU: '4', DURATION: '8s', SESSION: '8', KIOSK_JOURNEYS: 'printer-fault=1,reversal-request=1,yaspa-off=1,restart=1' });
    expect(summary.cards?.kiosksByJourney).toEqual({ 'printer-fault': 2, 'reversal-request': 2, 'yaspa-off': 2, restart: 2 });
    expect(summary.moneyViolations).toEqual({ total: 0, byKind: {}, samples: [] });
    expect(summary.protocolViolations.total).toBe(0);
    for (const journey of ['printer-fault', 'reversal-request', 'yaspa-off', 'restart']) expect(summary.journeys?.[journey]?.completed, journey).toBeGreaterThan(0);
    const reversals = server!.books.reversals();
    expect(reversals.some((r) => r.path === 'requested' && r.screen === 'SUCCESS')).toBe(true);
    expect(server!.books.sales().some((sale) => sale.ticket === 'not-printed')).toBe(true);
    expect(result.exitCode).toBe(0);
  }, 60_000);

  it('KIOSK_JOURNEYS=printer-fault against a backend that hands out the ticket anyway (v2-collect-after-print-failure): print-failure-not-refunded, exit 99', async () => {
    const { result, summary } = await run({ WORKLOAD: 'v2-smoke', KIOSK_JOURNEYS: 'printer-fault' }, ['v2-collect-after-print-failure']);
    expect(summary.moneyViolations!.byKind['print-failure-not-refunded']).toBeGreaterThan(0);
    expect(result.logs.some((l) => l.message.startsWith('money violation print-failure-not-refunded: kiosk '))).toBe(true);
    expect(result.exitCode).toBe(99);
  }, 60_000);
});
