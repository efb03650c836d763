import { describe, expect, it } from 'vitest';
import { faultNames } from '../../reference-server/faults.js';
import { certifyEmbedded, failures } from './embedded.js';

/**
 * Which case must catch each deliberate defect of reference-server/faults.ts.
 * Written from the fault descriptions: the case that checks the broken rule.
 */
const killers: Record<string, { case: string; auth?: boolean; tls?: boolean; verdict?: 'WARN' }> = {
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
  'limit-counts-failed-payments': { case: 'flow/6/2' },
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
  'orphan-handed-over': { case: 'auth/5/2' },
  'token-overrides-identity': { case: 'auth/5/3', auth: true },
  'no-resumption-before-payment': { case: 'resumption/3/2' },
  'failed-lost-while-away': { case: 'resumption/5/2' },
  'finished-id-charged-again': { case: 'resumption/4/6' },
  'resumption-new-id': { case: 'resumption/3/1' },
  'twice-the-amount-counted': { case: 'flow/6/8' },
};

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

  it('each fault fails its named case', { timeout: 180_000 }, async () => {
    const survivors: string[] = [];
    const queue = [...faultNames];
    const worker = async (): Promise<void> => {
      for (let fault = queue.shift(); fault !== undefined; fault = queue.shift()) {
        const killer = killers[fault];
        if (!killer) continue;
        const run = { cases: [killer.case], auth: killer.auth ?? false, tls: killer.tls ?? false };
        const results = await certifyEmbedded({ ...run, faults: [fault] });
        const verdict = results.cases.find((c) => c.id === killer.case)?.verdict;
        const expected = killer.verdict ?? 'FAIL';
        if (verdict !== expected) survivors.push(`${fault}: ${killer.case} was ${verdict ?? 'not run'}, expected ${expected}`);
        // The same case must pass on the same server without the fault, or the kill proves nothing.
        const clean = (await certifyEmbedded(run)).cases.find((c) => c.id === killer.case)?.verdict;
        if (clean !== 'PASS') survivors.push(`${fault}: ${killer.case} was ${clean ?? 'not run'} without the fault too`);
      }
    };
    await Promise.all(Array.from({ length: 4 }, worker));
    const killed = faultNames.length - survivors.length;
    process.stdout.write(`mutation score: ${killed}/${faultNames.length} faults killed\n`);
    expect(survivors).toEqual([]);
  });
});
