import { describe, expect, it } from 'vitest';
import type { RunResults } from '../../conformance/results.js';
import { SLOW_STEP_MS } from '../../reference-server/v2/variant-set.js';
import { incompatibleV2Variants, v2VariantNames, type V2VariantName } from '../../reference-server/v2/variants.js';
import { certifyV2Embedded } from './v2-embedded.js';

// The v2 variant table: the v2 certifier certifies the embedded v2 reference server under each legal variant
// (docs/variants.md, "Protocol v2") alone, and under all compatible variants at once: CONFORMANT, no FAIL or
// ERROR case. A FAIL here is a false FAIL on a correct backend: a case demanding one answer where
// pinto-android-2.md leaves several.

/** Variants the certifier cannot certify yet, and why (each one a known gap, reported to the certifier's work). */
const notYet: Partial<Record<V2VariantName, string>> = {};

/** A WARN the clean server does not get is allowed only for the reason given (none so far). */
const allowedWarns: Partial<Record<V2VariantName, string[]>> = {};

/** The server's pace under a variant that changes it: the target declares it, as a vendor would. */
function declaredPace(on: readonly V2VariantName[]): number | undefined {
  if (on.includes('slow-steps')) return SLOW_STEP_MS;
  if (on.includes('immediate-steps')) return 0;
  return undefined;
}

/**
 * At most three certifications at once. They mostly wait on timers, so some overlap is nearly free, but the
 * v2 kiosks run on a clock five times faster: with more at once on two cores, a server's answer can come
 * later than a case waits for it (seen once with five at once beside another test run).
 */
const slots = { free: 3, waiting: [] as Array<() => void> };
async function inSlot<T>(run: () => Promise<T>): Promise<T> {
  if (slots.free === 0) await new Promise<void>((resolve) => slots.waiting.push(resolve));
  else slots.free--;
  try {
    return await run();
  } finally {
    const next = slots.waiting.shift();
    if (next) next();
    else slots.free++;
  }
}

async function certify(on: V2VariantName[]): Promise<RunResults> {
  const pace = declaredPace(on);
  return inSlot(() => certifyV2Embedded({
    variants: on,
    describe: (target) => {
      if (pace !== undefined && target.v2) target.v2.stepDelayMs = Math.max(pace, 1);
    },
  }));
}

/** The cases that FAIL or ERROR, and the WARNs the clean run does not have, for a readable failure. */
function problems(results: RunResults, cleanWarns: ReadonlySet<string>, allowed: readonly string[] = []): string[] {
  return results.cases
    .filter((c) => c.verdict === 'FAIL' || c.verdict === 'ERROR' || (c.verdict === 'WARN' && !cleanWarns.has(c.id) && !allowed.includes(c.id)))
    .map((c) => `${c.id} ${c.verdict}: ${c.reason ?? ''}`.slice(0, 400));
}

let clean: Promise<RunResults> | undefined;
/** The clean run, once: the variant runs go at once (below) and share it. */
function cleanRun(): Promise<RunResults> {
  clean ??= inSlot(() => certifyV2Embedded());
  return clean;
}

describe('v2 variant table: the v2 certifier certifies every legal variant CONFORMANT', () => {
  it('the clean v2 server is CONFORMANT (the baseline)', { timeout: 300_000 }, async () => {
    const results = await cleanRun();
    expect(problems(results, new Set())).toEqual(results.cases.filter((c) => c.verdict === 'WARN').map((c) => `${c.id} WARN: ${c.reason ?? ''}`.slice(0, 400)));
    expect(results.verdict).toBe('CONFORMANT');
  });

  for (const name of v2VariantNames) {
    const gap = notYet[name];
    // Concurrent: a certification mostly waits on the kiosks' and the server's timers, so runs overlap well
    // (inSlot bounds how many at once).
    it.skipIf(gap !== undefined).concurrent(`${name}${gap ? ` (not yet: ${gap})` : ''}`, { timeout: 300_000 }, async () => {
      const cleanWarns = new Set((await cleanRun()).cases.filter((c) => c.verdict === 'WARN').map((c) => c.id));
      const results = await certify([name]);
      expect(problems(results, cleanWarns, allowedWarns[name])).toEqual([]);
      expect(results.verdict).toBe('CONFORMANT');
    });
  }

  it('all compatible variants at once', { timeout: 300_000 }, async () => {
    const dropped = new Set(incompatibleV2Variants.map(([, b]) => b));
    const on = v2VariantNames.filter((n) => !dropped.has(n) && notYet[n] === undefined);
    const cleanWarns = new Set((await cleanRun()).cases.filter((c) => c.verdict === 'WARN').map((c) => c.id));
    const results = await certify(on);
    expect(problems(results, cleanWarns, on.flatMap((n) => allowedWarns[n] ?? []))).toEqual([]);
    expect(results.verdict).toBe('CONFORMANT');
  });
});
