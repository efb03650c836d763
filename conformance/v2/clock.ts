import type { KioskClock } from '../../kiosk-v2/index.js';

/**
 * The kiosk's clock for a run: real epoch time, timers `scale` times faster.
 * Scale 1 (the default) is d540407's own pace and the only one fit for a
 * remote backend; an embedded run whose server runs on the same scaled clock
 * may compress both ends alike (target v2.kioskTimeScale), so the kiosk's 4 s,
 * 5 s and 30 s timers and the terminal's seconds take a fraction of that.
 */
export function scaledClock(scale: number): KioskClock & { scale: number } {
  return {
    scale,
    now: () => Date.now(),
    setTimeout: (callback, ms) => setTimeout(callback, ms / scale),
    clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
  };
}
