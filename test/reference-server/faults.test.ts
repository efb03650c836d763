import { connect as connectTls } from 'node:tls';
import { generate } from 'selfsigned';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { faultNames, type FaultName } from '../../reference-server/faults.js';
import type { ExtendedServerOptions } from '../../reference-server/index.js';
import { advance, closedOnServer, fakeClock, HttpRefusal, payPreset, startTestServer, TestTerminal, useReferenceServer } from './terminal-client.js';

// Frames are not validated and SEC-2 is not checked: faults break them on purpose.
const reference = useReferenceServer({ validate: false });

/** Starts a server with one fault and opens a terminal. */
async function faulty(fault: FaultName, config: Record<string, unknown> = {}, headers?: Record<string, string>, extra: ExtendedServerOptions = {}): Promise<TestTerminal> {
  await reference.start({ faults: [fault], config, ...extra });
  return connect('kiosk-1', headers);
}

async function connect(terminalId: string, headers?: Record<string, string>): Promise<TestTerminal> {
  return reference.connect({ terminalId, headers });
}

async function toPaymentMethod(t: TestTerminal, amount = 20): Promise<string> {
  await t.until('AMOUNT_SELECT');
  t.act('AMOUNT_SELECT', { selectedAmount: amount, selectionMethod: 'PRESET_BUTTON' }, 'initial');
  return (await t.screen('PAYMENT_METHOD')).transactionId;
}

async function toKeypad(t: TestTerminal): Promise<string> {
  await t.until('AMOUNT_SELECT');
  t.act('AMOUNT_SELECT', { selectedAmount: -1, selectionMethod: 'OTHER' }, 'initial');
  return (await t.screen('KEYPAD')).transactionId;
}

/** Each fault's effect, as a conformance case would observe it on the wire. */
const effects: Record<FaultName, () => Promise<void>> = {
  'wrong-initial-transaction-id': async () => {
    const t = await faulty('wrong-initial-transaction-id');
    expect((await t.next()).transactionId).toBe('T0');
  },
  'missing-timestamp': async () => {
    const t = await faulty('missing-timestamp');
    expect(await t.next()).not.toHaveProperty('timestamp');
  },
  'string-amounts': async () => {
    const t = await faulty('string-amounts');
    expect((await t.next()).data.amounts).toEqual(['20', '40', '60', '80', '100']);
  },
  'no-limit-check': async () => {
    const t = await faulty('no-limit-check', { dailyLimit: 10 });
    await toPaymentMethod(t, 100);
  },
  'double-charge-on-replay': async () => {
    // On a fake clock the payment stays in PROCESSING until time moves: the replay lands while it is in flight.
    fakeClock();
    const t = await faulty('double-charge-on-replay', { processingMs: 300 });
    const id = await toPaymentMethod(t);
    t.act('PAYMENT_METHOD', { selectedMethod: 'DEBIT_CARD' }, id);
    await t.screen('PROCESSING');
    t.act('PAYMENT_METHOD', { selectedMethod: 'DEBIT_CARD' }, id);
    await t.screen('PROCESSING');
    await expect.poll(() => reference.running().charges(id)).toBe(2);
  },
  'no-resumption': async () => {
    const t = await faulty('no-resumption');
    await toPaymentMethod(t);
    t.close();
    const again = await connect('kiosk-1');
    expect(await again.next()).toMatchObject({ screen: 'AMOUNT_SELECT', transactionId: 'initial' });
  },
  'cross-terminal-leak': async () => {
    const a = await faulty('cross-terminal-leak');
    const id = await toPaymentMethod(a);
    const b = await connect('kiosk-2');
    await b.until('AMOUNT_SELECT');
    b.act('PAYMENT_METHOD', { action: 'CANCEL' }, id);
    await b.screen('AMOUNT_SELECT');
    expect(reference.running().transaction(id)?.state).toBe('cancelled');
  },
  'crash-on-bad-json': async () => {
    const t = await faulty('crash-on-bad-json');
    await t.until('AMOUNT_SELECT');
    t.ws.send('nope');
    expect(await t.closedWith()).toBe(1011);
  },
  'no-idle-timeout': async () => {
    fakeClock();
    const t = await faulty('no-idle-timeout', { idleTimeoutMs: 50 });
    await toKeypad(t);
    await advance(300);
    expect(await t.unsolicited('KEYPAD')).toEqual([]);
  },
  'accepts-binary': async () => {
    const t = await faulty('accepts-binary');
    await t.until('AMOUNT_SELECT');
    t.ws.send(Buffer.from('x'), { binary: true });
    t.ws.send('nope');
    expect((await t.error()).data.errorCode).toBe('INVALID_MESSAGE');
    expect(t.closeCode).toBeUndefined();
  },
  'no-size-limit': async () => {
    const t = await faulty('no-size-limit');
    await t.until('AMOUNT_SELECT');
    t.ws.send(JSON.stringify({ pad: 'x'.repeat(70_000) }));
    expect((await t.error()).data.errorCode).toBe('INVALID_MESSAGE');
  },
  'accepts-unoffered-amount': async () => {
    const t = await faulty('accepts-unoffered-amount');
    await toPaymentMethod(t, 33);
  },
  'no-keypad-bounds': async () => {
    const t = await faulty('no-keypad-bounds');
    const id = await toKeypad(t);
    t.act('KEYPAD', { selectedAmount: 5, selectionMethod: 'KEYPAD' }, id);
    await t.screen('PAYMENT_METHOD');
  },
  'no-replace-close': async () => {
    const first = await faulty('no-replace-close');
    await first.until('AMOUNT_SELECT');
    const second = await connect('kiosk-1');
    await second.until('AMOUNT_SELECT');
    // The replaced connection still gets answers (nothing else): its close would have come before this one.
    expect(await first.unsolicited('AMOUNT_SELECT')).toEqual([]);
    expect(first.closeCode).toBeUndefined();
  },
  'timestamps-backwards': async () => {
    const t = await faulty('timestamps-backwards');
    await toPaymentMethod(t);
    const [a, b] = t.received;
    expect(b!.timestamp).toBeLessThan(a!.timestamp);
  },
  'timestamps-in-seconds': async () => {
    const t = await faulty('timestamps-in-seconds');
    expect((await t.next()).timestamp).toBeLessThan(1e11);
  },
  'ping-answered-with-error': async () => {
    const t = await faulty('ping-answered-with-error');
    await t.until('AMOUNT_SELECT');
    t.ws.send('{"ping":true}');
    expect((await t.error()).data.errorCode).toBe('INVALID_MESSAGE');
  },
  'skip-collect-ticket': async () => {
    const t = await faulty('skip-collect-ticket');
    const id = await toPaymentMethod(t);
    t.act('PAYMENT_METHOD', { selectedMethod: 'DEBIT_CARD' }, id);
    await t.until('PRINT_TICKET');
    await t.screen('THANK_YOU');
  },
  'no-auth-check': async () => {
    await reference.start({ faults: ['no-auth-check'], auth: { mode: 'tokens', tokens: { good: 'kiosk-1' } } });
    const t = await reference.connect({ headers: { Authorization: 'Bearer forged' } });
    await t.until('AMOUNT_SELECT');
  },
  'accepts-reused-transaction-id': async () => {
    const t = await faulty('accepts-reused-transaction-id');
    await t.until('AMOUNT_SELECT');
    t.act('AMOUNT_SELECT', { selectedAmount: 20, selectionMethod: 'PRESET_BUTTON' }, 'T-again');
    await t.screen('PAYMENT_METHOD');
    t.act('PAYMENT_METHOD', { action: 'CANCEL' }, 'T-again');
    await t.screen('AMOUNT_SELECT');
    t.act('AMOUNT_SELECT', { selectedAmount: 20, selectionMethod: 'PRESET_BUTTON' }, 'T-again');
    await t.screen('PAYMENT_METHOD');
  },
  'cancel-not-supported': async () => {
    const t = await faulty('cancel-not-supported');
    const id = await toKeypad(t);
    t.act('KEYPAD', { action: 'CANCEL' }, id);
    expect((await t.error()).data.errorCode).toBe('UNEXPECTED_ACTION');
  },
  'timeout-without-error': async () => {
    fakeClock();
    const t = await faulty('timeout-without-error', { idleTimeoutMs: 100 });
    await toKeypad(t);
    await advance(100);
    expect(await t.next()).toMatchObject({ messageType: 'SCREEN_CHANGE', screen: 'AMOUNT_SELECT' });
  },
  'slow-initial-screen': async () => {
    fakeClock();
    const t = await faulty('slow-initial-screen');
    await advance(1000);
    // No screen to ask for yet (a RESET would be answered with it): a ping round trip shows none was written.
    await t.pong();
    expect(t.received).toEqual([]);
    await advance(500);
    await t.until('AMOUNT_SELECT');
  },
  'limit-counts-failed-payments': async () => {
    const t = await faulty('limit-counts-failed-payments', { dailyLimit: 100 }, { 'X-Test-Scenario': 'decline' });
    const id = await toPaymentMethod(t, 80);
    t.act('PAYMENT_METHOD', { selectedMethod: 'DEBIT_CARD' }, id);
    await t.until('FAILED');
    t.act('FAILED', { action: 'OK' }, id);
    await t.screen('AMOUNT_SELECT');
    t.act('AMOUNT_SELECT', { selectedAmount: 40, selectionMethod: 'PRESET_BUTTON' }, 'initial');
    expect((await t.screen('LIMIT_ERROR')).data.remaining).toBe(20);
  },
  'no-pong': async () => {
    const t = await faulty('no-pong');
    await t.until('AMOUNT_SELECT');
    let ponged = false;
    t.ws.on('pong', () => (ponged = true));
    t.ws.ping();
    // ws writes a pong as soon as it reads the ping: before the answer to a later RESET.
    expect(await t.unsolicited('AMOUNT_SELECT')).toEqual([]);
    expect(ponged).toBe(false);
  },
  'error-wrong-screen': async () => {
    const t = await faulty('error-wrong-screen');
    const id = await toKeypad(t);
    t.act('KEYPAD', { selectedAmount: 5, selectionMethod: 'KEYPAD' }, id);
    expect((await t.error()).screen).toBe('AMOUNT_SELECT');
  },
  'ignores-printer-fault': async () => {
    const t = await faulty('ignores-printer-fault', {}, { 'X-Test-Scenario': 'printer-fault' });
    const id = await toPaymentMethod(t);
    t.act('PAYMENT_METHOD', { selectedMethod: 'DEBIT_CARD' }, id);
    await t.until('PRINT_TICKET');
    await t.screen('COLLECT_TICKET');
  },
  'keeps-initial-id': async () => {
    const t = await faulty('keeps-initial-id');
    expect(await toPaymentMethod(t)).toBe('initial');
  },
  'wrong-error-code': async () => {
    const t = await faulty('wrong-error-code');
    await t.until('AMOUNT_SELECT');
    t.act('AMOUNT_SELECT', { selectedAmount: 33, selectionMethod: 'PRESET_BUTTON' }, 'initial');
    expect((await t.error()).data.errorCode).toBe('INVALID_MESSAGE');
  },
  'no-rate-limit': async () => {
    const t = await faulty('no-rate-limit');
    await t.until('AMOUNT_SELECT');
    // 60 dialect RESETs on AMOUNT_SELECT, each answered with the current screen: past the 50/s of ERR-7.
    for (let i = 0; i < 60; i++) t.act('RESET', undefined, 'initial');
    const answers = [];
    for (let i = 0; i < 60; i++) answers.push(await t.next());
    expect(answers.filter((m) => m.messageType === 'ERROR')).toEqual([]);
  },
  'no-server-ping': async () => {
    fakeClock();
    const t = await faulty('no-server-ping', { pingIntervalMs: 100 });
    let pings = 0;
    t.ws.on('ping', () => pings++);
    await t.until('AMOUNT_SELECT');
    await advance(450);
    // A ping is written when its heartbeat tick runs: before the answer to this RESET.
    expect(await t.unsolicited('AMOUNT_SELECT')).toEqual([]);
    expect(pings).toBe(0);
  },
  'keeps-silent-peers': async () => {
    fakeClock();
    await reference.start({ faults: ['keeps-silent-peers'], config: { pingIntervalMs: 100 } });
    // A peer that never answers pings (ws answers them itself unless autoPong is off).
    const silent = await reference.connect({ terminalId: 'silent', autoPong: false, awaitScreen: 'AMOUNT_SELECT' });
    let pings = 0;
    silent.ws.on('ping', () => pings++);
    await advance(600);
    // Answered, so not dropped: a clean server would have cut it at the third tick, before this round trip.
    expect(await silent.unsolicited('AMOUNT_SELECT')).toEqual([]);
    expect(pings).toBeGreaterThanOrEqual(3);
    expect(silent.ws.readyState).toBe(WebSocket.OPEN);
  },
  'accepts-tls-1.1': async () => {
    const pems = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
      keySize: 2048,
      extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
    });
    const server = await reference.start({ faults: ['accepts-tls-1.1'], tls: { cert: pems.cert, key: pems.private } });
    const version = await new Promise<string>((resolve) => {
      const socket = connectTls({ host: '127.0.0.1', port: server.port, ca: pems.cert, minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' });
      socket.on('secureConnect', () => {
        resolve(socket.getProtocol() ?? 'unknown');
        socket.destroy();
      });
      socket.on('error', (error) => resolve(`refused: ${error.message}`));
    });
    expect(version).toBe('TLSv1.1');
  },
  'silent-double-charge': async () => {
    const t = await faulty('silent-double-charge', { dailyLimit: 100 });
    await t.until('AMOUNT_SELECT');
    const id = await payPreset(t, 20);
    await t.until('SUCCESS');
    t.act('PAYMENT_METHOD', { selectedMethod: 'DEBIT_CARD' }, id);
    expect((await t.error()).data.errorCode).toBe('UNEXPECTED_ACTION');
    expect(await remainingAfterCycle(t)).toBe(60);
  },
  'double-tap-charges-twice': async () => {
    const t = await faulty('double-tap-charges-twice', { dailyLimit: 100, processingMs: 150 });
    const id = await toPaymentMethod(t);
    t.act('PAYMENT_METHOD', { selectedMethod: 'DEBIT_CARD' }, id);
    t.act('PAYMENT_METHOD', { selectedMethod: 'DEBIT_CARD' }, id);
    await t.until('SUCCESS');
    expect(await remainingAfterCycle(t)).toBe(60);
  },
  'keypad-skips-limit': async () => {
    const t = await faulty('keypad-skips-limit', { dailyLimit: 50 });
    const id = await toKeypad(t);
    t.act('KEYPAD', { selectedAmount: 100, selectionMethod: 'KEYPAD' }, id);
    await t.screen('PAYMENT_METHOD');
  },
  'global-daily-total': async () => {
    const a = await faulty('global-daily-total', { dailyLimit: 100 });
    await a.until('AMOUNT_SELECT');
    await payPreset(a, 40);
    await a.until('SUCCESS');
    await a.until('AMOUNT_SELECT');
    const b = await connect('kiosk-2');
    await b.until('AMOUNT_SELECT');
    b.act('AMOUNT_SELECT', { selectedAmount: 100, selectionMethod: 'PRESET_BUTTON' }, 'initial');
    expect((await b.screen('LIMIT_ERROR')).data.remaining).toBe(60);
  },
  'orphan-handed-over': async () => {
    const a = await faulty('orphan-handed-over');
    const id = await toPaymentMethod(a);
    a.close();
    await expect.poll(() => reference.running().connections()).toBe(0);
    const b = await connect('kiosk-2');
    expect(await b.next()).toMatchObject({ screen: 'PAYMENT_METHOD', transactionId: id });
  },
  'token-overrides-identity': async () => {
    await reference.start({ faults: ['token-overrides-identity'], auth: { mode: 'tokens', tokens: { good: 'kiosk-1', other: 'kiosk-2' } } });
    const a = await reference.connect({ headers: { Authorization: 'Bearer good' } });
    const id = await toPaymentMethod(a);
    a.close();
    await expect.poll(() => reference.running().connections()).toBe(0);
    const b = await reference.connect({ terminalId: 'kiosk-1', headers: { Authorization: 'Bearer other' } });
    expect(await b.next()).toMatchObject({ screen: 'PAYMENT_METHOD', transactionId: id });
  },
  'no-resumption-before-payment': async () => {
    const t = await faulty('no-resumption-before-payment');
    await toKeypad(t);
    t.close();
    const again = await connect('kiosk-1');
    expect(await again.next()).toMatchObject({ screen: 'AMOUNT_SELECT', transactionId: 'initial' });
  },
  'failed-lost-while-away': async () => {
    fakeClock();
    const t = await faulty('failed-lost-while-away', { processingMs: 150 }, { 'X-Test-Scenario': 'decline' });
    const id = await toPaymentMethod(t);
    t.act('PAYMENT_METHOD', { selectedMethod: 'DEBIT_CARD' }, id);
    await t.screen('PROCESSING');
    t.close();
    // The decline comes while the terminal is away.
    await closedOnServer(reference.running());
    await advance(600);
    const again = await connect('kiosk-1');
    expect(await again.next()).toMatchObject({ screen: 'AMOUNT_SELECT', transactionId: 'initial' });
  },
  'finished-id-charged-again': async () => {
    const t = await faulty('finished-id-charged-again', { dailyLimit: 100 });
    await t.until('AMOUNT_SELECT');
    const id = await payPreset(t, 20);
    await t.until('THANK_YOU');
    await t.until('AMOUNT_SELECT');
    t.act('PAYMENT_METHOD', { selectedMethod: 'DEBIT_CARD' }, id);
    expect((await t.screen('PROCESSING')).transactionId).toBe(id);
    await t.until('SUCCESS');
    expect(await remainingAfterCycle(t)).toBe(60);
  },
  'resumption-new-id': async () => {
    const t = await faulty('resumption-new-id');
    const id = await toPaymentMethod(t);
    t.close();
    const again = await connect('kiosk-1');
    const resumed = await again.next();
    expect(resumed.screen).toBe('PAYMENT_METHOD');
    expect(resumed.transactionId).not.toBe(id);
  },
  'twice-the-amount-counted': async () => {
    const t = await faulty('twice-the-amount-counted', { dailyLimit: 100 });
    await t.until('AMOUNT_SELECT');
    await payPreset(t, 20);
    await t.until('SUCCESS');
    expect(await remainingAfterCycle(t)).toBe(60);
  },
  'no-initial-screen': async () => {
    fakeClock();
    const t = await faulty('no-initial-screen');
    await advance(5000);
    // A ping round trip shows nothing was written, however long the terminal waits.
    await t.pong();
    expect(t.received).toEqual([]);
  },
  'lowercase-message-type': async () => {
    const t = await faulty('lowercase-message-type');
    const first = await t.next();
    expect(first.messageType).toBe('screen_change');
    expect(first.screen).toBe('AMOUNT_SELECT');
  },
};

/** Waits for the cycle to end on AMOUNT_SELECT, selects 100 and returns the LIMIT_ERROR's remaining (the daily total as the wire shows it). */
async function remainingAfterCycle(t: TestTerminal): Promise<unknown> {
  await t.until('AMOUNT_SELECT');
  t.act('AMOUNT_SELECT', { selectedAmount: 100, selectionMethod: 'PRESET_BUTTON' }, 'initial');
  return (await t.screen('LIMIT_ERROR')).data.remaining;
}

describe('deliberate faults (reference-server/faults.ts)', () => {
  it('every fault in the table has an effect test here', () => {
    expect(Object.keys(effects).sort()).toEqual([...faultNames].sort());
  });

  it('an unknown fault name is refused, listing the valid ones', async () => {
    await expect(startTestServer({ faults: ['nope'] })).rejects.toThrow(/valid: wrong-initial-transaction-id/);
  });

  it.each(faultNames)('%s changes behaviour on the wire', async (name) => {
    await effects[name]();
  });

  it('without faults the same probes behave (spot check: no-auth-check counterpart)', async () => {
    const server = await reference.start({ auth: { mode: 'tokens', tokens: { good: 'kiosk-1' } } });
    await expect(TestTerminal.connect(server.url, { headers: { Authorization: 'Bearer forged' } })).rejects.toBeInstanceOf(HttpRefusal);
  });
});
