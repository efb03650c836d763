import { describe, expect, it } from 'vitest';
import { embeddedTarget, embeddedTimings } from '../../cli/commands/certify.js';
import { allCases } from '../../conformance/cases/index.js';
import type { RunResults } from '../../conformance/results.js';
import { runSuite, selectCases } from '../../conformance/runner.js';
import { resolveTarget } from '../../conformance/target.js';
import { startReferenceServer } from '../../reference-server/index.js';
import { certifyEmbedded, terminalTokens } from './embedded.js';

/**
 * A backend that breaks the first screen (issue 23): against a pool of 128
 * tokens it is NOT_CONFORMANT (exit 1) with a FAIL naming the requirement it
 * breaks, never INCOMPLETE ("could not run", exit 2) after every token failed
 * to settle one after another. Settling runs many tokens at once and stops at
 * the first broken first screen; the cases that judge first screens run, and
 * the run stops there.
 *
 * The requirement each fault breaks is written from the fault descriptions
 * (reference-server/faults.ts), not read from the run.
 */
const broken: Array<{ fault: string; requirement: RegExp }> = [
  { fault: 'no-initial-screen', requirement: /FLOW-1/ },
  { fault: 'slow-initial-screen', requirement: /FLOW-1/ },
  { fault: 'wrong-initial-transaction-id', requirement: /FLOW-1|ENV-7/ },
  { fault: 'missing-timestamp', requirement: /ENV-1/ },
  { fault: 'lowercase-message-type', requirement: /ENV-2|ENV-14/ },
  { fault: 'string-amounts', requirement: /ENV-11/ },
];

const TOKENS = 128;
/**
 * A generous bound, documented: the issue asks for under a minute whatever
 * the pool; the structure (settling stopped early, the run stopped after the
 * first-screen cases) is what the test asserts, this only catches a return
 * to settling every token one after another (161-289 s before issue 23).
 */
const GENEROUS_MS = 60_000;

/** The cases that judge the first screen (firstScreenGate) and FAILed. */
function gateFails(results: RunResults): string[] {
  return results.cases.filter((c) => c.verdict === 'FAIL').map((c) => c.id);
}

describe('a backend that breaks the first screen, with a pool of 128 tokens (issue 23)', () => {
  for (const profile of ['strict', 'pinto-android-1'] as const) {
    it(`is NOT_CONFORMANT with a FAIL naming the requirement, and stops early (${profile})`, { timeout: 600_000 }, async () => {
      const lines: string[] = [];
      // One server per fault, all at once: the runs wait on timers, not on the CPU.
      await Promise.all(
        broken.map(async ({ fault, requirement }) => {
          const started = Date.now();
          const results = await certifyEmbedded({ faults: [fault], auth: true, poolSize: TOKENS, profile });
          const ms = Date.now() - started;
          lines.push(`${fault} (${profile}): ${results.verdict} in ${(ms / 1000).toFixed(1)} s, FAIL ${gateFails(results).join(', ')}; ${results.terminals?.firstScreens?.length ?? 0} broken first screens met, ${results.terminals?.used ?? 0} of ${TOKENS} tokens used`);
          expect(results.verdict, fault).toBe('NOT_CONFORMANT');
          const fails = results.cases.filter((c) => c.verdict === 'FAIL');
          expect(fails.length, fault).toBeGreaterThan(0);
          // A FAIL names the requirement the fault breaks, in its reason or grounds, with the frame in its wire log.
          expect(fails.some((c) => requirement.test(`${c.reason ?? ''} ${(c.grounds ?? []).map((g) => g.requirement).join(' ')}`)), `${fault}: ${fails.map((c) => `${c.id}: ${c.reason}`).join('; ')}`).toBe(true);
          expect(fails.every((c) => c.wire.some((e) => e.direction === 'received' || e.kind === 'open')), fault).toBe(true);
          // Never an ERROR of the pool: the other cases say the run stopped at the first screen.
          for (const c of results.cases.filter((r) => r.verdict === 'ERROR')) expect(c.reason, `${fault} ${c.id}`).toMatch(/^not run: the run stopped early, the backend's first screen already fails/);
          expect(results.terminals?.unsettled, fault).toBeUndefined();
          expect(results.terminals?.stoppedEarly?.length, fault).toBeGreaterThan(0);
          // Settling stopped at the first broken screens: far fewer than the pool were touched.
          expect(results.terminals?.used ?? TOKENS, fault).toBeLessThan(TOKENS / 2);
          expect(ms, `${fault}: ${ms} ms`).toBeLessThan(GENEROUS_MS);
        }),
      );
      process.stdout.write(`${lines.sort().join('\n')}\n`);
    });
  }
});

describe('exit 2 stays for a pool the backend refuses (issue 23)', () => {
  it('a token the backend refuses with 401 is the pool\'s fault, said per token: INCOMPLETE, not a FAIL', { timeout: 60_000 }, async () => {
    const tokens = terminalTokens(2);
    const server = await startReferenceServer({ host: '127.0.0.1', port: 0, testControl: true, config: { ...embeddedTimings }, auth: { mode: 'tokens', tokens } });
    try {
      const description = embeddedTarget(server.url);
      // Token 3 is not one the backend knows (a typo in the pool, a revoked terminal).
      description.auth = { mode: 'tokens', pool: ['paysock-test-token-1', ...Object.keys(tokens).slice(1), 'paysock-revoked-token'] };
      description.features = { ...description.features, auth: true };
      const results = await runSuite({ target: resolveTarget(description), cases: selectCases(allCases, ['flow/2/1']) });
      expect(results.verdict).toBe('INCOMPLETE');
      expect(results.terminals?.unsettled).toEqual([{ token: 3, when: 'before the run', shows: 'no connection (HTTP 401 instead of the WebSocket upgrade: the backend does not accept this token of auth.pool)' }]);
      expect(results.terminals?.firstScreens).toBeUndefined();
      expect(results.cases[0]?.verdict).toBe('PASS');
    } finally {
      await server.close();
    }
  });
});

describe('a slow moment while settling is not a broken backend (issue 23)', () => {
  it('first screens late only on the first settle connections: the first-screen cases PASS, the run goes on and is CONFORMANT', { timeout: 60_000 }, async () => {
    const tokens = terminalTokens(6);
    const server = await startReferenceServer({ host: '127.0.0.1', port: 0, testControl: true, config: { ...embeddedTimings }, auth: { mode: 'tokens', tokens } });
    // The first 3 connections get their frames 1.5 s after the upgrade: what a backend busy for a moment looks like.
    const proxy = await slowStart(server.url, 3, 1500);
    try {
      const description = embeddedTarget(proxy.url);
      description.auth = { mode: 'tokens', pool: ['paysock-test-token-1', ...Object.keys(tokens).slice(1)] };
      description.features = { ...description.features, auth: true };
      const results = await runSuite({ target: resolveTarget(description), cases: selectCases(allCases, ['transport/1/1', 'envelope/1/1', 'flow/2/1', 'flow/7/1']), concurrency: 2 });
      expect(results.cases.map((c) => `${c.id} ${c.verdict} ${c.reason ?? ''}`)).toEqual(['transport/1/1 PASS ', 'envelope/1/1 PASS ', 'flow/2/1 PASS ', 'flow/7/1 PASS ']);
      expect(results.verdict).toBe('CONFORMANT');
      expect(results.terminals?.stoppedEarly).toBeUndefined();
      expect(results.terminals?.unsettled).toBeUndefined();
      expect(proxy.slowed()).toBe(3);
    } finally {
      await proxy.close();
      await server.close();
    }
  });
});

/**
 * A TCP proxy in front of `target` that holds back what the server sends
 * after its upgrade answer by `delayMs` on the first `count` connections.
 */
async function slowStart(target: string, count: number, delayMs: number): Promise<{ url: string; slowed: () => number; close: () => Promise<void> }> {
  const { createServer, connect } = await import('node:net');
  const to = new URL(target);
  let seen = 0;
  let slowed = 0;
  const sockets = new Set<import('node:net').Socket>();
  const server = createServer((client) => {
    const slow = seen++ < count;
    const upstream = connect(Number(to.port), to.hostname);
    sockets.add(client).add(upstream);
    let upgraded = false;
    client.on('data', (d) => upstream.write(d));
    upstream.on('data', (d) => {
      if (!slow || !upgraded) {
        const text = d.toString('latin1');
        const end = text.indexOf('\r\n\r\n');
        if (!slow || end < 0) return void client.write(d);
        upgraded = true;
        slowed++;
        client.write(d.subarray(0, end + 4));
        const rest = d.subarray(end + 4);
        if (rest.length > 0) setTimeout(() => client.writable && client.write(rest), delayMs);
        return;
      }
      setTimeout(() => client.writable && client.write(d), delayMs);
    });
    const end = (): void => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as import('node:net').AddressInfo).port;
  return {
    url: `ws://127.0.0.1:${port}/`,
    slowed: () => slowed,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise((r) => server.close(() => r()));
    },
  };
}
