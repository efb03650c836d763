import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './cli-run.js';
import type { LoadSummary } from '../../load/summary.js';
import { loadSummaryProblem } from '../../load/read-summary.js';
import { startReferenceServer, type ReferenceServer } from '../../reference-server/index.js';

let server: ReferenceServer;

beforeAll(async () => {
  server = await startReferenceServer({ host: '127.0.0.1', port: 0, config: { stepDelayMs: 20, processingMs: 20, dailyLimit: 1_000_000 } });
});

afterAll(async () => {
  await server.close();
});

const run = runCli;

describe('paysock load', () => {
  it('writes the summary (documented shape), HTML and JUnit, and exits 1 when a threshold fails', async () => {
    const out = mkdtempSync(join(tmpdir(), 'paysock-load-'));
    const { code, stdout } = await run(['load', server.url, '--terminals', '10', '--duration', '2s', '--think-time', '10ms', '--threshold', 'p99<600000', '--threshold', 'max<0', '--out', out]);
    expect(code).toBe(1);
    expect(stdout).toContain('threshold max<0: FAIL');
    const summary = JSON.parse(readFileSync(join(out, 'load-summary.json'), 'utf8')) as LoadSummary;
    expect(loadSummaryProblem(summary)).toBeUndefined();
    expect(summary.tool).toBe('paysock');
    expect(summary.thresholds.map((t) => t.pass)).toEqual([true, false]);
    expect(summary.transactions.completed).toBeGreaterThan(0);
    const html = readFileSync(join(out, 'load-report.html'), 'utf8');
    expect(html).toContain('<svg');
    expect(html).toContain('max&lt;0');
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
    expect(readFileSync(join(out, 'load-junit.xml'), 'utf8')).toContain('<failure message="max&lt;0');
  });

  it('exits 0 when every threshold passes', async () => {
    const { code } = await run(['load', server.url, '--terminals', '5', '--duration', '1500ms', '--think-time', '10ms', '--threshold', 'violations<1']);
    expect(code).toBe(0);
  });

  it.each([
    [['--terminals', '50001']],
    [['--duration', '2h']],
    [['--threshold', 'p97<3']],
    [['--journey', 'walk']],
    [['--ramp-up', '10s', '--duration', '5s']],
    [['--think-time', 'soon']],
  ])('exits 2 on bad usage %j', async (extra) => {
    const { code } = await run(['load', server.url, ...extra]);
    expect(code).toBe(2);
  });

  it('exits 2 on a URL that is not ws://', async () => {
    expect((await run(['load', 'http://127.0.0.1:1/'])).code).toBe(2);
  });
});
