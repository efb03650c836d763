import { generate } from 'selfsigned';
import { describe, expect, it } from 'vitest';
import { HttpRefusal, TestTerminal, useReferenceServer } from './terminal-client.js';

const reference = useReferenceServer();

async function refusal(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof HttpRefusal) return error.status;
    throw error;
  }
  throw new Error('the upgrade was accepted');
}

describe('authentication (section 2)', () => {
  const tokens = { 'secret-a': 'kiosk-a', 'secret-b': 'kiosk-b' };

  it('AUTH-2, AUTH-4: a missing or unknown token gets 401 before the upgrade; a known one opens the socket', async () => {
    const server = await reference.start({ auth: { mode: 'tokens', tokens } });
    expect(await refusal(TestTerminal.connect(server.url))).toBe(401);
    expect(await refusal(TestTerminal.connect(server.url, { headers: { Authorization: 'Bearer nope' } }))).toBe(401);
    const t = await reference.connect({ headers: { Authorization: 'Bearer secret-a' } });
    await t.screen('AMOUNT_SELECT');
  });

  it('AUTH-3: the token may come as ?access_token=', async () => {
    const server = await reference.start({ auth: { mode: 'tokens', tokens } });
    const t = reference.track(await TestTerminal.connect(`${server.url}?access_token=secret-b`));
    await t.screen('AMOUNT_SELECT');
  });

  it('AUTH-5: the token decides the terminal; ?terminalId= cannot pick another terminal', async () => {
    const server = await reference.start({ auth: { mode: 'tokens', tokens } });
    const a = await reference.connect({ headers: { Authorization: 'Bearer secret-a' } });
    await a.screen('AMOUNT_SELECT');
    a.act('AMOUNT_SELECT', { selectedAmount: 20, selectionMethod: 'PRESET_BUTTON' }, 'initial');
    await a.screen('PAYMENT_METHOD');
    const b = reference.track(await TestTerminal.connect(`${server.url}?terminalId=kiosk-a`, { headers: { Authorization: 'Bearer secret-b' } }));
    expect(await b.next()).toMatchObject({ screen: 'AMOUNT_SELECT', transactionId: 'initial' });
    expect(a.closeCode).toBeUndefined();
  });

  it('AUTH-6, AUTH-7: without auth the id comes from ?terminalId=; missing or malformed gets 400', async () => {
    const server = await reference.start();
    expect(await refusal(TestTerminal.connect(server.url))).toBe(400);
    expect(await refusal(TestTerminal.connect(server.url, { terminalId: 'bad id!' }))).toBe(400);
    expect(await refusal(TestTerminal.connect(server.url, { terminalId: 'x'.repeat(65) }))).toBe(400);
    const t = await reference.connect({ terminalId: 'kiosk-1' });
    await t.screen('AMOUNT_SELECT');
  });
});

describe('test control (section 14)', () => {
  it('TC-2: an applied scenario is echoed in the 101', async () => {
    await reference.start();
    const t = await reference.connect({ terminalId: 'k', headers: { 'X-Test-Scenario': 'decline' } });
    expect(t.upgradeHeaders['x-test-scenario-accepted']).toBe('decline');
  });

  it('TC-6: an unknown scenario is not echoed and the connection proceeds as approve', async () => {
    await reference.start();
    const t = await reference.connect({ terminalId: 'k', headers: { 'X-Test-Scenario': 'explode' } });
    expect(t.upgradeHeaders['x-test-scenario-accepted']).toBeUndefined();
    await t.screen('AMOUNT_SELECT');
  });

  it('TC-5: with test control off nothing is echoed or applied', async () => {
    await reference.start({ testControl: false });
    const t = await reference.connect({ terminalId: 'k', headers: { 'X-Test-Scenario': 'out-of-service' } });
    expect(t.upgradeHeaders['x-test-scenario-accepted']).toBeUndefined();
    await t.screen('AMOUNT_SELECT');
  });
});

describe('TLS and observability', () => {
  it('TRN-5: wss:// with a certificate made in the test; TLS 1.1 is refused', async () => {
    const pems = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
      keySize: 2048,
      extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
    });
    const server = await reference.start({ tls: { cert: pems.cert, key: pems.private } });
    expect(server.url.startsWith('wss://')).toBe(true);
    const t = await reference.connect({ terminalId: 'kiosk-tls', ca: pems.cert });
    await t.screen('AMOUNT_SELECT');
    const { connect } = await import('node:tls');
    const old = await new Promise<string>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port: server.port, ca: pems.cert, maxVersion: 'TLSv1.1', minVersion: 'TLSv1' });
      socket.on('secureConnect', () => resolve('connected'));
      socket.on('error', () => resolve('refused'));
    });
    expect(old).toBe('refused');
  });

  it('/healthz, /readyz and /metrics (open connections, transactions by outcome, latency histogram)', async () => {
    const server = await reference.start();
    const t = await reference.connect({ terminalId: 'k', headers: { 'X-Test-Scenario': 'decline' } });
    await t.screen('AMOUNT_SELECT');
    t.act('AMOUNT_SELECT', { selectedAmount: 20, selectionMethod: 'PRESET_BUTTON' }, 'initial');
    const pm = await t.screen('PAYMENT_METHOD');
    t.act('PAYMENT_METHOD', { selectedMethod: 'DEBIT_CARD' }, pm.transactionId);
    await t.screen('PROCESSING');
    await t.screen('FAILED');
    expect((await fetch(`${server.httpUrl}/healthz`)).status).toBe(200);
    expect((await fetch(`${server.httpUrl}/readyz`)).status).toBe(200);
    const metrics = await (await fetch(`${server.httpUrl}/metrics`)).text();
    expect(metrics).toMatch(/paysock_open_connections 1\b/);
    expect(metrics).toMatch(/paysock_transactions_total\{outcome="declined"\} 1\b/);
    expect(metrics).toMatch(/paysock_action_to_screen_seconds_count 2\b/);
  });
});
