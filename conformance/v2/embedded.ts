import type { Clock } from '../../reference-server/clock.js';
import type { ConformanceTarget } from '../../protocol/types/generated-formats.js';

/** How much faster an embedded v2 run goes: the kiosk's timers and the embedded server's alike. */
export const embeddedV2TimeScale = 5;

/** Short timings of the embedded v2 reference server. */
export const embeddedV2Config = { stepDelayMs: 100 } as const;

/** The server's clock for an embedded run: real time, timers `scale` times faster (the kiosk's clock.ts, for the server). */
export function scaledServerClock(scale: number): Clock {
  return {
    now: () => Date.now(),
    setTimeout: (callback, ms) => {
      const timer = setTimeout(callback, ms / scale);
      timer.unref();
      return timer;
    },
    clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
  };
}

/** The target description of an embedded v2 reference server: test control, the books endpoint, fresh kiosks and cards. */
export function embeddedV2Target(url: string, httpUrl: string, dailyLimit: number): ConformanceTarget {
  return {
    url,
    profile: 'pinto-android-2',
    features: { testControl: true },
    v2: { dailyLimitPerCard: dailyLimit, books: { url: httpUrl }, stepDelayMs: embeddedV2Config.stepDelayMs, kioskTimeScale: embeddedV2TimeScale },
  };
}
