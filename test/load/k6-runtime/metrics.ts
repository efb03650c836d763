/**
 * k6's metric model, as documented for k6/metrics and the end-of-test summary:
 * four metric types with their sinks, samples with tags, submetrics
 * (`name{tag:value}`) for thresholds, and the `values` each type reports to
 * handleSummary. Percentiles follow k6's trend sink (all values kept, linear
 * interpolation between the closest ranks).
 */

export type MetricType = 'counter' | 'gauge' | 'rate' | 'trend';
export type ValueKind = 'default' | 'time' | 'data';
export type Tags = Record<string, string>;

/** k6 (>= 0.45) refuses other names at definition time. */
const metricNamePattern = /^[a-zA-Z_][a-zA-Z0-9_]{0,127}$/;

interface Sink {
  add(value: number): void;
  merge(into: Sink): void;
}

class CounterSink implements Sink {
  count = 0;
  add(value: number): void { this.count += value; }
  merge(into: Sink): void { (into as CounterSink).count += this.count; }
}

class GaugeSink implements Sink {
  value = 0;
  min = Number.POSITIVE_INFINITY;
  max = Number.NEGATIVE_INFINITY;
  last = 0;
  add(value: number): void {
    this.value = value;
    this.min = Math.min(this.min, value);
    this.max = Math.max(this.max, value);
  }
  merge(into: Sink): void {
    // Departure: k6 keeps the last sample in time across tag sets; the tag sets are merged in creation order here.
    const g = into as GaugeSink;
    g.value = this.value;
    g.min = Math.min(g.min, this.min);
    g.max = Math.max(g.max, this.max);
  }
}

class RateSink implements Sink {
  passes = 0;
  total = 0;
  add(value: number): void {
    this.total++;
    if (value !== 0) this.passes++;
  }
  merge(into: Sink): void {
    (into as RateSink).passes += this.passes;
    (into as RateSink).total += this.total;
  }
}

class TrendSink implements Sink {
  values: number[] = [];
  sum = 0;
  private sorted = true;
  add(value: number): void {
    const last = this.values[this.values.length - 1];
    if (last !== undefined && value < last) this.sorted = false;
    this.values.push(value);
    this.sum += value;
  }
  merge(into: Sink): void {
    for (const v of this.values) (into as TrendSink).add(v);
  }
  /** k6's TrendSink.P: pct in 0..1, linear interpolation, 0 when empty. */
  percentile(pct: number): number {
    const n = this.values.length;
    if (n === 0) return 0;
    if (!this.sorted) {
      this.values.sort((a, b) => a - b);
      this.sorted = true;
    }
    if (n === 1) return this.values[0]!;
    const i = pct * (n - 1);
    const lo = this.values[Math.floor(i)]!;
    const hi = this.values[Math.ceil(i)]!;
    return lo + (hi - lo) * (i - Math.floor(i));
  }
  min(): number { return this.values.length === 0 ? 0 : this.percentile(0); }
  max(): number { return this.values.length === 0 ? 0 : this.percentile(1); }
  avg(): number { return this.values.length === 0 ? 0 : this.sum / this.values.length; }
}

function newSink(type: MetricType): Sink {
  switch (type) {
    case 'counter': return new CounterSink();
    case 'gauge': return new GaugeSink();
    case 'rate': return new RateSink();
    case 'trend': return new TrendSink();
  }
}

/** One defined metric: its samples kept per distinct tag set, so submetrics can be cut out at the end. */
export class Metric {
  readonly byTags = new Map<string, { tags: Tags; sink: Sink }>();
  samples = 0;
  constructor(readonly name: string, readonly type: MetricType, readonly contains: ValueKind) {}

  add(value: number, tags: Tags): void {
    const key = JSON.stringify(Object.entries(tags).sort());
    let entry = this.byTags.get(key);
    if (!entry) this.byTags.set(key, (entry = { tags, sink: newSink(this.type) }));
    entry.sink.add(value);
    this.samples++;
  }

  /** The merged sink of every sample whose tags include `filter`. */
  sink(filter: Tags = {}): Sink {
    const merged = newSink(this.type);
    for (const { tags, sink } of this.byTags.values()) {
      if (Object.entries(filter).every(([k, v]) => tags[k] === v)) sink.merge(merged);
    }
    return merged;
  }
}

/** The test-wide registry every VU's k6/metrics writes to (k6 aggregates across VUs the same way). */
export class MetricRegistry {
  readonly metrics = new Map<string, Metric>();

  /** `new Counter(name)` etc.: a second definition with the same name must have the same type (k6 errors otherwise). */
  define(name: string, type: MetricType, contains: ValueKind): Metric {
    if (!metricNamePattern.test(name)) throw new Error(`Invalid metric name: '${name}' (k6 takes ${metricNamePattern})`);
    const existing = this.metrics.get(name);
    if (existing) {
      if (existing.type !== type || existing.contains !== contains) throw new Error(`metric '${name}' already exists but with type ${existing.type}, instead of ${type}`);
      return existing;
    }
    const metric = new Metric(name, type, contains);
    this.metrics.set(name, metric);
    return metric;
  }

  get(name: string): Metric | undefined {
    return this.metrics.get(name);
  }
}

/** A metric name with an optional submetric selector: `screen_latency{transition:A>B}`. */
export function parseMetricKey(key: string): { name: string; filter: Tags } {
  const match = /^([^{]+)(?:\{(.*)\})?$/.exec(key.trim());
  if (!match) throw new Error(`invalid threshold metric "${key}"`);
  const filter: Tags = {};
  if (match[2] !== undefined) {
    for (const pair of match[2].split(',')) {
      const [k, ...rest] = pair.split(':');
      if (!k || rest.length === 0) throw new Error(`invalid submetric selector in "${key}"`);
      filter[k.trim()] = rest.join(':').trim().replace(/^["']|["']$/g, '');
    }
  }
  return { name: match[1]!.trim(), filter };
}

/**
 * The `values` k6 puts in handleSummary data for one metric:
 * counter {count, rate}, gauge {value, min, max}, rate {rate, passes, fails},
 * trend: the summaryTrendStats (default avg, min, med, max, p(90), p(95)).
 */
export function summaryValues(metric: Metric, sink: Sink, testSeconds: number, trendStats: readonly string[]): Record<string, number> {
  if (sink instanceof CounterSink) return { count: sink.count, rate: testSeconds > 0 ? sink.count / testSeconds : 0 };
  if (sink instanceof GaugeSink) return { value: sink.value, min: Number.isFinite(sink.min) ? sink.min : 0, max: Number.isFinite(sink.max) ? sink.max : 0 };
  // k6 >= 0.38 reports an empty Rate as NaN (grafana/k6#2540).
  if (sink instanceof RateSink) return { rate: sink.total === 0 ? Number.NaN : sink.passes / sink.total, passes: sink.passes, fails: sink.total - sink.passes };
  const trend = sink as TrendSink;
  const out: Record<string, number> = {};
  for (const stat of trendStats) {
    const value = trendValue(trend, stat);
    if (value === undefined) throw new Error(`summaryTrendStats: unknown stat "${stat}" for ${metric.name}`);
    out[stat] = value;
  }
  return out;
}

function trendValue(trend: TrendSink, stat: string): number | undefined {
  switch (stat) {
    case 'avg': return trend.avg();
    case 'min': return trend.min();
    case 'max': return trend.max();
    case 'med': return trend.percentile(0.5);
    case 'count': return trend.values.length;
  }
  const p = /^p\((\d+(?:\.\d+)?)\)$/.exec(stat);
  return p ? trend.percentile(Number(p[1]) / 100) : undefined;
}

/** The aggregation a threshold names, from the metric's sink; undefined when the type has no such aggregation. */
export function thresholdValue(sink: Sink, aggregation: string, testSeconds: number): number | undefined {
  if (sink instanceof CounterSink) return aggregation === 'count' ? sink.count : aggregation === 'rate' ? (testSeconds > 0 ? sink.count / testSeconds : 0) : undefined;
  if (sink instanceof GaugeSink) return aggregation === 'value' ? sink.value : undefined;
  if (sink instanceof RateSink) return aggregation === 'rate' ? (sink.total === 0 ? Number.NaN : sink.passes / sink.total) : undefined;
  if (aggregation === 'count') return undefined;
  return trendValue(sink as TrendSink, aggregation);
}

export type { Sink };
