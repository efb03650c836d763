import { afterEach, describe, expect, it } from 'vitest';
import { embeddedTarget, embeddedTimings } from '../../cli/commands/certify.js';
import { allCases } from '../../conformance/cases/index.js';
import type { RunResults } from '../../conformance/results.js';
import { runSuite } from '../../conformance/runner.js';
import { resolveTarget, type ResolvedTarget } from '../../conformance/target.js';
import type { TerminalProfile } from '../../protocol/validator.js';
import { startReferenceServer, type ReferenceServer } from '../../reference-server/index.js';
import { failures, terminalTokens } from './embedded.js';

/** The cases that use two terminals at once (needs.terminals 2). */
const TWO_TERMINALS = allCases.filter((c) => c.needs?.terminals === 2).map((c) => c.id);

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
    });
  }
});
