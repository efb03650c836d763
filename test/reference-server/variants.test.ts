import { readFileSync } from 'node:fs';
import { connect as connectTcp } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { protocolErrorMessage } from '../../protocol/error-catalogue.js';
import { VariantSet, variantNames, variants, type VariantName, type VariantTimers } from '../../reference-server/variants.js';
import type { ExtendedServerOptions } from '../../reference-server/index.js';
import { paysock } from '../cli/run-in-process.js';
import { advance, closedOnServer, fakeClock, TestTerminal, useReferenceServer, type Received } from './terminal-client.js';

// Frames are not validated here: extra-fields and processing-method-only send what some validators question.
const reference = useReferenceServer({ validate: false });

/** The HTTP status an upgrade gets (101 when the WebSocket opens). */
function upgradeStatus(url: string, token: string, terminalId: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    target.searchParams.set('terminalId', terminalId);
    const ws = new WebSocket(target, { headers: { Authorization: `Bearer ${token}` } });
    ws.on('upgrade', () => {
      resolve(101);
      ws.terminate();
    });
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
      ws.terminate();
    });
    ws.on('error', reject);
  });
}

/** Starts a server with `on` switched on (the variant under test, or none for the clean run). */
async function start(on: VariantName[], config: Record<string, unknown> = {}, extra: ExtendedServerOptions = {}): Promise<TestTerminal> {
  await reference.start({ variants: on, config, ...extra });
  return reference.connect({ terminalId: 'kiosk-1' });
}

/** From AMOUNT_SELECT "initial" (already received) to PAYMENT_METHOD. */
async function toPaymentMethod(t: TestTerminal, amount = 20): Promise<Received> {
  t.act('AMOUNT_SELECT', { selectedAmount: amount, selectionMethod: 'PRESET_BUTTON' }, 'initial');
  return t.screen('PAYMENT_METHOD');
}

async function toKeypad(t: TestTerminal): Promise<string> {
  await t.screen('AMOUNT_SELECT');
  t.act('AMOUNT_SELECT', { selectedAmount: -1, selectionMethod: 'OTHER' }, 'initial');
  return (await t.screen('KEYPAD')).transactionId;
}

/** From the first AMOUNT_SELECT to PROCESSING of a preset payment; returns the transaction id. */
async function payPreset(t: TestTerminal, method = 'DEBIT_CARD'): Promise<string> {
  await t.screen('AMOUNT_SELECT');
  const pm = await toPaymentMethod(t);
  t.act('PAYMENT_METHOD', { selectedMethod: method }, pm.transactionId);
  await t.screen('PROCESSING');
  return pm.transactionId;
}

/** Every message up to and including the SCREEN_CHANGE to `screen`. */
async function collectUntil(t: TestTerminal, screen: string): Promise<Received[]> {
  const seen: Received[] = [];
  for (;;) {
    const message = await t.next();
    seen.push(message);
    if (message.messageType === 'SCREEN_CHANGE' && message.screen === screen) return seen;
  }
}

/** Opens a raw TCP WebSocket handshake offering permessage-deflate; resolves with the 101's headers and the first frame's first byte. */
async function rawFirstFrame(url: string): Promise<{ head: string; firstByte: number }> {
  const { hostname, port } = new URL(url);
  const socket = connectTcp(Number(port), hostname);
  try {
    return await new Promise((resolve, reject) => {
      let buffer = Buffer.alloc(0);
      socket.on('error', reject);
      socket.on('data', (chunk) => {
        buffer = Buffer.concat([buffer, chunk]);
        const end = buffer.indexOf('\r\n\r\n');
        if (end >= 0 && buffer.length > end + 4) resolve({ head: buffer.subarray(0, end).toString('latin1'), firstByte: buffer[end + 4] as number });
      });
      socket.write(
        'GET /?terminalId=kiosk-raw HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n'
          + 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n'
          + 'Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n',
      );
    });
  } finally {
    socket.destroy();
  }
}

/** Timers that hold every callback until flushed, recording the delays asked for. */
function heldTimers(): VariantTimers & { delays: number[]; flush(): void } {
  const held: Array<() => void> = [];
  const delays: number[] = [];
  return {
    delays,
    setTimeout(callback, ms) {
      delays.push(ms);
      held.push(callback);
      return held.length;
    },
    flush() {
      for (const callback of held.splice(0)) callback();
    },
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Each variant's effect on the wire, as a conformance case would observe it.
 * `on` is the variant alone, or nothing: every effect must fail on the clean
 * server, or it proves nothing about the variant.
 */
const effects: Record<VariantName, (on: VariantName[]) => Promise<void>> = {
  'screen-before-id': async (on) => {
    const a = await start(on);
    await a.screen('AMOUNT_SELECT');
    const pm = await toPaymentMethod(a);
    const b = await reference.connect({ terminalId: 'kiosk-2', awaitScreen: 'AMOUNT_SELECT' });
    // B is on AMOUNT_SELECT: the action is for another screen and carries A's id.
    b.act('PAYMENT_METHOD', { selectedMethod: 'DEBIT_CARD' }, pm.transactionId);
    expect((await b.error()).data.errorCode).toBe('UNEXPECTED_ACTION');
    // Right screen, wrong id: only INVALID_TRANSACTION applies.
    a.act('PAYMENT_METHOD', { selectedMethod: 'DEBIT_CARD' }, 'T-someone-else');
    expect((await a.error()).data.errorCode).toBe('INVALID_TRANSACTION');
  },
  'error-then-screen': async (on) => {
    const t = await start(on);
    const first = await t.screen('AMOUNT_SELECT');
    t.ws.send('nope');
    expect((await t.error()).data.errorCode).toBe('INVALID_MESSAGE');
    const again = await t.next(500);
    expect(again).toMatchObject({ messageType: 'SCREEN_CHANGE', screen: 'AMOUNT_SELECT', transactionId: 'initial', data: first.data });
    // Also inside a cycle: same screen, same id, same data.
    const pm = await toPaymentMethod(t);
    t.act('PAYMENT_METHOD', { selectedMethod: 'CASH' }, pm.transactionId);
    await t.error();
    expect(await t.next(500)).toMatchObject({ messageType: 'SCREEN_CHANGE', screen: 'PAYMENT_METHOD', transactionId: pm.transactionId, data: pm.data });
  },
  'error-echoes-message-id': async (on) => {
    const t = await start(on);
    await t.screen('AMOUNT_SELECT');
    t.act('AMOUNT_SELECT', { selectedAmount: 33, selectionMethod: 'PRESET_BUTTON' }, 'T-mine-1');
    expect(await t.error()).toMatchObject({ screen: 'AMOUNT_SELECT', transactionId: 'T-mine-1', data: { errorCode: 'INVALID_AMOUNT' } });
    // Inside a cycle the ERROR still carries the active id.
    const pm = await toPaymentMethod(t);
    t.act('PAYMENT_METHOD', { selectedMethod: 'DEBIT_CARD' }, 'T-other-2');
    expect(await t.error()).toMatchObject({ transactionId: pm.transactionId, data: { errorCode: 'INVALID_TRANSACTION' } });
  },
  'drop-on-invalid-utf8': async (on) => {
    const t = await start(on);
    await t.screen('AMOUNT_SELECT');
    t.ws.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false });
    // 1006: the TCP connection ended without a close frame.
    expect(await t.closedWith()).toBe(1006);
  },
  'extra-fields': async (on) => {
    const t = await start(on);
    await t.screen('AMOUNT_SELECT');
    t.ws.send('nope');
    await t.error();
    for (const text of t.raw) {
      const message = JSON.parse(text) as Record<string, unknown>;
      expect(message).toHaveProperty('serverSequence');
      expect(message.data).toHaveProperty('displayHint');
    }
  },
  'reordered-keys': async (on) => {
    const t = await start(on);
    await t.screen('AMOUNT_SELECT');
    const message = JSON.parse(t.raw[0] ?? '{}') as Record<string, unknown>;
    expect(Object.keys(message)).toEqual(['timestamp', 'transactionId', 'data', 'screen', 'messageType']);
    expect(Object.keys(message.data as object)).toEqual(['showOtherOption', 'currency', 'amounts']);
  },
  'status-updates': async (on) => {
    const t = await start(on, { stepDelayMs: 50 });
    await payPreset(t);
    const processing = await collectUntil(t, 'SUCCESS');
    const whileProcessing = processing.filter((m) => m.messageType === 'STATUS_UPDATE');
    expect(whileProcessing.length).toBeGreaterThanOrEqual(3);
    expect(whileProcessing.every((m) => m.screen === 'PROCESSING')).toBe(true);
    expect(processing.at(-2)).toMatchObject({ messageType: 'STATUS_UPDATE', screen: 'PROCESSING', data: { progress: 100 } });
    const printing = await collectUntil(t, 'COLLECT_TICKET');
    expect(printing.filter((m) => m.messageType === 'STATUS_UPDATE' && m.screen === 'PRINT_TICKET').length).toBeGreaterThanOrEqual(3);
    expect(printing.at(-2)).toMatchObject({ messageType: 'STATUS_UPDATE', screen: 'PRINT_TICKET', data: { status: 'PRINTING', progress: 100 } });
  },
  'no-status-updates': async (on) => {
    const t = await start(on);
    await payPreset(t);
    await t.until('THANK_YOU');
    await t.until('AMOUNT_SELECT');
    expect(t.received.filter((m) => m.messageType === 'STATUS_UPDATE')).toEqual([]);
  },
  'delayed-frames': async (on) => {
    const timers = heldTimers();
    const t = await start(on, {}, { variantTimers: timers });
    // Held: nothing reaches the terminal until the timers fire. The pong of a ping comes after any frame written
    // before the ping was read; a RESET round trip would itself be held.
    await t.pong();
    expect(t.received).toEqual([]);
    timers.flush();
    await t.screen('AMOUNT_SELECT');
    t.ws.send('nope');
    t.act('AMOUNT_SELECT', { selectedAmount: 20, selectionMethod: 'PRESET_BUTTON' }, 'initial');
    await expect.poll(() => timers.delays.length).toBe(3);
    const seen = t.received.length;
    await t.pong();
    expect(t.received).toHaveLength(seen);
    timers.flush();
    // In order: the ERROR for the first message, then the screen for the second.
    expect((await t.error()).data.errorCode).toBe('INVALID_MESSAGE');
    await t.screen('PAYMENT_METHOD');
    expect(new Set(timers.delays)).toEqual(new Set([150]));
  },
  'uuid-ids': async (on) => {
    const t = await start(on);
    await t.screen('AMOUNT_SELECT');
    expect((await toPaymentMethod(t)).transactionId).toMatch(UUID);
  },
  'no-receipt': async (on) => {
    const t = await start(on);
    await payPreset(t);
    expect((await t.screen('SUCCESS')).data).toEqual({ showReceipt: false });
    await t.screen('THANK_YOU');
  },
  'no-cancel': async (on) => {
    const t = await start(on);
    await t.screen('AMOUNT_SELECT');
    const pm = await toPaymentMethod(t);
    expect(pm.data.allowCancel).toBe(false);
    t.act('PAYMENT_METHOD', { action: 'CANCEL' }, pm.transactionId);
    expect((await t.error()).data.errorCode).toBe('UNEXPECTED_ACTION');
  },
  'processing-method-only': async (on) => {
    const t = await start(on);
    await t.screen('AMOUNT_SELECT');
    const pm = await toPaymentMethod(t);
    t.act('PAYMENT_METHOD', { selectedMethod: 'PAY_BY_BANK' }, pm.transactionId);
    expect((await t.screen('PROCESSING')).data).toEqual({ method: 'PAY_BY_BANK' });
  },
  'processing-empty-data': async (on) => {
    const t = await start(on);
    await t.screen('AMOUNT_SELECT');
    const pm = await toPaymentMethod(t);
    t.act('PAYMENT_METHOD', { selectedMethod: 'DEBIT_CARD' }, pm.transactionId);
    expect((await t.screen('PROCESSING')).data).toEqual({});
  },
  'limit-before-bounds': async (on) => {
    const t = await start(on);
    const id = await toKeypad(t);
    // Below minAmount and within the limit: only INVALID_AMOUNT applies.
    t.act('KEYPAD', { selectedAmount: 5, selectionMethod: 'KEYPAD' }, id);
    expect((await t.error()).data.errorCode).toBe('INVALID_AMOUNT');
    // maxAmount + 1 with the full 300 left: out of bounds and above the limit.
    t.act('KEYPAD', { selectedAmount: 301, selectionMethod: 'KEYPAD' }, id);
    expect(await t.screen('LIMIT_ERROR')).toMatchObject({ transactionId: id, data: { limit: 300, remaining: 300 } });
  },
  'steps-continue-while-away': async (on) => {
    fakeClock();
    const t = await start(on, { stepDelayMs: 100 });
    const id = await payPreset(t);
    await advance(20);
    await t.screen('SUCCESS');
    t.close();
    await closedOnServer(reference.running());
    await advance(700);
    const again = await reference.connect({ terminalId: 'kiosk-1' });
    // The steps ran on to THANK_YOU, and the one that ends the transaction waited for the terminal.
    expect(await again.next()).toMatchObject({ messageType: 'SCREEN_CHANGE', screen: 'THANK_YOU', transactionId: id });
    await advance(100);
    expect(await again.next()).toMatchObject({ screen: 'AMOUNT_SELECT', transactionId: 'initial' });
  },
  'deflate-declined': async (on) => {
    await reference.start({ variants: on });
    const { head } = await rawFirstFrame(reference.running().url);
    expect(head).toMatch(/^HTTP\/1\.1 101/);
    expect(head.toLowerCase()).not.toContain('sec-websocket-extensions');
  },
  'deflate-no-context-takeover': async (on) => {
    await reference.start({ variants: on });
    const { head, firstByte } = await rawFirstFrame(reference.running().url);
    expect(head.toLowerCase()).toContain('sec-websocket-extensions: permessage-deflate; server_no_context_takeover');
    // FIN + text opcode, RSV1 clear: the first screen (under 1 KiB) is sent uncompressed.
    expect(firstByte).toBe(0x81);
  },
  'replay-answered-with-screen': async (on) => {
    // On a fake clock the payment stays in flight until time moves: the replay lands during PROCESSING.
    fakeClock();
    const t = await start(on, { processingMs: 250, processorTimeoutMs: 3000 });
    const id = await payPreset(t);
    t.act('PAYMENT_METHOD', { selectedMethod: 'DEBIT_CARD' }, id);
    let answer = await t.next();
    while (answer.messageType === 'STATUS_UPDATE') answer = await t.next();
    expect(answer).toMatchObject({ messageType: 'SCREEN_CHANGE', screen: 'PROCESSING', transactionId: id });
    await advance(250);
    await t.until('SUCCESS');
    expect(reference.running().charges(id)).toBe(1);
  },
  'own-error-messages': async (on) => {
    const t = await start(on);
    await t.screen('AMOUNT_SELECT');
    t.ws.send('nope');
    const error = await t.error();
    expect(error.data.errorCode).toBe('INVALID_MESSAGE');
    expect(typeof error.data.errorMessage).toBe('string');
    expect(error.data.errorMessage).not.toBe(protocolErrorMessage('INVALID_MESSAGE'));
  },
  'currency-code': async (on) => {
    const t = await start(on);
    expect((await t.screen('AMOUNT_SELECT')).data.currency).toBe('GBP');
    expect((await toPaymentMethod(t)).data.currency).toBe('GBP');
  },
  'custom-presets': async (on) => {
    const t = await start(on);
    expect((await t.screen('AMOUNT_SELECT')).data.amounts).toEqual([10, 25, 50, 150]);
    // The shipped client labels a preset outside 20..100 CUSTOM (DIA-9).
    t.act('AMOUNT_SELECT', { selectedAmount: 25, selectionMethod: 'CUSTOM' }, 'initial');
    await t.screen('PAYMENT_METHOD');
  },
  'coarse-timestamps': async (on) => {
    const t = await start(on);
    await payPreset(t);
    await t.until('SUCCESS');
    expect(t.received.length).toBeGreaterThanOrEqual(4);
    expect(t.received.filter((m) => m.timestamp % 1000 !== 0)).toEqual([]);
  },
  'limit-remaining-per-connection': async (on) => {
    await reference.start({ variants: on, testControl: true });
    const limited = await reference.connect({ terminalId: 'kiosk-1', headers: { 'X-Test-Scenario': 'limit-remaining:20' } });
    await limited.screen('AMOUNT_SELECT');
    limited.act('AMOUNT_SELECT', { selectedAmount: 40, selectionMethod: 'PRESET_BUTTON' }, 'initial');
    const limitError = await limited.screen('LIMIT_ERROR');
    expect(limitError.data.remaining, 'the scenario holds on its own connection').toBe(20);
    limited.act('LIMIT_ERROR', { action: 'OK' }, limitError.transactionId);
    await limited.screen('AMOUNT_SELECT');
    // A polite close: the server has seen it end before the next upgrade is answered.
    limited.ws.close(1000);
    await limited.closedWith();
    const next = await reference.connect({ terminalId: 'kiosk-1' });
    await next.screen('AMOUNT_SELECT');
    next.act('AMOUNT_SELECT', { selectedAmount: 40, selectionMethod: 'PRESET_BUTTON' }, 'initial');
    await next.screen('PAYMENT_METHOD');
  },
  'refuse-foreign-terminal-id': async (on) => {
    const server = await reference.start({ variants: on, auth: { mode: 'tokens', tokens: { 'token-1': 'terminal-1', 'token-2': 'terminal-2' } } });
    expect(await upgradeStatus(server.url, 'token-1', 'terminal-1'), "the token's own terminal id is served").toBe(101);
    expect(await upgradeStatus(server.url, 'token-1', 'terminal-2'), "another terminal's id is refused").toBe(403);
  },
  'bare-close-reasons': async (on) => {
    const first = await start(on);
    await first.screen('AMOUNT_SELECT');
    const closed = new Promise<{ code: number; reason: string }>((resolve) => first.ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    await reference.connect({ terminalId: 'kiosk-1', awaitScreen: 'AMOUNT_SELECT' });
    expect(await closed).toEqual({ code: 4001, reason: '' });
  },
};

describe('legal variants of the reference server, on the wire', () => {
  it('every variant has a wire test, and its description quotes or names a source', () => {
    expect(variantNames.filter((v) => !(v in effects))).toEqual([]);
    for (const name of variantNames) expect(variants[name], name).toMatch(/clarifications\.md|protocol document|RFC \d+|docs\/protocol\.md/);
    const doc = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'variants.md'), 'utf8');
    expect(variantNames.filter((v) => !doc.includes(`| \`${v}\` |`)), 'docs/variants.md lists every variant').toEqual([]);
  });

  for (const name of variantNames) {
    it(`${name}: ${variants[name].split('. ')[0]}`, { timeout: 20_000 }, async () => {
      await effects[name]([name]);
    });
  }

  for (const name of variantNames) {
    it(`${name}: the clean server does not do it (the wire test can fail)`, { timeout: 20_000 }, async () => {
      await expect(effects[name]([])).rejects.toThrow();
    });
  }

  it('contradicting variants and unknown names are refused', () => {
    expect(() => new VariantSet(['status-updates', 'no-status-updates'])).toThrow(/contradict/);
    expect(() => new VariantSet(['bogus'])).toThrow(/unknown variant "bogus"/);
  });

  it('all compatible variants at once still serve a whole payment', async () => {
    const on = variantNames.filter((v) => v !== 'no-status-updates' && v !== 'processing-empty-data' && v !== 'deflate-no-context-takeover' && v !== 'delayed-frames');
    const t = await start(on, { stepDelayMs: 20 });
    await t.until('AMOUNT_SELECT');
    t.act('AMOUNT_SELECT', { selectedAmount: 25, selectionMethod: 'PRESET_BUTTON' }, 'initial');
    const pm = await t.screen('PAYMENT_METHOD');
    t.act('PAYMENT_METHOD', { selectedMethod: 'DEBIT_CARD' }, pm.transactionId);
    await t.until('SUCCESS');
    await t.until('THANK_YOU');
    await t.until('AMOUNT_SELECT');
  });
});

describe('paysock serve --variant', () => {
  it('an unknown variant exits 2 with one line naming the valid ones', async () => {
    const { code, stderr } = await paysock(['serve', '--variant', 'bogus', '--port', '0', '--data-dir', ':memory:']);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('unknown variant bogus; valid variants: screen-before-id');
  });

  it('two contradicting variants exit 2 with one line', async () => {
    const { code, stderr } = await paysock(['serve', '--variant', 'deflate-declined', '--variant', 'deflate-no-context-takeover', '--port', '0', '--data-dir', ':memory:']);
    expect(code).toBe(2);
    expect(stderr.trim()).toBe('paysock: variants deflate-declined and deflate-no-context-takeover contradict each other; choose one');
  });
});
