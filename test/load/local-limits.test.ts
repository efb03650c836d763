import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localLimitAdvice, localLimitOf, nextBackoffMs } from '../../load/driver/local-limits.js';
import type { LoadSummary } from '../../load/summary.js';
import { startReferenceServer, type ReferenceServer } from '../../reference-server/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const context = { terminals: 40_000, workers: 2, sourceAddresses: 1 };

describe('local limits of the load generator', () => {
  it('tell this machine\'s errno codes apart from the backend\'s failures', () => {
    expect(['EMFILE', 'ENFILE', 'EADDRNOTAVAIL', 'EADDRINUSE', 'ENOMEM', 'ENOBUFS', 'ECONNREFUSED', 'ECONNRESET', undefined].map(localLimitOf))
      .toEqual(['file-descriptors', 'file-descriptors', 'ephemeral-ports', 'ephemeral-ports', 'memory', 'memory', undefined, undefined, undefined]);
  });

  it('say what happened and the fix, with numbers', () => {
    expect(localLimitAdvice('file-descriptors', context)).toMatch(/ran out of file descriptors.*40000 terminals need about 40256.*not the backend.*ulimit -n 41024/);
    expect(localLimitAdvice('ephemeral-ports', context)).toMatch(/ran out of local ports.*--source-addresses 3/);
    expect(localLimitAdvice('memory', context)).toMatch(/--workers/);
  });

  it('back off 1 s, 2 s, 4 s ... up to 30 s', () => {
    const waits: number[] = [];
    for (let ms = 0, i = 0; i < 7; i++) waits.push((ms = nextBackoffMs(ms)));
    expect(waits).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
  });
});

describe('paysock load with ulimit -n 120 and 300 terminals (built CLI in a child process)', () => {
  let server: ReferenceServer;
  beforeAll(async () => {
    server = await startReferenceServer({ host: '127.0.0.1', port: 0, config: { stepDelayMs: 20, processingMs: 20, dailyLimit: 1_000_000 } });
  });
  afterAll(async () => {
    await server.close();
  });

  it('says once that the machine ran out of descriptors, counts no backend error, backs off, and the connected terminals keep paying', async () => {
    const cli = join(root, 'dist', 'cli', 'main.js');
    if (!existsSync(cli)) throw new Error(`${cli} is missing: run "npm run build" (npm test does)`);
    const out = mkdtempSync(join(tmpdir(), 'paysock-local-limits-'));
    const args = ['load', server.url, '--terminals', '300', '--duration', '6s', '--think-time', '10ms-50ms', '--out', out];
    const child = spawn('bash', ['-c', `ulimit -n 120 && exec node ${JSON.stringify(cli)} "$@"`, 'paysock', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    child.stdout.resume();
    await new Promise((resolve) => child.on('close', resolve));
    const summary = JSON.parse(readFileSync(join(out, 'load-summary.json'), 'utf8')) as LoadSummary;
    expect(stderr.match(/ran out of file descriptors/g)).toHaveLength(1);
    expect(stderr).toContain('ulimit -n is 120');
    expect(summary.errors['connect-failed']).toBeUndefined();
    const refused = summary.localLimits?.['file-descriptors']?.count ?? 0;
    expect(refused).toBeGreaterThan(0);
    // Retried every second, ~200 refused terminals would make ~1,200 attempts in 6 s; the back-off keeps it near one round per window.
    expect(refused).toBeLessThan(600);
    expect(summary.transactions.completed).toBeGreaterThan(0);
    expect(summary.terminals.peakActive).toBeLessThan(120);
    expect(readFileSync(join(out, 'load-report.html'), 'utf8')).toContain('connect(s) refused by this machine');
  }, 60_000);
});
