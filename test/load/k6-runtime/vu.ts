import type { CompiledScript, ScriptInstance } from './bundle.js';
import { EventLoop, type IterationEnd, type LoopResource } from './event-loop.js';
import type { MetricRegistry, MetricType, Tags } from './metrics.js';
import { webSocketClass } from './websockets.js';

/** What every VU shares: the test run as the VU sees it. */
export interface TestContext {
  registry: MetricRegistry;
  env: Record<string, string>;
  /** Epoch ms when the scenarios started (0 before). */
  startedAt: number;
  log(level: 'debug' | 'info' | 'warn' | 'error', vu: number, message: string): void;
  abort(reason: string): void;
  options(): unknown;
  instance(): { vusActive: number; vusInitialized: number; iterationsCompleted: number; iterationsInterrupted: number };
  iterationEnded(kind: IterationEnd['kind']): void;
}

/** The scenario a VU is running for, as k6/execution shows it. */
export interface ScenarioInfo {
  name: string;
  executor: string;
  startTime: number;
  progress(): number;
  /** Iterations of this scenario started so far (k6's iterationInTest counter). */
  iterations: number;
}

/**
 * One virtual user: its own JS realm with the bundle evaluated in it (the
 * init context), module-level state that survives iterations, and one event
 * loop per iteration.
 */
export class VirtualUser {
  readonly instance: ScriptInstance;
  private loop: EventLoop | undefined;
  private scenario: ScenarioInfo | undefined;
  private iterationInInstance = -1;
  private iterationInScenario = -1;
  /** Whether a scenario holds this VU (from activation until its last iteration ended). */
  active = false;
  busy = false;

  constructor(private readonly test: TestContext, readonly id: number, script: CompiledScript) {
    this.instance = script.instantiate(this.globals(), this.modules());
  }

  /** The running iteration's loop, if any. */
  get currentLoop(): EventLoop | undefined {
    return this.loop;
  }

  /**
   * Runs one iteration of `fn` (default or a scenario's exec): calls it, then
   * keeps the loop running until nothing is registered. `iterations` and
   * `iteration_duration` are recorded for iterations that were not interrupted.
   */
  async iterate(scenario: ScenarioInfo, fnName: string, data: unknown): Promise<IterationEnd> {
    const fn = this.instance.exports[fnName];
    if (typeof fn !== 'function') throw new Error(`function '${fnName}' not found in exports`);
    this.scenario = scenario;
    this.iterationInInstance++;
    this.iterationInScenario++;
    scenario.iterations++;
    (this.instance.context as { __ITER: number }).__ITER = this.iterationInScenario;
    const loop = new EventLoop();
    this.loop = loop;
    this.busy = true;
    const started = performance.now();
    try {
      fn.call(undefined, data);
    } catch (error) {
      loop.end({ kind: 'error', error });
    }
    loop.functionReturned();
    const end = await loop.ended;
    this.busy = false;
    this.loop = undefined;
    this.test.iterationEnded(end.kind);
    if (end.kind === 'error') this.test.log('error', this.id, describeError(end.error));
    if (end.kind !== 'interrupted') {
      this.sample('iterations', 1, {});
      this.sample('iteration_duration', performance.now() - started, {});
    }
    return end;
  }

  /** Calls an exported lifecycle function (setup, teardown, handleSummary) outside any scenario. */
  call(name: string, ...args: unknown[]): unknown {
    const fn = this.instance.exports[name];
    if (typeof fn !== 'function') return undefined;
    return fn.call(undefined, ...args);
  }

  /** A lifecycle function that may use timers or sockets (setup): runs with its own loop until it is empty. */
  async callWithLoop(name: string, ...args: unknown[]): Promise<unknown> {
    const loop = new EventLoop();
    this.loop = loop;
    let value: unknown;
    try {
      value = this.call(name, ...args);
    } catch (error) {
      loop.end({ kind: 'error', error });
    }
    loop.functionReturned();
    const end = await loop.ended;
    this.loop = undefined;
    if (end.kind === 'error') throw end.error;
    return value;
  }

  sample(metric: string, value: number, tags: Tags): void {
    this.test.registry.get(metric)?.add(value, { ...this.systemTags(), ...tags });
  }

  private systemTags(): Tags {
    return this.scenario ? { scenario: this.scenario.name } : {};
  }

  private globals(): Record<string, unknown> {
    const log = (level: 'debug' | 'info' | 'warn' | 'error') => (...parts: unknown[]): void => this.test.log(level, this.id, parts.map(format).join(' '));
    return {
      __ENV: { ...this.test.env },
      __VU: this.id,
      __ITER: 0,
      console: { log: log('info'), info: log('info'), debug: log('debug'), warn: log('warn'), error: log('error') },
    };
  }

  private modules(): Record<string, unknown> {
    const named = (exports: Record<string, unknown>): Record<string, unknown> => ({ __esModule: true, ...exports });
    return {
      'k6/execution': { __esModule: true, default: this.execution() },
      'k6/timers': named(this.timers()),
      'k6/websockets': named({ WebSocket: webSocketClass({ loop: () => this.loop, sample: (m, v, t) => this.sample(m, v, t) }) }),
      'k6/metrics': named({
        Counter: this.metricClass('counter'),
        Gauge: this.metricClass('gauge'),
        Rate: this.metricClass('rate'),
        Trend: this.metricClass('trend'),
      }),
    };
  }

  /** k6/metrics: metrics are declared in the init context and only written to outside it. */
  private metricClass(type: MetricType): unknown {
    const vu = this;
    return class {
      readonly name: string;
      constructor(name: string, isTime = false) {
        if (vu.instance !== undefined) throw new Error('metrics must be declared in the init context');
        this.name = name;
        vu.test.registry.define(name, type, type === 'trend' && isTime ? 'time' : 'default');
      }
      add(value: unknown, tags?: Record<string, unknown>): boolean {
        if (vu.loop === undefined) throw new Error('using metrics in the init context is not supported');
        const number = typeof value === 'boolean' ? Number(value) : Number(value);
        if (!Number.isFinite(number)) throw new Error(`'${String(value)}' is an invalid value for metric '${this.name}', a number or a boolean value is expected`);
        const stringTags: Tags = {};
        for (const [k, v] of Object.entries(tags ?? {})) stringTags[k] = String(v);
        vu.sample(this.name, number, stringTags);
        return true;
      }
    };
  }

  /** k6/timers: each pending timer keeps the iteration alive. */
  private timers(): Record<string, unknown> {
    const ids = new Map<number, LoopResource & { handle: NodeJS.Timeout; loop: EventLoop }>();
    let next = 1;
    const start = (repeat: boolean) => (callback: unknown, delay?: number, ...args: unknown[]): number => {
      const loop = this.loop;
      if (!loop) throw new Error('setTimeout/setInterval are not supported in the init context');
      if (typeof callback !== 'function') throw new Error('setTimeout needs a function');
      const id = next++;
      const ms = Math.max(0, Number(delay) || 0);
      const fire = (): void => {
        if (!repeat) {
          ids.delete(id);
          loop.release(resource);
        }
        loop.run(() => callback.call(undefined, ...args));
      };
      const handle = repeat ? setInterval(fire, ms) : setTimeout(fire, ms);
      const resource = { handle, loop, teardown: () => (repeat ? clearInterval(handle) : clearTimeout(handle)) };
      ids.set(id, resource);
      loop.register(resource);
      return id;
    };
    const clear = (id: unknown): void => {
      const resource = ids.get(Number(id));
      if (!resource) return;
      ids.delete(Number(id));
      resource.teardown();
      resource.loop.release(resource);
    };
    return { setTimeout: start(false), setInterval: start(true), clearTimeout: clear, clearInterval: clear };
  }

  /** k6/execution: VU and scenario facts are only readable outside the init context. */
  private execution(): unknown {
    const vu = this;
    const inVu = <T>(what: string, read: () => T): T => {
      if (vu.loop === undefined) throw new Error(`getting ${what} information in the init context is not supported`);
      return read();
    };
    const scenario = (): ScenarioInfo => {
      if (!vu.scenario) throw new Error('getting scenario information outside of the VU context is not supported');
      return vu.scenario;
    };
    return {
      vu: {
        get idInInstance() { return inVu('VU', () => vu.id); },
        get idInTest() { return inVu('VU', () => vu.id); },
        get iterationInInstance() { return inVu('VU', () => vu.iterationInInstance); },
        get iterationInScenario() { return inVu('VU', () => vu.iterationInScenario); },
        tags: {},
        metrics: { tags: {}, metadata: {} },
      },
      scenario: {
        get name() { return scenario().name; },
        get executor() { return scenario().executor; },
        get startTime() { return scenario().startTime; },
        get progress() { return scenario().progress(); },
        get iterationInInstance() { return scenario().iterations - 1; },
        get iterationInTest() { return scenario().iterations - 1; },
      },
      instance: {
        get vusActive() { return vu.test.instance().vusActive; },
        get vusInitialized() { return vu.test.instance().vusInitialized; },
        get iterationsCompleted() { return vu.test.instance().iterationsCompleted; },
        get iterationsInterrupted() { return vu.test.instance().iterationsInterrupted; },
        get currentTestRunDuration() { return vu.test.startedAt === 0 ? 0 : Date.now() - vu.test.startedAt; },
      },
      test: {
        abort(reason?: string) {
          vu.test.abort(`test aborted: ${reason ?? ''}`);
          throw new Error(`test aborted: ${reason ?? ''}`);
        },
        get options() { return vu.test.options(); },
      },
    };
  }
}

function format(value: unknown): string {
  if (typeof value === 'string') return value;
  // Errors from the VU's realm are not instances of this realm's Error.
  if (value && typeof value === 'object' && 'message' in value && 'stack' in value) return String((value as Error).message);
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

/** Like k6's log line for an uncaught exception: the message and its stack. */
export function describeError(error: unknown): string {
  if (error && typeof error === 'object' && 'stack' in error && typeof (error as Error).stack === 'string') return (error as Error).stack!;
  return String(error);
}
