import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliMain, ensureBuilt, startServe, type ServeProcess } from './process.js';
import { TestTerminal } from './terminal-client.js';

const dir = mkdtempSync(join(tmpdir(), 'paysock-serve-'));
const children: ServeProcess[] = [];

beforeAll(() => ensureBuilt(), 180_000);
afterAll(() => {
  for (const c of children) c.child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

async function serve(args: string[]): Promise<ServeProcess> {
  const p = await startServe(args);
  children.push(p);
  return p;
}

describe('paysock serve', () => {
  it('--help documents every flag', () => {
    const result = spawnSync(process.execPath, [cliMain, 'serve', '--help'], { encoding: 'utf8' });
    expect(result.status).toBe(0);
    for (const flag of [
      'host', 'port', 'data-dir', 'auth', 'tokens-file', 'default-terminal-id', 'test-control', 'tls-cert', 'tls-key', 'config',
      'log-level', 'fault', 'variant', 'self-check', 'amounts', 'currency', 'show-other-option', 'keypad-min', 'keypad-max', 'methods',
      'allow-cancel', 'show-receipt', 'daily-limit', 'idle-timeout', 'step-delay', 'processing-time', 'processor-timeout',
      'device-error-time', 'ping-interval',
    ]) {
      expect(result.stdout).toContain(`--${flag} `);
    }
  });

  it('a bad config file gives one line naming the key and exit code 2', () => {
    const file = join(dir, 'config.json');
    writeFileSync(file, JSON.stringify({ keypad: { minAmount: 'ten' } }));
    const result = spawnSync(process.execPath, [cliMain, 'serve', '--config', file, '--port', '0'], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual(['paysock: config.json: /keypad/minAmount must be integer']);
    writeFileSync(file, JSON.stringify({ dailyLimt: 5 }));
    const unknown = spawnSync(process.execPath, [cliMain, 'serve', '--config', file, '--port', '0'], { encoding: 'utf8' });
    expect(unknown.status).toBe(2);
    expect(unknown.stderr.trim()).toBe('paysock: config.json: /dailyLimt is not a known setting');
  });

  it('an unknown --fault is a usage error listing the valid ones', () => {
    const result = spawnSync(process.execPath, [cliMain, 'serve', '--fault', 'bogus', '--port', '0'], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('valid faults: wrong-initial-transaction-id');
  });

  it('SIGTERM closes sockets with 1001 and exits 0; /readyz and /healthz answer while up', async () => {
    const p = await serve(['--data-dir', join(dir, 'term'), '--log-level', 'silent']);
    expect((await fetch(`${p.httpUrl}/healthz`)).status).toBe(200);
    expect((await fetch(`${p.httpUrl}/readyz`)).status).toBe(200);
    // paysock serve exports the process's own metrics beside the protocol's (the soak reads the heap there).
    const metrics = await (await fetch(`${p.httpUrl}/metrics`)).text();
    expect(metrics).toMatch(/^process_resident_memory_bytes \d+/m);
    expect(metrics).toMatch(/^nodejs_heap_size_used_bytes \d+/m);
    expect(metrics).toMatch(/^paysock_messages_in_total \d+/m);
    const t = await TestTerminal.connect(p.url, { terminalId: 'kiosk-1' });
    await t.screen('AMOUNT_SELECT');
    p.child.kill('SIGTERM');
    expect(await t.closedWith(10_000)).toBe(1001);
    expect(await p.exited).toBe(0);
  });

  it('RES-2, RES-3, RES-4: after SIGKILL + restart a terminal resumes with the same id, and an in-flight payment is resolved without a second charge', async () => {
    const data = join(dir, 'kill');
    const common = ['--data-dir', data, '--log-level', 'silent', '--test-control', '--step-delay', '100'];
    let p = await serve([...common, '--processing-time', '1500']);
    const a = await TestTerminal.connect(p.url, { terminalId: 'kiosk-a' });
    await a.screen('AMOUNT_SELECT');
    a.act('AMOUNT_SELECT', { selectedAmount: 20, selectionMethod: 'PRESET_BUTTON' }, 'initial');
    const pmA = await a.screen('PAYMENT_METHOD');
    const b = await TestTerminal.connect(p.url, { terminalId: 'kiosk-b' });
    await b.screen('AMOUNT_SELECT');
    b.act('AMOUNT_SELECT', { selectedAmount: 40, selectionMethod: 'PRESET_BUTTON' }, 'initial');
    const pmB = await b.screen('PAYMENT_METHOD');
    b.act('PAYMENT_METHOD', { selectedMethod: 'DEBIT_CARD' }, pmB.transactionId);
    await b.screen('PROCESSING');
    p.child.kill('SIGKILL');
    await p.exited;
    a.close();
    b.close();

    p = await serve([...common, '--processing-time', '10']);
    const a2 = await TestTerminal.connect(p.url, { terminalId: 'kiosk-a' });
    expect(await a2.next()).toMatchObject({ screen: 'PAYMENT_METHOD', transactionId: pmA.transactionId, data: pmA.data });
    const b2 = await TestTerminal.connect(p.url, { terminalId: 'kiosk-b' });
    const first = await b2.next();
    expect(first.transactionId).toBe(pmB.transactionId);
    expect(['PROCESSING', 'SUCCESS']).toContain(first.screen);
    if (first.screen === 'PROCESSING') await b2.screen('SUCCESS', 10_000);
    // A replay of the payment action after the crash charges nothing.
    b2.act('PAYMENT_METHOD', { selectedMethod: 'DEBIT_CARD' }, pmB.transactionId);
    await b2.until('AMOUNT_SELECT', 10_000);
    for (const t of [a2, b2]) expect(t.invalid).toEqual([]);
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
    const db = new Database(join(data, 'paysock.sqlite'), { readonly: true });
    try {
      expect(db.prepare('SELECT COUNT(*) AS n FROM processor_charges WHERE transaction_id = ?').get(pmB.transactionId)).toEqual({ n: 1 });
      expect(db.prepare('SELECT state, charged FROM transactions WHERE id = ?').get(pmB.transactionId)).toEqual({ state: 'completed', charged: 1 });
      expect(db.prepare('SELECT total FROM daily_totals WHERE terminal_id = ?').get('kiosk-b')).toEqual({ total: 40 });
    } finally {
      db.close();
    }
  }, 60_000);
});
