import { afterEach, describe, expect, it } from 'vitest';
import { embeddedTarget, embeddedTimings } from '../../cli/commands/certify.js';
import type { ConformanceCase } from '../../conformance/case.js';
import { allCases } from '../../conformance/cases/index.js';
import { followReceipt, payToSuccess, start, toPaymentMethod } from '../../conformance/cases/helpers.js';
import type { RunResults } from '../../conformance/results.js';
import { runSuite, selectCases } from '../../conformance/runner.js';
import { resolveTarget, type ResolvedTarget } from '../../conformance/target.js';
import { startReferenceServer, type ReferenceServer } from '../../reference-server/index.js';
import { terminalTokens } from './embedded.js';

const SPENT = /^terminal of auth\.pool token (\d+) has used its daily limit before this case \(LIMIT_ERROR remaining (\d+) of (\d+)\): use fresh tokens or reset the backend$/;

const servers: ReferenceServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** A reference server with `tokens` test terminals and a daily limit of `dailyLimit` (its smallest preset is 20), and its target. */
async function limitedBackend(dailyLimit: number, tokens = 2): Promise<ResolvedTarget> {
  const byToken = terminalTokens(tokens);
  const server = await startReferenceServer({ host: '127.0.0.1', port: 0, testControl: true, config: { ...embeddedTimings, dailyLimit }, auth: { mode: 'tokens', tokens: byToken } });
  servers.push(server);
  const description = embeddedTarget(server.url);
  description.auth = { mode: 'tokens', pool: Object.keys(byToken) as [string, ...string[]] };
  description.features = { ...description.features, auth: true };
  return resolveTarget(description);
}

function run(target: ResolvedTarget, cases: readonly ConformanceCase[]): Promise<RunResults> {
  return runSuite({ target, cases, concurrency: 1 });
}

/** The suite's cases with these ids, in this order (a run leases tokens in case order). */
const named = (ids: string[]): ConformanceCase[] => ids.flatMap((id) => selectCases(allCases, [id]));
const lines = (r: RunResults): string => r.cases.map((c) => `${c.id} ${c.verdict}: ${c.reason ?? ''}`).join('\n');

/** Pays the smallest preset, then selects it again expecting PAYMENT_METHOD: its own payment may have used the limit. */
const payThenSelectAgain: ConformanceCase = {
  id: 'test/1/1',
  title: 'pays, then selects the same amount again',
  requirements: ['FLOW-6'],
  level: 'MUST',
  async run(ctx) {
    const s = await start(ctx);
    const paid = await payToSuccess(ctx, s);
    await followReceipt(ctx, s.t, paid.showReceipt);
    await toPaymentMethod(ctx, s);
  },
};

/** Opens on AMOUNT_SELECT and leaves: uses a terminal without paying. */
const justOpens: ConformanceCase = {
  id: 'test/0/1',
  title: 'opens and leaves',
  requirements: ['FLOW-1'],
  level: 'MUST',
  async run(ctx) {
    await start(ctx);
  },
};

/** Sets the remaining limit below the smallest preset with test control (TC-4), then selects it expecting PAYMENT_METHOD. */
const scenarioThenSelect: ConformanceCase = {
  id: 'test/2/1',
  title: 'sets limit-remaining:10, then selects 20',
  requirements: ['FLOW-6'],
  level: 'MUST',
  async run(ctx) {
    await toPaymentMethod(ctx, await start(ctx, { scenario: 'limit-remaining:10' }));
  },
};

describe('a pool terminal whose daily limit an earlier run spent (FLOW-6)', () => {
  it('is an ERROR naming the token in the second run on the same tokens, not a FAIL', { timeout: 60_000 }, async () => {
    const target = await limitedBackend(30);
    // The first run pays 20 of the 30 on token 1's terminal.
    const first = await run(target, named(['flow/7/1']));
    expect(first.verdict, lines(first)).toBe('CONFORMANT');
    // The second run starts again at token 1: 20 is over the 10 left; token 2 is untouched.
    const again = await run(target, named(['flow/7/1', 'flow/13/2']));
    expect(again.cases.map((c) => c.verdict), lines(again)).toEqual(['ERROR', 'PASS']);
    expect(again.cases[0]?.reason).toBe('terminal of auth.pool token 1 has used its daily limit before this case (LIMIT_ERROR remaining 10 of 30): use fresh tokens or reset the backend');
    // An ERROR proves no defect: the run cannot certify, so it is INCOMPLETE (exit 2), not NOT_CONFORMANT.
    expect(again.verdict).toBe('INCOMPLETE');
  });

  it('is that ERROR on a reused token too when the earlier case of this run paid nothing on it', { timeout: 60_000 }, async () => {
    const target = await limitedBackend(30, 1);
    expect((await run(target, named(['flow/7/1']))).verdict).toBe('CONFORMANT');
    const again = await run(target, [justOpens, ...named(['flow/2/1'])]);
    expect(again.cases.map((c) => c.verdict), lines(again)).toEqual(['PASS', 'ERROR']);
    expect(again.cases[1]?.reason?.match(SPENT)?.slice(1)).toEqual(['1', '10', '30']);
    expect(again.terminals?.reused).toEqual([{ case: 'flow/2/1', identity: 'A', from: 'test/0/1' }]);
  });

  it('stays a FAIL when the case itself paid on the terminal in this run', { timeout: 60_000 }, async () => {
    const target = await limitedBackend(30);
    const results = await run(target, [payThenSelectAgain]);
    expect(results.cases[0]?.verdict, lines(results)).toBe('FAIL');
    expect(results.cases[0]?.reason).toMatch(/shows PAYMENT_METHOD: expected SCREEN_CHANGE PAYMENT_METHOD .*, got SCREEN_CHANGE screen LIMIT_ERROR/);
  });

  it('stays a FAIL when the case set the limit with a test-control scenario', { timeout: 60_000 }, async () => {
    const target = await limitedBackend(300);
    const results = await run(target, [scenarioThenSelect]);
    expect(results.cases[0]?.verdict, lines(results)).toBe('FAIL');
  });

  it('is the earlier case\'s ERROR, not the earlier run\'s, when a case of this run paid on the reused terminal', { timeout: 60_000 }, async () => {
    const target = await limitedBackend(30, 1);
    const results = await run(target, named(['flow/7/1', 'flow/2/1']));
    expect(results.cases.map((c) => c.verdict), lines(results)).toEqual(['PASS', 'ERROR']);
    expect(results.cases[1]?.reason).toMatch(/^terminal reused from case flow\/7\/1 has used up its daily limit/);
  });

  it('stays a FAIL when the LIMIT_ERROR says nothing was spent (a limit below the smallest preset)', { timeout: 60_000 }, async () => {
    const target = await limitedBackend(10);
    const results = await run(target, named(['flow/2/1']));
    expect(results.cases[0]?.verdict, lines(results)).toBe('FAIL');
    expect(results.cases[0]?.reason).toContain('LIMIT_ERROR');
  });
});
