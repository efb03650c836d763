import { afterEach, describe, expect, it, vi } from 'vitest';
import { useReferenceServer } from './terminal-client.js';

const reference = useReferenceServer();
const LINGER = 30_000;

/** Waits (on real I/O, not a timer) until the server has seen every socket close. */
async function closedOnServer(connections: () => number): Promise<void> {
  while (connections() > 0) await new Promise((resolve) => setImmediate(resolve));
}

// The sockets run on real I/O; only the server's session timers and clock are fake.
const fake = () => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
afterEach(() => {
  vi.useRealTimers();
});

describe('sessions of disconnected terminals leave memory', () => {
  it('a quiet session goes after the linger time; the terminal resumes from the store', async () => {
    fake();
    const server = await reference.start({ sessionLingerMs: LINGER });
    for (let i = 0; i < 20; i++) (await reference.connect({ terminalId: `churn-${i}`, awaitScreen: 'AMOUNT_SELECT' })).close();
    await closedOnServer(server.connections);
    expect(server.sessions()).toBe(20);
    vi.advanceTimersByTime(LINGER - 1);
    expect(server.sessions()).toBe(20);
    vi.advanceTimersByTime(LINGER);
    expect(server.sessions()).toBe(0);
    const again = await reference.connect({ terminalId: 'churn-3' });
    expect(await again.next()).toMatchObject({ screen: 'AMOUNT_SELECT', transactionId: 'initial' });
    expect(server.sessions()).toBe(1);
  });

  it('a session leaves within a quarter linger of its linger ending, whenever its terminal left', async () => {
    fake();
    const server = await reference.start({ sessionLingerMs: LINGER });
    // The terminal leaves half a linger after the server started, out of step with any sweep every linger.
    vi.advanceTimersByTime(LINGER / 2);
    (await reference.connect({ terminalId: 'midway', awaitScreen: 'AMOUNT_SELECT' })).close();
    await closedOnServer(server.connections);
    vi.advanceTimersByTime(LINGER - 1);
    expect(server.sessions()).toBe(1);
    vi.advanceTimersByTime(LINGER / 4);
    expect(server.sessions()).toBe(0);
  });

  it('a session whose idle timeout still runs stays until it fired (RES-7), then goes', async () => {
    fake();
    const server = await reference.start({ sessionLingerMs: LINGER, config: { idleTimeoutMs: 90_000 } });
    const t = await reference.connect({ terminalId: 'away', awaitScreen: 'AMOUNT_SELECT' });
    t.act('AMOUNT_SELECT', { selectedAmount: 20, selectionMethod: 'PRESET_BUTTON' }, 'initial');
    const pm = await t.screen('PAYMENT_METHOD');
    t.close();
    await closedOnServer(server.connections);
    vi.advanceTimersByTime(2 * LINGER);
    expect(server.sessions()).toBe(1);
    const back = await reference.connect({ terminalId: 'away' });
    expect(await back.next()).toMatchObject({ screen: 'PAYMENT_METHOD', transactionId: pm.transactionId });
    back.close();
    await closedOnServer(server.connections);
    // The idle timeout (90 s from PAYMENT_METHOD) abandons the transaction while away, then the session can go.
    vi.advanceTimersByTime(90_000);
    vi.advanceTimersByTime(2 * LINGER);
    expect(server.sessions()).toBe(0);
    const last = await reference.connect({ terminalId: 'away' });
    expect(await last.next()).toMatchObject({ screen: 'AMOUNT_SELECT', transactionId: 'initial' });
  });
});
