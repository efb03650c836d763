import { execSync, type ChildProcess } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startV2ReferenceServer, type V2Config, type V2ReferenceServer } from '../../reference-server/v2/index.js';
import { ensureBuilt, root } from '../reference-server/process.js';
import { startKiosk, watchedPage } from './kiosk-process.js';

/** Debian's Chromium, never a downloaded browser (as in kiosk.browser.test.ts). */
const CHROMIUM = process.env.PAYSOCK_CHROMIUM ?? '/usr/bin/chromium';
/** Where the screenshots go, kept after the run so a person can look at them. */
export const SCREENSHOT_DIR = join(tmpdir(), 'paysock-kiosk-v2-browser');
/** The server's screens after a sale 150 ms apart (V2-OPEN-12: the backend paces them). */
const FAST: Partial<V2Config> = { stepDelayMs: 150 };

/** dist/ with the v2 page script no older than its sources. */
function ensureV2PageBuilt(): void {
  ensureBuilt();
  const bundle = join(root, 'dist', 'kiosk', 'kiosk-v2.js');
  const sources = ['kiosk/page/v2/main.ts', 'kiosk/page/v2/judge.ts', 'kiosk/page/v2/screens.ts', 'kiosk/page/v2/terminal-script.ts', 'kiosk/page/v2/relay-socket.ts', 'kiosk/page/v2/scenarios.ts', 'protocol/v2/conversation.ts', 'kiosk-v2/kiosk.ts'].map((f) => statSync(join(root, f)).mtimeMs);
  const shells = ['page-html-v2.js', 'relay.js', 'server.js'].map((f) => join(root, 'dist', 'kiosk', f));
  const built = (file: string): boolean => existsSync(file) && statSync(file).mtimeMs >= Math.max(...sources, ...['kiosk/page-html-v2.ts', 'kiosk/relay.ts', 'kiosk/server.ts'].map((f) => statSync(join(root, f)).mtimeMs));
  if (built(bundle) && shells.every(built)) return;
  try {
    execSync('npm run build', { cwd: root, stdio: 'pipe' });
  } catch {
    // Type errors elsewhere in the tree still emit JavaScript; the bundle step is what must have run.
    execSync('node scripts/build-kiosk.mjs', { cwd: root, stdio: 'pipe' });
  }
}

/** How a test opens the page. */
export interface OpenOptions {
  faults?: string[];
  /** The reference server's test control (X-Test-Scenario). */
  testControl?: boolean;
  /** Typed into the page's X-Test-Scenario field before the app starts. */
  scenario?: string;
}

/** What a test has once the page shows the first AMOUNT_SELECT. */
export interface OpenPage {
  page: Page;
  errors: string[];
  requests: string[];
  server: V2ReferenceServer;
}

/**
 * One Chromium and one `paysock kiosk --profile pinto-android-2` (the command
 * under test) for a test file, and the steps its tests click through.
 */
export function kioskV2Page() {
  let browser: Browser;
  let kioskProcess: ChildProcess | undefined;
  const servers: V2ReferenceServer[] = [];
  const state = { kioskUrl: '', downloads: '' };

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium) or set PAYSOCK_CHROMIUM`);
    ensureV2PageBuilt();
    await mkdir(SCREENSHOT_DIR, { recursive: true });
    state.downloads = await mkdtemp(join(tmpdir(), 'paysock-kiosk-v2-downloads-'));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    // With no backend: each test enters its own.
    const kiosk = await startKiosk(['--profile', 'pinto-android-2']);
    kioskProcess = kiosk.child;
    state.kioskUrl = kiosk.url;
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    kioskProcess?.kill('SIGINT');
    await Promise.all(servers.map((s) => s.close()));
    if (state.downloads) await rm(state.downloads, { recursive: true, force: true });
  });

  /** The page, started against `backend`: the test waits for what it expects. */
  async function openAt(backend: string, scenario?: string): Promise<Omit<OpenPage, 'server'>> {
    const { page, errors, requests } = await watchedPage(browser);
    await page.goto(state.kioskUrl);
    await recordScreens(page);
    // d540407 builds ws://host:port without a path (V2-TRN-1).
    await page.locator('#backend').fill(backend.replace(/\/$/, ''));
    if (scenario !== undefined) await page.locator('#test-scenario').fill(scenario);
    await page.locator('[data-action="start"]').click();
    return { page, errors, requests };
  }

  /** A v2 reference server in process, and the page started against it on its first AMOUNT_SELECT. */
  async function open(config: Partial<V2Config>, options: OpenOptions = {}): Promise<OpenPage> {
    const server = await startV2ReferenceServer({ host: '127.0.0.1', port: 0, faults: options.faults ?? [], testControl: options.testControl ?? false, config: { ...FAST, ...config } });
    servers.push(server);
    const opened = await openAt(server.url, options.scenario);
    await reaches(opened.page, 'AMOUNT_SELECT');
    return { ...opened, server };
  }

  return { open, openAt, state };
}

/**
 * Records every screen the page draws (data-screen and its text) in the page,
 * so a test can see one the kiosk left a moment later (PRINTER_ERROR shows
 * until the REVERSAL_REQUEST right behind it).
 */
async function recordScreens(page: Page): Promise<void> {
  await page.evaluate(() => {
    const g = globalThis as unknown as { document: { getElementById(id: string): { querySelector(s: string): { dataset: Record<string, string>; textContent: string | null } | null } | null }; MutationObserver: new (f: () => void) => { observe(n: unknown, o: unknown): void }; drawnScreens: string[] };
    g.drawnScreens = [];
    const target = g.document.getElementById('kiosk')!;
    new g.MutationObserver(() => {
      const section = target.querySelector('[data-screen]');
      const entry = section ? `${section.dataset.screen}: ${section.textContent ?? ''}` : '';
      if (section && g.drawnScreens.at(-1) !== entry) g.drawnScreens.push(entry);
    }).observe(target, { childList: true });
  });
}

/** Every screen the page drew since it opened, as "DATA_SCREEN: its text". */
export async function drawnScreens(page: Page): Promise<string[]> {
  return page.evaluate(() => (globalThis as unknown as { drawnScreens: string[] }).drawnScreens);
}

/** The frames the log shows one way whose summary starts with `prefix`, parsed from their JSON. */
export async function framesOf(page: Page, dir: 'in' | 'out', prefix: string): Promise<Array<Record<string, unknown>>> {
  const entries = page.locator(`#log .entry[data-dir="${dir}"]`);
  const out: Array<Record<string, unknown>> = [];
  for (let i = 0; i < await entries.count(); i++) {
    const e = entries.nth(i);
    if (!((await e.locator('.what').textContent()) ?? '').startsWith(prefix)) continue;
    out.push(JSON.parse((await e.locator('pre').textContent()) ?? '{}') as Record<string, unknown>);
  }
  return out;
}

/** The log's frame lines judged anything but OK (a WARN or a FAIL), as "summary VERDICT". */
export async function notOk(page: Page): Promise<string[]> {
  const entries = page.locator('#log .entry.frame:not([data-verdict="OK"])');
  return (await entries.locator('.what').allTextContents()).map((w, i) => `${w} #${i}`);
}

export async function reaches(page: Page, screen: string, timeout = 10_000): Promise<void> {
  await page.locator(`#kiosk [data-screen="${screen}"]`).waitFor({ timeout });
}

/** The summaries of the log's frames one way ("PAYMENT_RESULT SUCCESS · T-…"). */
export async function frames(page: Page, dir: 'in' | 'out'): Promise<string[]> {
  return page.locator(`#log .entry[data-dir="${dir}"] .what`).allTextContents();
}

export async function count(page: Page, verdict: 'ok' | 'warn' | 'fail'): Promise<number> {
  return Number(await page.locator(`#count-${verdict}`).textContent());
}

/** How many of the log's backend frames have a summary starting with `prefix`. */
export async function receivedCount(page: Page, prefix: string): Promise<number> {
  return (await frames(page, 'in')).filter((f) => f.startsWith(prefix)).length;
}

/** Waits until more than `before` of the log's backend frames have a summary starting with `prefix`. */
export async function received(page: Page, prefix: string, before = 0, timeout = 10_000): Promise<void> {
  await page.waitForFunction(([p, n]) => {
    const g = globalThis as unknown as { document: { querySelectorAll(s: string): ArrayLike<{ textContent: string | null }> } };
    return Array.from(g.document.querySelectorAll('#log .entry[data-dir="in"] .what')).filter((e) => (e.textContent ?? '').startsWith(p as string)).length > (n as number);
  }, [prefix, before] as const, { timeout });
}

/** Taps an amount and a card method: the card payment runs on the scripted terminal. */
export async function payByCard(page: Page, amount = 20, method: 'DEBIT_CARD' | 'none' = 'DEBIT_CARD'): Promise<void> {
  // d540407 runs a recovery check 1.5 s after start that reverses an NNSmart sale it finds pending: a sale
  // sooner than that is reversed by the kiosk itself, which no customer is quick enough to meet in the field.
  await page.waitForFunction(() => {
    const g = globalThis as unknown as { document: { body: { textContent: string | null } } };
    return (g.document.body.textContent ?? '').includes('Startup recovery check complete');
  }, undefined, { timeout: 10_000 });
  await page.locator(`#kiosk [data-action="amount"][data-amount="${amount}"]`).click();
  if (method === 'none') return;
  await reaches(page, 'PAYMENT_METHOD');
  await page.locator(`#kiosk [data-action="method"][data-method="${method}"]`).click();
}

/** From the receipt question to the next AMOUNT_SELECT, the backend's screens (§5g). */
export async function finishWithReceipt(page: Page, answer: 'yes' | 'no' = 'yes'): Promise<void> {
  await reaches(page, 'RECEIPT_QUESTION');
  const before = await receivedCount(page, 'SCREEN_CHANGE THANK_YOU');
  await page.locator(`#kiosk [data-action="receipt-${answer}"]`).click();
  // The flow is over when the backend has sent THANK_YOU and then AMOUNT_SELECT again.
  await received(page, 'SCREEN_CHANGE THANK_YOU', before);
  await reaches(page, 'AMOUNT_SELECT');
}
