import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { embeddedTarget, embeddedTimings } from '../../cli/commands/certify.js';
import { allCases } from '../../conformance/cases/index.js';
import { runSuite, selectCases } from '../../conformance/runner.js';
import { resolveTarget } from '../../conformance/target.js';
import { startReferenceServer } from '../../reference-server/index.js';
import { certifyEmbedded, failures, terminalTokens } from './embedded.js';

const AUTH_CASES = ['auth/2/1', 'auth/4/1', 'auth/4/2', 'auth/5/1'];

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
      // Terminals enough for every case let them run side by side.
      expect(results.terminals?.concurrency).toBe(8);
    });
  }

  it('with two tokens for many cases, each terminal is settled between cases: every case PASSes on reused terminals', { timeout: 120_000 }, async () => {
    // flow/6/1 leaves its terminal out of daily limit, auth/5/1 leaves A in PROCESSING: the runner settles and resets them.
    const cases = ['flow/6/1', 'flow/2/1', 'resumption/1/1', 'flow/7/1', 'auth/5/1', 'flow/6/3', 'txn/7/1', 'flow/3/1'];
    const results = await certifyEmbedded({ auth: true, poolSize: 2, cases });
    const lines = results.cases.map((c) => `${c.id} ${c.verdict}: ${c.reason ?? ''}`);
    expect(results.cases.filter((c) => c.verdict !== 'PASS'), lines.join('\n')).toEqual([]);
    expect(results.terminals?.concurrency).toBe(2);
    expect(results.terminals?.tokens).toBe(2);
    expect(results.terminals?.reused.length).toBeGreaterThan(0);
    expect(results.terminals?.unsettled).toBeUndefined();
  });

  it('a terminal out of daily limit after an earlier case is reset with test control: the next payment on it PASSes', { timeout: 60_000 }, async () => {
    // One token: flow/6/1 leaves its terminal with nothing left of the daily limit, flow/7/1 then pays on it.
    const results = await certifyEmbedded({ auth: true, poolSize: 1, cases: ['flow/6/1', 'flow/7/1'] });
    expect(results.cases.map((c) => `${c.id} ${c.verdict} ${c.reason ?? ''}`)).toEqual(['flow/6/1 PASS ', 'flow/7/1 PASS ']);
    expect(results.terminals).toMatchObject({ tokens: 1, concurrency: 1, used: 1 });
    // One of the two ran first; the other got its terminal, settled and reset.
    expect(results.terminals?.reused.length).toBe(1);
  });

  it('a case needing a second terminal when the pool has one is N/A saying so, never ERROR', { timeout: 60_000 }, async () => {
    const results = await certifyEmbedded({ auth: true, poolSize: 1, cases: ['auth/5/1'] });
    expect(results.cases[0]?.verdict).toBe('NA');
    expect(results.cases[0]?.reason).toBe('needs a second test terminal (auth.pool has 1 usable token)');
    expect(results.verdict).toBe('CONFORMANT');
  });

  it('a token an earlier run left mid-payment is settled before the run (its transaction resumed and waited out): the next run PASSes on it', { timeout: 60_000 }, async () => {
    const tokens = terminalTokens(2);
    const server = await startReferenceServer({ host: '127.0.0.1', port: 0, testControl: true, config: { ...embeddedTimings }, auth: { mode: 'tokens', tokens } });
    try {
      const description = { ...embeddedTarget(server.url), auth: { mode: 'tokens' as const, pool: Object.keys(tokens) as [string, ...string[]] } };
      await leaveInProcessing(server.url, Object.keys(tokens)[0] as string);
      const again = await runSuite({ target: resolveTarget(description), cases: selectCases(allCases, ['flow/7/1']) });
      expect(again.cases[0]?.verdict, again.cases[0]?.reason).toBe('PASS');
      expect(again.terminals?.unsettled).toBeUndefined();
    } finally {
      await server.close();
    }
  });
});

/** Plays a terminal that selects an amount and a method, then loses its network: the backend keeps the payment for its next connection (RES-3). */
async function leaveInProcessing(url: string, token: string): Promise<void> {
  const ws = new WebSocket(url, { headers: { Authorization: `Bearer ${token}` } });
  const screens: string[] = [];
  const next = (screen: string): Promise<void> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${screen}, got ${screens.join(',')}`)), 3000);
      const check = (): void => {
        if (screens.includes(screen)) {
          clearTimeout(timer);
          resolve();
        } else ws.once('message', (data) => { screens.push((JSON.parse(data.toString()) as { screen: string }).screen); check(); });
      };
      check();
    });
  await next('AMOUNT_SELECT');
  ws.send(JSON.stringify({ messageType: 'USER_ACTION', screen: 'AMOUNT_SELECT', data: { selectedAmount: 20, selectionMethod: 'PRESET_BUTTON' }, transactionId: 'T-earlier-run-1', timestamp: Date.now() }));
  await next('PAYMENT_METHOD');
  ws.send(JSON.stringify({ messageType: 'USER_ACTION', screen: 'PAYMENT_METHOD', data: { selectedMethod: 'DEBIT_CARD' }, transactionId: 'T-earlier-run-1', timestamp: Date.now() }));
  await next('PROCESSING');
  ws.terminate();
}
