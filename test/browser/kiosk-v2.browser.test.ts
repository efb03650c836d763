import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { V2Config } from '../../reference-server/v2/index.js';
import { saveDownload as saveExport, validate as validateFile } from './kiosk-process.js';
import { count, finishWithReceipt, frames, kioskV2Page, payByCard, reaches, SCREENSHOT_DIR } from './kiosk-v2-page.js';

const { open: openPage, state } = kioskV2Page();
const open = (config: Partial<V2Config>, faults: string[] = []) => openPage(config, { faults });

const saveDownload = (page: Page, button: string): Promise<string> => saveExport(page, button, state.downloads);
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
    expect(requests.every((r) => r.startsWith(state.kioskUrl))).toBe(true);
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
