import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { compileScript } from './bundle.js';
import { parseK6Duration } from './duration.js';
import { maxVUs, runScenario, type ScenarioConfig } from './executors.js';
import { MetricRegistry, summaryValues } from './metrics.js';
import { evaluateThresholds, parseThresholds, type K6Threshold } from './thresholds.js';
import { describeError, VirtualUser, type TestContext } from './vu.js';

/**
 * An emulation of `k6 run` for tests: NOT k6. It runs a k6 script bundle
 * in Node with the k6 APIs the paysock scripts use, following k6's
 * documented semantics; every known departure is commented where it is made
 * and listed in docs/load-testing.md ("The emulated k6 runtime").
 */
export interface EmulatedRunOptions {
  /** Path of the bundled script (dist/k6/paysock.js). */
  script: string;
  /** __ENV (k6 run -e, plus the system environment unless you leave it out). */
  env?: Record<string, string>;
  /** Where relative handleSummary paths are written (k6: the working directory). */
  cwd?: string;
  /** Live log lines (console.* of the script, uncaught iteration errors); they are also collected. */
  onLog?: (entry: LogEntry) => void;
  /** Where handleSummary's `stdout` / `stderr` keys go; default: collected only. */
  onStdout?: (text: string) => void;
  onStderr?: (text: string) => void;
  /** Stops the test early like Ctrl-C in k6: VUs are interrupted, handleSummary still runs, exit 105. */
  signal?: AbortSignal;
}

export interface LogEntry {
  level: 'debug' | 'info' | 'warn' | 'error';
  vu: number;
  message: string;
}

/** handleSummary's data: k6's documented end-of-test shape. */
export interface SummaryData {
  root_group: { name: string; path: string; id: string; groups: unknown[]; checks: unknown[] };
  options: { summaryTrendStats: string[]; summaryTimeUnit: string; noColor: boolean };
  state: { isStdOutTTY: boolean; isStdErrTTY: boolean; testRunDurationMs: number };
  metrics: Record<string, { type: string; contains: string; values: Record<string, number>; thresholds?: Record<string, { ok: boolean }> }>;
  setup_data?: unknown;
}

export interface EmulatedRunResult {
  /** k6's exit code: 0, 99 thresholds failed (also after abortOnFail), 105 interrupted, 107 script error, 108 exec.test.abort(). */
  exitCode: number;
  summaryData: SummaryData | undefined;
  /** What handleSummary returned (path or stdout/stderr -> content). */
  handleSummaryOutput: Record<string, string> | undefined;
  /** Absolute paths written from handleSummary's result. */
  filesWritten: string[];
  stdout: string;
  stderr: string;
  /** The first 2,000 log lines, and how many of each level there were in all. */
  logs: LogEntry[];
  logCounts: Record<LogEntry['level'], number>;
  /** Why the run stopped early (a threshold with abortOnFail, exec.test.abort), if it did. */
  abortedBy: string | undefined;
  iterations: { completed: number; errored: number; interrupted: number };
  vusInitialized: number;
  thresholds: Array<{ metric: string; expression: string; ok: boolean }>;
}

/** The built-in metrics k6 defines before the script runs (those the emulation records). */
const builtinMetrics: Array<[string, 'counter' | 'gauge' | 'rate' | 'trend', 'default' | 'time' | 'data']> = [
  ['vus', 'gauge', 'default'], ['vus_max', 'gauge', 'default'], ['iterations', 'counter', 'default'], ['iteration_duration', 'trend', 'time'],
  ['dropped_iterations', 'counter', 'default'], ['data_sent', 'counter', 'data'], ['data_received', 'counter', 'data'],
  ['ws_sessions', 'counter', 'default'], ['ws_msgs_sent', 'counter', 'default'], ['ws_msgs_received', 'counter', 'default'],
  ['ws_connecting', 'trend', 'time'], ['ws_session_duration', 'trend', 'time'], ['ws_ping', 'trend', 'time'],
];

const maxKeptLogs = 2_000;
/** k6 evaluates thresholds for abortOnFail every 2 s. */
const thresholdEvalEveryMs = 2_000;

/** Runs a k6 script bundle under the emulated runtime; resolves when the test is over and handleSummary has run. */
export async function runEmulatedK6(options: EmulatedRunOptions): Promise<EmulatedRunResult> {
  const registry = new MetricRegistry();
  for (const [name, type, contains] of builtinMetrics) registry.define(name, type, contains);
  const logs: LogEntry[] = [];
  const logCounts = { debug: 0, info: 0, warn: 0, error: 0 };
  const iterations = { completed: 0, errored: 0, interrupted: 0 };
  const result: EmulatedRunResult = {
    exitCode: 0, summaryData: undefined, handleSummaryOutput: undefined, filesWritten: [], stdout: '', stderr: '', logs, logCounts,
    abortedBy: undefined, iterations, vusInitialized: 0, thresholds: [],
  };
  let abortResolve!: () => void;
  const abortSignal = new Promise<void>((resolve) => { abortResolve = resolve; });
  let scriptOptions: Record<string, unknown> = {};
  const vus: VirtualUser[] = [];
  const test: TestContext = {
    registry,
    env: options.env ?? {},
    startedAt: 0,
    log(level, vu, message) {
      logCounts[level]++;
      const entry = { level, vu, message };
      if (logs.length < maxKeptLogs) logs.push(entry);
      options.onLog?.(entry);
    },
    abort(reason) {
      if (result.abortedBy !== undefined) return;
      result.abortedBy = reason;
      abortResolve();
      for (const vu of vus) vu.currentLoop?.interrupt();
    },
    options: () => scriptOptions,
    instance: () => ({ vusActive: vus.filter((v) => v.active).length, vusInitialized: vus.length, iterationsCompleted: iterations.completed + iterations.errored, iterationsInterrupted: iterations.interrupted }),
    iterationEnded(kind) {
      if (kind === 'done') iterations.completed++;
      else if (kind === 'error') iterations.errored++;
      else iterations.interrupted++;
    },
  };

  const script = compileScript(options.script);
  let lifecycle: VirtualUser;
  let thresholds: K6Threshold[];
  let scenarios: Array<[string, ScenarioConfig]>;
  try {
    // k6 runs the init context once to read `options`; setup, teardown and handleSummary run in a VU of their own (__VU 0).
    lifecycle = new VirtualUser(test, 0, script);
    scriptOptions = (lifecycle.instance.exports.options ?? {}) as Record<string, unknown>;
    scenarios = scenariosOf(scriptOptions);
    thresholds = parseThresholds(scriptOptions.thresholds as Record<string, unknown> | undefined, registry);
    const needed = scenarios.reduce((sum, [, config]) => sum + maxVUs(config), 0);
    for (let id = 1; id <= needed; id++) vus.push(new VirtualUser(test, id, script));
  } catch (error) {
    test.log('error', 0, describeError(error));
    result.exitCode = 107;
    return result;
  }
  result.vusInitialized = vus.length;
  const trendStats = (scriptOptions.summaryTrendStats as string[] | undefined) ?? ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)'];

  const runStart = Date.now();
  let setupData: unknown;
  try {
    setupData = await lifecycle.callWithLoop('setup');
  } catch (error) {
    test.log('error', 0, `setup() failed: ${describeError(error)}`);
    result.exitCode = 107;
    return result;
  }
  const setupJson = JSON.stringify(setupData ?? null);

  test.startedAt = Date.now();
  options.signal?.addEventListener('abort', () => test.abort('interrupted by the user'), { once: true });
  const sampleVus = (): void => {
    const active = vus.filter((v) => v.active).length;
    registry.get('vus')!.add(active, {});
    registry.get('vus_max')!.add(vus.length, {});
  };
  const vusTimer = setInterval(sampleVus, 1_000);
  const thresholdTimer = setInterval(() => {
    const elapsed = Date.now() - test.startedAt;
    for (const t of evaluateThresholds(thresholds, registry, elapsed / 1000)) {
      if (t.abortOnFail && elapsed >= t.delayAbortEvalMs) test.abort(`thresholds on metrics '${t.metricKey}' were crossed; at least one has abortOnFail enabled, stopping test prematurely`);
    }
  }, thresholdEvalEveryMs);
  const host = {
    acquire: (): VirtualUser => {
      let vu = vus.find((v) => !v.active && !v.busy);
      if (!vu) {
        // Departure: k6 reserves VUs for graceful ramp-down ahead of time; here a VU still finishing gets a fresh one made on demand.
        vu = new VirtualUser(test, vus.length + 1, script);
        vus.push(vu);
        result.vusInitialized = vus.length;
      }
      return vu;
    },
    aborted: () => result.abortedBy !== undefined,
    abortSignal,
    setupData: setupJson,
  };
  try {
    await Promise.all(scenarios.map(([name, config]) => runScenario(name, config, host)));
  } catch (error) {
    test.log('error', 0, describeError(error));
    result.exitCode = 107;
  } finally {
    clearInterval(vusTimer);
    clearInterval(thresholdTimer);
  }
  try {
    await lifecycle.callWithLoop('teardown', lifecycle.instance.fromJson(setupJson));
  } catch (error) {
    test.log('error', 0, `teardown() failed: ${describeError(error)}`);
  }
  const testRunDurationMs = Date.now() - runStart;
  const failed = evaluateThresholds(thresholds, registry, (Date.now() - test.startedAt) / 1000);
  result.thresholds = thresholds.map((t) => ({ metric: t.metricKey, expression: t.source, ok: t.ok === true }));

  const data: SummaryData = {
    root_group: { name: '', path: '', id: 'd41d8cd98f00b204e9800998ecf8427e', groups: [], checks: [] },
    options: { summaryTrendStats: trendStats, summaryTimeUnit: '', noColor: false },
    state: { isStdOutTTY: false, isStdErrTTY: false, testRunDurationMs },
    metrics: {},
  };
  if (setupData !== undefined) data.setup_data = JSON.parse(setupJson);
  const testSeconds = testRunDurationMs / 1000;
  for (const metric of registry.metrics.values()) {
    const own = thresholds.filter((t) => t.name === metric.name && Object.keys(t.filter).length === 0);
    // Metrics without samples are left out unless a threshold names them (k6 >= 0.38 evaluates and shows those).
    if (metric.samples === 0 && own.length === 0) continue;
    data.metrics[metric.name] = { type: metric.type, contains: metric.contains, values: summaryValues(metric, metric.sink(), testSeconds, trendStats) };
    if (own.length > 0) data.metrics[metric.name]!.thresholds = Object.fromEntries(own.map((t) => [t.source, { ok: t.ok === true }]));
  }
  for (const t of thresholds.filter((x) => Object.keys(x.filter).length > 0)) {
    const metric = registry.get(t.name)!;
    const entry = (data.metrics[t.metricKey] ??= { type: metric.type, contains: metric.contains, values: summaryValues(metric, metric.sink(t.filter), testSeconds, trendStats), thresholds: {} });
    entry.thresholds![t.source] = { ok: t.ok === true };
  }
  result.summaryData = data;

  try {
    const output = lifecycle.call('handleSummary', data);
    if (output !== undefined) writeSummaryOutput(output, options, result);
    else result.stdout += `(no handleSummary: k6 would print its text summary of ${Object.keys(data.metrics).length} metrics)\n`;
  } catch (error) {
    // k6 logs a failing handleSummary and falls back to its default summary.
    test.log('error', 0, `handleSummary() failed: ${describeError(error)}`);
  }
  if (result.exitCode === 0 && result.abortedBy?.startsWith('test aborted')) result.exitCode = 108;
  if (result.exitCode === 0 && result.abortedBy === 'interrupted by the user') result.exitCode = 105;
  if (result.exitCode === 0 && failed.length > 0) result.exitCode = 99;
  return result;
}

/** options.scenarios, or the `vus` + `duration` shortcut (a constant-vus scenario named "default"). */
function scenariosOf(options: Record<string, unknown>): Array<[string, ScenarioConfig]> {
  const scenarios = options.scenarios as Record<string, ScenarioConfig> | undefined;
  if (scenarios && Object.keys(scenarios).length > 0) {
    for (const [name, config] of Object.entries(scenarios)) maxVUs(config); // throws on an executor the emulation lacks
    return Object.entries(scenarios);
  }
  if (options.duration !== undefined) return [['default', { executor: 'constant-vus', vus: Number(options.vus ?? 1), duration: String(options.duration) }]];
  throw new Error('the emulated k6 needs options.scenarios or options.duration (k6 would run one iteration of one VU: per-vu-iterations, not emulated)');
}

function writeSummaryOutput(output: unknown, options: EmulatedRunOptions, result: EmulatedRunResult): void {
  if (output === null || typeof output !== 'object') throw new Error('handleSummary() must return a map with string keys and values');
  const map: Record<string, string> = {};
  for (const [key, value] of Object.entries(output)) {
    if (typeof value !== 'string' && !(value instanceof ArrayBuffer)) throw new Error(`handleSummary() returned a ${typeof value} for "${key}"; k6 takes strings or ArrayBuffers`);
    const text = typeof value === 'string' ? value : Buffer.from(value).toString('utf8');
    map[key] = text;
    if (key === 'stdout') {
      result.stdout += text;
      options.onStdout?.(text);
    } else if (key === 'stderr') {
      result.stderr += text;
      options.onStderr?.(text);
    } else {
      const path = resolve(options.cwd ?? process.cwd(), key);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
      result.filesWritten.push(path);
    }
  }
  result.handleSummaryOutput = map;
}

export { parseK6Duration };
