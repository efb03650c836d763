import { afterEach, describe, expect, it } from 'vitest';
import { embeddedTarget, embeddedTimings } from '../../cli/commands/certify.js';
import type { ConformanceCase } from '../../conformance/case.js';
import { allCases } from '../../conformance/cases/index.js';
import { start, toPaymentMethod } from '../../conformance/cases/helpers.js';
import type { RunResults } from '../../conformance/results.js';
import { runSuite } from '../../conformance/runner.js';
import { resolveTarget, type ResolvedTarget } from '../../conformance/target.js';
import type { TerminalProfile } from '../../protocol/validator.js';
import { startReferenceServer, type ReferenceServer } from '../../reference-server/index.js';
import { failures, terminalTokens } from './embedded.js';

/** The cases that use two terminals at once (needs.terminals 2). */
const TWO_TERMINALS = allCases.filter((c) => c.needs?.terminals === 2).map((c) => c.id);
/** The cases that need a terminal the backend has not seen in the run (needs.firstContact). */
const FIRST_CONTACT = allCases.filter((c) => c.needs?.firstContact !== undefined).map((c) => c.id);

const servers: ReferenceServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** A reference server with authentication on and `tokens` test terminals (default-like timings, scaled down), and its target. */
async function vendorBackend(tokens: number, profile: TerminalProfile): Promise<ResolvedTarget> {
  const byToken = terminalTokens(tokens);
  const server = await startReferenceServer({ host: '127.0.0.1', port: 0, testControl: true, config: { ...embeddedTimings }, auth: { mode: 'tokens', tokens: byToken } });
  servers.push(server);
  const description = embeddedTarget(server.url);
  description.auth = { mode: 'tokens', pool: Object.keys(byToken) as [string, ...string[]] };
  description.features = { ...description.features, auth: true };
  return resolveTarget(description, profile);
}

const verdicts = (r: RunResults): string[] => r.cases.map((c) => `${c.id} ${c.verdict}`);

describe('certifying with the test terminals a vendor really has (issue 10)', () => {
  for (const profile of ['strict', 'pinto-android-1'] as const) {
    it(`2 tokens, twice in a row on the same backend: CONFORMANT both times, the same verdicts (${profile})`, { timeout: 240_000 }, async () => {
      const target = await vendorBackend(2, profile);
      const first = await runSuite({ target, cases: allCases });
      const again = await runSuite({ target, cases: allCases });
      process.stdout.write(`2 tokens, ${profile}: ${first.verdict} then ${again.verdict}; expected ${first.terminals?.expectedMs} ms\n`);
      expect(failures(first), profile).toEqual([]);
      expect(first.verdict).toBe('CONFORMANT');
      expect(failures(again), profile).toEqual([]);
      expect(again.verdict).toBe('CONFORMANT');
      expect(verdicts(again)).toEqual(verdicts(first));
      for (const id of TWO_TERMINALS.filter((id) => id !== 'auth/6/1')) expect(first.cases.find((c) => c.id === id)?.verdict, id).not.toBe('NA');
      // One token kept back from settling for a first-contact case (the two-terminal one first); the other such cases are N/A saying why.
      expect(first.terminals?.keptBack).toBe(1);
      for (const id of FIRST_CONTACT) {
        const c = first.cases.find((r) => r.id === id);
        if (c?.id === 'auth/5/2') expect(c.verdict, id).toBe('PASS');
        else expect(c?.reason, id).toMatch(/^needs a test terminal the backend has not seen in this run .*auth\.pool has 2 tokens, 1 kept back for auth\/5\/2/);
      }
      expect(first.terminals?.unsettled).toBeUndefined();
      expect(again.terminals?.unsettled).toBeUndefined();
    });

    it(`1 token: CONFORMANT, the two-terminal cases N/A (${profile})`, { timeout: 240_000 }, async () => {
      const target = await vendorBackend(1, profile);
      const results = await runSuite({ target, cases: allCases });
      expect(failures(results), profile).toEqual([]);
      expect(results.verdict).toBe('CONFORMANT');
      for (const id of TWO_TERMINALS) {
        const c = results.cases.find((r) => r.id === id);
        expect(c?.verdict, id).toBe('NA');
        if (id !== 'auth/6/1') expect(c?.reason, id).toMatch(/^needs a second test terminal/);
      }
      // The only token is the preflight's: none can be kept back for a first contact.
      expect(results.cases.find((c) => c.id === 'auth/2/1')?.reason).toBe('needs a test terminal the backend has not seen in this run (a token kept back from settling until this case): auth.pool has 1 token, none can be kept back');
    });
  }

  it('a terminal opening on a transaction this run saw on another terminal is a FAIL of AUTH-5, never an ERROR (no authentication)', { timeout: 60_000 }, async () => {
    const server = await startReferenceServer({ host: '127.0.0.1', port: 0, testControl: true, config: { ...embeddedTimings }, faults: ['orphan-handed-over'] });
    servers.push(server);
    const results = await runSuite({ target: resolveTarget(embeddedTarget(server.url)), cases: [orphanThenSecond] });
    expect(results.cases[0]?.verdict, results.cases[0]?.reason).toBe('FAIL');
    expect(results.cases[0]?.reason).toMatch(/^isolation breach \(AUTH-5\): the terminal of terminal id \S+-B received SCREEN_CHANGE PAYMENT_METHOD carrying transaction "[^"]+", which this run saw first on the terminal of terminal id \S+-A/);
  });

  it('with tokens, a terminal receiving another token\'s transaction is a FAIL of AUTH-5, never an ERROR of the pool', { timeout: 60_000 }, async () => {
    const byToken = terminalTokens(2);
    const server = await startReferenceServer({ host: '127.0.0.1', port: 0, testControl: true, config: { ...embeddedTimings }, auth: { mode: 'tokens', tokens: byToken }, faults: ['token-overrides-identity'] });
    servers.push(server);
    const description = embeddedTarget(server.url);
    description.auth = { mode: 'tokens', pool: Object.keys(byToken) as [string, ...string[]] };
    const results = await runSuite({ target: resolveTarget(description), cases: [secondNamesFirst] });
    expect(results.cases[0]?.verdict, results.cases[0]?.reason).toBe('FAIL');
    expect(results.cases[0]?.reason).toMatch(/^isolation breach \(AUTH-5\): the terminal of auth\.pool token 2 received SCREEN_CHANGE PAYMENT_METHOD carrying transaction "[^"]+", which this run saw first on the terminal of auth\.pool token 1/);
  });
});

/**
 * A leaves a transaction on PAYMENT_METHOD and loses its network; B then
 * connects (its first connection) expecting its own AMOUNT_SELECT, with
 * `query` on its URL.
 */
function orphanCase(id: string, title: string, query?: Record<string, string>): ConformanceCase {
  return {
    id,
    title,
    requirements: ['AUTH-5'],
    level: 'MUST',
    needs: { terminals: 2 },
    async run(ctx) {
      const a = await start(ctx, { as: 'A' });
      await toPaymentMethod(ctx, a);
      a.t.terminate();
      await start(ctx, { as: 'B', ...(query ? { query } : {}) });
    },
  };
}

const orphanThenSecond = orphanCase('test/9/1', 'an orphaned transaction stays with its terminal');
/** B's token with ?terminalId= naming A's terminal (the reference server's terminal ids are terminal-<n>). */
const secondNamesFirst = orphanCase('test/9/2', "a token's terminal is not overridden by ?terminalId=", { terminalId: 'terminal-1' });
