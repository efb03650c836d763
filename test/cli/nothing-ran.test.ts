import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { paysock } from './run-in-process.js';
import { parseRunResults } from '../../conformance/report/index.js';
import type { LoadSummary } from '../../load/summary.js';
import { elements, parseXml } from '../conformance/fixtures/xml.js';

/** A loopback port nothing listens on (it was free a moment ago). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

let dir: string;
let deadUrl: string;
/** Answers every request, the upgrade included, with 404. */
let notFound: Server;
let notFoundUrl: string;
/** Accepts the WebSocket upgrade and never sends a frame: terminals connect, nothing completes. */
let silent: WebSocketServer;
let silentUrl: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'paysock-nothing-ran-'));
  deadUrl = `ws://127.0.0.1:${await closedPort()}/`;
  notFound = createServer((_req, res) => res.writeHead(404).end());
  notFound.on('upgrade', (_req, socket) => socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n'));
  await new Promise<void>((resolve) => notFound.listen(0, '127.0.0.1', resolve));
  notFoundUrl = `ws://127.0.0.1:${(notFound.address() as AddressInfo).port}/`;
  silent = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => silent.once('listening', resolve));
  silentUrl = `ws://127.0.0.1:${(silent.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => notFound.close(() => resolve()));
  for (const client of silent.clients) client.terminate();
  await new Promise<void>((resolve) => silent.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

describe('certify against a backend it cannot reach', () => {
  it('says why in one line, exits 2, and writes a report whose verdict is COULD_NOT_RUN', async () => {
    const reports = join(dir, 'refused');
    const run = await paysock(['certify', deadUrl, '--report-dir', reports]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`paysock: cannot connect to ${deadUrl}: ECONNREFUSED\n`);
    expect(run.stdout).not.toMatch(/FAIL|NOT_CONFORMANT/);
    const results = parseRunResults(readFileSync(join(reports, 'results.json'), 'utf8'));
    expect(results.verdict).toBe('COULD_NOT_RUN');
    expect(results.reason).toBe(`cannot connect to ${deadUrl}: ECONNREFUSED`);
    expect(results.counts.FAIL).toBe(0);
    expect(readFileSync(join(reports, 'conformance.html'), 'utf8')).toContain(`Could not run: cannot connect to ${deadUrl}: ECONNREFUSED`);
    const junit = readFileSync(join(reports, 'conformance.junit.xml'), 'utf8');
    // Well-formed, and one erroring test: a CI system must not read "0 tests" as a pass.
    const root = parseXml(junit);
    expect(root.attributes).toMatchObject({ tests: '1', errors: '1', failures: '0' });
    expect(elements(root, 'error')).toHaveLength(1);
    expect(junit).toContain(`<error message="could not run: cannot connect to ${deadUrl}: ECONNREFUSED"`);

    const rerendered = join(dir, 'rerendered');
    const report = await paysock(['report', join(reports, 'results.json'), '--report-dir', rerendered]);
    expect(report.code).toBe(0);
    expect(report.stdout).toContain(`COULD_NOT_RUN: cannot connect to ${deadUrl}: ECONNREFUSED`);
    expect(readFileSync(join(rerendered, 'conformance.html'), 'utf8')).toContain('Could not run: ');
  });

  it('an upgrade answered with an HTTP error is a could-not-run too, naming the status', async () => {
    const reports = join(dir, 'not-found');
    const run = await paysock(['certify', notFoundUrl, '--report-dir', reports]);
    expect(run.code).toBe(2);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain(`the WebSocket upgrade at ${notFoundUrl} was answered with HTTP 404`);
    expect(parseRunResults(readFileSync(join(reports, 'results.json'), 'utf8')).verdict).toBe('COULD_NOT_RUN');
  });

  it('--list needs no backend', async () => {
    const run = await paysock(['certify', deadUrl, '--list']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
  });
});

describe('load that measured nothing never passes', () => {
  it('exits 2 when no terminal ever connected, says so in its last line and in the summary', async () => {
    const out = join(dir, 'load-dead');
    const run = await paysock(['load', deadUrl, '--terminals', '5', '--duration', '2s', '--out', out]);
    expect(run.code).toBe(2);
    expect(run.stdout.trimEnd().split('\n').at(-1)).toMatch(/^paysock load: no terminal connected/);
    const summary = JSON.parse(readFileSync(join(out, 'load-summary.json'), 'utf8')) as LoadSummary;
    expect(summary.outcome?.kind).toBe('no-terminal-connected');
    expect(summary.outcome?.reason).toMatch(/connect-failed/);
  });

  it('exits 1 when terminals connected but a paying workload completed no transaction', async () => {
    const out = join(dir, 'load-silent');
    const run = await paysock(['load', silentUrl, '--terminals', '3', '--duration', '1500ms', '--out', out]);
    expect(run.code).toBe(1);
    expect(run.stdout.trimEnd().split('\n').at(-1)).toMatch(/^paysock load: no transaction completed/);
    const summary = JSON.parse(readFileSync(join(out, 'load-summary.json'), 'utf8')) as LoadSummary;
    expect(summary.outcome?.kind).toBe('no-transaction-completed');
  });

  it('an idle workload that connected passes without transactions (it never pays)', async () => {
    const run = await paysock(['load', silentUrl, '--terminals', '3', '--duration', '1500ms', '--journey', 'idle']);
    expect(run.code).toBe(0);
    expect(run.stdout.trimEnd().split('\n').at(-1)).not.toMatch(/no transaction completed|no terminal connected/);
  });
});
