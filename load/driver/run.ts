import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Histogram } from 'hdr-histogram-js';
import { emptyLatency, errorRate, loadSummarySchema, type LatencyStats, type LoadOutcome, type LoadSummary, type TimeSeriesPoint } from '../summary.js';
import { localLimitAdvice, type LocalLimit } from './local-limits.js';
import type { DriverOptions } from './options.js';
import { runShare, type ShareSpec } from './share.js';
import { tokensOfShare } from './tokens.js';
import { addCounts as addHistogramCounts, latencyDistribution, newHistogram, type ShareFinal, type ShareMessage, type ShareTick } from './share-metrics.js';
import { booksViolations } from '../v2/books-audit.js';
import { readBooks } from '../v2/read-books.js';
import type { V2LoadOptions } from '../v2/providers.js';

/** One line of live progress. */
export interface LoadProgress {
  elapsedSeconds: number;
  activeTerminals: number;
  transactionsPerSecond: number;
  p99Ms: number;
  errors: number;
  completed: number;
}

export interface RunHooks {
  /** Called about once a second. */
  onProgress?: (progress: LoadProgress) => void;
  /** Stops the run early (Ctrl-C); the summary covers what ran. */
  signal?: AbortSignal;
  /** Reported in the summary. */
  toolVersion?: string;
  /** Told once per limit when this machine runs out of descriptors, ports or memory (default: a paragraph on stderr). */
  onLocalLimit?: (advice: string) => void;
}

interface Bucket {
  active: Map<number, number>;
  completed: number;
  errors: number;
  /** Latencies of this second while it can still receive ticks; dropped once its p99 is known. */
  histogram: Histogram | undefined;
  /** p99 of the second in ms, once the histogram is dropped. */
  p99Ms: number;
  p50Ms: number;
  p95Ms: number;
  failedByReason: Record<string, number>;
}

/**
 * Runs a load test and returns its summary (thresholds empty: the caller
 * judges them). `workers` > 1 runs shares in worker threads, which needs the
 * compiled driver (dist/load/driver/worker.js); 1 runs in this thread.
 */
export async function runLoad(options: DriverOptions, hooks: RunHooks = {}): Promise<LoadSummary> {
  const startEpochMs = Date.now();
  const startedAt = new Date(startEpochMs).toISOString();
  const buckets: Bucket[] = [];
  const finals: ShareFinal[] = [];
  const latestActive = new Map<number, number>();
  let errorsSoFar = 0;
  let completedSoFar = 0;

  const bucketAt = (second: number): Bucket => {
    while (buckets.length <= second) {
      // Ticks land in the second they arrive in, so a bucket two seconds back is final: keep its p99, not its
      // histogram (each is ~100 KB; an hour of them would be ~350 MB).
      const done = buckets[buckets.length - 2];
      if (done?.histogram) {
        Object.assign(done, secondPercentiles(done.histogram));
        done.histogram = undefined;
      }
      buckets.push({ active: new Map(), completed: 0, errors: 0, histogram: undefined, p99Ms: 0, p50Ms: 0, p95Ms: 0, failedByReason: {} });
    }
    return buckets[second]!;
  };
  const announced = new Set<string>();
  const onMessage = (part: number, message: ShareMessage | { type: 'crash'; message: string }): void => {
    if (message.type === 'final') {
      finals.push(message);
      return;
    }
    if (message.type === 'crash') throw new Error(`load worker ${part} crashed: ${message.message}`);
    const tick: ShareTick = message;
    const second = Math.max(0, Math.floor((Date.now() - startEpochMs) / 1000) - 1);
    const bucket = bucketAt(second);
    bucket.active.set(part, tick.active);
    latestActive.set(part, tick.active);
    bucket.completed += tick.completed;
    bucket.errors += tick.errors;
    for (const limit of Object.keys(tick.localLimits ?? {})) {
      if (announced.has(limit)) continue;
      announced.add(limit);
      const advice = `paysock load: ${localLimitAdvice(limit as LocalLimit, { terminals: options.terminals, workers: options.workers, sourceAddresses: options.sourceAddresses.length })}`;
      (hooks.onLocalLimit ?? ((text: string) => process.stderr.write(`${text}\n`)))(advice);
    }
    if (tick.failedByReason) addCounts(bucket.failedByReason, tick.failedByReason);
    completedSoFar += tick.completed;
    errorsSoFar += tick.errors;
    if (tick.histogram.length > 0) {
      bucket.histogram ??= newHistogram();
      addHistogramCounts(bucket.histogram, tick.histogram);
    }
  };

  const progressTimer = hooks.onProgress
    ? setInterval(() => {
      const second = Math.max(0, Math.floor((Date.now() - startEpochMs) / 1000) - 1);
      const bucket = buckets[second] ?? buckets[buckets.length - 1];
      hooks.onProgress!({
        elapsedSeconds: (Date.now() - startEpochMs) / 1000,
        activeTerminals: sum(latestActive.values()),
        transactionsPerSecond: bucket?.completed ?? 0,
        p99Ms: bucket?.histogram ? bucket.histogram.getValueAtPercentile(99) / 1000 : (bucket?.p99Ms ?? 0),
        errors: errorsSoFar,
        completed: completedSoFar,
      });
    }, 1_000)
    : undefined;

  try {
    if (options.workers <= 1) {
      await runShare(shareSpec(options, 0, 1, startEpochMs), (m) => onMessage(0, m), hooks.signal);
    } else {
      await runWorkers(options, startEpochMs, onMessage, hooks.signal);
    }
  } finally {
    if (progressTimer) clearInterval(progressTimer);
  }
  const durationSeconds = (Date.now() - startEpochMs) / 1000;
  // The closing drain after the configured end is not part of the measured run.
  const summary = buildSummary(options, startedAt, Math.min(durationSeconds, options.durationMs / 1000), finals, buckets, hooks.toolVersion ?? 'unknown');
  // The kiosks have settled (the shares drained): what the books hold now is what they will hold for these sales.
  if (options.v2?.books) await auditBooks(summary, finals, options.v2);
  return summary;
}

function runWorkers(options: DriverOptions, startEpochMs: number, onMessage: (part: number, m: ShareMessage) => void, signal: AbortSignal | undefined): Promise<void> {
  const script = new URL('./worker.js', import.meta.url);
  if (!existsSync(fileURLToPath(script))) {
    return Promise.reject(new Error(`--workers > 1 needs the compiled driver (${fileURLToPath(script)} is missing): run "npm run build" and use dist/cli/main.js`));
  }
  const workers = Array.from({ length: options.workers }, (_, part) => {
    return new Worker(script, { workerData: shareSpec(options, part, options.workers, startEpochMs) });
  });
  signal?.addEventListener('abort', () => workers.forEach((w) => w.postMessage('stop')), { once: true });
  return Promise.all(workers.map((worker, part) => new Promise<void>((resolve, reject) => {
    worker.on('message', (m: ShareMessage) => {
      try {
        onMessage(part, m);
      } catch (error) {
        reject(error as Error);
      }
    });
    worker.on('error', reject);
    worker.on('exit', () => resolve());
  }))).then(() => undefined);
}

/** One share's spec: it carries only its own terminals' tokens, not the whole list (each worker gets its share). */
function shareSpec(options: DriverOptions, part: number, of: number, startEpochMs: number): ShareSpec {
  const { tokens, ...rest } = options;
  const spec: ShareSpec = { options: rest, part, of, startEpochMs };
  if (tokens !== undefined) spec.tokens = tokensOfShare(tokens, part, of, options.terminals);
  return spec;
}

function buildSummary(options: DriverOptions, startedAt: string, durationSeconds: number, finals: ShareFinal[], buckets: Bucket[], toolVersion: string): LoadSummary {
  const overall = newHistogram();
  const transitions = new Map<string, Histogram>();
  let completed = 0;
  let failed = 0;
  let resumptions = 0;
  let peakActive = 0;
  const failedByReason: Record<string, number> = {};
  const errors: Record<string, number> = {};
  const violations: Record<string, number> = {};
  const samples: string[] = [];
  for (const f of finals) {
    addHistogramCounts(overall, f.overall);
    for (const [key, encoded] of Object.entries(f.transitions)) {
      let h = transitions.get(key);
      if (!h) transitions.set(key, (h = newHistogram()));
      addHistogramCounts(h, encoded);
    }
    completed += f.completed;
    failed += f.failed;
    resumptions += f.resumptions;
    peakActive += f.peakActive;
    addCounts(failedByReason, f.failedByReason);
    addCounts(errors, f.errors);
    addCounts(violations, f.violations);
    for (const s of f.samples) if (samples.length < 20) samples.push(s);
  }
  const timeSeries: TimeSeriesPoint[] = buckets.map((b, second) => {
    const p = b.histogram ? secondPercentiles(b.histogram) : b;
    const point: TimeSeriesPoint = { second, activeTerminals: sum(b.active.values()), transactionsPerSecond: b.completed, p99Ms: p.p99Ms, errors: b.errors, p50Ms: p.p50Ms, p95Ms: p.p95Ms };
    if (Object.keys(b.failedByReason).length > 0) point.failedByReason = b.failedByReason;
    return point;
  });
  // Shares peak at different moments, so their peaks' sum overstates; the series' maximum is honest when there is one.
  const seriesPeak = timeSeries.reduce((max, p) => Math.max(max, p.activeTerminals), 0);
  // The shares' peaks count every upgrade that succeeded, even one shorter than a tick of the series.
  const outcome = runOutcome(options, peakActive, completed, failed, errors);
  return {
    schema: loadSummarySchema,
    tool: 'paysock',
    toolVersion,
    target: options.url,
    workload: options.journeySpec,
    startedAt,
    durationSeconds: round(durationSeconds),
    terminals: { target: options.terminals, peakActive: timeSeries.length > 0 ? seriesPeak : Math.min(peakActive, options.terminals) },
    transactions: { completed, failed, perSecond: round(completed / Math.max(durationSeconds, 0.001)), errorRate: round(errorRate(completed, failed), 6), failedByReason },
    latency: { overall: stats(overall), transitions: Object.fromEntries([...transitions].sort().map(([k, h]) => [k, stats(h)])) },
    errors,
    protocolViolations: { total: sum(Object.values(violations)), byKind: violations, samples },
    resumptions,
    ...endToEnd(finals, overall),
    ...localLimitsOf(finals, options),
    ...moneyOf(finals, options),
    thresholds: [],
    timeSeries,
    outcome,
  };
}

/**
 * Whether the run measured anything: no terminal connected at all, or
 * terminals connected but a workload that pays (any journey but idle, which
 * never acts) completed no transaction.
 */
export function runOutcome(options: Pick<DriverOptions, 'url' | 'journeys'>, connected: number, completed: number, failed: number, errors: Record<string, number>): LoadOutcome {
  const seen = Object.entries(errors).map(([k, v]) => `${k}=${v}`).join(' ') || 'none';
  if (connected === 0) return { kind: 'no-terminal-connected', reason: `no terminal connected to ${options.url} (errors: ${seen})` };
  const pays = options.journeys.some((j) => j.weight > 0 && j.journey !== 'idle');
  if (pays && completed === 0) return { kind: 'no-transaction-completed', reason: `no transaction completed, although terminals connected (${failed} failed; errors: ${seen})` };
  return { kind: 'measured' };
}

/** pinto-android-2 runs: the shares' money ledgers, merged (each share has its own cards). */
function moneyOf(finals: ShareFinal[], options: DriverOptions): Pick<LoadSummary, 'moneyViolations' | 'cards'> {
  if (!options.v2) return {};
  const byKind: Record<string, number> = {};
  const samples: string[] = [];
  const byProvider: Record<string, number> = {};
  const byJourney: Record<string, number> = {};
  const cards = { distinct: 0, dailyLimit: options.v2.dailyLimit, checks: 0, approved: 0, rejected: 0, approvedAmount: 0 };
  for (const f of finals) {
    if (!f.money) continue;
    addCounts(byKind, f.money.violations);
    for (const s of f.money.samples) if (samples.length < 20) samples.push(s);
    addCounts(byProvider, f.money.kiosksByProvider);
    addCounts(byJourney, f.money.kiosksByJourney);
    cards.distinct += f.money.cards.distinct;
    cards.checks += f.money.cards.checks;
    cards.approved += f.money.cards.approved;
    cards.rejected += f.money.cards.rejected;
    cards.approvedAmount += f.money.cards.approvedAmount;
  }
  return { moneyViolations: { total: sum(Object.values(byKind)), byKind, samples }, cards: { ...cards, kiosksByProvider: byProvider, kiosksByJourney: byJourney } };
}

/**
 * `--books`: reads the backend's books once and adds what only they show to
 * the money violations; books that cannot be read are the error
 * `books-unreadable` (its reason the first sample), which fails the run.
 */
async function auditBooks(summary: LoadSummary, finals: ShareFinal[], v2: V2LoadOptions): Promise<void> {
  const money = summary.moneyViolations ?? (summary.moneyViolations = { total: 0, byKind: {}, samples: [] });
  const read = await readBooks(v2.books!.url, v2.books!.token);
  if ('error' in read) {
    summary.errors['books-unreadable'] = (summary.errors['books-unreadable'] ?? 0) + 1;
    money.samples = [`books-unreadable: ${read.error}`, ...money.samples].slice(0, 20);
    return;
  }
  const approvals = finals.flatMap((f) => f.money?.approvals ?? []);
  const found = booksViolations(read.books, approvals, (card) => card.startsWith(v2.cardPrefix));
  for (const v of found) money.byKind[v.kind] = (money.byKind[v.kind] ?? 0) + 1;
  money.total += found.length;
  // The books' kinds keep room among the samples: the kiosks' own may already fill them.
  const booksSamples = found.slice(0, 10).map((v) => `${v.kind}: ${v.detail}`);
  money.samples = [...money.samples.slice(0, 20 - booksSamples.length), ...booksSamples];
}

/** Connects refused by this machine's limits, with the advice, when there were any. */
function localLimitsOf(finals: ShareFinal[], options: DriverOptions): Pick<LoadSummary, 'localLimits'> {
  const counts: Record<string, number> = {};
  for (const f of finals) addCounts(counts, f.localLimits ?? {});
  if (Object.keys(counts).length === 0) return {};
  const context = { terminals: options.terminals, workers: options.workers, sourceAddresses: options.sourceAddresses.length };
  return { localLimits: Object.fromEntries(Object.entries(counts).map(([k, count]) => [k, { count, advice: localLimitAdvice(k as LocalLimit, context) }])) };
}

function secondPercentiles(h: Histogram): { p50Ms: number; p95Ms: number; p99Ms: number } {
  const ms = (p: number): number => round(h.getValueAtPercentile(p) / 1000);
  return { p50Ms: ms(50), p95Ms: ms(95), p99Ms: ms(99) };
}

/** Transaction times (all and per journey) and the latency distribution, merged over the shares. */
function endToEnd(finals: ShareFinal[], overall: Histogram): Pick<LoadSummary, 'transactionTime' | 'journeys' | 'latencyHistogram'> {
  const all = newHistogram();
  const journeys = new Map<string, { completed: number; failed: number; time: Histogram }>();
  for (const f of finals) {
    if (f.transactionTime) addHistogramCounts(all, f.transactionTime);
    for (const [name, j] of Object.entries(f.journeys ?? {})) {
      let into = journeys.get(name);
      if (!into) journeys.set(name, (into = { completed: 0, failed: 0, time: newHistogram() }));
      into.completed += j.completed;
      into.failed += j.failed;
      addHistogramCounts(into.time, j.time);
    }
  }
  return {
    transactionTime: stats(all),
    journeys: Object.fromEntries([...journeys].sort().map(([k, j]) => [k, { completed: j.completed, failed: j.failed, transactionTime: stats(j.time) }])),
    latencyHistogram: latencyDistribution(overall),
  };
}

function stats(h: Histogram): LatencyStats {
  if (h.totalCount === 0) return emptyLatency();
  const ms = (micros: number): number => round(micros / 1000);
  return { count: h.totalCount, p50: ms(h.getValueAtPercentile(50)), p90: ms(h.getValueAtPercentile(90)), p95: ms(h.getValueAtPercentile(95)), p99: ms(h.getValueAtPercentile(99)), max: ms(h.maxValue) };
}

function addCounts(into: Record<string, number>, from: Record<string, number>): void {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
}

function sum(values: Iterable<number>): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

function round(value: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
