import type { ConformanceCase } from './case.js';
import type { TargetTimings, Waits } from './target.js';

/** Distinct test terminals a case uses at once (needs.terminals, default 1). */
export function terminalsOf(c: ConformanceCase): number {
  return c.needs?.terminals ?? 1;
}

/**
 * The daily limit a case needs on each terminal when it starts, and what it
 * may pay there (needs.payments of the smallest amount, plus needs.spend):
 * every case may select the smallest amount once more and expect
 * PAYMENT_METHOD.
 */
export function limitNeedOf(c: ConformanceCase, smallestAmount: number): { need: number; pays: number } {
  const pays = (c.needs?.payments ?? 0) * smallestAmount + (c.needs?.spend ?? 0);
  return { need: pays + smallestAmount, pays };
}

/**
 * How long a case is expected to hold its terminals, settling after it
 * included: the answer windows it waits through, the server timers it waits
 * out (needs.idleTimeout, its scenario), and the receipt steps of each
 * payment (the settle step waits them out when the case stops earlier).
 */
export function estimateCaseMs(c: ConformanceCase, waits: Waits, timings: TargetTimings): number {
  let ms = waits.silenceMs / 2;
  if (c.needs?.idleTimeout) ms += waits.idleMs;
  const scenario = c.needs?.scenario ?? '';
  if (scenario === 'processor-timeout') ms += timings.processorTimeoutMs;
  if (scenario === 'printer-fault') ms += timings.deviceErrorMs;
  const slow = /^slow-processing:(\d+)$/.exec(scenario);
  if (slow) ms += Number(slow[1]);
  ms += (c.needs?.payments ?? 0) * (timings.processingMs + 4 * timings.stepDelayMs);
  return ms;
}

/**
 * The order in which a pool runs its cases: those needing two terminals
 * first (they get both while all are free), then the longest first (the
 * idle-timeout cases start early, each on its own terminal, while the others
 * share the rest), ties in suite order. Returns indexes into `cases`.
 */
export function runOrder(cases: readonly ConformanceCase[], estimate: (c: ConformanceCase) => number): number[] {
  return cases
    .map((c, i) => ({ i, two: terminalsOf(c) > 1, ms: estimate(c) }))
    .sort((a, b) => Number(b.two) - Number(a.two) || b.ms - a.ms || a.i - b.i)
    .map((x) => x.i);
}

/**
 * The wall time a run is expected to take: the cases in `order` started as
 * soon as enough of `terminals` are free, at most `atOnce` at a time, each
 * holding its terminals for its estimate.
 */
export function expectedDurationMs(cases: readonly ConformanceCase[], order: readonly number[], estimate: (c: ConformanceCase) => number, terminals: number, atOnce: number): number {
  if (terminals < 1) return 0;
  const freeAt: number[] = Array.from({ length: terminals }, () => 0);
  const running: number[] = [];
  let end = 0;
  for (const i of order) {
    const c = cases[i] as ConformanceCase;
    const k = Math.min(terminalsOf(c), terminals);
    freeAt.sort((a, b) => a - b);
    running.sort((a, b) => a - b);
    // Starts when k terminals are free and fewer than atOnce cases run.
    let start = freeAt[k - 1] as number;
    const busy = running.filter((r) => r > start);
    if (busy.length >= atOnce) start = busy[busy.length - atOnce] as number;
    const done = start + estimate(c);
    for (let j = 0; j < k; j++) freeAt[j] = done;
    running.push(done);
    end = Math.max(end, done);
  }
  return end;
}
