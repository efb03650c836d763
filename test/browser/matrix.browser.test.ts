import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeReports } from '../../conformance/report/index.js';
import type { RunResults } from '../../conformance/results.js';
import { paysock } from '../cli/run-in-process.js';
import { certifyEmbedded } from '../conformance/embedded.js';

/** Debian's Chromium; never a downloaded browser. */
const CHROMIUM = process.env.PAYSOCK_CHROMIUM ?? '/usr/bin/chromium';
/** Where the screenshots go (the report browser test's folder), kept after the run so a person can look at them. */
const SCREENSHOT_DIR = join(tmpdir(), 'paysock-report-browser');

/**
 * The reference server clean and under three of its mutation faults
 * (reference-server/faults.ts), each with the case that must catch it
 * (test/conformance/mutation.test.ts): the columns of the matrix, in this order.
 */
const runs = [
  { label: 'clean', faults: [] as string[] },
  { label: 'accepts-binary', faults: ['accepts-binary'], killer: 'transport/3/1', requirement: 'TRN-3' },
  { label: 'no-limit-check', faults: ['no-limit-check'], killer: 'flow/6/1', requirement: 'FLOW-6' },
  { label: 'missing-timestamp', faults: ['missing-timestamp'], killer: 'envelope/1/1', requirement: 'ENV-1' },
];
/** The sections the runs certify: the three killers' and a neighbour, so the suite stays short. */
const cases = ['transport', 'envelope', 'flow/6'];

let browser: Browser;
let page: Page;
let dir: string;
const results = new Map<string, RunResults>();
const requests: string[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium) or set PAYSOCK_CHROMIUM`);
  dir = await mkdtemp(join(tmpdir(), 'paysock-matrix-browser-'));
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  for (const run of runs) {
    const result = await certifyEmbedded({ faults: run.faults, cases });
    results.set(run.label, result);
    await writeReports(result, join(dir, run.label), ['html', 'json']);
  }
  const matrix = await paysock(['report', '--matrix', ...runs.map((r) => join(dir, r.label, 'results.json')), '--report-dir', join(dir, 'matrix')]);
  expect(matrix.code, matrix.stderr).toBe(0);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  page = await browser.newPage({ viewport: { width: 1400, height: 950 } });
  page.on('request', (request) => requests.push(request.url()));
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(pathToFileURL(join(dir, 'matrix', 'matrix.html')).href);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** The verdict a column shows for a case, as the page renders it. */
async function shown(caseId: string, col: number): Promise<string | null> {
  return page.locator(`tr.mx-row[data-case="${caseId}"] td.cell[data-col="${col}"] button`).textContent();
}

async function compare(base: number, head: number): Promise<void> {
  await page.selectOption('#diff-base', String(base));
  await page.selectOption('#diff-head', String(head));
}

describe('a matrix of the reference server clean and under three faults, in Chromium', () => {
  it('has a column per run and the clean column passes every case the fault columns fail', async () => {
    const labels = await page.locator('#case-matrix th.col .col-label').allTextContents();
    expect(labels).toEqual(runs.map((r) => r.label));
    const clean = results.get('clean') as RunResults;
    expect(clean.verdict).toBe('CONFORMANT');
    expect(await page.locator('#case-matrix td.cell[data-col="0"][data-verdict="FAIL"]').count()).toBe(0);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'matrix-top.png') });
  });

  it('each fault column shows its FAILs: the killer case and every other case that run failed', async () => {
    for (const [col, run] of runs.entries()) {
      if (!run.killer) continue;
      expect(await shown(run.killer, col), run.label).toBe('FAIL');
      expect(await shown(run.killer, 0)).toBe('PASS');
      const failed = (results.get(run.label) as RunResults).cases.filter((c) => c.verdict === 'FAIL').map((c) => c.id);
      const cells = await page.locator(`#case-matrix tr.mx-row:has(td.cell[data-col="${col}"][data-verdict="FAIL"])`).evaluateAll((rows) => rows.map((r) => (r as unknown as { dataset: { case: string } }).dataset.case));
      expect(cells.sort(), run.label).toEqual(failed.sort());
      // The requirement view shows the broken requirement failed in that run only.
      expect(await page.locator(`#req-${run.requirement} td.cell[data-col="${col}"] button`).textContent()).toBe('FAIL');
      expect(await page.locator(`#req-${run.requirement} td.cell[data-col="0"] button`).textContent()).toBe('PASS');
    }
  });

  it('the diff from the clean run to each fault lists the new FAILs first, the killer among them', async () => {
    for (const [col, run] of runs.entries()) {
      if (!run.killer) continue;
      await compare(0, col);
      const kinds = await page.locator('#diff-view table.diff tbody tr').evaluateAll((rows) => rows.map((r) => (r as unknown as { dataset: { kind: string; case: string } }).dataset));
      const failed = (results.get(run.label) as RunResults).cases.filter((c) => c.verdict === 'FAIL').length;
      expect(kinds.slice(0, failed).every((k) => k.kind === 'new-fail'), run.label).toBe(true);
      expect(kinds.slice(failed).some((k) => k.kind === 'new-fail'), run.label).toBe(false);
      expect(kinds.slice(0, failed).map((k) => k.case)).toContain(run.killer);
      expect(await page.locator('#diff-view .diff-summary').getAttribute('data-new-fails')).toBe(String(failed));
      expect(await page.locator('#diff-view .diff-summary').textContent()).toContain(`From clean to ${run.label}: ${failed} new FAIL${failed === 1 ? '' : 's'}`);
      // The columns compared are marked, and the cells that differ outlined.
      expect(await page.locator(`#case-matrix th.col.is-head[data-col="${col}"]`).count()).toBe(1);
      expect(await page.locator(`tr.mx-row[data-case="${run.killer}"] td.cell.compared`).count()).toBe(2);
    }
    await compare(0, 1);
    await page.locator('#changes').screenshot({ path: join(SCREENSHOT_DIR, 'matrix-changes.png') });
  });

  it('the reverse comparison lists the fault\'s FAILs as better, none as new', async () => {
    await compare(1, 0);
    const kinds = await page.locator('#diff-view table.diff tbody tr').evaluateAll((rows) => rows.map((r) => (r as unknown as { dataset: { kind: string } }).dataset.kind));
    expect(kinds).toContain('better');
    expect(kinds).not.toContain('new-fail');
  });

  it('"only the cases whose verdict differs" hides the rest', async () => {
    await compare(0, 1);
    await page.locator('#only-changed').check();
    const visible = await page.locator('#case-matrix tr.mx-row:visible').evaluateAll((rows) => rows.map((r) => (r as unknown as { dataset: { case: string } }).dataset.case));
    expect(visible).toContain('transport/3/1');
    expect(visible.length).toBe(await page.locator('#diff-view table.diff tbody tr').count());
    await page.locator('#only-changed').uncheck();
    expect(await page.locator('#case-matrix tr.mx-row:visible').count()).toBe((results.get('clean') as RunResults).cases.length);
  });

  it('a FAIL cell opens the case\'s detail from that run: reason, the quoted source sentence, steps, a link to that run\'s report', async () => {
    await page.locator('tr.mx-row[data-case="transport/3/1"] td.cell[data-col="1"] button').click();
    const dialog = page.locator('dialog#detail');
    expect(await dialog.isVisible()).toBe(true);
    expect(await dialog.locator('.detail-title').textContent()).toContain('transport/3/1');
    expect(await dialog.locator('.detail-run strong').textContent()).toBe('accepts-binary');
    expect(await dialog.locator('.reason').textContent()).toMatch(/^FAIL: /);
    expect(await dialog.locator('blockquote.cite').first().textContent()).toContain('A binary frame is answered by close code 1003.');
    expect(await dialog.locator('table.steps tr.step-FAIL').count()).toBeGreaterThan(0);
    const index = (results.get('accepts-binary') as RunResults).cases.findIndex((c) => c.id === 'transport/3/1');
    expect(await dialog.locator('a.full-report').getAttribute('href')).toBe(`../accepts-binary/conformance.html#case-${index}`);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'matrix-detail.png') });
    await dialog.locator('#detail-close').click();
    expect(await dialog.isVisible()).toBe(false);
    // The same case from the clean run opens the clean run's detail.
    await page.locator('tr.mx-row[data-case="transport/3/1"] td.cell[data-col="0"] button').click();
    expect(await dialog.locator('.detail-run strong').textContent()).toBe('clean');
    expect(await dialog.locator('.detail-title .badge').textContent()).toBe('PASS');
    await dialog.locator('#detail-close').click();
  });

  it('made no network request and raised no script error', async () => {
    expect(requests.length).toBeGreaterThan(0);
    for (const url of requests) expect(url.startsWith('file:')).toBe(true);
    expect(pageErrors).toEqual([]);
    expect(await page.locator('script').count()).toBe(1);
  });
});
