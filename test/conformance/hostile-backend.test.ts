import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { allCases } from '../../conformance/cases/index.js';
import { runSuite, selectCases } from '../../conformance/runner.js';
import { resolveTarget } from '../../conformance/target.js';

type Behaviour = (socket: WebSocket, raw: Socket) => void;

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => { s.closeAllConnections(); s.close(r); })));
});

/** A loopback backend that misbehaves as told (or refuses the handshake with an HTTP status). */
async function hostile(behaviour: Behaviour | { status: number }): Promise<string> {
  const server = createServer((_req, res) => res.writeHead(404).end());
  servers.push(server);
  if ('status' in behaviour) {
    server.on('upgrade', (_req, socket) => socket.end(`HTTP/1.1 ${behaviour.status} Nope\r\nContent-Length: 0\r\n\r\n`));
  } else {
    const wss = new WebSocketServer({ server });
    wss.on('connection', (ws, req) => behaviour(ws, req.socket));
  }
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `ws://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

async function certify(url: string, ids: string[]) {
  const target = resolveTarget({ url, timings: { idleTimeoutMs: 1000, stepDelayMs: 50, processingMs: 50, processorTimeoutMs: 300, deviceErrorMs: 300 }, features: { otherKeypad: true, testControl: true } });
  return runSuite({ target, cases: selectCases(allCases, ids), concurrency: 8, timeoutScale: 0.5 });
}

const SOME = ['transport/1/1', 'flow/2/1', 'bad-input/1/1', 'envelope/9/1', 'resumption/1/1'];

function expectJudged(results: Awaited<ReturnType<typeof certify>>, verdicts: string[]): void {
  for (const c of results.cases) {
    expect(verdicts, `${c.id}: ${c.verdict} ${c.reason}`).toContain(c.verdict);
    expect(c.reason, c.id).toBeTruthy();
    expect(c.reason).not.toContain('\n');
  }
  expect(results.verdict).not.toBe('CONFORMANT');
}

describe('the runner against a hostile backend: judged, no hang, no crash', () => {
  it('garbage frames fail with a schema reason', async () => {
    const url = await hostile((ws) => ws.send('garbage { not json'));
    const results = await certify(url, SOME);
    expectJudged(results, ['FAIL']);
    expect(results.cases[0]?.reason).toMatch(/not JSON|AMOUNT_SELECT/);
  });

  it('a 1 MiB frame fails (over 64 KiB)', async () => {
    const url = await hostile((ws) => ws.send(JSON.stringify({ messageType: 'SCREEN_CHANGE', screen: 'AMOUNT_SELECT', data: { pad: 'x'.repeat(1 << 20) }, transactionId: 'initial', timestamp: Date.now() })));
    const results = await certify(url, ['transport/1/1']);
    expectJudged(results, ['FAIL']);
    expect(results.cases[0]?.schemaErrors.some((e) => e.requirement === 'TRN-4')).toBe(true);
  });

  it('invalid UTF-8 fails', async () => {
    const url = await hostile((_ws, raw) => raw.write(Buffer.from([0x81, 0x04, 0x7b, 0xc3, 0x28, 0x7d])));
    const results = await certify(url, SOME);
    expectJudged(results, ['FAIL']);
  });

  it('closing at once fails', async () => {
    const url = await hostile((ws) => ws.close(1000));
    expectJudged(await certify(url, SOME), ['FAIL']);
  });

  it('never answering fails within the deadlines', async () => {
    const url = await hostile(() => undefined);
    expectJudged(await certify(url, SOME), ['FAIL']);
  });

  it('a handshake refused with 500 is an ERROR and the run is INCOMPLETE', async () => {
    const url = await hostile({ status: 500 });
    const results = await certify(url, SOME);
    expectJudged(results, ['ERROR']);
    expect(results.verdict).toBe('INCOMPLETE');
    expect(results.cases[0]?.reason).toContain('HTTP 500');
  });

  it('a closed port is an ERROR', async () => {
    const url = await hostile({ status: 500 });
    const port = new URL(url).port;
    await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
    const results = await certify(`ws://127.0.0.1:${port}/`, ['transport/1/1']);
    expectJudged(results, ['ERROR']);
  });
});
