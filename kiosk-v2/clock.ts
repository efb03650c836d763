/** A timer handle of a KioskClock: whatever its setTimeout returned. */
export type KioskTimer = unknown;

/**
 * The kiosk's time and timers. Every delay d540407 takes (`delay(…)` in a
 * coroutine, `Thread.sleep` polling in the terminal managers) runs through
 * one of these, so tests move time by hand and the load driver, k6 and the
 * browser page pass their own. Same shape as reference-server/clock.ts, so
 * one manual clock drives both ends of a test.
 */
export interface KioskClock {
  /** Epoch milliseconds: the kiosk's `System.currentTimeMillis()` (§3.1.3). */
  now(): number;
  setTimeout(callback: () => void, ms: number): KioskTimer;
  clearTimeout(handle: KioskTimer): void;
}

/** The global timers every runtime has; declared here because k6's and a bare ES lib's types differ on them. */
const globalTimers = globalThis as unknown as {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
};

/** The runtime's own clock (globalThis timers): Node, browsers and k6 all have them. */
export const runtimeClock: KioskClock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => globalTimers.setTimeout(callback, ms),
  clearTimeout: (handle) => globalTimers.clearTimeout(handle),
};

/**
 * The runtime's clock, `speed` times faster: a kiosk whose own delays (the
 * mock terminal's seconds, the 4 s and 5 s RESETs, the 30 s idle timer, the
 * 20 s ticket grace) run compressed while it talks to a real backend over
 * real sockets, where time cannot be moved by hand (tests, the chaos bench).
 */
export function scaledClock(speed: number): KioskClock {
  if (!(speed > 0)) throw new RangeError(`speed must be positive, not ${speed}`);
  const origin = Date.now();
  return {
    now: () => origin + (Date.now() - origin) * speed,
    setTimeout: (callback, ms) => globalTimers.setTimeout(callback, ms / speed),
    clearTimeout: (handle) => globalTimers.clearTimeout(handle),
  };
}

/**
 * A lower-case, hyphenated version-4 UUID, as `java.util.UUID.randomUUID()`
 * prints it (pinto-android-2.md "Ground rules": `U`). Made from an injected
 * random source so tests are repeatable and k6 needs no crypto module.
 */
export function randomUuid(random: () => number): string {
  const hex: string[] = [];
  for (let i = 0; i < 32; i++) hex.push(Math.floor(random() * 16).toString(16));
  hex[12] = '4';
  hex[16] = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}
