import { parseK6Duration } from './duration.js';
import { parseMetricKey, thresholdValue, type MetricRegistry, type Tags } from './metrics.js';

/** One threshold of `options.thresholds`, parsed. */
export interface K6Threshold {
  /** The key in options.thresholds: `metric` or `metric{tag:value}`. */
  metricKey: string;
  name: string;
  filter: Tags;
  /** As written, e.g. "p(99)<500": the key of `thresholds` in the summary data. */
  source: string;
  aggregation: string;
  operator: string;
  value: number;
  abortOnFail: boolean;
  delayAbortEvalMs: number;
  /** Last evaluation: undefined until evaluated. */
  ok?: boolean;
}

/** k6's threshold expression grammar: `<aggregation> <operator> <number>`. */
const expression = /^\s*(avg|min|max|med|count|rate|value|p\(\d+(?:\.\d+)?\))\s*(<=|>=|===|==|!=|<|>)\s*(-?\d+(?:\.\d+)?(?:e-?\d+)?)\s*$/;

/**
 * Parses options.thresholds. Like k6 at start-up, throws on an expression it
 * cannot parse, on a metric that does not exist, and on an aggregation the
 * metric's type does not have (e.g. `p(99)` on a Counter).
 */
export function parseThresholds(spec: Record<string, unknown> | undefined, registry: MetricRegistry): K6Threshold[] {
  const out: K6Threshold[] = [];
  for (const [metricKey, list] of Object.entries(spec ?? {})) {
    const { name, filter } = parseMetricKey(metricKey);
    const metric = registry.get(name);
    if (!metric) throw new Error(`invalid threshold defined on ${metricKey}; reason: no metric name "${name}" found`);
    if (!Array.isArray(list)) throw new Error(`thresholds of ${metricKey} must be an array`);
    for (const item of list as unknown[]) {
      const t = typeof item === 'string' ? { threshold: item } : (item as { threshold?: string; abortOnFail?: boolean; delayAbortEval?: string });
      if (typeof t.threshold !== 'string') throw new Error(`threshold of ${metricKey} has no expression`);
      const match = expression.exec(t.threshold);
      if (!match) throw new Error(`invalid threshold "${t.threshold}" on ${metricKey}`);
      const aggregation = match[1]!;
      // Probe the aggregation against an empty sink of the metric's type.
      if (thresholdValue(metric.sink({ '\u0000never': '' }), aggregation, 1) === undefined) {
        throw new Error(`invalid threshold "${t.threshold}" on ${metricKey}: ${metric.type} metrics have no "${aggregation}"`);
      }
      out.push({
        metricKey, name, filter, source: t.threshold, aggregation, operator: match[2]!, value: Number(match[3]),
        abortOnFail: t.abortOnFail === true, delayAbortEvalMs: parseK6Duration(t.delayAbortEval, 0),
      });
    }
  }
  return out;
}

/** Evaluates every threshold over everything recorded so far; returns those that failed. */
export function evaluateThresholds(thresholds: readonly K6Threshold[], registry: MetricRegistry, testSeconds: number): K6Threshold[] {
  const failed: K6Threshold[] = [];
  for (const t of thresholds) {
    const metric = registry.get(t.name)!;
    const actual = thresholdValue(metric.sink(t.filter), t.aggregation, testSeconds)!;
    t.ok = compare(actual, t.operator, t.value);
    if (!t.ok) failed.push(t);
  }
  return failed;
}

/** NaN (an empty Rate) compares false with everything, so such a threshold fails, as in k6. */
function compare(actual: number, operator: string, value: number): boolean {
  switch (operator) {
    case '<': return actual < value;
    case '<=': return actual <= value;
    case '>': return actual > value;
    case '>=': return actual >= value;
    case '==':
    case '===': return actual === value;
    case '!=': return actual !== value;
    default: return false;
  }
}
