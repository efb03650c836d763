import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { count, drawnScreens, finishWithReceipt, frames, framesOf, kioskV2Page, notOk, payByCard, reaches, received, SCREENSHOT_DIR } from './kiosk-v2-page.js';

/**
 * The v2 flows the backend starts (§5 g, h, j, k) or the configuration
 * decides (§5b: the TIMEOUT screen), clicked through in Chromium: the page's
 * X-Test-Scenario field goes through `paysock kiosk`'s relay to the reference
 * server's test control, as a person testing a backend by hand would use it.
 */
const { open, openAt } = kioskV2Page();

describe('paysock kiosk --profile pinto-android-2: the backend\'s own flows', () => {
  it('answers the receipt question YES, then NO on the next sale: both K5 sent with the question\'s id, the ticket screens follow each, every frame OK', async () => {
    const { page, errors } = await open({ paymentProvider: 'integra' });
    await payByCard(page);
    await finishWithReceipt(page, 'yes');
    await payByCard(page, 40);
    await reaches(page, 'RECEIPT_QUESTION');
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'receipt-question.png'), fullPage: true });
    await finishWithReceipt(page, 'no');
    const answers = await framesOf(page, 'out', 'USER_ACTION RECEIPT_RESPONSE');
    expect(answers.map((a) => (a.data as { selectionMethod?: unknown }).selectionMethod)).toEqual(['YES', 'NO']);
    const questions = await framesOf(page, 'in', 'SCREEN_CHANGE RECEIPT_QUESTION');
    expect(answers.map((a) => a.transactionId)).toEqual(questions.map((q) => q.transactionId));
    expect((await frames(page, 'in')).filter((f) => f.startsWith('SCREEN_CHANGE COLLECT_TICKET'))).toHaveLength(2);
    expect(await notOk(page)).toEqual([]);
    expect(errors).toEqual([]);
  }, 90_000);

  it.each([
    { scenario: 'printer-fault', provider: 'integra', request: 'REVERSAL_REQUEST', operation: 'sale-reversal' },
    { scenario: 'printer-fault-refund', provider: 'nnsmart', request: 'REFUND_REQUEST', operation: 'nnsmart-cancel' },
  ])('plays the printer error ($scenario, $provider): PRINTER_ERROR drawn, $request, REFUND_PROCESSING, the terminal reverses, REVERSAL_RESULT, no ticket screens, every frame OK', async ({ scenario, provider, request, operation }) => {
    const { page, errors, server } = await open({ paymentProvider: provider }, { testControl: true, scenario });
    await expect.poll(() => page.locator('#test-scenario-status').textContent(), { timeout: 10_000 }).toBe(`Accepted: ${scenario}`);
    await payByCard(page);
    await reaches(page, 'RECEIPT_QUESTION');
    await page.locator('#kiosk [data-action="receipt-yes"]').click();
    await reaches(page, 'REFUND_PROCESSING');
    await page.screenshot({ path: join(SCREENSHOT_DIR, `${scenario}.png`), fullPage: true });
    await received(page, 'SCREEN_CHANGE AMOUNT_SELECT', (await frames(page, 'in')).filter((f) => f.startsWith('SCREEN_CHANGE AMOUNT_SELECT')).length, 15_000);
    await reaches(page, 'AMOUNT_SELECT');
    const drawn = await drawnScreens(page);
    // PRINTER_ERROR shows as the device-error screen with the backend's message (§4.1), then the kiosk's own screens.
    const printer = drawn.findIndex((d) => d.startsWith('DEVICE_ERROR') && d.includes('could not be printed'));
    expect(printer, drawn.join('\n')).toBeGreaterThan(drawn.indexOf(drawn.find((d) => d.startsWith('PRINT_TICKET'))!));
    expect(drawn.findIndex((d) => d.startsWith('REFUND_PROCESSING') && d.includes('Processing refund'))).toBeGreaterThan(printer);
    // The kiosk's own SUCCESS for the reversal (§5h step 6), after the printer error.
    expect(drawn.slice(printer).some((d) => d.startsWith('SUCCESS'))).toBe(true);
    const inbound = await frames(page, 'in');
    expect(inbound.some((f) => f.startsWith(request))).toBe(true);
    expect(inbound.filter((f) => /^SCREEN_CHANGE (COLLECT_TICKET|THANK_YOU)/.test(f))).toEqual([]);
    const [result] = await framesOf(page, 'out', 'REVERSAL_RESULT SUCCESS');
    const [asked] = await framesOf(page, 'in', request);
    expect(result?.transactionId).toBe(asked?.transactionId);
    await expect.poll(() => page.locator(`#terminal-records [data-operation="${operation}"][data-charged="reversed"]`).count(), { timeout: 10_000 }).toBe(1);
    // The backend booked the sale reversed.
    expect(server.books.sales().map((s) => s.state)).toContain('reversed');
    expect(await notOk(page)).toEqual([]);
    expect(errors).toEqual([]);
  }, 90_000);

  it('shows a backend that prints COLLECT_TICKET after a failed ticket as FAIL V2-M-14 (v2-collect-after-print-failure)', async () => {
    const { page } = await open({ paymentProvider: 'integra' }, { testControl: true, scenario: 'printer-fault', faults: ['v2-collect-after-print-failure'] });
    await expect.poll(() => page.locator('#test-scenario-status').textContent(), { timeout: 10_000 }).toBe('Accepted: printer-fault');
    await payByCard(page);
    await reaches(page, 'RECEIPT_QUESTION');
    await page.locator('#kiosk [data-action="receipt-yes"]').click();
    const failed = page.locator('#log .entry[data-dir="in"][data-verdict="FAIL"]');
    await failed.first().waitFor({ timeout: 10_000 });
    expect(await failed.first().locator('.what').textContent()).toMatch(/^SCREEN_CHANGE COLLECT_TICKET/);
    const finding = failed.first().locator('.finding[data-requirement="V2-M-14"]');
    expect(await finding.getAttribute('data-path')).toBe('/screen');
    expect(await finding.locator('.req').textContent()).toBe('V2-M-14 MUST');
    expect(await finding.textContent()).toContain('failed to print');
    // THANK_YOU breaks it too; the PRINT_TICKET before them was fine.
    await expect.poll(() => failed.count(), { timeout: 10_000 }).toBe(2);
    expect(await page.locator('#log .entry[data-dir="in"][data-verdict="OK"] .what', { hasText: 'PRINT_TICKET' }).count()).toBe(1);
    await failed.first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'fail-v2-m-14.png'), fullPage: true });
  }, 60_000);

  it('judges nothing by a scenario the backend did not accept: "Not accepted", the ticket prints, every frame OK', async () => {
    const { page, errors } = await open({ paymentProvider: 'integra' }, { testControl: false, scenario: 'printer-fault' });
    await expect.poll(() => page.locator('#test-scenario-status').textContent(), { timeout: 10_000 }).toBe('Not accepted: printer-fault');
    await payByCard(page);
    await finishWithReceipt(page);
    expect((await frames(page, 'in')).some((f) => f.startsWith('SCREEN_CHANGE COLLECT_TICKET'))).toBe(true);
    expect(await notOk(page)).toEqual([]);
    expect(errors).toEqual([]);
  }, 60_000);

  it('shows the local TIMEOUT screen when the backend configures yaspaEnabled false: K1, 3 s TIMEOUT, then the card payment, every frame OK', async () => {
    const { page, errors } = await open({ paymentProvider: 'integra', yaspaEnabled: false });
    await payByCard(page, 20, 'none');
    await reaches(page, 'TIMEOUT');
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'timeout.png'), fullPage: true });
    await reaches(page, 'PROCESSING', 6_000);
    await finishWithReceipt(page);
    const drawn = (await drawnScreens(page)).map((d) => d.split(':')[0]);
    expect(drawn.indexOf('TIMEOUT')).toBeLessThan(drawn.indexOf('PROCESSING'));
    expect(drawn).not.toContain('PAYMENT_METHOD');
    const out = await frames(page, 'out');
    expect(out.some((f) => f.startsWith('USER_ACTION AMOUNT_SELECT'))).toBe(true);
    expect(out.some((f) => f.startsWith('USER_ACTION PAYMENT_METHOD'))).toBe(false);
    expect(out.some((f) => f.startsWith('PAYMENT_RESULT SUCCESS'))).toBe(true);
    expect(await notOk(page)).toEqual([]);
    expect(errors).toEqual([]);
  }, 60_000);

  it('answers INFO_SCREEN (device-info-request): DEVICE_IP and DEVICE_SERIAL with its id, the screen unchanged, the backend books them', async () => {
    const { page, errors, server } = await open({ paymentProvider: 'integra' }, { testControl: true, scenario: 'device-info-request' });
    await received(page, 'SCREEN_CHANGE INFO_SCREEN');
    await expect.poll(async () => (await frames(page, 'out')).filter((f) => /^DEVICE_INFO DEVICE_(IP|SERIAL)/.test(f)).length, { timeout: 10_000 }).toBe(2);
    const [info] = await framesOf(page, 'in', 'SCREEN_CHANGE INFO_SCREEN');
    const ip = await framesOf(page, 'out', 'DEVICE_INFO DEVICE_IP');
    const serial = await framesOf(page, 'out', 'DEVICE_INFO DEVICE_SERIAL');
    expect([ip[0]?.transactionId, serial[0]?.transactionId]).toEqual([info?.transactionId, info?.transactionId]);
    expect(ip[0]?.data).toHaveProperty('deviceIpAddress');
    expect(serial[0]?.data).toHaveProperty('deviceSerialNumber');
    // The display does not change (§5j step 1).
    await reaches(page, 'AMOUNT_SELECT');
    const drawn = (await drawnScreens(page)).map((d) => d.split(':')[0]);
    expect(drawn.slice(drawn.indexOf('AMOUNT_SELECT'))).toEqual(['AMOUNT_SELECT']);
    await expect.poll(() => server.books.kiosks().map((k) => k.deviceSerial), { timeout: 10_000 }).toEqual([serial[0]?.data && (serial[0].data as { deviceSerialNumber: string }).deviceSerialNumber]);
    expect(await notOk(page)).toEqual([]);
    expect(errors).toEqual([]);
  }, 60_000);

  it('handles RESTART_APP (restart-app, once): the app dies, the device relaunches it, a new connection without the scenario, AMOUNT_SELECT, every frame OK', async () => {
    const { page, errors, server } = await open({ paymentProvider: 'integra' }, { testControl: true, scenario: 'restart-app' });
    await reaches(page, 'APP_NOT_RUNNING');
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'restart-app.png'), fullPage: true });
    expect(await page.locator('#test-scenario').inputValue()).toBe('');
    await reaches(page, 'AMOUNT_SELECT', 10_000);
    // The relaunched app lives past its 1.5 s recovery check: no second RESTART_APP killed it.
    await page.waitForFunction(() => {
      const g = globalThis as unknown as { document: { querySelectorAll(s: string): ArrayLike<{ textContent: string | null }> } };
      const notes = Array.from(g.document.querySelectorAll('#log .entry.note')).map((n) => n.textContent ?? '');
      const relaunched = notes.findIndex((n) => n.includes('Relaunching the app'));
      return relaunched >= 0 && notes.slice(relaunched).some((n) => n.includes('Startup recovery check complete'));
    }, undefined, { timeout: 10_000 });
    expect((await frames(page, 'in')).filter((f) => f.startsWith('RESTART_APP'))).toHaveLength(1);
    expect(await page.locator('#kiosk [data-screen]').getAttribute('data-screen')).toBe('AMOUNT_SELECT');
    expect(server.books.kiosks()[0]?.connection).toBe(2);
    expect(await notOk(page)).toEqual([]);
    expect(errors).toEqual([]);
  }, 60_000);

  it('draws a backend\'s QR_CODE (a placeholder and the payment URL, §8 D23); Cancel sends CANCEL and RESET with its id, every frame OK', async () => {
    // The reference server never sends QR_CODE (no flow in §5 needs it): a backend scripted here does.
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
    const url = `ws://127.0.0.1:${(wss.address() as { port: number }).port}`;
    const paymentUrl = 'https://pay.example/qr/T-qr-1';
    const frame = (messageType: string, screen: string, data: unknown, transactionId: string): string => JSON.stringify({ messageType, screen, data, transactionId, timestamp: Date.now() });
    const amountSelect = (id: string): string => frame('SCREEN_CHANGE', 'AMOUNT_SELECT', { amounts: [10, 20, 40], currency: '£', showOtherOption: true }, id);
    wss.on('connection', (ws) => {
      ws.send(frame('DEVICE_INFO', '', { minTransactionLimit: 10, maxTransactionLimit: 300, currency: 'GBP', transactionFeeType: 'FIXED', transactionFeeValue: 0.5, yaspaEnabled: true, paymentProvider: 'integra', requireCardReceipt: true }, 'T-qr-1'));
      ws.send(frame('SCREEN_CHANGE', 'QR_CODE', { paymentUrl }, 'T-qr-1'));
      let n = 1;
      ws.on('message', (data) => {
        const m = JSON.parse(String(data)) as { messageType?: string; screen?: string };
        if (m.messageType === 'USER_ACTION' && m.screen === 'RESET') ws.send(amountSelect(`T-qr-${++n}`));
      });
    });
    try {
      const { page, errors } = await openAt(url);
      await reaches(page, 'QR_CODE');
      expect(await page.locator('#kiosk .qr [class^="qr-"]').count()).toBe(21 * 21);
      expect(await page.locator('#kiosk .payment-url').textContent()).toBe(paymentUrl);
      await page.screenshot({ path: join(SCREENSHOT_DIR, 'qr-code.png'), fullPage: true });
      await page.locator('#kiosk [data-action="cancel"]').click();
      await reaches(page, 'AMOUNT_SELECT');
      const cancel = await framesOf(page, 'out', 'USER_ACTION CANCEL');
      const reset = await framesOf(page, 'out', 'USER_ACTION RESET');
      expect(cancel.map((c) => c.transactionId)).toEqual(['T-qr-1']);
      expect(reset.map((r) => r.transactionId)).toContain('T-qr-1');
      expect(await count(page, 'fail')).toBe(0);
      expect(await notOk(page)).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      for (const c of wss.clients) c.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    }
  }, 60_000);
});
