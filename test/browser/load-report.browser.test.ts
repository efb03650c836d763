import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareSummaries } from '../../load/compare.js';
import { runLoad } from '../../load/driver/run.js';
import { renderComparePage } from '../../load/report/compare-page.js';
import { renderLoadReport } from '../../load/report/html.js';
import type { LoadSummary } from '../../load/summary.js';
import { parseJourneySpec } from '../../load/terminal/journey.js';
import { evaluateThresholds, parseThreshold } from '../../load/thresholds.js';
import { startReferenceServer, type ReferenceServer } from '../../reference-server/index.js';

/** Debian's Chromium (CI installs it in .ci/run); never a downloaded browser. */
const CHROMIUM = process.env.PAYSOCK_CHROMIUM ?? '/usr/bin/chromium';
/** Where the screenshots go, kept after the run so a person can look at them. */
const SCREENSHOT_DIR = join(tmpdir(), 'paysock-report-browser');

let browser: Browser;
let dir: string;
let server: ReferenceServer;
let summary: LoadSummary;

/** A real run: 16 terminals of every journey for 5 s. Without test control the decline and limit journeys fail, so failures have reasons. */
async function realRun(prefix: string): Promise<LoadSummary> {
  const s = await runLoad({
    url: server.url, terminals: 16, rampUpMs: 1_500, durationMs: 5_000, thinkTime: { minMs: 20, maxMs: 120 }, journeySpec: 'mixed', journeys: parseJourneySpec('mixed'),
    transactionIds: 'initial', workers: 1, sourceAddresses: [], terminalIdPrefix: prefix, testScenario: undefined, dropRate: 0.1,
    answerTimeoutMs: 10_000, stallTimeoutMs: 30_000, maxConcurrentConnects: 64,
  });
  s.thresholds = evaluateThresholds(['p99<250', 'error_rate<1%', 'violations<1'].map(parseThreshold), s);
  return s;
}

async function open(html: string, name: string): Promise<{ page: Page; requests: string[]; errors: string[] }> {
  const file = join(dir, name);
  await writeFile(file, html);
  const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(pathToFileURL(file).href);
  return { page, requests, errors };
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium) or set PAYSOCK_CHROMIUM`);
  dir = await mkdtemp(join(tmpdir(), 'paysock-load-report-browser-'));
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  server = await startReferenceServer({ host: '127.0.0.1', port: 0, testControl: false, config: { stepDelayMs: 30, processingMs: 60, dailyLimit: 1_000_000 } });
  summary = await realRun(`lr-${Date.now().toString(36)}-`);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('load report in Chromium', () => {
  it('draws the verdict, the latency band with active terminals, outcomes per second and the distribution', async () => {
    const { page, requests, errors } = await open(renderLoadReport(summary), 'load-report.html');
    const failed = summary.thresholds.filter((t) => !t.pass).length;
    expect(await page.locator('#load-verdict').textContent()).toBe(failed === 0 ? 'Thresholds passed' : 'Thresholds failed');
    expect(await page.locator('.certificate .target').textContent()).toBe(server.url);

    const band = page.locator('svg[data-chart="latency-band"]');
    expect((await band.boundingBox())!.height).toBeGreaterThan(150);
    const bandBox = await band.locator('polygon.band').boundingBox();
    expect(bandBox!.width).toBeGreaterThan(300);
    const measuredSeconds = summary.timeSeries.filter((p) => p.p99Ms > 0).length;
    expect((await band.locator('polygon.band').getAttribute('points'))!.split(' ').length).toBe(2 * measuredSeconds);
    for (const line of ['line-p50', 'line-p95', 'line-p99']) expect((await band.locator(`polyline.${line}`).boundingBox())!.width).toBeGreaterThan(300);
    expect((await band.locator('path.active-terminals').boundingBox())!.height).toBeGreaterThan(20);

    const outcomes = page.locator('svg[data-chart="outcomes"]');
    expect(await outcomes.locator('rect.mark.completed').count()).toBeGreaterThan(2);
    expect(await outcomes.locator('rect.mark.failed').count()).toBeGreaterThan(0);
    expect(await outcomes.locator('.chart-legend text').allTextContents()).toEqual(expect.arrayContaining(['completed', expect.stringMatching(/^failed: /)]));

    const histogram = page.locator('svg[data-chart="distribution"]');
    expect(await histogram.locator('rect.mark').count()).toBe(summary.latencyHistogram!.length);
    expect(await histogram.locator('text.marker').allTextContents()).toEqual(expect.arrayContaining(['p50', 'p95', 'p99']));

    // Readable ticks: whole seconds in one 1-2-5 step along time, and a 1-2-5 step up the latency axis.
    for (const [cls, pattern] of [['x-tick', /^\d+$/], ['y-tick', /^\d+(\.\d+)?$/]] as const) {
      const ticks = (await band.locator(`text.${cls}`).allTextContents()).map((t) => { expect(t).toMatch(pattern); return Number(t); });
      const steps = [...new Set(ticks.slice(1).map((v, i) => Number((v - ticks[i]!).toPrecision(6))))];
      expect(steps).toHaveLength(1);
      expect(Number((steps[0]! / 10 ** Math.floor(Math.log10(steps[0]!))).toPrecision(3))).toBeOneOf([1, 2, 5]);
    }

    expect(await page.locator('#journeys tr.journey').count()).toBe(Object.keys(summary.journeys!).length + 1);
    expect(await page.locator('#journeys tr.journey.total td').nth(4).textContent()).toMatch(/^\d+\.\d+ s$/);
    expect(await page.locator('#transitions tr.transition-row').count()).toBe(Object.keys(summary.latency.transitions).length + 1);

    await page.screenshot({ path: join(SCREENSHOT_DIR, 'load-report-top.png') });
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'load-report-full.png'), fullPage: true });
    for (const url of requests) expect(url.startsWith('file:')).toBe(true);
    expect(errors).toEqual([]);
    expect(await page.locator('script').count()).toBe(0);
    await page.close();
  });

  it('a k6 summary (no time series, no histogram) says why instead of drawing empty charts', async () => {
    const k6: LoadSummary = { ...summary, tool: 'k6', timeSeries: [], latencyHistogram: undefined };
    const { page } = await open(renderLoadReport(k6), 'k6-report.html');
    expect(await page.locator('svg[data-chart="latency-band"]').count()).toBe(0);
    expect(await page.locator('#over-time .note').textContent()).toMatch(/k6 hands its end-of-test summary only aggregates/);
    expect(await page.locator('svg[data-chart="transitions"] rect').count()).toBeGreaterThan(0);
    await page.close();
  });

  it('load compare shows the same charts side by side', async () => {
    const current = await realRun(`lr2-${Date.now().toString(36)}-`);
    const { page, errors } = await open(renderComparePage(summary, current, compareSummaries(summary, current, 0.1)), 'load-compare.html');
    for (const chart of ['latency-band', 'outcomes', 'distribution']) {
      expect(await page.locator(`.side-by-side .baseline svg[data-chart="${chart}"]`).count()).toBe(1);
      expect(await page.locator(`.side-by-side .current svg[data-chart="${chart}"]`).count()).toBe(1);
    }
    const left = await page.locator('.baseline svg[data-chart="latency-band"]').boundingBox();
    const right = await page.locator('.current svg[data-chart="latency-band"]').boundingBox();
    expect(right!.x).toBeGreaterThan(left!.x + left!.width - 1);
    expect(Math.abs(right!.y - left!.y)).toBeLessThan(2);
    expect(await page.locator('#checks tr.check').count()).toBe(3);
    expect(await page.locator('#compare-verdict').textContent()).toMatch(/^(No regression|\d+ regressions?)$/);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'load-compare-full.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  }, 30_000);
});
