import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { rampingSteps } from './k6-runtime/executors.js';
import { runEmulatedK6 } from './k6-runtime/runtime.js';

/** The emulated k6 runtime itself, on small scripts: the semantics the paysock bundle relies on. */
const dir = mkdtempSync(join(tmpdir(), 'paysock-k6-runtime-'));
let echo: WebSocketServer;
let echoUrl: string;

beforeAll(async () => {
  echo = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  echo.on('connection', (socket) => socket.on('message', (data) => socket.send(String(data))));
  await new Promise<void>((resolve) => echo.once('listening', () => resolve()));
  echoUrl = `ws://127.0.0.1:${(echo.address() as { port: number }).port}/`;
});

afterAll(() => new Promise<void>((resolve) => echo.close(() => resolve())));

let counter = 0;
function script(source: string): string {
  const path = join(dir, `script-${counter++}.js`);
  writeFileSync(path, source);
  return path;
}

describe('emulated k6 runtime', () => {
  it('gives each VU its own realm without Node globals; iterations loop on each VU until the duration ends', async () => {
    const result = await runEmulatedK6({
      script: script(`
        import exec from 'k6/execution';
        import { setTimeout } from 'k6/timers';
        import { Gauge } from 'k6/metrics';
        export const options = { scenarios: { s: { executor: 'constant-vus', vus: 2, duration: '600ms' } } };
        const perVu = new Gauge('per_vu_iterations');
        let mine = 0;
        export default function () {
          if (typeof process !== 'undefined' || typeof require !== 'undefined' || typeof Buffer !== 'undefined') throw new Error('a Node global leaked');
          mine++;
          perVu.add(mine);
          if (exec.vu.iterationInScenario !== mine - 1) throw new Error('iterationInScenario ' + exec.vu.iterationInScenario);
          setTimeout(() => {}, 100);
        }
      `),
    });
    expect(result.logs.filter((l) => l.level === 'error')).toEqual([]);
    const iterations = result.summaryData!.metrics.iterations!.values.count!;
    expect(iterations).toBeGreaterThanOrEqual(8);
    // Module state is per VU: the largest count one VU saw is about half of all iterations.
    expect(result.summaryData!.metrics.per_vu_iterations!.values.max).toBeLessThanOrEqual(Math.ceil(iterations / 2) + 1);
    expect(result.summaryData!.metrics.iteration_duration!.values.min).toBeGreaterThanOrEqual(95);
  });

  it('an iteration lasts until its WebSocket is closed; setup data reaches every VU; events follow k6/websockets', async () => {
    const result = await runEmulatedK6({
      script: script(`
        import { WebSocket } from 'k6/websockets';
        import { Counter } from 'k6/metrics';
        export const options = { scenarios: { s: { executor: 'constant-vus', vus: 2, duration: '500ms' } } };
        const echoed = new Counter('echoed');
        export function setup() { return { url: __ENV.ECHO }; }
        export default function (data) {
          const ws = new WebSocket(data.url);
          const seen = [];
          ws.addEventListener('open', () => seen.push('listener-open'));
          ws.onopen = () => { seen.push('onopen'); ws.send('hello'); };
          ws.onmessage = (e) => { if (e.data === 'hello' && e.type === 'message') echoed.add(1); ws.close(); };
          ws.onclose = () => { if (seen.join() !== 'onopen,listener-open' || ws.readyState !== WebSocket.CLOSED) throw new Error('order ' + seen.join()); };
        }
        export function handleSummary(data) { return { stdout: 'setup=' + data.setup_data.url }; }
      `),
      env: { ECHO: echoUrl },
    });
    expect(result.logs.filter((l) => l.level === 'error')).toEqual([]);
    const m = result.summaryData!.metrics;
    expect(m.echoed!.values.count).toBe(m.iterations!.values.count);
    expect(m.ws_sessions!.values.count).toBe(m.iterations!.values.count);
    expect(m.ws_msgs_sent!.values.count).toBe(m.iterations!.values.count);
    expect(result.stdout).toBe(`setup=${echoUrl}`);
  });

  it('send() on a socket that is not OPEN throws InvalidStateError and fails the iteration, as in k6', async () => {
    const result = await runEmulatedK6({
      script: script(`
        import { WebSocket } from 'k6/websockets';
        export const options = { scenarios: { s: { executor: 'constant-vus', vus: 1, duration: '200ms' } } };
        export default function () {
          const ws = new WebSocket(__ENV.ECHO);
          ws.onopen = () => { ws.close(); ws.send('too late'); };
        }
      `),
      env: { ECHO: echoUrl },
    });
    expect(result.iterations.errored).toBeGreaterThan(0);
    expect(result.logs.find((l) => l.level === 'error')?.message).toMatch(/InvalidStateError/);
  });

  it('a threshold with abortOnFail stops the test after delayAbortEval; handleSummary still runs; exit 99', async () => {
    const started = Date.now();
    const result = await runEmulatedK6({
      script: script(`
        import { Rate } from 'k6/metrics';
        import { setTimeout } from 'k6/timers';
        export const options = {
          scenarios: { s: { executor: 'constant-vus', vus: 1, duration: '20s' } },
          thresholds: { bad: [{ threshold: 'rate==0', abortOnFail: true, delayAbortEval: '1s' }] },
        };
        const bad = new Rate('bad');
        export default function () { bad.add(true); setTimeout(() => {}, 50); }
        export function handleSummary(data) { return { stdout: JSON.stringify(data.metrics.bad.thresholds) }; }
      `),
    });
    expect(Date.now() - started).toBeLessThan(8_000);
    expect(result.abortedBy).toMatch(/thresholds on metrics 'bad' were crossed/);
    expect(result.exitCode).toBe(99);
    expect(JSON.parse(result.stdout)).toEqual({ 'rate==0': { ok: false } });
  });

  it('refuses, like k6 at start-up, a threshold whose aggregation the metric type lacks (exit 107)', async () => {
    const result = await runEmulatedK6({
      script: script(`
        import { Counter } from 'k6/metrics';
        export const options = { scenarios: { s: { executor: 'constant-vus', vus: 1, duration: '1s' } }, thresholds: { things: ['p(99)<10'] } };
        new Counter('things');
        export default function () {}
      `),
    });
    expect(result.exitCode).toBe(107);
    expect(result.logs[0]?.message).toMatch(/counter metrics have no "p\(99\)"/);
  });

  it('gracefulStop interrupts an iteration that outlives the scenario: no callbacks after, not counted as an iteration', async () => {
    const started = Date.now();
    const result = await runEmulatedK6({
      script: script(`
        import { setTimeout } from 'k6/timers';
        export const options = { scenarios: { s: { executor: 'constant-vus', vus: 1, duration: '200ms', gracefulStop: '300ms' } } };
        export default function () { setTimeout(() => { throw new Error('ran after the interrupt'); }, 5000); }
      `),
    });
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(result.iterations).toEqual({ completed: 0, errored: 0, interrupted: 1 });
    expect(result.summaryData!.metrics.iterations).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(result.logs).toEqual([]);
  });

  it('ramping-vus changes the VU count one VU at a time along each stage line', () => {
    expect(rampingSteps(0, [{ duration: '1s', target: 2 }, { duration: '1s', target: 2 }, { duration: '1s', target: 0 }, { duration: '0s', target: 3 }])).toEqual([
      [0, 0], [500, 1], [1000, 2], [2500, 1], [3000, 0], [3000, 3],
    ]);
  });

  it('trend percentiles interpolate between the closest ranks, as k6 computes them', async () => {
    const result = await runEmulatedK6({
      script: script(`
        import { Trend } from 'k6/metrics';
        import exec from 'k6/execution';
        export const options = { scenarios: { s: { executor: 'constant-vus', vus: 1, duration: '100ms' } }, summaryTrendStats: ['med', 'p(90)', 'max', 'count'] };
        const t = new Trend('t', true);
        let done = false;
        export default function () { if (!done) { for (let v = 1; v <= 10; v++) t.add(v); done = true; } }
      `),
    });
    expect(result.summaryData!.metrics.t).toEqual({ type: 'trend', contains: 'time', values: { med: 5.5, 'p(90)': 9.1, max: 10, count: 10 } });
  });
});
