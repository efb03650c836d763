import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { allCases } from '../../conformance/cases/index.js';
import { runSuite, selectCases } from '../../conformance/runner.js';
import { resolveTarget } from '../../conformance/target.js';
import type { ConformanceTarget } from '../../protocol/types/generated-formats.js';

const servers: Server[] = [];
const timers: NodeJS.Timeout[] = [];
afterEach(async () => {
  for (const t of timers.splice(0)) clearInterval(t);
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => { s.closeAllConnections(); s.close(r); })));
});

/**
 * A loopback backend that answers every frame with AMOUNT_SELECT "initial" (what
 * a dialect RESET on AMOUNT_SELECT gets, DIA-4), never rate-limits (ERR-7), and
 * pings every `pingEveryMs` without ever dropping a silent peer (TRN-8 half done).
 */
async function lenient(pingEveryMs: number): Promise<string> {
  const server = createServer((_req, res) => res.writeHead(404).end());
  servers.push(server);
  const wss = new WebSocketServer({ server });
  const screen = (): string => JSON.stringify({ messageType: 'SCREEN_CHANGE', screen: 'AMOUNT_SELECT', data: { amounts: [20], currency: '£', showOtherOption: false }, transactionId: 'initial', timestamp: Date.now() });
  wss.on('connection', (ws) => {
    ws.send(screen());
    ws.on('message', () => ws.send(screen()));
  });
  timers.push(setInterval(() => { for (const ws of wss.clients) ws.ping(); }, pingEveryMs));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `ws://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

async function certify(target: ConformanceTarget, ids: string[]) {
  return runSuite({ target: resolveTarget(target, 'pinto-android-1'), cases: selectCases(allCases, ids), concurrency: 4 });
}

function verdicts(results: Awaited<ReturnType<typeof certify>>): Record<string, string> {
  return Object.fromEntries(results.cases.map((c) => [c.id, c.verdict]));
}

describe('SHOULD cases warn, never fail, and say why', () => {
  it('ERR-7: a backend that never rate-limits gets WARN naming RATE_LIMITED', { timeout: 20_000 }, async () => {
    const url = await lenient(60_000);
    const results = await certify({ url }, ['bad-input/7/1']);
    const c = results.cases[0];
    expect(c?.verdict, c?.reason).toBe('WARN');
    expect(c?.reason).toContain('RATE_LIMITED');
    expect(c?.reason).toContain('60 SCREEN_CHANGE');
    expect(results.verdict).toBe('CONFORMANT');
  });

  it('TRN-8: N/A without a declared ping interval; pings seen, but a silent peer that is never dropped is a WARN', { timeout: 20_000 }, async () => {
    const url = await lenient(200);
    expect(verdicts(await certify({ url }, ['transport/8']))).toEqual({ 'transport/8/1': 'NA', 'transport/8/2': 'NA' });
    const results = await certify({ url, timings: { pingIntervalMs: 200 } }, ['transport/8']);
    expect(verdicts(results)).toEqual({ 'transport/8/1': 'PASS', 'transport/8/2': 'WARN' });
    expect(results.cases[1]?.reason).toMatch(/no ping is dropped.*still open/);
  });

  it('TRN-8: a backend that declares an interval but never pings gets WARN', { timeout: 20_000 }, async () => {
    const url = await lenient(60_000);
    const results = await certify({ url, timings: { pingIntervalMs: 200 } }, ['transport/8/1']);
    expect(results.cases[0]?.verdict).toBe('WARN');
    expect(results.cases[0]?.reason).toContain('no ping within 500 ms');
  });
});
