import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { generate } from 'selfsigned';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embeddedTimings } from '../../cli/commands/certify.js';
import { allCases } from '../../conformance/cases/index.js';
import { runSuite, selectCases } from '../../conformance/runner.js';
import { loadTargetFile, resolveTarget } from '../../conformance/target.js';
import type { ConformanceTarget } from '../../protocol/types/generated-formats.js';
import { startReferenceServer, type ReferenceServer } from '../../reference-server/index.js';

let pems: { cert: string; private: string };
let dir: string;
let caFile: string;
let server: ReferenceServer;

beforeAll(async () => {
  pems = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keySize: 2048,
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
  });
  dir = mkdtempSync(join(tmpdir(), 'paysock-tls-'));
  caFile = join(dir, 'ca.pem');
  writeFileSync(caFile, pems.cert);
  server = await startReferenceServer({ host: '127.0.0.1', port: 0, testControl: true, config: { ...embeddedTimings }, tls: { cert: pems.cert, key: pems.private } });
}, 30_000);

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function certify(target: ConformanceTarget, ids: string[]) {
  const results = await runSuite({ target: resolveTarget(target), cases: selectCases(allCases, ids), concurrency: 2 });
  return Object.fromEntries(results.cases.map((c) => [c.id, { verdict: c.verdict, reason: c.reason ?? '' }]));
}

describe('TRN-5 against a wss:// reference server with a certificate made in the test', () => {
  it('trusting its certificate (tls.caFile): TLS 1.1 is refused, TLS 1.2 works, and the WebSocket cases run over wss://', { timeout: 20_000 }, async () => {
    expect(server.url).toMatch(/^wss:\/\//);
    const r = await certify({ url: server.url, tls: { caFile } }, ['transport/5/1', 'transport/1/1']);
    expect(r['transport/5/1']).toEqual({ verdict: 'PASS', reason: '' });
    expect(r['transport/1/1']?.verdict).toBe('PASS');
  });

  it('tls.insecure accepts the self-signed certificate as well', { timeout: 20_000 }, async () => {
    const r = await certify({ url: server.url, tls: { insecure: true } }, ['transport/5/1', 'transport/1/1']);
    expect(r['transport/5/1']?.verdict).toBe('PASS');
    expect(r['transport/1/1']?.verdict).toBe('PASS');
  });

  it('without trust, connections are ERRORs and TRN-5 warns with a hint about --tls-ca', { timeout: 20_000 }, async () => {
    const r = await certify({ url: server.url }, ['transport/5/1', 'transport/1/1']);
    expect(r['transport/1/1']?.verdict).toBe('ERROR');
    expect(r['transport/5/1']?.verdict).toBe('WARN');
    expect(r['transport/5/1']?.reason).toContain('--tls-ca');
  });

  it('N/A on ws://, even when tls is declared', async () => {
    const r = await certify({ url: 'ws://127.0.0.1:9/', features: { tls: true } }, ['transport/5/1']);
    expect(r['transport/5/1']?.verdict).toBe('NA');
  });

  it('a caFile in a target file is read relative to that file; an unreadable one is a clear error', () => {
    const file = join(dir, 'target.json');
    writeFileSync(file, JSON.stringify({ url: server.url, tls: { caFile: 'ca.pem' } }));
    expect(resolveTarget(loadTargetFile(file)).tls.ca).toBe(pems.cert);
    expect(() => resolveTarget({ url: server.url, tls: { caFile: join(dir, 'missing.pem') } })).toThrow(/missing\.pem: ENOENT/);
  });
});

describe('TRN-5 against an endpoint that still speaks TLS 1.1', () => {
  let legacy: Server;
  beforeAll(async () => {
    // Security level 0 lets this test server negotiate TLS 1.1 at all (OpenSSL 3).
    legacy = createServer({ cert: pems.cert, key: pems.private, minVersion: 'TLSv1', ciphers: 'DEFAULT@SECLEVEL=0' }, (socket) => socket.end());
    legacy.on('tlsClientError', () => undefined);
    await new Promise<void>((r) => legacy.listen(0, '127.0.0.1', r));
  });
  afterAll(() => new Promise<void>((r) => legacy.close(() => r())));

  it('warns, naming the negotiated TLSv1.1', { timeout: 20_000 }, async () => {
    const url = `wss://127.0.0.1:${(legacy.address() as AddressInfo).port}/`;
    const r = await certify({ url, tls: { caFile } }, ['transport/5/1']);
    expect(r['transport/5/1']?.verdict).toBe('WARN');
    expect(r['transport/5/1']?.reason).toContain('negotiated TLSv1.1');
  });
});
