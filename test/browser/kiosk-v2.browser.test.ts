import { execSync, type ChildProcess } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startV2ReferenceServer, type V2Config, type V2ReferenceServer } from '../../reference-server/v2/index.js';
import { ensureBuilt, root } from '../reference-server/process.js';
import { saveDownload as saveExport, startKiosk, validate as validateFile, watchedPage } from './kiosk-process.js';

/** Debian's Chromium, never a downloaded browser (as in kiosk.browser.test.ts). */
const CHROMIUM = process.env.PAYSOCK_CHROMIUM ?? '/usr/bin/chromium';
/** Where the screenshots go, kept after the run so a person can look at them. */
const SCREENSHOT_DIR = join(tmpdir(), 'paysock-kiosk-v2-browser');
/** The server's screens after a sale 150 ms apart (V2-OPEN-12: the backend paces them). */
const FAST: Partial<V2Config> = { stepDelayMs: 150 };

/** dist/ with the v2 page script no older than its sources. */
function ensureV2PageBuilt(): void {
  ensureBuilt();
  const bundle = join(root, 'dist', 'kiosk', 'kiosk-v2.js');
  const sources = ['kiosk/page/v2/main.ts', 'kiosk/page/v2/judge.ts', 'kiosk/page/v2/screens.ts', 'kiosk/page/v2/terminal-script.ts', 'protocol/v2/conversation.ts', 'kiosk-v2/kiosk.ts'].map((f) => statSync(join(root, f)).mtimeMs);
  if (existsSync(bundle) && statSync(bundle).mtimeMs >= Math.max(...sources) && existsSync(join(root, 'dist', 'kiosk', 'page-html-v2.js'))) return;
  try {
    execSync('npm run build', { cwd: root, stdio: 'pipe' });
  } catch {
    // Type errors elsewhere in the tree still emit JavaScript; the bundle step is what must have run.
    execSync('node scripts/build-kiosk.mjs', { cwd: root, stdio: 'pipe' });
  }
}

let browser: Browser;
let kioskProcess: ChildProcess | undefined;
let kioskUrl: string;
let downloads: string;
const servers: V2ReferenceServer[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium) or set PAYSOCK_CHROMIUM`);
  ensureV2PageBuilt();
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  downloads = await mkdtemp(join(tmpdir(), 'paysock-kiosk-v2-downloads-'));
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  // `paysock kiosk --profile pinto-android-2` (the command under test), with no backend: each test enters its own.
  const kiosk = await startKiosk(['--profile', 'pinto-android-2']);
  kioskProcess = kiosk.child;
  kioskUrl = kiosk.url;
}, 180_000);

afterAll(async () => {
  await browser?.close();
  kioskProcess?.kill('SIGINT');
  await Promise.all(servers.map((s) => s.close()));
  if (downloads) await rm(downloads, { recursive: true, force: true });
});

/** A v2 reference server in process, and the page started against it on its first AMOUNT_SELECT. */
async function open(config: Partial<V2Config>, faults: string[] = []): Promise<{ page: Page; errors: string[]; requests: string[]; server: V2ReferenceServer }> {
  const server = await startV2ReferenceServer({ host: '127.0.0.1', port: 0, faults, config: { ...FAST, ...config } });
  servers.push(server);
  const { page, errors, requests } = await watchedPage(browser);
  await page.goto(kioskUrl);
  // d540407 builds ws://host:port without a path (V2-TRN-1).
  await page.locator('#backend').fill(server.url.replace(/\/$/, ''));
  await page.locator('[data-action="start"]').click();
  await reaches(page, 'AMOUNT_SELECT');
  return { page, errors, requests, server };
}

async function reaches(page: Page, screen: string, timeout = 10_000): Promise<void> {
  await page.locator(`#kiosk [data-screen="${screen}"]`).waitFor({ timeout });
}

/** The summaries of the log's frames one way ("PAYMENT_RESULT SUCCESS · T-…"). */
async function frames(page: Page, dir: 'in' | 'out'): Promise<string[]> {
  return page.locator(`#log .entry[data-dir="${dir}"] .what`).allTextContents();
}

async function count(page: Page, verdict: 'ok' | 'warn' | 'fail'): Promise<number> {
  return Number(await page.locator(`#count-${verdict}`).textContent());
}

/** Taps an amount and a card method: the card payment runs on the scripted terminal. */
async function payByCard(page: Page, amount = 20): Promise<void> {
  // d540407 runs a recovery check 1.5 s after start that reverses an NNSmart sale it finds pending: a sale
  // sooner than that is reversed by the kiosk itself, which no customer is quick enough to meet in the field.
  await page.waitForFunction(() => {
    const g = globalThis as unknown as { document: { body: { textContent: string | null } } };
    return (g.document.body.textContent ?? '').includes('Startup recovery check complete');
  }, undefined, { timeout: 10_000 });
  await page.locator(`#kiosk [data-action="amount"][data-amount="${amount}"]`).click();
  await reaches(page, 'PAYMENT_METHOD');
  await page.locator('#kiosk [data-action="method"][data-method="DEBIT_CARD"]').click();
}

/** From the receipt question to the next AMOUNT_SELECT, the backend's screens (§5g). */
async function finishWithReceipt(page: Page): Promise<void> {
  await reaches(page, 'RECEIPT_QUESTION');
  await page.locator('#kiosk [data-action="receipt-yes"]').click();
  await page.waitForFunction(() => {
    const g = globalThis as unknown as { document: { querySelectorAll(s: string): ArrayLike<unknown> } };
    // The flow is over when the backend has sent THANK_YOU and then AMOUNT_SELECT again.
    return g.document.querySelectorAll('#log .entry[data-dir="in"]').length > 0
      && Array.from(g.document.querySelectorAll('#log .entry[data-dir="in"] .what') as ArrayLike<{ textContent: string }>).map((e) => e.textContent).join('|').includes('THANK_YOU');
  }, undefined, { timeout: 10_000 });
  await reaches(page, 'AMOUNT_SELECT');
}

const saveDownload = (page: Page, button: string): Promise<string> => saveExport(page, button, downloads);
const validate = (file: string, ...args: string[]): { code: number; out: string } => validateFile(file, '--profile', 'pinto-android-2', ...args);

describe('paysock kiosk --profile pinto-android-2', () => {
  it('clicks a full Integra payment through: card check, limit check, sale, receipt, ticket; every frame judged OK; the exports validate', async () => {
    const { page, errors, requests } = await open({ paymentProvider: 'integra' });
    await expect.poll(() => page.locator('#terminal-path').textContent(), { timeout: 10_000 }).toContain('Integra');
    await payByCard(page);
    await reaches(page, 'PROCESSING');
    await finishWithReceipt(page);
    const out = await frames(page, 'out');
    const inbound = await frames(page, 'in');
    expect(out.some((f) => f.startsWith('CARD_CHECK_RESULT PROCESSING'))).toBe(true);
    expect(out.some((f) => f.startsWith('PAYMENT_RESULT SUCCESS'))).toBe(true);
    expect(out.some((f) => f.startsWith('USER_ACTION RECEIPT_RESPONSE'))).toBe(true);
    expect(inbound.some((f) => f.startsWith('LIMIT_CHECK_RESULT APPROVED'))).toBe(true);
    for (const s of ['RECEIPT_QUESTION', 'PRINT_TICKET', 'COLLECT_TICKET', 'THANK_YOU']) expect(inbound.some((f) => f.startsWith(`SCREEN_CHANGE ${s}`))).toBe(true);
    expect(await count(page, 'fail')).toBe(0);
    expect(await count(page, 'ok')).toBeGreaterThan(5);
    await expect.poll(() => page.locator('#terminal-records [data-operation="sale"][data-charged="taken"]').count(), { timeout: 10_000 }).toBe(1);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'integra-payment.png'), fullPage: true });

    const backendFile = await saveDownload(page, '#export-server');
    const kioskFile = await saveDownload(page, '#export-terminal');
    expect((await readFile(kioskFile, 'utf8')).split('\n').filter(Boolean).length).toBeGreaterThan(3);
    const backend = validate(backendFile);
    expect(backend.code, backend.out).toBe(0);
    const kiosk = validate(kioskFile, '--from', 'terminal');
    expect(kiosk.code, kiosk.out).toBe(0);
    // Everything the page loads is its own (strict CSP, no external assets).
    expect(requests.every((r) => r.startsWith(kioskUrl))).toBe(true);
    expect(errors).toEqual([]);
  }, 60_000);

  it('clicks a full NNSmart payment through: the sale first, then CARD_CHECK_RESULT with the PAR, then PAYMENT_RESULT after APPROVED', async () => {
    const { page, errors } = await open({ paymentProvider: 'nnsmart' });
    await expect.poll(() => page.locator('#terminal-path').textContent(), { timeout: 10_000 }).toContain('NNSmart');
    await payByCard(page, 40);
    await finishWithReceipt(page);
    const out = await frames(page, 'out');
    const check = out.findIndex((f) => f.startsWith('CARD_CHECK_RESULT'));
    const result = out.findIndex((f) => f.startsWith('PAYMENT_RESULT SUCCESS'));
    expect(check).toBeGreaterThanOrEqual(0);
    expect(result).toBeGreaterThan(check);
    // The money was taken before the backend heard of the card (M2).
    await expect.poll(() => page.locator('#terminal-records [data-operation="nnsmart-sale"][data-charged="taken"]').count(), { timeout: 10_000 }).toBe(1);
    expect(await count(page, 'fail')).toBe(0);
    expect(errors).toEqual([]);
  }, 60_000);

  it('plays a declined card: PAYMENT_RESULT FAILED, the failure screen, the kiosk\'s own RESET 4 s later, a fresh AMOUNT_SELECT', async () => {
    const { page, errors } = await open({ paymentProvider: 'integra' });
    await page.locator('[data-terminal-card="decline"]').click();
    await expect.poll(() => page.locator('#terminal-armed').textContent(), { timeout: 10_000 }).toContain('Decline');
    await payByCard(page);
    await reaches(page, 'FAILED');
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'declined.png'), fullPage: true });
    await reaches(page, 'AMOUNT_SELECT', 8_000);
    const out = await frames(page, 'out');
    expect(out.some((f) => f.startsWith('PAYMENT_RESULT FAILED'))).toBe(true);
    expect(out.some((f) => f.startsWith('USER_ACTION RESET'))).toBe(true);
    // One card only: the terminal approves again afterwards.
    await expect.poll(() => page.locator('#terminal-armed').textContent(), { timeout: 10_000 }).toContain('Approve');
    expect(await count(page, 'fail')).toBe(0);
    expect(errors).toEqual([]);
  }, 60_000);

  it('loses the connection at the worst moment (NNSmart: money taken, CARD_CHECK_RESULT lost), then a restart reverses the sale (RECOVERY_REVERSED)', async () => {
    const { page, errors } = await open({ paymentProvider: 'nnsmart' });
    await page.locator('[data-terminal-card="lose-connection"]').click();
    await payByCard(page);
    await expect.poll(() => page.locator('#log .entry.note', { hasText: 'Not sent, the link is down: CARD_CHECK_RESULT' }).count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => page.locator('#terminal-records [data-operation="nnsmart-sale"][data-charged="taken"]').count(), { timeout: 10_000 }).toBe(1);
    // d540407 reconnects 5 s after the failure; the backend sends a screen on the new connection (V2-TRN-9).
    await reaches(page, 'AMOUNT_SELECT', 10_000);
    expect(await frames(page, 'out')).not.toContainEqual(expect.stringMatching(/^CARD_CHECK_RESULT/));
    await page.locator('[data-action="restart-app"]').click();
    await reaches(page, 'REVERSING', 10_000);
    await reaches(page, 'REVERSAL_SUCCESS', 10_000);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'recovery-after-restart.png'), fullPage: true });
    await reaches(page, 'AMOUNT_SELECT', 10_000);
    const out = await frames(page, 'out');
    expect(out.some((f) => f.startsWith('REVERSAL_RESULT SUCCESS'))).toBe(true);
    await expect.poll(() => page.locator('#log .entry[data-dir="out"] pre', { hasText: 'RECOVERY_REVERSED' }).count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => page.locator('#terminal-records [data-operation="nnsmart-cancel"][data-charged="reversed"]').count(), { timeout: 10_000 }).toBe(1);
    expect(await count(page, 'fail')).toBe(0);
    expect(errors).toEqual([]);
  }, 90_000);

  it('shows a frame the server sends wrong as FAIL with its path and requirement (v2-card-check-answered-twice: the second LIMIT_CHECK_RESULT breaks V2-M-3)', async () => {
    const { page } = await open({ paymentProvider: 'integra' }, ['v2-card-check-answered-twice']);
    await payByCard(page);
    const failed = page.locator('#log .entry[data-dir="in"][data-verdict="FAIL"]');
    await failed.first().waitFor({ timeout: 10_000 });
    await expect.poll(() => failed.first().locator('.what').textContent(), { timeout: 10_000 }).toContain('LIMIT_CHECK_RESULT APPROVED');
    const finding = failed.first().locator('.finding[data-requirement="V2-M-3"]');
    expect(await finding.getAttribute('data-path')).toBe('/transactionId');
    await expect.poll(() => finding.textContent(), { timeout: 10_000 }).toContain('a second time');
    expect(await finding.locator('.req').textContent()).toBe('V2-M-3 MUST');
    expect(await count(page, 'fail')).toBe(1);
    // The first answer is fine: one OK LIMIT_CHECK_RESULT before the failing one.
    await expect.poll(() => page.locator('#log .entry[data-dir="in"][data-verdict="OK"] .what', { hasText: 'LIMIT_CHECK_RESULT' }).count(), { timeout: 10_000 }).toBe(1);
    await page.locator('#log .entry[data-verdict="FAIL"]').first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'fail-v2-m-3.png'), fullPage: true });
  }, 60_000);

  it('shows a backend that refuses the recovery result with ERROR as FAIL V2-M-9 (v2-unknown-reversal-refused)', async () => {
    const { page } = await open({ paymentProvider: 'nnsmart' }, ['v2-unknown-reversal-refused']);
    await page.locator('[data-terminal-card="lose-connection"]').click();
    await payByCard(page);
    await reaches(page, 'AMOUNT_SELECT', 12_000);
    await page.locator('[data-action="restart-app"]').click();
    const failed = page.locator('#log .entry[data-dir="in"][data-verdict="FAIL"]');
    await failed.first().waitFor({ timeout: 15_000 });
    await expect.poll(() => failed.first().locator('.what').textContent(), { timeout: 10_000 }).toContain('ERROR');
    expect(await failed.first().locator('.finding[data-requirement="V2-M-9"]').getAttribute('data-path')).toBe('/messageType');
  }, 90_000);
});
