import * as hdr from 'hdr-histogram-js';
import type { TerminalObserver, TransactionOutcome } from '../terminal/types.js';

/** Latencies are recorded in microseconds, up to one hour, 3 significant digits. */
export function newHistogram(): hdr.Histogram {
  return hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: 3, bitBucketSize: 32, useWebAssembly: false });
}

export function decodeHistogram(encoded: string): hdr.Histogram {
  return hdr.decodeFromCompressedBase64(encoded, 32, false);
}

export function encodeHistogram(histogram: hdr.Histogram): string {
  return hdr.encodeIntoCompressedBase64(histogram);
}

/** What a share reports every second. */
export interface ShareTick {
  type: 'tick';
  active: number;
  completed: number;
  failed: number;
  errors: number;
  /** Latencies of the last second, encoded HDR histogram. */
  histogram: string;
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
  overall: string;
  transitions: Record<string, string>;
}

export type ShareMessage = ShareTick | ShareFinal;

const maxSamples = 20;

/**
 * The TerminalObserver of one share (a worker thread, or the main thread):
 * counters and HDR histograms, one per transition plus one per second.
 */
export class ShareMetrics implements TerminalObserver {
  readonly overall = newHistogram();
  readonly transitions = new Map<string, hdr.Histogram>();
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

  transaction(outcome: TransactionOutcome, _journey: string, reason: string | undefined): void {
    if (outcome === 'completed') {
      this.completed++;
      this.windowCompleted++;
    } else {
      this.failed++;
      this.windowFailed++;
      const key = reason ?? 'unknown';
      this.failedByReason[key] = (this.failedByReason[key] ?? 0) + 1;
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

  connectionOpened(): void {
    this.active++;
    if (this.active > this.peakActive) this.peakActive = this.active;
  }

  connectionClosed(): void {
    this.active--;
  }

  /** The last second's numbers; resets the window. */
  tick(): ShareTick {
    const tick: ShareTick = { type: 'tick', active: this.active, completed: this.windowCompleted, failed: this.windowFailed, errors: this.windowErrors, histogram: encodeHistogram(this.window) };
    this.window.reset();
    this.windowCompleted = 0;
    this.windowFailed = 0;
    this.windowErrors = 0;
    return tick;
  }

  final(): ShareFinal {
    const transitions: Record<string, string> = {};
    for (const [key, histogram] of this.transitions) transitions[key] = encodeHistogram(histogram);
    return {
      type: 'final', completed: this.completed, failed: this.failed, failedByReason: this.failedByReason, errors: this.errors,
      violations: this.violations, samples: this.samples, resumptions: this.resumptions, peakActive: this.peakActive,
      overall: encodeHistogram(this.overall), transitions,
    };
  }
}
