import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from './cli-run.js';
import { defaultKioskJourneySpec } from '../../load/v2/kiosk-journeys.js';
import { loadSummaryProblem } from '../../load/read-summary.js';
import type { LoadSummary } from '../../load/summary.js';
import { startV2ReferenceServer, type V2ReferenceServer } from '../../reference-server/v2/index.js';

let server: V2ReferenceServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const run = runCli;

/** A few v2 kiosks sharing two cards, fast terminal and think time. */
const v2Args = ['--profile', 'pinto-android-2', '--terminals', '6', '--duration', '3s', '--think-time', '10ms-30ms', '--terminal-time', '30ms', '--providers', 'integra=2,nnsmart=1', '--cards', '2'];

describe('paysock load --profile pinto-android-2', () => {
  it('a correct backend: exit 0, 0 money violations in the summary, report and JUnit; load compare reads the summary', async () => {
    server = await startV2ReferenceServer({ host: '127.0.0.1', port: 0, testControl: true, config: { stepDelayMs: 20 } });
    const out = mkdtempSync(join(tmpdir(), 'paysock-load-v2-'));
    const { code, stdout } = await run(['load', server.url, ...v2Args, '--out', out]);
    expect(stdout).toContain('money violations: 0');
    expect(code).toBe(0);
    const summary = JSON.parse(readFileSync(join(out, 'load-summary.json'), 'utf8')) as LoadSummary;
    expect(loadSummaryProblem(summary)).toBeUndefined();
    expect(summary.moneyViolations?.total).toBe(0);
    expect(summary.cards).toMatchObject({ distinct: 2, dailyLimit: 300 });
    // The default kiosk journeys: a mix of plain sales and every flow that moves money back.
    expect(summary.workload).toBe(`pinto-android-2 integra=2,nnsmart=1 ${defaultKioskJourneySpec}`);
    expect(readFileSync(join(out, 'load-junit.xml'), 'utf8')).toMatch(/<testcase classname="paysock.load.money" name="no money violations"><\/testcase>/);
    const compared = await run(['load', 'compare', join(out, 'load-summary.json'), join(out, 'load-summary.json')]);
    expect(compared.stdout).toContain('no regression');
    expect(compared.code).toBe(0);
  }, 20_000);

  it('a backend that never applies the per-card limit (v2-no-card-limit): over-limit, exit 1', async () => {
    server = await startV2ReferenceServer({ host: '127.0.0.1', port: 0, testControl: true, config: { stepDelayMs: 20 }, faults: ['v2-no-card-limit'] });
    const out = mkdtempSync(join(tmpdir(), 'paysock-load-v2-'));
    const { code, stdout } = await run(['load', server.url, ...v2Args, '--out', out]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/money violation\(s\): over-limit=\d+/);
    const summary = JSON.parse(readFileSync(join(out, 'load-summary.json'), 'utf8')) as LoadSummary;
    expect(summary.moneyViolations?.byKind['over-limit']).toBeGreaterThan(0);
    const html = readFileSync(join(out, 'load-report.html'), 'utf8');
    expect(html).toContain('Money violations');
    expect(readFileSync(join(out, 'load-junit.xml'), 'utf8')).toMatch(/<failure message="\d+ money violation\(s\)">over-limit: /);
  }, 20_000);
});
