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

/**
 * A reference server with `tokens` test terminals and a daily limit of `dailyLimit` (its smallest preset is 20),
 * and its target: declaring that limit unless `declared` says otherwise, and test control unless `testControl` is false.
 */
async function limitedBackend(dailyLimit: number, tokens = 2, options: { declared?: number; testControl?: boolean; faults?: string[] } = {}): Promise<{ withTc: ResolvedTarget; target: ResolvedTarget }> {
  const byToken = terminalTokens(tokens);
  const server = await startReferenceServer({ host: '127.0.0.1', port: 0, testControl: true, config: { ...embeddedTimings, dailyLimit }, auth: { mode: 'tokens', tokens: byToken }, faults: options.faults ?? [] });
  servers.push(server);
  const description = embeddedTarget(server.url);
  description.auth = { mode: 'tokens', pool: Object.keys(byToken) as [string, ...string[]] };
  description.features = { ...description.features, auth: true };
  description.dailyLimit = options.declared ?? dailyLimit;
  const withTc = resolveTarget(description);
  const target = resolveTarget({ ...description, features: { ...description.features, testControl: options.testControl ?? true } });
  return { withTc, target };
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

/** Opens with limit-remaining:10 (TC-4) and leaves: what an earlier certification may leave behind. */
const leavesTen: ConformanceCase = {
  id: 'test/3/1',
  title: 'sets limit-remaining:10 and leaves',
  requirements: ['TC-4'],
  level: 'MUST',
  async run(ctx) {
    await start(ctx, { scenario: 'limit-remaining:10' });
  },
};

describe('a spent daily limit is never a FAIL of the backend (FLOW-6)', () => {
  it('without test control, a limit an earlier run spent is an ERROR naming the token and what is left', { timeout: 60_000 }, async () => {
    const { withTc, target } = await limitedBackend(30, 2, { testControl: false });
    expect((await run(withTc, [leavesTen])).verdict).toBe('CONFORMANT');
    const again = await run(target, named(['flow/2/1', 'flow/13/2']));
    expect(again.cases.map((c) => c.verdict), lines(again)).toEqual(['ERROR', 'PASS']);
    expect(again.cases[0]?.reason).toMatch(/^the terminal of auth\.pool token 1 has 10 of its daily limit of 30 left \(LIMIT_ERROR\), less than the 20 selected: it was spent before this case/);
    // An ERROR proves no defect: the run cannot certify, so it is INCOMPLETE (exit 2), not NOT_CONFORMANT.
    expect(again.verdict).toBe('INCOMPLETE');
  });

  it('with test control, the runner resets it before the run: the same cases PASS', { timeout: 60_000 }, async () => {
    const { target } = await limitedBackend(30, 1);
    expect((await run(target, [leavesTen])).verdict).toBe('CONFORMANT');
    const again = await run(target, [justOpens, ...named(['flow/2/1', 'flow/7/1'])]);
    expect(again.cases.map((c) => c.verdict), lines(again)).toEqual(['PASS', 'PASS', 'PASS']);
  });

  it('the case\'s own payments spending the limit are an ERROR of the budget, not a FAIL', { timeout: 60_000 }, async () => {
    const { target } = await limitedBackend(30);
    const results = await run(target, [payThenSelectAgain]);
    expect(results.cases[0]?.verdict, lines(results)).toBe('ERROR');
    expect(results.cases[0]?.reason).toMatch(/has 10 of its daily limit of 30 left after this run's own payments, less than the 20 selected/);
  });

  it('a limit the case set with a test-control scenario is an ERROR of the case, not a FAIL', { timeout: 60_000 }, async () => {
    const { target } = await limitedBackend(300);
    const results = await run(target, [scenarioThenSelect]);
    expect(results.cases[0]?.verdict, lines(results)).toBe('ERROR');
  });

  it('a backend whose limit is not the declared one: an ERROR saying to declare dailyLimit', { timeout: 60_000 }, async () => {
    const { target } = await limitedBackend(10, 2, { declared: 300 });
    const results = await run(target, named(['flow/2/1']));
    expect(results.cases[0]?.verdict, lines(results)).toBe('ERROR');
    expect(results.cases[0]?.reason).toMatch(/reports a daily limit of 10 .*the target declares 300: declare dailyLimit/);
  });

  it('stays a FAIL when the run knows the amount fits: a backend counting a declined payment (flow/6/2)', { timeout: 60_000 }, async () => {
    const { target } = await limitedBackend(300, 2, { faults: ['limit-counts-failed-payments'] });
    const results = await run(target, named(['flow/6/2']));
    expect(results.cases[0]?.verdict, lines(results)).toBe('FAIL');
  });

  it('without test control, a pool whose declared limit cannot fund the paying cases says how many more tokens it needs, before they start', { timeout: 60_000 }, async () => {
    // graph/1/1 pays 40 and needs 60 left; flow/7/1 and txn/1/1 pay 20 each: 80 of payments on one token of 60.
    const ids = ['graph/1/1', 'flow/7/1', 'txn/1/1', 'flow/2/1'];
    const one = await limitedBackend(60, 1, { testControl: false });
    const short = await run(one.target, named(ids));
    const unfunded = short.cases.filter((c) => c.verdict === 'ERROR');
    expect(unfunded.length, lines(short)).toBeGreaterThan(0);
    for (const c of unfunded) expect(c.reason).toMatch(/^needs 1 more token or a higher limit: the daily limit of 60 \(dailyLimit\) on 1 test terminal\(s\) does not fund/);
    expect(short.cases.filter((c) => c.verdict === 'FAIL')).toEqual([]);
    const two = await limitedBackend(60, 2, { testControl: false });
    const enough = await run(two.target, named(ids));
    expect(enough.cases.map((c) => c.verdict), lines(enough)).toEqual(['PASS', 'PASS', 'PASS', 'PASS']);
  });
});
