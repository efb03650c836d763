/**
 * Journeys: what a virtual terminal does in each cycle, and how a run mixes
 * them. Runtime-neutral (also loaded by k6).
 */

/**
 * - `preset`: preset amount, first method, approved payment, ticket steps (FLOW-2, 7, 8, 11).
 * - `keypad`: OTHER, keypad amount, method, approved payment (FLOW-3, 4).
 * - `decline`: preset amount, method, FAILED CARD_DECLINED, OK (FLOW-9, 14); needs test control `decline`.
 * - `cancel`: preset amount, CANCEL on PAYMENT_METHOD (or on KEYPAD when cancel is not allowed there) (FLOW-13).
 * - `limit`: preset amount over what is left of the daily limit, LIMIT_ERROR, OK (FLOW-6); needs `limit-remaining:0`.
 * - `idle`: stays connected on AMOUNT_SELECT and never acts (FLOW-16): connection load without transactions.
 */
export type JourneyName = 'preset' | 'keypad' | 'decline' | 'cancel' | 'limit' | 'idle';

export const journeyNames: readonly JourneyName[] = ['preset', 'keypad', 'decline', 'cancel', 'limit', 'idle'];

/** One journey with its share of the terminals. */
export interface JourneyWeight {
  journey: JourneyName;
  weight: number;
}

/** The weights of `--journey mixed`: mostly approved payments, some of every other path. */
export const defaultMix: readonly JourneyWeight[] = [
  { journey: 'preset', weight: 50 },
  { journey: 'keypad', weight: 20 },
  { journey: 'cancel', weight: 15 },
  { journey: 'decline', weight: 10 },
  { journey: 'limit', weight: 5 },
];

/**
 * Parses a journey spec: a name (`preset`), `mixed` (defaultMix), or weights
 * (`preset=9,idle=91`, `mixed` shorthand not allowed inside). Throws Error with
 * a readable message on bad input.
 */
export function parseJourneySpec(spec: string): JourneyWeight[] {
  const text = spec.trim();
  if (text === 'mixed') return defaultMix.map((w) => ({ ...w }));
  const parts = text.split(',').map((p) => p.trim()).filter((p) => p !== '');
  if (parts.length === 0) throw new Error('journey spec is empty');
  const weights: JourneyWeight[] = [];
  for (const part of parts) {
    const [name, rawWeight] = part.split('=') as [string, string | undefined];
    if (!isJourneyName(name)) throw new Error(`unknown journey "${name}" (one of ${journeyNames.join(', ')}, or mixed)`);
    const weight = rawWeight === undefined ? 1 : Number(rawWeight);
    if (!Number.isFinite(weight) || weight < 0) throw new Error(`journey weight "${rawWeight}" is not a non-negative number`);
    if (weights.some((w) => w.journey === name)) throw new Error(`journey "${name}" is named twice`);
    weights.push({ journey: name, weight });
  }
  if (weights.every((w) => w.weight === 0)) throw new Error('journey weights add up to 0');
  return weights;
}

/**
 * Parses weights like `a=2,b=1` (a bare name weighs 1) over a fixed set of
 * names, for the v2 flags (`--providers`, `--kiosk-journeys`); errors name the flag.
 */
export function parseNamedWeights<N extends string>(spec: string, flag: string, noun: string, names: readonly N[]): Array<{ journey: N; weight: number }> {
  const parts = spec.split(',').map((p) => p.trim()).filter((p) => p !== '');
  if (parts.length === 0) throw new Error(`${flag} is empty`);
  const weights = parts.map((part) => {
    const [name, weight = '1'] = part.split('=');
    if (!(names as readonly string[]).includes(name!)) throw new Error(`${flag}: unknown ${noun} "${name}" (expected ${names.join(', ')})`);
    const w = Number(weight);
    if (!Number.isFinite(w) || w < 0) throw new Error(`${flag}: weight of ${name} must be a number >= 0`);
    return { journey: name as N, weight: w };
  });
  if (!weights.some((w) => w.weight > 0)) throw new Error(`${flag}: every weight is 0`);
  return weights;
}

export function isJourneyName(name: string): name is JourneyName {
  return (journeyNames as readonly string[]).includes(name);
}

/**
 * The journeys of `count` terminals, by index. Smooth weighted round-robin:
 * deterministic, interleaved (a ramp-up starts every journey early) and
 * exact up to rounding (10% of 1,000 terminals is 100), without random numbers.
 */
export function assignJourneys<N extends string = JourneyName>(weights: readonly { journey: N; weight: number }[], count: number): N[] {
  const active = weights.filter((w) => w.weight > 0);
  const total = active.reduce((sum, w) => sum + w.weight, 0);
  const current = active.map(() => 0);
  const result: N[] = [];
  for (let i = 0; i < count; i++) {
    let best = 0;
    for (let j = 0; j < active.length; j++) {
      current[j]! += active[j]!.weight;
      if (current[j]! > current[best]!) best = j;
    }
    current[best]! -= total;
    result.push(active[best]!.journey);
  }
  return result;
}

/**
 * The test-control scenario (TC-3) a journey needs on its connection, if any.
 * `decline` needs a declining processor; `limit` a terminal with nothing left
 * of its daily limit.
 */
export function scenarioForJourney(journey: JourneyName): string | undefined {
  if (journey === 'decline') return 'decline';
  if (journey === 'limit') return 'limit-remaining:0';
  return undefined;
}

/** A think time: uniform between min and max milliseconds. */
export interface ThinkTime {
  minMs: number;
  maxMs: number;
}

/**
 * Parses `500`, `500ms`, `2s`, or a range `1s-3s` / `200-800ms`. Throws Error
 * on bad input.
 */
export function parseThinkTime(text: string): ThinkTime {
  const trimmed = text.trim();
  const range = /^(\d+(?:\.\d+)?)(ms|s)?\s*-\s*(\d+(?:\.\d+)?)(ms|s)?$/.exec(trimmed);
  if (range) {
    const unit = range[4] ?? range[2] ?? 'ms';
    const minMs = toMs(Number(range[1]), range[2] ?? unit);
    const maxMs = toMs(Number(range[3]), unit);
    if (minMs > maxMs) throw new Error(`think time "${text}": minimum above maximum`);
    return { minMs, maxMs };
  }
  const single = /^(\d+(?:\.\d+)?)(ms|s)?$/.exec(trimmed);
  if (!single) throw new Error(`think time "${text}" is not like 500ms, 2s or 1s-3s`);
  const ms = toMs(Number(single[1]), single[2] ?? 'ms');
  return { minMs: ms, maxMs: ms };
}

function toMs(value: number, unit: string): number {
  return Math.round(unit === 's' ? value * 1000 : value);
}

/** One think-time sample. */
export function sampleThinkTime(think: ThinkTime, random: () => number): number {
  return think.minMs + (think.maxMs - think.minMs) * random();
}
