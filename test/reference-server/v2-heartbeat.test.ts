import { afterEach, describe, expect, it, vi } from 'vitest';
import type { V2ReferenceServer, V2ServerOptions } from '../../reference-server/v2/index.js';
import { useV2Server, type RawKiosk } from './v2-raw-kiosk.js';

// The v2 server's heartbeat (reference-server/heartbeat.ts) on fake time: setTimeout, clearTimeout and Date
// are fake, so the server's clock (reference-server/clock.ts looks the globals up) moves only when a test
// advances it; sockets and setImmediate stay real, so pings and pongs travel on real I/O.
// pinto-android-2.md §2.4: "OkHttp answers the backend's pings with pongs. A backend MAY ping; it MUST NOT
// drop a kiosk for not pinging."

const INTERVAL = 30_000;
const v2 = useV2Server();
// Registered after useV2Server's, so it runs before it: the kiosks and the server close on real timers.
afterEach(() => {
  vi.useRealTimers();
});

/** A server on fake time, pinging every INTERVAL, and one kiosk on its first screen with a count of the pings it gets from now on. */
async function pingedKiosk(terminalId: string, options: V2ServerOptions = {}, autoPong = true): Promise<{ k: RawKiosk; pings: Pings; server: V2ReferenceServer }> {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  const server = await v2.start({ ...options, config: { pingIntervalMs: INTERVAL, ...options.config } });
  const { kiosk: k } = await v2.kiosk(terminalId, { autoPong });
  return { k, pings: pingsOf(k), server };
}

interface Pings {
  count: number;
  next(): Promise<void>;
}

/** The number of WebSocket pings `k` has received, counted from now on. */
function pingsOf(k: RawKiosk): Pings {
  // A drop fails the wait at once rather than at the test's timeout.
  const seen = {
    count: 0,
    next: () =>
      new Promise<void>((resolve, reject) => {
        k.ws.once('ping', () => resolve());
        k.ws.once('close', (code) => reject(new Error(`connection closed (${code}) instead of a ping`)));
      }),
  };
  k.ws.on('ping', () => seen.count++);
  return seen;
}

/** One heartbeat interval of fake time, and the ping it sends to `k` on real I/O. */
async function oneInterval(pings: Pings): Promise<void> {
  const pinged = pings.next();
  await vi.advanceTimersByTimeAsync(INTERVAL);
  await pinged;
}

/** A few turns of the event loop (no timer): a pong written on loopback is read by the server in the next. */
async function turns(n = 3): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** Resolves with the close code the kiosk saw (1006: the link dropped, no close frame). */
function closeCode(k: RawKiosk): Promise<number> {
  return new Promise((resolve) => k.ws.once('close', (code) => resolve(code)));
}

describe('v2 heartbeat: server pings, a kiosk that missed two pongs is reset (V2-TRN-5, V2-TRN-7)', () => {
  it('a kiosk that answers the pings stays connected past three intervals', async () => {
    const { k, pings, server } = await pingedKiosk('k-pong');
    for (let round = 0; round < 5; round++) {
      await oneInterval(pings);
      // A RESET answered means the server has read everything the kiosk sent before it, its pong included.
      k.action('RESET', `c0ffee00-0000-4000-8000-00000000000${round}`);
      await k.screen('AMOUNT_SELECT');
    }
    expect(pings.count).toBe(5);
    expect(k.ws.readyState).toBe(k.ws.OPEN);
    expect(server.connections()).toBe(1);
  });

  it('a kiosk that stops answering is dropped after two missed pongs, without a close frame, and its session ends', async () => {
    const { k, pings, server } = await pingedKiosk('k-gone', {}, false);
    const closed = closeCode(k);
    await oneInterval(pings);
    await oneInterval(pings);
    // Two pings unanswered: still there until the next tick finds them missed.
    expect(server.connections()).toBe(1);
    await vi.advanceTimersByTimeAsync(INTERVAL);
    expect(await closed).toBe(1006);
    expect(pings.count).toBe(2);
    await vi.waitFor(() => expect(server.sessionsOf('k-gone')).toEqual([]), { interval: 5 });
    expect(server.connections()).toBe(0);
  });

  it('the drop counts missed pongs in a row: a late pong clears them', async () => {
    const { k, pings, server } = await pingedKiosk('k-late', {}, false);
    const closed = vi.fn();
    k.ws.on('close', closed);
    await oneInterval(pings);
    await oneInterval(pings);
    // The kiosk's answer to the second ping comes late, but before the tick that would drop it.
    k.ws.pong();
    await turns();
    await oneInterval(pings);
    await turns();
    expect(closed).not.toHaveBeenCalled();
    expect(server.connections()).toBe(1);
  });

  it('a kiosk that never pings by itself and sends nothing for ten minutes stays (it only answers pongs)', async () => {
    const { k, pings, server } = await pingedKiosk('k-silent');
    for (let round = 0; round < 20; round++) {
      await oneInterval(pings);
      await turns();
    }
    expect(pings.count).toBe(20);
    expect(k.ws.readyState).toBe(k.ws.OPEN);
    expect(server.connections()).toBe(1);
  });

  it('the same silent kiosk is closed under v2-idle-kiosk-closed (the test above can fail)', async () => {
    const { k } = await pingedKiosk('k-silent', { faults: ['v2-idle-kiosk-closed'] });
    const closed = closeCode(k);
    await vi.advanceTimersByTimeAsync(INTERVAL);
    // A close frame (1000) the kiosk would never answer (V2-TRN-7): the ws client here answers it.
    expect(await closed).toBe(1000);
  });

  it('under the no-server-pings variant nothing is pinged and a kiosk that would not answer stays', async () => {
    const { k, pings } = await pingedKiosk('k-quiet', { variants: ['no-server-pings'] }, false);
    await vi.advanceTimersByTimeAsync(10 * INTERVAL);
    await turns();
    expect(pings.count).toBe(0);
    expect(k.ws.readyState).toBe(k.ws.OPEN);
  });

  it('--ping-interval sets the interval on the wire (the flag both profiles share)', async () => {
    const { pings } = await pingedKiosk('k-fast', { config: { pingIntervalMs: 5_000 } });
    await vi.advanceTimersByTimeAsync(5_000);
    await vi.waitFor(() => expect(pings.count).toBe(1), { interval: 5 });
  });
});
