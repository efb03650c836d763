// The histogram class alone, not the package index: the index also loads the WebAssembly build, its loader and
// pako for the compressed encoding, about 4 MiB of resident memory the driver never uses.
import Int32HistogramModule from 'hdr-histogram-js/dist/Int32Histogram.js';
import type { Histogram } from 'hdr-histogram-js';
import type { TerminalObserver, TransactionOutcome } from '../terminal/types.js';
import type { ReceivedApproval } from '../v2/books-audit.js';

type Int32HistogramClass = typeof Int32HistogramModule.default;
// Node hands an ES module the CommonJS exports object ({ default: class }); vitest honours __esModule and hands the class.
const Int32Histogram: Int32HistogramClass = (Int32HistogramModule as unknown as { default?: Int32HistogramClass }).default
  ?? (Int32HistogramModule as unknown as Int32HistogramClass);

/** Latencies are recorded in microseconds, up to one hour, 3 significant digits. */
export function newHistogram(): Histogram {
  return new Int32Histogram(1, 3_600_000_000, 3);
}

/**
 * A histogram as it crosses from a worker thread: its non-empty buckets as
 * flat (value, count) pairs. Replaying them into a histogram of the same
 * range and precision fills the same buckets, so merging is exact at the
 * histogram's resolution, as it was with the compressed HDR encoding.
 */
export type HistogramCounts = number[];

export function histogramCounts(histogram: Histogram): HistogramCounts {
  const counts: number[] = [];
  if (histogram.totalCount === 0) return counts;
  const iterator = (histogram as unknown as { recordedValuesIterator: RecordedValues }).recordedValuesIterator;
  iterator.reset();
  while (iterator.hasNext()) {
    const step = iterator.next();
    counts.push(step.valueIteratedTo, step.countAtValueIteratedTo);
  }
  return counts;
}

/** Adds counts from histogramCounts() to `into`. */
export function addCounts(into: Histogram, counts: HistogramCounts): void {
  for (let i = 0; i < counts.length; i += 2) into.recordValueWithCount(counts[i]!, counts[i + 1]!);
}

/** The part of hdr-histogram-js's RecordedValuesIterator (a JsHistogram field, not in its typings) used here. */
interface RecordedValues {
  reset(): void;
  hasNext(): boolean;
  next(): { valueIteratedTo: number; countAtValueIteratedTo: number };
}

/** What a share reports every second. */
export interface ShareTick {
  type: 'tick';
  active: number;
  completed: number;
  failed: number;
  errors: number;
  /** Latencies of the last second. */
  histogram: HistogramCounts;
  /** Transactions failed in the last second, by reason. */
  failedByReason?: Record<string, number>;
  /** Connects refused by this machine's limits in the last second, by limit (local-limits.ts). */
  localLimits?: Record<string, number>;
}

/** What a share reports at the end. */
export interface ShareFinal {
  type: 'final';
  completed: number;
  failed: number;
  failedByReason: Record<string, number>;
  errors: Record<string, number>;
  violations: Record<string, number>;
  samples: string[];
  resumptions: number;
  peakActive: number;
  overall: HistogramCounts;
  transitions: Record<string, HistogramCounts>;
  /** End-to-end transaction times, all journeys and per journey, with each journey's counts. */
  transactionTime?: HistogramCounts;
  journeys?: Record<string, { completed: number; failed: number; time: HistogramCounts }>;
  localLimits?: Record<string, number>;
  /** pinto-android-2 runs: the share's money ledger (load/v2/money-ledger.ts). */
  money?: ShareMoney;
}

/** What a v2 share's money ledger found. */
export interface ShareMoney {
  violations: Record<string, number>;
  samples: string[];
  cards: { distinct: number; checks: number; approved: number; rejected: number; approvedAmount: number };
  kiosksByProvider: Record<string, number>;
  kiosksByJourney: Record<string, number>;
  /** Every APPROVED the share's kiosks received, when the run audits the backend's books (load --books). */
  approvals?: ReceivedApproval[];
}

export type ShareMessage = ShareTick | ShareFinal;

const maxSamples = 20;

/**
 * The TerminalObserver of one share (a worker thread, or the main thread):
 * counters and HDR histograms, one per transition plus one per second.
 */
export class ShareMetrics implements TerminalObserver {
  readonly overall = newHistogram();
  readonly transitions = new Map<string, Histogram>();
  private window = newHistogram();
  completed = 0;
  failed = 0;
  readonly failedByReason: Record<string, number> = {};
  readonly errors: Record<string, number> = {};
  readonly violations: Record<string, number> = {};
  readonly samples: string[] = [];
  resumptions = 0;
  active = 0;
  peakActive = 0;
  private windowCompleted = 0;
  private windowFailed = 0;
  private windowErrors = 0;
  private windowFailedByReason: Record<string, number> = {};
  readonly transactionTime = newHistogram();
  readonly journeys = new Map<string, { completed: number; failed: number; time: Histogram }>();
  readonly localLimits: Record<string, number> = {};
  private windowLocalLimits: Record<string, number> | undefined;

  transition(key: string, latencyMs: number): void {
    const micros = Math.max(1, Math.round(latencyMs * 1000));
    let histogram = this.transitions.get(key);
    if (!histogram) {
      histogram = newHistogram();
      this.transitions.set(key, histogram);
    }
    histogram.recordValue(micros);
    this.overall.recordValue(micros);
    this.window.recordValue(micros);
  }

  transaction(outcome: TransactionOutcome, journey: string, reason: string | undefined, durationMs?: number): void {
    let perJourney = this.journeys.get(journey);
    if (!perJourney) this.journeys.set(journey, (perJourney = { completed: 0, failed: 0, time: newHistogram() }));
    if (durationMs !== undefined) {
      const micros = Math.max(1, Math.round(durationMs * 1000));
      this.transactionTime.recordValue(micros);
      perJourney.time.recordValue(micros);
    }
    if (outcome === 'completed') {
      this.completed++;
      this.windowCompleted++;
      perJourney.completed++;
    } else {
      this.failed++;
      this.windowFailed++;
      perJourney.failed++;
      const key = reason ?? 'unknown';
      this.failedByReason[key] = (this.failedByReason[key] ?? 0) + 1;
      this.windowFailedByReason[key] = (this.windowFailedByReason[key] ?? 0) + 1;
    }
  }

  error(kind: string, _detail: string): void {
    this.errors[kind] = (this.errors[kind] ?? 0) + 1;
    this.windowErrors++;
  }

  violation(kind: string, detail: string): void {
    this.violations[kind] = (this.violations[kind] ?? 0) + 1;
    if (this.samples.length < maxSamples) this.samples.push(`${kind}: ${detail}`);
  }

  resumption(): void {
    this.resumptions++;
  }

  /** A connect this machine could not make (no descriptor, port or memory): not an error of the backend. */
  localLimit(kind: string, _detail: string): void {
    this.localLimits[kind] = (this.localLimits[kind] ?? 0) + 1;
    this.windowLocalLimits ??= {};
    this.windowLocalLimits[kind] = (this.windowLocalLimits[kind] ?? 0) + 1;
  }

  connectionOpened(): void {
    this.active++;
    if (this.active > this.peakActive) this.peakActive = this.active;
  }

  connectionClosed(): void {
    this.active--;
  }

  /** The last second's numbers; resets the window. */
  tick(): ShareTick {
    const tick: ShareTick = { type: 'tick', active: this.active, completed: this.windowCompleted, failed: this.windowFailed, errors: this.windowErrors, histogram: histogramCounts(this.window) };
    if (this.windowFailed > 0) tick.failedByReason = this.windowFailedByReason;
    if (this.windowLocalLimits) tick.localLimits = this.windowLocalLimits;
    this.windowLocalLimits = undefined;
    this.windowFailedByReason = {};
    this.window.reset();
    this.windowCompleted = 0;
    this.windowFailed = 0;
    this.windowErrors = 0;
    return tick;
  }

  final(): ShareFinal {
    const transitions: Record<string, HistogramCounts> = {};
    for (const [key, histogram] of this.transitions) transitions[key] = histogramCounts(histogram);
    return {
      type: 'final', completed: this.completed, failed: this.failed, failedByReason: this.failedByReason, errors: this.errors,
      violations: this.violations, samples: this.samples, resumptions: this.resumptions, peakActive: this.peakActive,
      overall: histogramCounts(this.overall), transitions, transactionTime: histogramCounts(this.transactionTime),
      journeys: Object.fromEntries([...this.journeys].map(([k, j]) => [k, { completed: j.completed, failed: j.failed, time: histogramCounts(j.time) }])),
      localLimits: this.localLimits,
    };
  }
}

/**
 * The latency distribution of a histogram (microseconds) as 1-2-5 ms buckets
 * (0.1, 0.2, 0.5, 1, 2, 5, ... ms) from the first to the last non-empty one:
 * steps a reader takes in at a glance, on a log scale that keeps a long tail visible.
 */
export function latencyDistribution(histogram: Histogram): Array<{ upToMs: number; count: number }> {
  const bounds: number[] = [];
  for (let decade = 0.1; decade <= 3_600_000; decade *= 10) for (const step of [1, 2, 5]) bounds.push(Number((decade * step).toPrecision(3)));
  const counts = bounds.map(() => 0);
  for (let i = 0, pairs = histogramCounts(histogram); i < pairs.length; i += 2) {
    const ms = pairs[i]! / 1000;
    const index = bounds.findIndex((b) => ms <= b);
    counts[index === -1 ? counts.length - 1 : index]! += pairs[i + 1]!;
  }
  const first = counts.findIndex((c) => c > 0);
  if (first === -1) return [];
  const last = counts.length - 1 - [...counts].reverse().findIndex((c) => c > 0);
  return bounds.slice(first, last + 1).map((upToMs, i) => ({ upToMs, count: counts[first + i]! }));
}
