import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeReports } from '../../conformance/report/index.js';
import { HOSTILE_FRAME, largeResults, sampleResults } from '../conformance/fixtures/sample-results.js';

/** Debian's Chromium (CI installs it in .ci/run); never a downloaded browser. */
const CHROMIUM = process.env.PAYSOCK_CHROMIUM ?? '/usr/bin/chromium';
/** Where the screenshots go, kept after the run so a person can look at them. */
export const SCREENSHOT_DIR = join(tmpdir(), 'paysock-report-browser');

let browser: Browser;
let page: Page;
let dir: string;
const requests: string[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium) or set PAYSOCK_CHROMIUM`);
  dir = await mkdtemp(join(tmpdir(), 'paysock-report-browser-'));
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const [html] = await writeReports(sampleResults(), dir, ['html']);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
  page.on('request', (request) => requests.push(request.url()));
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(pathToFileURL(html as string).href);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('HTML report in Chromium', () => {
  it('shows the overall verdict in the certificate header', async () => {
    const verdict = page.locator('#overall-verdict');
    await expect(verdict.isVisible()).resolves.toBe(true);
    expect(await verdict.textContent()).toBe('Not conformant');
    expect(await page.locator('.certificate .target').textContent()).toBe('wss://kiosk-backend.example.test/ws');
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'report-top.png') });
  });

  it('the FAIL filter shows only failing cases', async () => {
    const all = await page.locator('details.case').count();
    expect(all).toBe(sampleResults().cases.length);
    await page.locator('[data-filter-verdict="FAIL"]').click();
    const visible = page.locator('details.case:visible');
    const failing = sampleResults().cases.filter((c) => c.verdict === 'FAIL').length;
    expect(await visible.count()).toBe(failing);
    for (const verdict of await visible.evaluateAll((nodes) => nodes.map((n) => (n as unknown as { dataset: { verdict: string } }).dataset.verdict))) {
      expect(verdict).toBe('FAIL');
    }
    expect(await page.locator('#shown-count').textContent()).toBe(`${failing} of ${all} cases shown`);
    // Sections without a failing case disappear with their cases.
    expect(await page.locator('section.case-group[data-section="auth"]').isVisible()).toBe(false);
  });

  it('a section checkbox hides that section', async () => {
    await page.locator('[data-filter-section="transport"]').uncheck();
    expect(await page.locator('details.case[data-section="transport"]:visible').count()).toBe(0);
    expect(await page.locator('details.case:visible').count()).toBeGreaterThan(0);
    await page.locator('[data-filter-section="transport"]').check();
  });

  it('expanding a failing case shows expected vs actual, schema errors and the sequence diagram', async () => {
    const failing = page.locator('details.case[data-id="envelope/8/1"]');
    await failing.locator('summary').click();
    expect(await failing.getAttribute('open')).not.toBeNull();
    expect(await failing.locator('td.expected').first().isVisible()).toBe(true);
    expect(await failing.locator('td.expected').first().textContent()).toBe('valid SCREEN_CHANGE AMOUNT_SELECT');
    expect(await failing.locator('td.actual').first().textContent()).toBe('timestamp is a string; amounts[1] is 40.5');
    expect(await failing.locator('code.path').allTextContents()).toEqual(['/timestamp', '/data/amounts/1']);
    const diagram = failing.locator('svg.sequence');
    expect(await diagram.isVisible()).toBe(true);
    const box = await diagram.boundingBox();
    expect(box?.height ?? 0).toBeGreaterThan(60);
    expect(await diagram.locator('.msg').count()).toBe(3);
    expect(await diagram.locator('.msg.flagged .label').textContent()).toBe('SCREEN_CHANGE AMOUNT_SELECT');

    const declined = page.locator('details.case[data-id="flow/9/1"]');
    await declined.locator('summary').click();
    expect(await declined.locator('.transition.illegal').first().textContent()).toBe('PROCESSING → AMOUNT_SELECT');
    await declined.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'report-failing-case.png') });
  });

  it('a failing case quotes the source sentence its failure rests on', async () => {
    const failing = page.locator('details.case[data-id="transport/3/1"]');
    await failing.locator('summary').click();
    const quote = failing.locator('.grounds blockquote.cite').first();
    expect(await quote.isVisible()).toBe(true);
    expect(await quote.textContent()).toContain('A binary frame is answered by close code 1003.');
    expect(await quote.locator('cite').textContent()).toBe('clarifications.md, Transport');
    await failing.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'report-failure-grounds.png') });
  });

  it('shows the hostile frame as text and never runs it', async () => {
    const hostile = page.locator('details.case[data-id="transport/2/1"]');
    await hostile.locator('summary').click();
    const cells = await hostile.locator('table.wire td.data pre').allTextContents();
    expect(cells).toContain(HOSTILE_FRAME);
    expect(await hostile.locator('td.actual').first().textContent()).toBe(HOSTILE_FRAME);
    // The probe itself must work (CSP could block it), or the next line would prove nothing.
    expect(await page.evaluate('typeof document.body')).toBe('object');
    expect(await page.evaluate('window.__paysockInjected')).toBeUndefined();
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('script').count()).toBe(1);
  });

  it('the replay command sits next to a copy button', async () => {
    const c = page.locator('details.case[data-id="transport/2/1"]');
    expect(await c.locator('.replay code').textContent()).toBe("paysock certify wss://kiosk-backend.example.test/ws --profile strict --case 'transport/2/1'");
    expect(await c.locator('.replay button.copy').isVisible()).toBe(true);
  });

  it('a requirement link opens the case it names', async () => {
    await page.locator('[data-filter-verdict="ALL"]').click();
    await page.locator('#req-FLOW-2 a.case-link').click();
    const target = page.locator('details.case[data-id="flow/2/1"]');
    await target.locator('svg.sequence').waitFor({ state: 'visible', timeout: 10_000 });
    expect(await target.getAttribute('open')).not.toBeNull();
    await target.screenshot({ path: join(SCREENSHOT_DIR, 'report-long-case.png') });
  });

  it('made no network request and raised no script error', async () => {
    await page.locator('#screen-graph').screenshot({ path: join(SCREENSHOT_DIR, 'report-graph.png') });
    await page.locator('#requirements').screenshot({ path: join(SCREENSHOT_DIR, 'report-requirements.png') });
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'report-full.png'), fullPage: true });
    expect(requests.length).toBeGreaterThan(0);
    for (const url of requests) expect(url.startsWith('file:')).toBe(true);
    expect(pageErrors).toEqual([]);
  });
});

describe('a 150-case report in Chromium', () => {
  it('loads, filters and expands a case', async () => {
    const results = largeResults(150);
    const [html] = await writeReports(results, join(dir, 'large'), ['html']);
    const large = await browser.newPage({ viewport: { width: 1360, height: 900 } });
    const started = performance.now();
    await large.goto(pathToFileURL(html as string).href);
    const loadMs = Math.round(performance.now() - started);
    await large.locator('[data-filter-verdict="FAIL"]').click();
    const failing = results.cases.filter((c) => c.verdict === 'FAIL').length;
    expect(await large.locator('details.case:visible').count()).toBe(failing);
    const first = large.locator('details.case:visible').first();
    await first.locator('summary').click();
    expect(await first.locator('svg.sequence').isVisible()).toBe(true);
    // Reported, never asserted: timing must not decide a test.
    console.log(`150-case report: ${(Buffer.byteLength(await large.content()) / 1e6).toFixed(1)} MB DOM text, loaded in ${loadMs} ms`);
    await large.close();
  });
});
