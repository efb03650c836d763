import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ExtendedServerOptions } from '../../reference-server/index.js';
import { type TestTerminal, useReferenceServer } from './terminal-client.js';

/**
 * Replays the shipped client's exact wire messages (docs/research/pinto-android-1-wire.md,
 * commit e101): Moshi field order, no `data` on CANCEL/RESET, the last server id echoed.
 */
class PintoClient {
  /** The client copies the id of every server message it parses (wire notes §2). */
  private currentId: string | undefined;

  constructor(readonly t: TestTerminal) {}

  async expectScreen(screen: string): Promise<void> {
    for (;;) {
      const m = await this.t.next();
      this.currentId = m.transactionId;
      if (m.messageType === 'SCREEN_CHANGE' && m.screen === screen) return;
      if (m.messageType !== 'STATUS_UPDATE') throw new Error(`expected ${screen}, got ${JSON.stringify(m)}`);
    }
  }

  private sendRaw(text: string): void {
    this.t.ws.send(text);
  }

  selectAmount(amount: number): void {
    const method = [20, 40, 60, 80, 100].includes(amount) ? 'PRESET_BUTTON' : 'CUSTOM';
    const id = this.currentId ?? randomUUID();
    this.sendRaw(`{"messageType":"USER_ACTION","screen":"AMOUNT_SELECT","data":{"selectedAmount":${amount},"selectionMethod":"${method}"},"transactionId":"${id}","timestamp":${Date.now()}}`);
  }

  selectPaymentMethod(method: string): void {
    this.sendRaw(`{"messageType":"USER_ACTION","screen":"PAYMENT_METHOD","data":{"selectionMethod":"${method}"},"transactionId":"${this.currentId}","timestamp":${Date.now()}}`);
  }

  cancelPayment(): void {
    this.sendRaw(`{"messageType":"USER_ACTION","screen":"CANCEL","transactionId":"${this.currentId}","timestamp":${Date.now()}}`);
    this.sendRaw(`{"messageType":"USER_ACTION","screen":"RESET","transactionId":"${this.currentId}","timestamp":${Date.now()}}`);
  }

  limitReset(): void {
    this.currentId = randomUUID();
    this.sendRaw(`{"messageType":"USER_ACTION","screen":"RESET","transactionId":"${this.currentId}","timestamp":${Date.now()}}`);
  }

  ping(): void {
    this.sendRaw('{"ping":true}');
  }
}

const reference = useReferenceServer();

async function pinto(options: ExtendedServerOptions = {}): Promise<PintoClient> {
  // DIA-7: no credentials and no query string; the backend's default terminal id applies (AUTH-7).
  const t = await reference.open(options, { headers: { 'User-Agent': 'okhttp/4.11.0' } });
  const client = new PintoClient(t);
  await client.expectScreen('AMOUNT_SELECT');
  return client;
}

const dialectServer = { auth: { mode: 'none' as const, defaultTerminalId: 'pinto-kiosk' } };

describe('the shipped client (pinto-android-1, section 10)', () => {
  it('DIA-6, DIA-3: preset payment echoing "initial", method as selectionMethod, through to AMOUNT_SELECT', async () => {
    const c = await pinto(dialectServer);
    c.ping();
    c.selectAmount(40);
    await c.expectScreen('PAYMENT_METHOD');
    c.selectPaymentMethod('DEBIT_CARD');
    for (const screen of ['PROCESSING', 'SUCCESS', 'PRINT_TICKET', 'COLLECT_TICKET', 'THANK_YOU', 'AMOUNT_SELECT']) await c.expectScreen(screen);
    expect(c.t.received.filter((m) => m.messageType === 'ERROR')).toEqual([]);
  });

  it('DIA-1, DIA-2: OTHER as CUSTOM -1, keypad amount as AMOUNT_SELECT CUSTOM (and PRESET_BUTTON for 60)', async () => {
    const c = await pinto(dialectServer);
    c.selectAmount(-1);
    await c.expectScreen('KEYPAD');
    c.selectAmount(75);
    await c.expectScreen('PAYMENT_METHOD');
    c.selectPaymentMethod('PAY_BY_BANK');
    await c.expectScreen('PROCESSING');
    expect(c.t.received.at(-1)?.data).toEqual({ amount: 75, method: 'PAY_BY_BANK' });
    await c.expectScreen('SUCCESS');
    await c.expectScreen('PRINT_TICKET');
    await c.expectScreen('COLLECT_TICKET');
    await c.expectScreen('THANK_YOU');
    await c.expectScreen('AMOUNT_SELECT');
    c.selectAmount(-1);
    await c.expectScreen('KEYPAD');
    c.selectAmount(60);
    await c.expectScreen('PAYMENT_METHOD');
  });

  it('DIA-4: CANCEL + RESET cancels once; RESET is answered with the current screen', async () => {
    const c = await pinto(dialectServer);
    c.selectAmount(20);
    await c.expectScreen('PAYMENT_METHOD');
    const id = c.t.received.at(-1)!.transactionId;
    c.cancelPayment();
    await c.expectScreen('AMOUNT_SELECT');
    await c.expectScreen('AMOUNT_SELECT');
    expect(c.t.received.slice(-2).map((m) => m.transactionId)).toEqual(['initial', 'initial']);
    expect(reference.server()?.transaction(id)?.state).toBe('cancelled');
    expect(c.t.received.filter((m) => m.messageType === 'ERROR')).toEqual([]);
  });

  it('DIA-5: RESET with a fresh UUID leaves LIMIT_ERROR', async () => {
    const c = await pinto({ ...dialectServer, config: { dailyLimit: 50 } });
    c.selectAmount(60);
    await c.expectScreen('LIMIT_ERROR');
    c.limitReset();
    await c.expectScreen('AMOUNT_SELECT');
    expect(c.t.received.at(-1)?.transactionId).toBe('initial');
  });
});
