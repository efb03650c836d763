import { describe, expect, it } from 'vitest';
import type { RunResults } from '../../conformance/results.js';
import type { TerminalProfile } from '../../protocol/validator.js';
import { incompatibleVariants, variantNames, type VariantName } from '../../reference-server/variants.js';
import { certifyEmbedded } from './embedded.js';

/** A WARN a variant earns: on which cases (every case when omitted), why, and what the case's reason must say. */
interface ExpectedWarn {
  cases?: string[];
  because: string;
  reason: RegExp;
}

/**
 * The legal-variant proof, the mirror of mutation.test.ts: the reference server
 * under each legal alternative reading of the sources (reference-server/variants.ts)
 * is certified CONFORMANT with no FAIL or ERROR case, in both profiles. A WARN
 * that the clean server does not get is allowed only where this table says why
 * the variant earns it, and the case's own reason must say so too.
 */
const expectedWarns: Record<VariantName, ExpectedWarn[]> = {
  'screen-before-id': [
    { cases: ['auth/5/1', 'flow/1/2'], because: 'ERR-10 (INVALID_TRANSACTION ranked before UNEXPECTED_ACTION) is a project reading: the other code that applies is reported as a WARN', reason: /ERR-10 .*also allowed by the sources/ },
  ],
  'error-then-screen': [],
  'error-echoes-message-id': [
    { because: 'TXN-6 ("initial" on an ERROR outside a cycle) is a project reading: the rejected message\'s own id is allowed, reported as a WARN', reason: /rejected message's \(also allowed\)/ },
  ],
  'drop-on-invalid-utf8': [
    { cases: ['transport/10/1'], because: 'RFC 6455 7.1.7: the Close frame (1007) when failing the connection is a SHOULD; the drop meets 8.1\'s MUST, so its absence is a WARN', reason: /1007.*dropped without a close frame/ },
  ],
  'extra-fields': [
    { because: 'clarifications.md "Envelope": unknown extra fields from a server are reported "as a warning (non-strict), not a failure" (ENV-13)', reason: /not defined by the spec \(ignored\) \[ENV-13\]/ },
  ],
  'reordered-keys': [],
  'status-updates': [],
  'no-status-updates': [],
  'delayed-frames': [],
  'uuid-ids': [],
  'no-receipt': [],
  'no-cancel': [],
  'processing-method-only': [],
  'processing-empty-data': [],
  'limit-before-bounds': [],
  'steps-continue-while-away': [
    { cases: ['resumption/5/1'], because: 'RES-6 (steps pause while the terminal is away, so SUCCESS comes first) is a project SHOULD this variant does not follow', reason: /steps paused while away/ },
  ],
  'deflate-declined': [],
  'deflate-no-context-takeover': [],
  'replay-answered-with-screen': [],
  'own-error-messages': [],
  'currency-code': [],
  'custom-presets': [],
  'coarse-timestamps': [],
  'refuse-foreign-terminal-id': [],
  'limit-remaining-per-connection': [],
  'bare-close-reasons': [
    { cases: ['transport/6/1'], because: 'clarifications.md "Transport" quotes the 4001 reason ("replaced by a newer connection"); RFC 6455 5.5.1 makes the reason a MAY, so its absence is at most a WARN', reason: /close reason/ },
  ],
};

const profiles: TerminalProfile[] = ['strict', 'pinto-android-1'];

/** Every variant that contradicts none chosen before it, in table order. */
function compatibleSet(): VariantName[] {
  const chosen: VariantName[] = [];
  for (const name of variantNames) {
    if (!incompatibleVariants.some(([a, b]) => (a === name && chosen.includes(b)) || (b === name && chosen.includes(a)))) chosen.push(name);
  }
  return chosen;
}

/** Why a run under `names` is not the clean pass the variants promise; empty when it is. */
function problems(label: string, results: RunResults, names: readonly VariantName[], cleanWarns: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const c of results.cases) {
    if (c.verdict === 'FAIL' || c.verdict === 'ERROR') out.push(`${label}: ${c.id} ${c.verdict}: ${c.reason ?? ''}`);
    if (c.verdict !== 'WARN' || cleanWarns.has(c.id)) continue;
    const listed = names.flatMap((n) => expectedWarns[n]).filter((w) => w.cases === undefined || w.cases.includes(c.id));
    if (listed.length === 0) out.push(`${label}: ${c.id} WARN not in the table: ${c.reason ?? ''}`);
    else if (!listed.some((w) => w.reason.test(c.reason ?? ''))) out.push(`${label}: ${c.id} WARN without saying why (${listed.map((w) => w.because).join('; ')}): ${c.reason ?? ''}`);
  }
  if (results.verdict !== 'CONFORMANT') out.push(`${label}: overall ${results.verdict}`);
  return out;
}

/** Runs `jobs` with at most `width` at once (the suite is mostly waiting on timers, not CPU). */
async function pool<T>(jobs: Array<() => Promise<T>>, width: number): Promise<T[]> {
  const results: T[] = [];
  const queue = jobs.map((job, index) => ({ job, index }));
  const worker = async (): Promise<void> => {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) results[next.index] = await next.job();
  };
  await Promise.all(Array.from({ length: width }, worker));
  return results;
}

describe('legal variants: the suite passes a correct backend that reads the sources differently', () => {
  const cleanWarns = new Map<TerminalProfile, Set<string>>();
  const cleanRun = async (profile: TerminalProfile): Promise<Set<string>> => {
    let warns = cleanWarns.get(profile);
    if (!warns) {
      const results = await certifyEmbedded({ profile });
      warns = new Set(results.cases.filter((c) => c.verdict === 'WARN').map((c) => c.id));
      cleanWarns.set(profile, warns);
    }
    return warns;
  };

  it('every variant has a row in the table, and the incompatible pairs name real variants', () => {
    expect(variantNames.filter((v) => !(v in expectedWarns))).toEqual([]);
    expect(Object.keys(expectedWarns).filter((v) => !(variantNames as string[]).includes(v))).toEqual([]);
    expect(incompatibleVariants.flat().filter((v) => !(variantNames as string[]).includes(v))).toEqual([]);
  });

  it('each variant alone: CONFORMANT, no FAIL or ERROR, WARN only as the table says (both profiles)', { timeout: 240_000 }, async () => {
    const found: string[] = [];
    const earned: string[] = [];
    const jobs = variantNames.flatMap((variant) =>
      profiles.map((profile) => async () => {
        const warns = await cleanRun(profile);
        const results = await certifyEmbedded({ variants: [variant], profile, concurrency: 6 });
        found.push(...problems(`${variant} (${profile})`, results, [variant], warns));
        const extra = results.cases.filter((c) => c.verdict === 'WARN' && !warns.has(c.id)).map((c) => c.id);
        if (extra.length > 0) earned.push(`${variant} (${profile}): WARN ${extra.length > 4 ? `${extra.length} cases` : extra.join(', ')}`);
      }),
    );
    await cleanRun('strict');
    await cleanRun('pinto-android-1');
    await pool(jobs, 3);
    process.stdout.write(`legal variants, WARNs the clean server does not get:\n  ${earned.sort().join('\n  ') || '(none)'}\n`);
    if (found.length > 0) process.stdout.write(`legal variants, alone:\n  ${found.join('\n  ')}\n`);
    expect(found).toEqual([]);
  });

  it('all compatible variants at once, the full suite: CONFORMANT (both profiles)', { timeout: 120_000 }, async () => {
    const names = compatibleSet();
    const found: string[] = [];
    await pool(
      profiles.map((profile) => async () => {
        const warns = await cleanRun(profile);
        const results = await certifyEmbedded({ variants: names, profile });
        found.push(...problems(`all ${names.length} compatible (${profile})`, results, names, warns));
      }),
      2,
    );
    if (found.length > 0) process.stdout.write(`legal variants, all at once:\n  ${found.join('\n  ')}\n`);
    expect(found).toEqual([]);
  });
});
