import { describe, expect, it } from 'vitest';
import { faultNames } from '../../reference-server/faults.js';
import { certifyEmbedded, failures } from './embedded.js';

/**
 * Which case must catch each deliberate defect of reference-server/faults.ts.
 * Written from the fault descriptions: the case that checks the broken rule.
 */
interface Killer {
  case: string;
  auth?: boolean;
  /** With auth: the tokens of the pool (default two a case). */
  poolSize?: number;
  tls?: boolean;
  /** Legal variants the server runs with too (the fault must still be caught under that reading). */
  variants?: string[];
  verdict?: 'WARN';
}

const killers: Record<string, Killer | Killer[]> = {
  'wrong-initial-transaction-id': { case: 'transport/1/1' },
  'missing-timestamp': { case: 'envelope/1/1' },
  'string-amounts': { case: 'screens/1/1' },
  'no-limit-check': { case: 'flow/6/1' },
  'double-charge-on-replay': { case: 'resumption/4/1' },
  'no-resumption': { case: 'resumption/1/1' },
  'cross-terminal-leak': { case: 'txn/7/1' },
  'crash-on-bad-json': { case: 'bad-input/1/1' },
  'no-idle-timeout': { case: 'flow/15/2' },
  'accepts-binary': { case: 'transport/3/1' },
  'no-size-limit': { case: 'transport/4/1' },
  'accepts-unoffered-amount': { case: 'bad-input/5/1' },
  'no-keypad-bounds': { case: 'bad-input/5/2' },
  'no-replace-close': { case: 'transport/6/1' },
  'timestamps-backwards': { case: 'envelope/9/1' },
  'timestamps-in-seconds': { case: 'envelope/9/1' },
  'ping-answered-with-error': { case: 'transport/9/1' },
  'skip-collect-ticket': { case: 'flow/7/1' },
  'no-auth-check': { case: 'auth/4/1', auth: true },
  'accepts-reused-transaction-id': { case: 'txn/4/1' },
  'cancel-not-supported': { case: 'flow/13/2' },
  'timeout-without-error': { case: 'flow/15/2' },
  'slow-initial-screen': { case: 'transport/1/1' },
  'limit-counts-failed-payments': [
    { case: 'flow/6/2' },
    // Issue 23: where limit-remaining holds only for its connection, the ledger case spends the declared dailyLimit down instead.
    { case: 'flow/6/5', variants: ['limit-remaining-per-connection'] },
  ],
  'no-pong': { case: 'transport/7/1' },
  'error-wrong-screen': { case: 'envelope/4/1' },
  'ignores-printer-fault': { case: 'flow/12/1' },
  'keeps-initial-id': { case: 'txn/1/2' },
  'wrong-error-code': { case: 'bad-input/5/1' },
  // SHOULD rules: their cases report a broken SHOULD as WARN, which is how they catch it.
  'no-rate-limit': { case: 'bad-input/7/1', verdict: 'WARN' },
  'no-server-ping': { case: 'transport/8/1', verdict: 'WARN' },
  'keeps-silent-peers': { case: 'transport/8/2', verdict: 'WARN' },
  'accepts-tls-1.1': { case: 'transport/5/1', tls: true, verdict: 'WARN' },
  // Money safety and isolation (issue 9): most are silent on the wire and only the daily limit, read as a ledger, shows them.
  'silent-double-charge': { case: 'resumption/4/4' },
  'double-tap-charges-twice': { case: 'resumption/4/3' },
  'keypad-skips-limit': { case: 'flow/6/4' },
  'global-daily-total': { case: 'flow/6/7' },
  'orphan-handed-over': [
    { case: 'auth/5/2' },
    // Issue 23: with a token pool, B is a token kept back from settling, so the backend meets it first in the case.
    { case: 'auth/5/2', auth: true },
  ],
  'token-overrides-identity': { case: 'auth/5/3', auth: true },
  'no-resumption-before-payment': { case: 'resumption/3/2' },
  'failed-lost-while-away': [
    { case: 'resumption/5/2' },
    { case: 'resumption/5/2', variants: ['limit-remaining-per-connection'] },
  ],
  'finished-id-charged-again': { case: 'resumption/4/6' },
  'resumption-new-id': { case: 'resumption/3/1' },
  'twice-the-amount-counted': { case: 'flow/6/8' },
  // A broken first screen (issue 23), on a pool of 128 tokens too: settling stops at it and the first-screen cases FAIL.
  'no-initial-screen': [
    { case: 'transport/1/1' },
    { case: 'transport/1/1', auth: true, poolSize: 128 },
  ],
  'lowercase-message-type': [
    { case: 'envelope/1/1' },
    { case: 'envelope/1/1', auth: true, poolSize: 128 },
  ],
};

/** Every row of the table: a fault and one case (with its run) that must catch it. */
const rows: Array<{ fault: string; killer: Killer }> = Object.entries(killers).flatMap(([fault, k]) => (Array.isArray(k) ? k : [k]).map((killer) => ({ fault, killer })));

describe('mutation testing: every fault of the reference server is caught by a named case', () => {
  it('the clean reference server passes every case (strict and pinto-android-1)', { timeout: 120_000 }, async () => {
    for (const profile of ['strict', 'pinto-android-1'] as const) {
      const results = await certifyEmbedded({ profile });
      expect(failures(results), profile).toEqual([]);
      expect(results.verdict).toBe('CONFORMANT');
    }
  });

  it('every fault has a killer case in the table', () => {
    expect(faultNames.filter((f) => !(f in killers))).toEqual([]);
  });

  it('each fault fails its named case', { timeout: 240_000 }, async () => {
    const survivors: string[] = [];
    const queue = [...rows];
    const worker = async (): Promise<void> => {
      for (let row = queue.shift(); row !== undefined; row = queue.shift()) {
        const { fault, killer } = row;
        const run = { cases: [killer.case], auth: killer.auth ?? false, tls: killer.tls ?? false, variants: killer.variants ?? [], ...(killer.poolSize !== undefined ? { poolSize: killer.poolSize } : {}) };
        const label = `${fault}${killer.auth ? ' (auth)' : ''}${killer.variants ? ` (${killer.variants.join(', ')})` : ''}`;
        const results = await certifyEmbedded({ ...run, faults: [fault] });
        const verdict = results.cases.find((c) => c.id === killer.case)?.verdict;
        const expected = killer.verdict ?? 'FAIL';
        if (verdict !== expected) survivors.push(`${label}: ${killer.case} was ${verdict ?? 'not run'}, expected ${expected}`);
        if (expected === 'FAIL' && results.verdict !== 'NOT_CONFORMANT') survivors.push(`${label}: the run was ${results.verdict}, expected NOT_CONFORMANT`);
        // The same case must pass on the same server without the fault, or the kill proves nothing.
        const cleanRun = await certifyEmbedded(run);
        const clean = cleanRun.cases.find((c) => c.id === killer.case)?.verdict;
        if (clean !== 'PASS') survivors.push(`${label}: ${killer.case} was ${clean ?? 'not run'} without the fault too (${cleanRun.cases.find((c) => c.id === killer.case)?.reason ?? ''})`);
      }
    };
    await Promise.all(Array.from({ length: 4 }, worker));
    const killed = rows.length - survivors.length;
    process.stdout.write(`mutation score: ${killed}/${rows.length} rows (${faultNames.length} faults) killed\n`);
    expect(survivors).toEqual([]);
  });
});
