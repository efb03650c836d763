import { parseK6Duration } from './duration.js';
import type { ScenarioInfo, VirtualUser } from './vu.js';

/** A scenario of options.scenarios, as k6 documents its fields. */
export interface ScenarioConfig {
  executor: string;
  vus?: number;
  duration?: string;
  startVUs?: number;
  stages?: Array<{ duration: string; target: number }>;
  gracefulStop?: string;
  gracefulRampDown?: string;
  startTime?: string;
  exec?: string;
}

/** What an executor needs from the test run. */
export interface ExecutorHost {
  /** A VU free to be activated (initialised on demand beyond those made before the start). */
  acquire(): VirtualUser;
  aborted(): boolean;
  /** Resolves when the test is aborted (threshold abortOnFail, exec.test.abort). */
  abortSignal: Promise<void>;
  setupData: string;
}

/** The VUs an executor needs initialised before the test starts (k6's MaxVUs). */
export function maxVUs(config: ScenarioConfig): number {
  if (config.executor === 'constant-vus') return config.vus ?? 1;
  if (config.executor === 'ramping-vus') return Math.max(config.startVUs ?? 1, ...(config.stages ?? []).map((s) => s.target));
  throw new Error(`executor "${config.executor}" is not emulated (constant-vus and ramping-vus are)`);
}

/** Total length of a scenario without its graceful stop, ms. */
export function scenarioDurationMs(config: ScenarioConfig): number {
  if (config.executor === 'constant-vus') return parseK6Duration(config.duration);
  return (config.stages ?? []).reduce((sum, s) => sum + parseK6Duration(s.duration), 0);
}

/**
 * The VU count changes of ramping-vus: linear interpolation inside each
 * stage, one step each time the line crosses a whole VU; a 0-length stage
 * jumps at once. Returns [ms from start, target VUs], in time order.
 */
export function rampingSteps(startVUs: number, stages: ReadonlyArray<{ duration: string; target: number }>): Array<[number, number]> {
  const steps: Array<[number, number]> = [[0, startVUs]];
  let from = startVUs;
  let stageStart = 0;
  for (const stage of stages) {
    const length = parseK6Duration(stage.duration);
    const to = stage.target;
    if (length === 0) {
      steps.push([stageStart, to]);
    } else if (to !== from) {
      const direction = to > from ? 1 : -1;
      for (let v = from + direction; direction > 0 ? v <= to : v >= to; v += direction) {
        steps.push([stageStart + (length * Math.abs(v - from)) / Math.abs(to - from), v]);
      }
    }
    from = to;
    stageStart += length;
  }
  return steps;
}

/**
 * Runs one scenario. Both executors loop iterations back to back on each
 * active VU (k6 starts the next iteration as soon as the previous one's
 * event loop is empty), start no iteration after the scenario's end, give
 * running iterations `gracefulStop` (default 30s) to finish and then
 * interrupt them. ramping-vus deactivates the most recently activated VUs
 * first; a deactivated VU's iteration gets `gracefulRampDown` (default 30s).
 */
export async function runScenario(name: string, config: ScenarioConfig, host: ExecutorHost): Promise<void> {
  const startDelay = parseK6Duration(config.startTime, 0);
  if (startDelay > 0) await waitFor(startDelay, host.abortSignal);
  if (host.aborted()) return;
  const started = Date.now();
  const durationMs = scenarioDurationMs(config);
  const gracefulStopMs = parseK6Duration(config.gracefulStop, 30_000);
  const end = started + durationMs;
  const fnName = config.exec ?? 'default';
  const info: ScenarioInfo = { name, executor: config.executor, startTime: started, progress: () => Math.min(1, (Date.now() - started) / Math.max(durationMs, 1)), iterations: 0 };
  const loops: Array<Promise<void>> = [];
  const running = new Set<VirtualUser>();

  const activate = (): { vu: VirtualUser; stop: () => void } => {
    const vu = host.acquire();
    vu.active = true;
    running.add(vu);
    let stopped = false;
    const data = vu.instance.fromJson(host.setupData);
    loops.push((async () => {
      while (!stopped && !host.aborted() && Date.now() < end) {
        await vu.iterate(info, fnName, data);
        // An iteration with nothing asynchronous ends in a microtask: let timers and sockets of the others run.
        await new Promise((resolve) => setImmediate(resolve));
      }
      vu.active = false;
      running.delete(vu);
    })());
    return { vu, stop: () => { stopped = true; } };
  };

  if (config.executor === 'constant-vus') {
    for (let i = 0; i < (config.vus ?? 1); i++) activate();
  } else if (config.executor === 'ramping-vus') {
    const gracefulRampDownMs = parseK6Duration(config.gracefulRampDown, 30_000);
    const active: Array<{ vu: VirtualUser; stop: () => void }> = [];
    for (const [at, target] of rampingSteps(config.startVUs ?? 1, config.stages ?? [])) {
      const wait = started + at - Date.now();
      if (wait > 0) await waitFor(wait, host.abortSignal);
      if (host.aborted()) break;
      while (active.length < target) active.push(activate());
      while (active.length > target) {
        const { vu, stop } = active.pop()!;
        stop();
        const loop = vu.currentLoop;
        if (loop) setTimeout(() => loop.interrupt(), gracefulRampDownMs).unref();
      }
    }
  } else {
    throw new Error(`executor "${config.executor}" is not emulated`);
  }

  const remaining = end - Date.now();
  if (remaining > 0) await waitFor(remaining, host.abortSignal);
  const allDone = Promise.all(loops);
  if (!host.aborted()) await waitFor(gracefulStopMs, allDone, host.abortSignal);
  for (const vu of running) vu.currentLoop?.interrupt();
  await allDone;
}

/** Waits `ms` or until one of `events` settles, and leaves no timer behind. */
async function waitFor(ms: number, ...events: Array<Promise<unknown>>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([new Promise<void>((resolve) => { timer = setTimeout(resolve, ms); }), ...events]);
  clearTimeout(timer);
}
