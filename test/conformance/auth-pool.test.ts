import { describe, expect, it } from 'vitest';
import { embeddedTarget, embeddedTimings } from '../../cli/commands/certify.js';
import { allCases } from '../../conformance/cases/index.js';
import { runSuite, selectCases } from '../../conformance/runner.js';
import { resolveTarget } from '../../conformance/target.js';
import { startReferenceServer } from '../../reference-server/index.js';
import { certifyEmbedded, failures, terminalTokens } from './embedded.js';

const AUTH_CASES = ['auth/2/1', 'auth/4/1', 'auth/4/2', 'auth/5/1'];
const REUSE = /^terminal reused from case \S+ (resumed its transaction|has used up its daily limit) \(.+\): declare more tokens in auth\.pool$/;

describe('the full suite with authentication on (AUTH-2): a pool of terminal tokens', () => {
  for (const profile of ['strict', 'pinto-android-1'] as const) {
    it(`is CONFORMANT on the reference server, every case on fresh terminals (${profile})`, { timeout: 120_000 }, async () => {
      const started = Date.now();
      const results = await certifyEmbedded({ profile, auth: true });
      process.stdout.write(`auth mode, ${profile}: ${results.verdict}, ${results.cases.length} cases in ${((Date.now() - started) / 1000).toFixed(1)} s, ${results.terminals?.concurrency} at once\n`);
      expect(failures(results), profile).toEqual([]);
      expect(results.verdict).toBe('CONFORMANT');
      for (const id of AUTH_CASES) expect(results.cases.find((c) => c.id === id)?.verdict, id).toBe('PASS');
      expect(results.terminals?.tokens).toBe(2 * allCases.length);
      expect(results.terminals?.reused).toEqual([]);
      // Fresh terminals for every case let them run side by side again.
      expect(results.terminals?.concurrency).toBe(8);
    });
  }

  it('with two tokens for many cases, terminals are reused one case at a time: PASS or an ERROR naming the reuse, never FAIL', { timeout: 120_000 }, async () => {
    // flow/6/1 leaves its terminal out of daily limit, flow/13/1's predecessors leave transactions open: later cases meet that state.
    const cases = ['flow/6/1', 'flow/2/1', 'resumption/1/1', 'flow/7/1', 'auth/5/1', 'flow/6/3', 'txn/7/1', 'flow/3/1'];
    const results = await certifyEmbedded({ auth: true, poolSize: 2, cases });
    const lines = results.cases.map((c) => `${c.id} ${c.verdict}: ${c.reason ?? ''}`);
    for (const c of results.cases) {
      expect(['PASS', 'ERROR', 'NA', 'SKIP'], lines.join('\n')).toContain(c.verdict);
      if (c.verdict === 'ERROR') expect(c.reason, c.id).toMatch(REUSE);
    }
    // auth/5/1 runs first and leaves terminal A in PROCESSING: the next case on it meets that transaction.
    expect(results.cases.filter((c) => c.verdict === 'ERROR').length, lines.join('\n')).toBeGreaterThan(0);
    expect(results.cases.find((c) => c.id === 'auth/5/1')?.verdict).toBe('PASS');
    expect(results.terminals?.concurrency).toBe(1);
    expect(results.terminals?.tokens).toBe(2);
    expect(results.terminals?.reused.length).toBeGreaterThan(0);
  });

  it('a reused terminal out of daily limit is an ERROR naming the earlier case, not a FAIL of FLOW-6', { timeout: 60_000 }, async () => {
    // One token: flow/6/1 leaves its terminal with nothing left of the daily limit, flow/7/1 then tries to pay on it.
    const results = await certifyEmbedded({ auth: true, poolSize: 1, cases: ['flow/6/1', 'flow/7/1'] });
    expect(results.cases.map((c) => c.verdict)).toEqual(['PASS', 'ERROR']);
    expect(results.cases[1]?.reason).toMatch(/^terminal reused from case flow\/6\/1 has used up its daily limit \(A got LIMIT_ERROR\): declare more tokens in auth\.pool$/);
    expect(results.terminals).toEqual({ tokens: 1, concurrency: 1, used: 1, reused: [{ case: 'flow/7/1', identity: 'A', from: 'flow/6/1' }] });
  });

  it('a case needing a second terminal when the pool has one is an ERROR saying so', { timeout: 60_000 }, async () => {
    const results = await certifyEmbedded({ auth: true, poolSize: 1, cases: ['auth/5/1'] });
    expect(results.cases[0]?.verdict).toBe('ERROR');
    expect(results.cases[0]?.reason).toMatch(/^no terminal left for identity B: .*declare more tokens in auth\.pool$/);
  });

  it('a token an earlier run left on an open transaction is an ERROR saying the terminal is not fresh', { timeout: 60_000 }, async () => {
    const tokens = terminalTokens(2);
    const server = await startReferenceServer({ host: '127.0.0.1', port: 0, testControl: true, config: { ...embeddedTimings }, auth: { mode: 'tokens', tokens } });
    try {
      const description = { ...embeddedTarget(server.url), auth: { mode: 'tokens' as const, pool: Object.keys(tokens) as [string, ...string[]] } };
      const target = resolveTarget(description);
      // auth/5/1 ends with terminal A in PROCESSING: the backend keeps that transaction for the next connection (RES-3).
      const first = await runSuite({ target, cases: selectCases(allCases, ['auth/5/1']) });
      expect(first.cases[0]?.verdict).toBe('PASS');
      const again = await runSuite({ target, cases: selectCases(allCases, ['flow/7/1']) });
      expect(again.cases[0]?.verdict).toBe('ERROR');
      expect(again.cases[0]?.reason).toMatch(/^terminal of auth\.pool token 1 is not fresh: it resumed a transaction from before this run \(A opened on (PROCESSING|SUCCESS|PRINT_TICKET|COLLECT_TICKET|THANK_YOU) "T-[^"]+"\): declare tokens of unused terminals in auth\.pool$/);
    } finally {
      await server.close();
    }
  });
});
