import { afterEach, describe, expect, it, vi } from 'vitest';
import type { V2ReferenceServer, V2ServerOptions } from '../../reference-server/v2/index.js';
import { RawKiosk, startV2 } from './v2-raw-kiosk.js';

// The v2 server's heartbeat (reference-server/heartbeat.ts) on fake time: setTimeout, clearTimeout and Date
// are fake, so the server's clock (reference-server/clock.ts looks the globals up) moves only when a test
// advances it; sockets and setImmediate stay real, so pings and pongs travel on real I/O.
// pinto-android-2.md §2.4: "OkHttp answers the backend's pings with pongs. A backend MAY ping; it MUST NOT
// drop a kiosk for not pinging."

const INTERVAL = 30_000;
let server: V2ReferenceServer | undefined;
const kiosks: RawKiosk[] = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const k of kiosks.splice(0)) k.close();
  await server?.close();
  server = undefined;
});

async function start(options: V2ServerOptions = {}): Promise<V2ReferenceServer> {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  server = await startV2({ ...options, config: { pingIntervalMs: INTERVAL, ...options.config } });
  return server;
}

async function kiosk(terminalId: string, autoPong = true): Promise<RawKiosk> {
  const k = await RawKiosk.connect(server!.url, { terminalId, autoPong });
  kiosks.push(k);
  await k.screen('AMOUNT_SELECT');
  return k;
}

/** The number of WebSocket pings `k` has received, counted from now on. */
function pingsOf(k: RawKiosk): { count: number; next(): Promise<void> } {
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
async function oneInterval(pings: { next(): Promise<void> }): Promise<void> {
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
    await start();
    const k = await kiosk('k-pong');
    const pings = pingsOf(k);
    for (let round = 0; round < 5; round++) {
      await oneInterval(pings);
      // A RESET answered means the server has read everything the kiosk sent before it, its pong included.
      k.action('RESET', `c0ffee00-0000-4000-8000-00000000000${round}`);
      await k.screen('AMOUNT_SELECT');
    }
    expect(pings.count).toBe(5);
    expect(k.ws.readyState).toBe(k.ws.OPEN);
    expect(server!.connections()).toBe(1);
  });

  it('a kiosk that stops answering is dropped after two missed pongs, without a close frame, and its session ends', async () => {
    await start();
    const k = await kiosk('k-gone', false);
    const pings = pingsOf(k);
    const closed = closeCode(k);
    await oneInterval(pings);
    await oneInterval(pings);
    // Two pings unanswered: still there until the next tick finds them missed.
    expect(server!.connections()).toBe(1);
    await vi.advanceTimersByTimeAsync(INTERVAL);
    expect(await closed).toBe(1006);
    expect(pings.count).toBe(2);
    await vi.waitFor(() => expect(server!.sessionsOf('k-gone')).toEqual([]), { interval: 5 });
    expect(server!.connections()).toBe(0);
  });

  it('the drop counts missed pongs in a row: a late pong clears them', async () => {
    await start();
    const k = await kiosk('k-late', false);
    const pings = pingsOf(k);
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
    expect(server!.connections()).toBe(1);
  });

  it('a kiosk that never pings by itself and sends nothing for ten minutes stays (it only answers pongs)', async () => {
    await start();
    const k = await kiosk('k-silent');
    const pings = pingsOf(k);
    for (let round = 0; round < 20; round++) {
      await oneInterval(pings);
      await turns();
    }
    expect(pings.count).toBe(20);
    expect(k.ws.readyState).toBe(k.ws.OPEN);
    expect(server!.connections()).toBe(1);
  });

  it('the same silent kiosk is closed under v2-idle-kiosk-closed (the test above can fail)', async () => {
    await start({ faults: ['v2-idle-kiosk-closed'] });
    const k = await kiosk('k-silent');
    const closed = closeCode(k);
    await vi.advanceTimersByTimeAsync(INTERVAL);
    // A close frame (1000) the kiosk would never answer (V2-TRN-7): the ws client here answers it.
    expect(await closed).toBe(1000);
  });

  it('under the no-server-pings variant nothing is pinged and a kiosk that would not answer stays', async () => {
    await start({ variants: ['no-server-pings'] });
    const k = await kiosk('k-quiet', false);
    const pings = pingsOf(k);
    await vi.advanceTimersByTimeAsync(10 * INTERVAL);
    await turns();
    expect(pings.count).toBe(0);
    expect(k.ws.readyState).toBe(k.ws.OPEN);
  });

  it('--ping-interval sets the interval on the wire (the flag both profiles share)', async () => {
    await start({ config: { pingIntervalMs: 5_000 } });
    const k = await kiosk('k-fast');
    const pings = pingsOf(k);
    await vi.advanceTimersByTimeAsync(5_000);
    await vi.waitFor(() => expect(pings.count).toBe(1), { interval: 5 });
  });
});
