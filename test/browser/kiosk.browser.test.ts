import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceServer, type ReferenceServer, type ReferenceServerOptions } from '../../reference-server/index.js';
import { ensureBuilt, root } from '../reference-server/process.js';
import { saveDownload as saveExport, startKiosk, validate, watchedPage, type KioskProcess } from './kiosk-process.js';

/** Debian's Chromium, never a downloaded browser (as in report.browser.test.ts). */
const CHROMIUM = process.env.PAYSOCK_CHROMIUM ?? '/usr/bin/chromium';
/** Where the screenshots go, kept after the run so a person can look at them. */
export const SCREENSHOT_DIR = join(tmpdir(), 'paysock-kiosk-browser');
/** Fast server steps: the flow after SUCCESS is server-driven. */
const FAST = { stepDelayMs: 150, processingMs: 150 };

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(full) : e.name.endsWith('.ts') ? statSync(full).mtimeMs : 0);
  }
  return t;
}

/** dist/ with the kiosk command and page script no older than their sources. */
function ensureKioskBuilt(): void {
  ensureBuilt();
  const bundle = join(root, 'dist', 'kiosk', 'kiosk.js');
  const sources = Math.max(newest(join(root, 'kiosk')), newest(join(root, 'protocol')), statSync(join(root, 'conformance', 'frame-checks.ts')).mtimeMs);
  if (existsSync(bundle) && statSync(bundle).mtimeMs >= sources && existsSync(join(root, 'dist', 'cli', 'commands', 'kiosk.js'))) return;
  try {
    execSync('npm run build', { cwd: root, stdio: 'pipe' });
  } catch {
    // Type errors elsewhere in the tree still emit JavaScript; the bundle step is what must have run.
    execSync('node scripts/build-kiosk.mjs', { cwd: root, stdio: 'pipe' });
  }
}

let browser: Browser;
const servers: ReferenceServer[] = [];
const kiosks: KioskProcess[] = [];
let downloads: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium) or set PAYSOCK_CHROMIUM`);
  ensureKioskBuilt();
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  downloads = await mkdtemp(join(tmpdir(), 'paysock-kiosk-downloads-'));
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  for (const k of kiosks) k.child.kill('SIGTERM');
  await Promise.all(servers.map((s) => s.close()));
  if (downloads) await rm(downloads, { recursive: true, force: true });
});

/** A reference server (in process) and `paysock kiosk` against it, the page open, every data-screen change recorded. */
async function open(profile: string, terminal: string, faults: string[] = [], more: { server?: Partial<ReferenceServerOptions>; as?: string[]; screen?: string } = {}): Promise<{ page: Page; errors: string[]; requests: string[]; kioskUrl: string; backend: string }> {
  const server = await startReferenceServer({ host: '127.0.0.1', port: 0, faults, ...more.server, config: { ...FAST, ...more.server?.config } });
  servers.push(server);
  const kiosk = await startKiosk(['--backend', server.url, ...(more.as ?? ['--terminal-id', terminal]), '--profile', profile]);
  kiosks.push(kiosk);
  const { page, errors, requests } = await watchedPage(browser);
  // Records each screen the kiosk draws, however briefly: the steps after SUCCESS are 150 ms apart.
  // (Runs in the page; the test's own types have no DOM, hence the local shapes.)
  await page.addInitScript(() => {
    const g = globalThis as unknown as InPage;
    const seen: string[] = [];
    g.screensSeen = seen;
    new g.MutationObserver(() => {
      const shown = g.document.querySelector('#kiosk [data-screen]')?.dataset.screen;
      if (shown && seen[seen.length - 1] !== shown) seen.push(shown);
    }).observe(g.document, { childList: true, subtree: true });
  });
  await page.goto(kiosk.url);
  if (more.screen !== 'none') await page.locator(`[data-screen="${more.screen ?? 'AMOUNT_SELECT'}"]`).waitFor({ timeout: 5_000 });
  return { page, errors, requests, kioskUrl: kiosk.url, backend: server.url };
}

/** The little of the page's globals the test touches. */
interface InPage {
  screensSeen: string[];
  document: { querySelector(selector: string): { dataset: Record<string, string | undefined> } | null };
  MutationObserver: new (callback: () => void) => { observe(target: unknown, options: { childList: boolean; subtree: boolean }): void };
}

const screensSeen = (page: Page): Promise<string[]> => page.evaluate(() => (globalThis as unknown as InPage).screensSeen);

/** Waits until the kiosk has drawn this screen after everything seen so far. */
async function reaches(page: Page, screen: string): Promise<void> {
  await page.locator(`#kiosk [data-screen="${screen}"]`).waitFor({ timeout: 5_000 });
}

const saveDownload = (page: Page, button: string): Promise<string> => saveExport(page, button, downloads);

for (const profile of ['strict', 'pinto-android-1'] as const) {
  describe(`paysock kiosk in Chromium, ${profile}`, () => {
    it('pays 20 by DEBIT_CARD by clicking, through every screen back to AMOUNT_SELECT, every frame OK; the session exports for paysock validate', async () => {
      const { page, errors, requests, kioskUrl, backend } = await open(profile, `KB-pay-${profile}`);
      await page.locator('[data-amount="20"]').click();
      await reaches(page, 'PAYMENT_METHOD');
      await page.locator('[data-method="DEBIT_CARD"]').click();
      await reaches(page, 'PROCESSING');
      await page.screenshot({ path: join(SCREENSHOT_DIR, `kiosk-processing-${profile}.png`) });
      await page.waitForFunction(() => ((globalThis as unknown as InPage).screensSeen.join(' ').match(/THANK_YOU AMOUNT_SELECT$/)), undefined, { timeout: 10_000 });
      expect(await screensSeen(page)).toEqual(['AMOUNT_SELECT', 'PAYMENT_METHOD', 'PROCESSING', 'SUCCESS', 'PRINT_TICKET', 'COLLECT_TICKET', 'THANK_YOU', 'AMOUNT_SELECT']);
      expect(await page.locator('#count-fail').textContent()).toBe('0');
      expect(await page.locator('#count-warn').textContent()).toBe('0');
      expect(Number(await page.locator('#count-ok').textContent())).toBeGreaterThanOrEqual(8);
      // What the kiosk sent is the profile's form, judged valid in that profile.
      const sent = page.locator('#log li[data-dir="out"]');
      expect(await sent.count()).toBe(2);
      expect(await page.locator('#log li[data-dir="out"][data-verdict="OK"]').count()).toBe(2);
      const method = JSON.parse((await sent.nth(1).locator('pre').textContent()) ?? '{}') as { data: Record<string, unknown>; transactionId: string };
      expect(method.data).toEqual(profile === 'strict' ? { selectedMethod: 'DEBIT_CARD' } : { selectionMethod: 'DEBIT_CARD' });
      const first = JSON.parse((await sent.nth(0).locator('pre').textContent()) ?? '{}') as { transactionId: string };
      if (profile === 'pinto-android-1') expect(first.transactionId).toBe('initial');
      else expect(first.transactionId).toMatch(/^T-[0-9a-f]{12}$/);
      await page.screenshot({ path: join(SCREENSHOT_DIR, `kiosk-${profile}.png`) });

      const serverFrames = await saveDownload(page, '#export-server');
      const server = validate(serverFrames);
      expect(server.code).toBe(0);
      expect(server.out).toMatch(/^(\d+) valid, 0 invalid\n$/);
      const kioskFrames = await saveDownload(page, '#export-terminal');
      const terminal = validate(kioskFrames, '--from', 'terminal', '--profile', profile);
      expect(terminal).toEqual({ code: 0, out: '2 valid, 0 invalid\n' });

      expect(errors).toEqual([]);
      // Nothing but the page's own three files and the backend's WebSocket.
      const origin = new URL(kioskUrl).origin;
      for (const url of requests) expect(url.startsWith(origin) || url.startsWith(backend.replace(/\/$/, '')), url).toBe(true);
    });

    it('takes the keypad path (Other, digits, Enter) and the cancel path back to AMOUNT_SELECT', async () => {
      const { page, errors } = await open(profile, `KB-keypad-${profile}`);
      await page.locator('[data-action="OTHER"]').click();
      await reaches(page, 'KEYPAD');
      expect(await page.locator('.keypad-hint').textContent()).toBe('Between £10 and £300');
      for (const key of ['7', '5']) await page.locator(`[data-key="${key}"]`).click();
      expect(await page.locator('[data-keypad-value]').getAttribute('data-keypad-value')).toBe('75');
      await page.screenshot({ path: join(SCREENSHOT_DIR, `kiosk-keypad-${profile}.png`) });
      await page.locator('[data-action="ENTER"]').click();
      await reaches(page, 'PAYMENT_METHOD');
      await page.locator('[data-action="CANCEL"]').click();
      await reaches(page, 'AMOUNT_SELECT');
      expect(await screensSeen(page)).toEqual(['AMOUNT_SELECT', 'KEYPAD', 'PAYMENT_METHOD', 'AMOUNT_SELECT']);
      const screensSent = await page.locator('#log li[data-dir="out"] pre').evaluateAll((pres) => pres.map((p) => (JSON.parse(p.textContent ?? '{}') as { screen: string }).screen));
      expect(screensSent).toEqual(profile === 'strict'
        ? ['AMOUNT_SELECT', 'KEYPAD', 'PAYMENT_METHOD']
        : ['AMOUNT_SELECT', 'AMOUNT_SELECT', 'CANCEL', 'RESET']);
      // The dialect's RESET after CANCEL may be answered with a second AMOUNT_SELECT or an ERROR: either is legal (DIA-4).
      await page.waitForTimeout(300);
      expect(await page.locator('#count-fail').textContent()).toBe('0');
      expect(errors).toEqual([]);
    });

    it('a backend sending string amounts (--fault string-amounts) is flagged: FAIL, ENV-11, at /data/amounts/0', async () => {
      const { page, errors } = await open(profile, `KB-fault-${profile}`, ['string-amounts']);
      const flagged = page.locator('#log li[data-dir="in"][data-verdict="FAIL"]').first();
      await flagged.waitFor({ timeout: 5_000 });
      const finding = flagged.locator('.finding[data-requirement="ENV-11"]').first();
      expect(await finding.getAttribute('data-path')).toBe('/data/amounts/0');
      expect(await finding.textContent()).toContain('must be integer');
      expect(await finding.locator('.req').textContent()).toBe('ENV-11 MUST');
      expect(await page.locator('#kiosk-flag').isVisible()).toBe(true);
      await page.screenshot({ path: join(SCREENSHOT_DIR, `kiosk-fault-${profile}.png`) });
      const file = await saveDownload(page, '#export-server');
      const result = validate(file);
      expect(result.code).toBe(1);
      expect(result.out).toContain('FAIL /data/amounts/0 must be integer [ENV-11]');
      expect(errors).toEqual([]);
    });
  });
}

describe('paysock kiosk in Chromium, judging what the backend does', () => {
  it('an illegal screen transition (--fault skip-collect-ticket) is flagged against the screen graph (GRAPH-1)', async () => {
    const { page } = await open('strict', 'KB-graph', ['skip-collect-ticket']);
    await page.locator('[data-amount="20"]').click();
    await reaches(page, 'PAYMENT_METHOD');
    await page.locator('[data-method="DEBIT_CARD"]').click();
    await page.waitForFunction(() => (globalThis as unknown as InPage).screensSeen.includes('THANK_YOU'), undefined, { timeout: 10_000 });
    const flagged = page.locator('#log li[data-verdict="WARN"] .finding[data-requirement="GRAPH-1"]');
    await flagged.first().waitFor({ timeout: 5_000 });
    expect(await flagged.first().textContent()).toContain('PRINT_TICKET -> THANK_YOU is not a legal transition');
  });

  it('hand-driven edge cases: wrong transaction id, non-integer amount, double tap, drop and reconnect, each answer judged', async () => {
    const { page, errors } = await open('strict', 'KB-edges');
    await page.locator('[data-amount="20"]').click();
    await reaches(page, 'PAYMENT_METHOD');
    const lastIn = (): Promise<string> => page.locator('#log li[data-dir="in"] .what').last().textContent().then((t) => t ?? '');

    await page.locator('[data-edge="wrong-id"]').click();
    await expect.poll(lastIn).toMatch(/^ERROR PAYMENT_METHOD INVALID_TRANSACTION/);

    await page.locator('[data-edge="drop"]').click();
    await expect.poll(() => page.locator('#log li.note').allTextContents()).toContainEqual(expect.stringMatching(/^.*Connected to /));
    // The backend resumes the transaction on its screen (RES-3).
    await reaches(page, 'PAYMENT_METHOD');

    await page.locator('[data-edge="stale"]').click();
    await expect.poll(lastIn).toMatch(/^(ERROR PAYMENT_METHOD UNEXPECTED_ACTION|SCREEN_CHANGE PAYMENT_METHOD)/);

    await page.locator('[data-action="CANCEL"]').click();
    await reaches(page, 'AMOUNT_SELECT');
    await page.locator('[data-edge="non-integer"]').click();
    const sent = page.locator('#log li[data-dir="out"]').last();
    expect(await sent.getAttribute('data-verdict')).toBe('FAIL');
    expect(await sent.locator('.finding').first().getAttribute('data-path')).toBe('/data/selectedAmount');
    await expect.poll(lastIn).toMatch(/^ERROR AMOUNT_SELECT (INVALID_AMOUNT|INVALID_MESSAGE)/);

    await page.locator('[data-edge="double-tap"]').click();
    await reaches(page, 'PAYMENT_METHOD');
    await page.waitForTimeout(300);
    expect(await page.locator('#count-fail').textContent()).toBe('0');
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'kiosk-edges.png'), fullPage: true });
    expect(errors).toEqual([]);
  });

  it('going idle on PAYMENT_METHOD shows the backend\'s ERROR TIMEOUT and AMOUNT_SELECT, judged', async () => {
    const { page } = await open('strict', 'KB-idle', [], { server: { config: { idleTimeoutMs: 700 } } });
    await page.locator('[data-amount="20"]').click();
    await reaches(page, 'PAYMENT_METHOD');
    await page.locator('[data-edge="idle"]').click();
    await expect.poll(() => page.locator('#log li[data-dir="in"] .what').allTextContents(), { timeout: 5_000 }).toContainEqual(expect.stringMatching(/^ERROR PAYMENT_METHOD TIMEOUT/));
    await reaches(page, 'AMOUNT_SELECT');
    expect(await page.locator('#count-fail').textContent()).toBe('0');
  });

  it('a token goes in ?access_token=; an unknown token fails the handshake and the page says why', async () => {
    const auth = { mode: 'tokens' as const, tokens: { 'tok-1': 'KB-token' } };
    const ok = await open('strict', 'KB-token', [], { server: { auth }, as: ['--token', 'tok-1'] });
    expect(await ok.page.locator('#auth-note').isVisible()).toBe(true);
    expect(await ok.page.locator('#log li.note').first().textContent()).toContain('access_token=…');
    const refused = await open('strict', 'KB-token', [], { server: { auth }, as: ['--token', 'wrong'], screen: 'none' });
    await expect.poll(() => refused.page.locator('#log li.note').allTextContents()).toContainEqual(expect.stringMatching(/handshake failed.*Authorization header/));
    expect(await refused.page.locator('#auth-note').getAttribute('class')).toContain('alert');
  });

  it('serves the page under a strict CSP (no inline script, no eval) and still runs', async () => {
    const { page, kioskUrl } = await open('strict', 'KB-csp');
    const res = await page.request.get(kioskUrl);
    const csp = res.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/unsafe-/);
    expect(await page.locator('#status').getAttribute('data-connection')).toBe('open');
  });
});
