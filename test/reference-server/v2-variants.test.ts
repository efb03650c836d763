import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { systemClock, type Clock } from '../../reference-server/clock.js';
import type { Sale } from '../../reference-server/v2/books.js';
import type { V2ReferenceServer } from '../../reference-server/v2/index.js';
import { DEV_PAR } from '../../reference-server/v2/limit-rules.js';
import { VARIANT_FEE } from '../../reference-server/v2/variant-set.js';
import { checkV2Variants, incompatibleV2Variants, v2VariantNames, v2Variants, type V2VariantName } from '../../reference-server/v2/variants.js';
import { variantNames } from '../../reference-server/variants.js';
import { paysock } from '../cli/run-in-process.js';
import { books, checkCard, chooseAmount, RawKiosk, useV2Server, type V2Received } from './v2-raw-kiosk.js';

// Each v2 variant answers one open question of pinto-android-2.md §9 another legal way. Per variant, a wire
// test that shows the answer it names, run on a server with the variant (it holds) and on the clean server
// (it must fail: the test can fail, and the default is the other answer). A last test shows that every
// variant leaves a plain Integra sale's money the same.

const v2 = useV2Server();

/** A clock whose time a test sets; timers are real. */
function manualClock(start: number): Clock & { at: number } {
  const clock = { at: start, now: () => clock.at, setTimeout: systemClock.setTimeout, clearTimeout: systemClock.clearTimeout };
  return clock;
}

async function start(on: V2VariantName[], options: { config?: Record<string, unknown>; clock?: Clock } = {}): Promise<V2ReferenceServer> {
  return v2.start({ variants: on, ...(options.clock ? { clock: options.clock } : {}), config: options.config ?? {} });
}

async function kiosk(terminalId: string, scenario?: string): Promise<{ kiosk: RawKiosk; id: string }> {
  return v2.kiosk(terminalId, scenario === undefined ? {} : { scenario });
}

/** A full Integra sale up to its PAYMENT_RESULT; returns the transaction id. */
async function pay(k: RawKiosk, id: string, card: string, amount: number): Promise<string> {
  const pid = await chooseAmount(k, id, amount);
  expect((await checkCard(k, pid, card, amount)).screen).toBe('APPROVED');
  k.paymentResult(pid, 'SUCCESS');
  return pid;
}

/** The verdict of a card check on a fresh cycle of `k` (a new connection of `terminalId`). */
async function verdict(terminalId: string, card: string, amount: number, scenario?: string): Promise<string> {
  const k = await kiosk(terminalId, scenario);
  const pid = await chooseAmount(k.kiosk, k.id, amount);
  return (await checkCard(k.kiosk, pid, card, amount)).screen;
}

/** Whether nothing matching arrives within `ms` of real time. */
async function nothing(k: RawKiosk, match: (m: V2Received) => boolean, ms = 300): Promise<boolean> {
  return k.next(match, ms).then(
    () => false,
    () => true,
  );
}

const HOUR = 60 * 60 * 1000;

/** The wire test of each variant: it resolves when the server gives the variant's answer and throws otherwise. */
const wireTests: Record<V2VariantName, (on: V2VariantName[]) => Promise<void>> = {
  'limit-day-site-local': async (on) => {
    // 22:00 and 23:30 UTC on a summer day are 23:00 and 00:30 the next day in London: a new site-local day, the same UTC day.
    const clock = manualClock(Date.UTC(2024, 6, 1, 22, 0));
    await start(on, { clock, config: { dailyLimit: 100 } });
    const a = await kiosk('k-a');
    await pay(a.kiosk, a.id, 'CARD-DAY', 80);
    clock.at = Date.UTC(2024, 6, 1, 23, 30);
    expect(await verdict('k-b', 'CARD-DAY', 80)).toBe('APPROVED');
  },
  'limit-day-rolling-24h': async (on) => {
    // 23:00 and 01:00 the next UTC day are two calendar days but one rolling 24 hours.
    const clock = manualClock(Date.UTC(2024, 0, 10, 23, 0));
    await start(on, { clock, config: { dailyLimit: 100 } });
    const a = await kiosk('k-a');
    await pay(a.kiosk, a.id, 'CARD-ROLL', 80);
    clock.at += 2 * HOUR;
    expect(await verdict('k-b', 'CARD-ROLL', 80)).toBe('REJECTED');
  },
  'limit-fee-excluded': async (on) => {
    await start(on, { config: { dailyLimit: 100 } });
    const a = await kiosk('k-a');
    // The kiosk adds the fee: 80 + the variant's fee is charged; only 80 counts.
    expect(a.kiosk.all('DEVICE_INFO')[0]?.data).toMatchObject({ transactionFeeType: 'FIXED', transactionFeeValue: VARIANT_FEE });
    await pay(a.kiosk, a.id, 'CARD-FEE', 80 + VARIANT_FEE);
    expect(await verdict('k-b', 'CARD-FEE', 20 + VARIANT_FEE)).toBe('APPROVED');
  },
  'tokenless-rejected': async (on) => {
    await start(on);
    expect(await verdict('k-a', 'null', 20)).toBe('REJECTED');
    expect(await verdict('k-b', DEV_PAR, 20, 'provider:nnsmart')).toBe('REJECTED');
  },
  'tokenless-per-provider': async (on) => {
    await start(on);
    expect(await verdict('k-a', 'null', 20)).toBe('REJECTED');
    expect(await verdict('k-b', DEV_PAR, 20, 'provider:nnsmart')).toBe('APPROVED');
  },
  'limit-error-screen': async (on) => {
    await start(on, { config: { dailyLimit: 50 } });
    const answer = await verdict('k-a', 'CARD-SPELL', 60);
    expect(answer).toBe('LIMIT_ERROR');
  },
  'second-success-charged': async (on) => {
    await start(on, { config: { dailyLimit: 100 } });
    const a = await kiosk('k-a');
    const pid = await pay(a.kiosk, a.id, 'CARD-TWICE', 40);
    await a.kiosk.screen('RECEIPT_QUESTION');
    a.kiosk.paymentResult(pid, 'SUCCESS', Date.now() + 1000);
    // Kept as an anomaly either way (V2-M-6); charged twice, 80 of 100 is gone.
    await expect.poll(async () => (await books<{ paymentResults: Array<{ anomaly: boolean }> }>(v2.server)).paymentResults.filter((r) => r.anomaly).length).toBe(1);
    expect(await verdict('k-b', 'CARD-TWICE', 40)).toBe('REJECTED');
  },
  'kiosk-by-source-address': async (on) => {
    await start(on);
    const k = await kiosk('k-named');
    await pay(k.kiosk, k.id, 'CARD-ADDR', 20);
    await expect.poll(async () => (await books<Sale[]>(v2.server, '/v2/sales')).map((s) => s.kioskId)).toEqual(['kiosk@127.0.0.1']);
  },
  'receipt-question-skipped': async (on) => {
    await start(on);
    const k = await kiosk('k-a');
    await pay(k.kiosk, k.id, 'CARD-RCPT', 20);
    const next = await k.kiosk.next((m) => m.messageType === 'SCREEN_CHANGE');
    expect(next.screen).toBe('PRINT_TICKET');
    expect((await k.kiosk.screen('COLLECT_TICKET')).screen).toBe('COLLECT_TICKET');
  },
  'other-method-amount-select': async (on) => {
    await start(on);
    const k = await kiosk('k-a');
    const pid = await chooseAmount(k.kiosk, k.id, 20);
    k.kiosk.action('PAYMENT_METHOD', pid, { selectionMethod: 'QR_CODE' });
    const next = await k.kiosk.next((m) => m.messageType === 'SCREEN_CHANGE');
    expect(next.screen).toBe('AMOUNT_SELECT');
    expect(next.transactionId).not.toBe(pid);
  },
  'immediate-steps': async (on) => {
    await start(on, { config: { stepDelayMs: 2_000 } });
    const k = await kiosk('k-a');
    await pay(k.kiosk, k.id, 'CARD-FAST', 20);
    await k.kiosk.screen('RECEIPT_QUESTION').then(() => undefined);
    expect(await k.kiosk.next((m) => m.screen === 'RECEIPT_QUESTION', 0).catch(() => undefined)).toBeUndefined();
    expect(v2.server.config.stepDelayMs).toBe(0);
  },
  'slow-steps': async (on) => {
    await start(on, { config: { stepDelayMs: 10 } });
    expect(v2.server.config.stepDelayMs).toBe(5_000);
    const k = await kiosk('k-a');
    await pay(k.kiosk, k.id, 'CARD-SLOW', 20);
    expect(await nothing(k.kiosk, (m) => m.screen === 'RECEIPT_QUESTION', 1_000)).toBe(true);
  },
  'config-own-id': async (on) => {
    await start(on);
    const k = await kiosk('k-a');
    const config = k.kiosk.all('DEVICE_INFO')[0]!;
    expect(config.transactionId).toMatch(/^config-/);
    // The kiosk may apply the configuration second and choose its amount under the config id: still one sale.
    k.kiosk.action('AMOUNT_SELECT', config.transactionId, { selectedAmount: 20, selectionMethod: 'PRESET_BUTTON' });
    const method = await k.kiosk.screen('PAYMENT_METHOD');
    expect((await checkCard(k.kiosk, method.transactionId, 'CARD-CFG', 20)).screen).toBe('APPROVED');
  },
  'idle-cancel-amount-select': async (on) => {
    await start(on);
    const k = await kiosk('k-a');
    k.kiosk.action('CANCEL', k.id, { errorMessage: 'Session timed out due to inactivity' });
    const next = await k.kiosk.next((m) => m.messageType === 'SCREEN_CHANGE', 1_000);
    expect(next.screen).toBe('AMOUNT_SELECT');
  },
  'print-status-update': async (on) => {
    await start(on);
    const k = await kiosk('k-a');
    await pay(k.kiosk, k.id, 'CARD-STATUS', 20);
    const question = await k.kiosk.screen('RECEIPT_QUESTION');
    k.kiosk.action('RECEIPT_RESPONSE', question.transactionId, { selectionMethod: 'NO' });
    const update = await k.kiosk.type('STATUS_UPDATE');
    expect(update).toMatchObject({ screen: 'PRINT_TICKET', data: { status: 'PRINTING' }, transactionId: question.transactionId });
  },
  'close-older-connection': async (on) => {
    await start(on);
    const first = await kiosk('k-dup');
    const closed = new Promise<number>((resolve) => first.kiosk.ws.once('close', (code) => resolve(code)));
    await kiosk('k-dup');
    const code = await Promise.race([closed, new Promise<number>((resolve) => setTimeout(() => resolve(-1), 1_000))]);
    expect(code).toBe(1000);
  },
  'reconnect-screen-delayed': async (on) => {
    await start(on);
    const first = await kiosk('k-back');
    first.kiosk.close();
    const again = await RawKiosk.connect(v2.server.url, { terminalId: 'k-back' });
    v2.track(again);
    expect(await nothing(again, (m) => m.screen === 'AMOUNT_SELECT', 1_000)).toBe(true);
    await again.screen('AMOUNT_SELECT');
  },
  'small-frame-limit': async (on) => {
    await start(on);
    const k = await kiosk('k-a');
    const closed = new Promise<number>((resolve) => k.kiosk.ws.once('close', (code) => resolve(code)));
    k.kiosk.sendText(JSON.stringify({ messageType: 'DEVICE_INFO', screen: 'DEVICE_SERIAL', data: { deviceSerialNumber: 'x'.repeat(8_000) }, transactionId: k.id, timestamp: Date.now() }));
    const code = await Promise.race([closed, new Promise<number>((resolve) => setTimeout(() => resolve(-1), 1_000))]);
    expect(code).toBe(1009);
  },
  'no-server-pings': async (on) => {
    const clock = { now: () => Date.now(), setTimeout: (cb: () => void) => systemClock.setTimeout(cb, 50), clearTimeout: systemClock.clearTimeout };
    // The clean server pings every 30 s; the clock runs each timer in 50 ms, so within 1 s of real time it pings many times.
    await start(on, { clock });
    const k = await kiosk('k-a');
    const pinged = new Promise<boolean>((resolve) => k.kiosk.ws.once('ping', () => resolve(true)));
    expect(await Promise.race([pinged, new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 1_000))])).toBe(false);
  },
  'deflate-not-accepted': async (on) => {
    await start(on);
    const ws = new WebSocket(`${v2.server.url}?terminalId=k-deflate`, { perMessageDeflate: true });
    const extensions = await new Promise<string | undefined>((resolve, reject) => {
      ws.once('upgrade', (res) => resolve(res.headers['sec-websocket-extensions'] as string | undefined));
      ws.once('error', reject);
    });
    ws.terminate();
    expect(extensions).toBeUndefined();
  },
};

describe('v2 legal variants of the reference server, on the wire', () => {
  it('every variant has a wire test, names its open question or requirement, and quotes pinto-android-2.md', () => {
    expect(Object.keys(wireTests).sort()).toEqual([...v2VariantNames].sort());
    for (const name of v2VariantNames) expect(v2Variants[name], name).toMatch(/^V2-(OPEN|TRN)-\d+: .*pinto-android-2\.md §\d/);
  });

  it('every open question of §9 is answered by a variant or listed in docs/variants.md as leaving no other answer', async () => {
    const { readFileSync } = await import('node:fs');
    const doc = readFileSync(new URL('../../docs/variants.md', import.meta.url), 'utf8');
    const v2Section = doc.slice(doc.indexOf('## Protocol v2'));
    for (let n = 1; n <= 19; n += 1) expect(v2Section, `V2-OPEN-${n}`).toMatch(new RegExp(`V2-OPEN-${n}\\b`));
  });

  for (const name of v2VariantNames) {
    it(`${name}: ${v2Variants[name].split(': ')[1]!.split('. ')[0]}`, { timeout: 20_000 }, async () => {
      await wireTests[name]([name]);
    });
  }

  for (const name of v2VariantNames) {
    it(`${name}: the clean server does not do it (the wire test can fail)`, { timeout: 20_000 }, async () => {
      await expect(wireTests[name]([])).rejects.toThrow();
    });
  }

  it('v1 and v2 names never overlap; contradicting and unknown names are refused', () => {
    expect(v2VariantNames.filter((n) => (variantNames as string[]).includes(n))).toEqual([]);
    for (const [a, b] of incompatibleV2Variants) expect(() => checkV2Variants([a, b])).toThrow(/contradict/);
    expect(() => checkV2Variants(['no-receipt'])).toThrow(/unknown v2 variant/);
  });

  it('all compatible variants at once: a plain Integra sale is counted once and the card limit holds', { timeout: 20_000 }, async () => {
    const dropped = new Set(incompatibleV2Variants.map(([, b]) => b));
    await start(v2VariantNames.filter((n) => !dropped.has(n)), { config: { dailyLimit: 100 } });
    const a = await kiosk('k-a');
    const fee = Number((a.kiosk.all('DEVICE_INFO')[0]?.data as Record<string, unknown>).transactionFeeValue);
    await pay(a.kiosk, a.id, 'CARD-ALL', 60 + fee);
    const b = await kiosk('k-b');
    const pid = await chooseAmount(b.kiosk, b.id, 60 + fee);
    expect((await checkCard(b.kiosk, pid, 'CARD-ALL', 60 + fee)).screen).toBe('LIMIT_ERROR');
    expect(a.kiosk.invalid).toEqual([]);
    expect(b.kiosk.invalid).toEqual([]);
  });
});

describe('paysock serve --profile pinto-android-2 --variant', () => {
  it('a v1 variant under v2 exits 2 with one line saying it is a v1 variant', async () => {
    const { code, stderr } = await paysock(['serve', '--profile', 'pinto-android-2', '--port', '0', '--variant', 'no-receipt']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/no-receipt is a v1 variant/);
    expect(stderr).toMatch(/valid v2 variants: limit-day-site-local/);
  });

  it('a v2 variant under v1 exits 2 with one line saying it is a v2 variant', async () => {
    const { code, stderr } = await paysock(['serve', '--profile', 'strict', '--port', '0', '--variant', 'limit-error-screen']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/limit-error-screen is a v2 variant \(--profile pinto-android-2\)/);
  });

  it('two contradicting v2 variants exit 2', async () => {
    const { code, stderr } = await paysock(['serve', '--profile', 'pinto-android-2', '--port', '0', '--variant', 'immediate-steps', '--variant', 'slow-steps']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/contradict/);
  });
});
