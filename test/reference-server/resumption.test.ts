import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { advance, closedOnServer, fakeClock, type TestTerminal, useReferenceServer } from './terminal-client.js';

const dirs: string[] = [];
// Registered before the fixture so that, with vitest's default stacked after-hooks, it runs after the server has closed.
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const reference = useReferenceServer();

async function connect(headers?: Record<string, string>): Promise<TestTerminal> {
  return reference.connect({ terminalId: 'kiosk-1', headers });
}

describe('resumption and money safety (section 8)', () => {
  it('RES-1, RES-3: a terminal that reconnects gets its open transaction\'s screen, id and data', async () => {
    await reference.start();
    const t = await connect();
    await t.screen('AMOUNT_SELECT');
    t.act('AMOUNT_SELECT', { selectedAmount: -1, selectionMethod: 'OTHER' }, 'initial');
    const keypad = await t.screen('KEYPAD');
    t.close();
    const again = await connect();
    const first = await again.next();
    expect(first).toMatchObject({ messageType: 'SCREEN_CHANGE', screen: 'KEYPAD', transactionId: keypad.transactionId, data: keypad.data });
    again.act('KEYPAD', { selectedAmount: 50, selectionMethod: 'KEYPAD' }, keypad.transactionId);
    await again.screen('PAYMENT_METHOD');
  });

  it('RES-5, RES-6: a result reached while away is delivered on reconnect, then the steps go on', async () => {
    fakeClock();
    const server = await reference.start({ config: { stepDelayMs: 50 } });
    const t = await connect({ 'X-Test-Scenario': 'slow-processing:200' });
    await t.screen('AMOUNT_SELECT');
    t.act('AMOUNT_SELECT', { selectedAmount: 20, selectionMethod: 'PRESET_BUTTON' }, 'initial');
    const pm = await t.screen('PAYMENT_METHOD');
    t.act('PAYMENT_METHOD', { selectedMethod: 'DEBIT_CARD' }, pm.transactionId);
    await t.screen('PROCESSING');
    t.close();
    await closedOnServer(server);
    await advance(200);
    expect(server.transaction(pm.transactionId)?.state).toBe('paid');
    // Paused while away: still on SUCCESS well after several step delays.
    await advance(300);
    const again = await connect();
    expect(await again.next()).toMatchObject({ screen: 'SUCCESS', transactionId: pm.transactionId });
    await advance(50);
    await again.screen('PRINT_TICKET');
    await advance(50);
    await again.screen('COLLECT_TICKET');
    expect(server.charges(pm.transactionId)).toBe(1);
  });

  it('RES-7: the idle timeout runs while the terminal is away', async () => {
    fakeClock();
    const server = await reference.start({ config: { idleTimeoutMs: 150 } });
    const t = await connect();
    await t.screen('AMOUNT_SELECT');
    t.act('AMOUNT_SELECT', { selectedAmount: 20, selectionMethod: 'PRESET_BUTTON' }, 'initial');
    const pm = await t.screen('PAYMENT_METHOD');
    t.close();
    // Away before the deadline: the timeout must fire with no terminal attached.
    await closedOnServer(server);
    await advance(150);
    expect(server.transaction(pm.transactionId)?.state).toBe('abandoned');
    const again = await connect();
    expect(await again.next()).toMatchObject({ screen: 'AMOUNT_SELECT', transactionId: 'initial' });
  });

  it('RES-2: state survives a graceful restart of the server on the same data dir', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paysock-res2-'));
    dirs.push(dir);
    let server = await reference.start({ dataDir: dir });
    const t = await connect();
    await t.screen('AMOUNT_SELECT');
    t.act('AMOUNT_SELECT', { selectedAmount: 60, selectionMethod: 'PRESET_BUTTON' }, 'initial');
    const pm = await t.screen('PAYMENT_METHOD');
    t.close();
    await server.close();
    server = await reference.start({ dataDir: dir });
    const again = await connect();
    expect(await again.next()).toMatchObject({ screen: 'PAYMENT_METHOD', transactionId: pm.transactionId });
    again.act('PAYMENT_METHOD', { selectedMethod: 'PAY_BY_BANK' }, pm.transactionId);
    expect((await again.screen('PROCESSING')).data).toEqual({ amount: 60, method: 'PAY_BY_BANK' });
  });
});
