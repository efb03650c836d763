/**
 * A strict reader of the Prometheus text exposition format 0.0.4
 * (prometheus.io/docs/instrumenting/exposition_formats): `# HELP` and
 * `# TYPE` lines, samples `name{label="value",...} value [timestamp]`.
 * It throws on the first line a Prometheus server would refuse: a bad metric
 * or label name, an unescaped label value, a value that is not a float, a
 * second TYPE for a family or a TYPE after its samples, a sample of a family
 * declared with another type's suffix, a repeated series. The npm parser
 * (parse-prometheus-text-format 1.1.1) accepts values like "abc" and names
 * like "a-b", so it could not fail a test on malformed output.
 */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const LABEL = '[a-zA-Z_][a-zA-Z0-9_]*';
const LABEL_VALUE = '"(?:[^"\\\\\\n]|\\\\[\\\\"n])*"';
// Prometheus reads values with Go's ParseFloat: Inf and NaN in any case (prom-client writes "Nan").
const FLOAT = '[+-]?(?:[Ii][Nn][Ff]|[Nn][Aa][Nn]|(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?)';
const SAMPLE = new RegExp(`^(${NAME})(?:\\{((?:${LABEL}=${LABEL_VALUE})(?:,${LABEL}=${LABEL_VALUE})*)?,?\\})? (${FLOAT})(?: -?\\d+)?$`);
const HELP = new RegExp(`^# HELP (${NAME})(?: .*)?$`);
const TYPE = new RegExp(`^# TYPE (${NAME}) (counter|gauge|histogram|summary|untyped)$`);
const SUFFIXES: Record<string, string[]> = { counter: [''], gauge: [''], untyped: [''], histogram: ['_bucket', '_sum', '_count'], summary: ['', '_sum', '_count'] };

/** The samples of an exposition text; throws naming the first line that is not valid. */
export function parsePrometheusText(text: string): Sample[] {
  const types = new Map<string, string>();
  const sampled = new Set<string>();
  const series = new Set<string>();
  const samples: Sample[] = [];
  text.split('\n').forEach((line, index) => {
    const fail = (why: string): never => {
      throw new Error(`line ${index + 1} ${JSON.stringify(line)}: ${why}`);
    };
    if (line === '' || (line.startsWith('#') && !line.startsWith('# HELP ') && !line.startsWith('# TYPE '))) return;
    if (line.startsWith('# HELP ')) return void (HELP.test(line) || fail('bad HELP'));
    const type = TYPE.exec(line);
    if (line.startsWith('# TYPE ')) {
      if (!type) return fail('bad TYPE');
      if (types.has(type[1]!)) fail('second TYPE for the family');
      if (sampled.has(type[1]!)) fail('TYPE after the samples of its family');
      types.set(type[1]!, type[2]!);
      return;
    }
    const sample = SAMPLE.exec(line) ?? fail('not a sample');
    const name = sample[1]!;
    const family = [...types.entries()].find(([f, t]) => SUFFIXES[t]!.some((s) => name === f + s));
    if (!family) fail('sample of a family with no TYPE');
    sampled.add(family![0]);
    const labels: Record<string, string> = {};
    for (const [, key, value] of (sample[2] ?? '').matchAll(new RegExp(`(${LABEL})=(${LABEL_VALUE})`, 'g'))) {
      if (key! in labels) fail(`label ${key} twice`);
      // The format's three escapes (\\, \", \n) are JSON's.
      labels[key!] = JSON.parse(value!) as string;
    }
    const id = `${name}${JSON.stringify(Object.entries(labels).sort())}`;
    if (series.has(id)) fail('series repeated');
    series.add(id);
    const raw = sample[3]!;
    samples.push({ name, labels, value: /inf$/i.test(raw) ? (raw.startsWith('-') ? -Infinity : Infinity) : /nan$/i.test(raw) ? NaN : Number(raw) });
  });
  return samples;
}

/** The value of one series, or undefined when it is not there. */
export function sampleValue(samples: Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  const want = Object.entries(labels);
  return samples.find((s) => s.name === name && Object.keys(s.labels).length === want.length && want.every(([k, v]) => s.labels[k] === v))?.value;
}
