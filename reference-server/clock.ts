/** A timer handle of a Clock: whatever its setTimeout returned. */
export type TimerHandle = unknown;

/**
 * The time and timers of the reference server's sessions, injectable so
 * tests run idle timeouts, server-driven steps and session eviction on a
 * fake clock instead of sleeping.
 */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** Runs `callback` once after `ms`; the timer does not keep the process alive. */
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** The process clock. It looks the globals up on each call, so vitest's fake timers apply to it as well. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => {
    const timer = setTimeout(callback, ms);
    timer.unref();
    return timer;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};
