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

/** The runtime's own clock (globalThis timers): Node, browsers and k6 all have them. */
export const runtimeClock: KioskClock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

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
