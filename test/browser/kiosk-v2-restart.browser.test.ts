import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { systemClock, type Clock, type TimerHandle } from '../../reference-server/clock.js';
import { startV2ReferenceServer, type V2ReferenceServer } from '../../reference-server/v2/index.js';
import { frames, kioskV2Page, notOk, payByCard, reaches, received, SCREENSHOT_DIR } from './kiosk-v2-page.js';

/**
 * RESTART_APP sent to a kiosk holding a sale whose ticket is not confirmed
 * (V2-M-12), as a person testing a backend by hand sees it: the reference
 * server's books endpoint (`paysock serve --profile pinto-android-2
 * --books-endpoint`) is told to restart the kiosk while it waits for
 * COLLECT_TICKET, and the page judges the RESTART_APP it receives.
 */
const { openAt } = kioskV2Page();
const servers: V2ReferenceServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

/** A timer of the server's, queued while the clock is held. */
interface Pending {
  callback: () => void;
  ms: number;
}

/**
 * The system clock, except that timers set while it is held wait until
 * released: the server's paced COLLECT_TICKET (V2-OPEN-12) cannot overtake
 * the test's POST however slow the machine, so no timing decides the test.
 */
class HoldingClock implements Clock {
  private held: Set<Pending> | undefined;
  private readonly running = new Map<Pending, TimerHandle>();

  now(): number {
    return systemClock.now();
  }

  setTimeout(callback: () => void, ms: number): TimerHandle {
    const pending: Pending = { callback, ms };
    if (this.held) this.held.add(pending);
    else this.start(pending);
    return pending;
  }

  clearTimeout(handle: TimerHandle): void {
    this.held?.delete(handle as Pending);
    const timer = this.running.get(handle as Pending);
    if (timer === undefined) return;
    systemClock.clearTimeout(timer);
    this.running.delete(handle as Pending);
  }

  hold(): void {
    this.held ??= new Set();
  }

  release(): void {
    const held = this.held ?? new Set<Pending>();
    this.held = undefined;
    for (const pending of held) this.start(pending);
  }

  private start(pending: Pending): void {
    this.running.set(pending, systemClock.setTimeout(() => {
      this.running.delete(pending);
      pending.callback();
    }, pending.ms));
  }
}

/**
 * A v2 reference server with its books endpoint on (and `faults`), the page
 * started against it, and a card sale taken up to PRINT_TICKET with the
 * server's next step held: the kiosk holds the sale and waits for COLLECT_TICKET.
 */
async function holdingSale(faults: string[]) {
  const clock = new HoldingClock();
  const server = await startV2ReferenceServer({ host: '127.0.0.1', port: 0, faults, books: {}, clock, config: { paymentProvider: 'integra', stepDelayMs: 150 } });
  servers.push(server);
  const { page, errors } = await openAt(server.url);
  await reaches(page, 'AMOUNT_SELECT');
  await payByCard(page);
  await reaches(page, 'RECEIPT_QUESTION');
  clock.hold();
  await page.locator('#kiosk [data-action="receipt-yes"]').click();
  await received(page, 'SCREEN_CHANGE PRINT_TICKET');
  const [kiosk] = server.books.kiosks();
  if (!kiosk) throw new Error('the server booked no kiosk');
  /** POST /v2/kiosks/<id>/restart on the books endpoint. */
  const restart = async (): Promise<{ status: number; body: Record<string, unknown> }> => {
    const res = await fetch(`${server.httpUrl.replace(/\/$/, '')}/v2/kiosks/${encodeURIComponent(kiosk.kioskId)}/restart`, { method: 'POST' });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  return { page, errors, server, clock, restart };
}

describe('paysock kiosk --profile pinto-android-2: RESTART_APP while the kiosk holds a sale (V2-M-12)', () => {
  it('shows a backend that restarts a kiosk waiting for COLLECT_TICKET as FAIL V2-M-12 (v2-restart-holding-sale)', async () => {
    const { page, clock, restart } = await holdingSale(['v2-restart-holding-sale']);
    const { status, body } = await restart();
    expect(status, JSON.stringify(body)).toBe(202);
    const failed = page.locator('#log .entry[data-dir="in"][data-verdict="FAIL"]');
    await failed.first().waitFor({ timeout: 10_000 });
    expect(await failed.first().locator('.what').textContent()).toMatch(/^RESTART_APP/);
    const finding = failed.first().locator('.finding[data-requirement="V2-M-12"]');
    expect(await finding.getAttribute('data-path')).toBe('/messageType');
    expect(await finding.locator('.req').textContent()).toBe('V2-M-12 MUST');
    expect(await finding.textContent()).toContain('ticket is not confirmed');
    await failed.first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'fail-v2-m-12.png'), fullPage: true });
    clock.release();
    // The app died and the device relaunched it; nothing else the backend sent is judged wrong.
    await reaches(page, 'AMOUNT_SELECT', 15_000);
    expect(await notOk(page)).toEqual([`${(await failed.first().locator('.what').textContent()) ?? ''} #0`]);
  }, 90_000);

  it('with the clean server the same POST is refused (409), the ticket is confirmed and every frame is OK', async () => {
    const { page, errors, clock, restart } = await holdingSale([]);
    const { status, body } = await restart();
    expect(status).toBe(409);
    expect(String(body.refused)).toContain('V2-M-12');
    const collected = (await frames(page, 'in')).filter((f) => f.startsWith('SCREEN_CHANGE COLLECT_TICKET')).length;
    clock.release();
    await received(page, 'SCREEN_CHANGE COLLECT_TICKET', collected);
    await received(page, 'SCREEN_CHANGE THANK_YOU');
    await reaches(page, 'AMOUNT_SELECT');
    expect((await frames(page, 'in')).filter((f) => f.startsWith('RESTART_APP'))).toEqual([]);
    expect(await notOk(page)).toEqual([]);
    expect(errors).toEqual([]);
  }, 90_000);
});
