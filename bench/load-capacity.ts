/**
 * Reference-server capacity under the Node load driver, and the driver's own
 * efficiency. For each size N (1k, 5k, 10k, and ~20k as far as file
 * descriptors allow) it starts `paysock serve` and `paysock load` as two
 * child processes (each has its own ulimit -n), with 10 % of the terminals
 * transacting (`--journey preset=1,idle=9`) and the rest connected idle,
 * then prints: terminals held, tx/s, p50/p99 action->screen latency, server
 * RSS, driver RSS per terminal (terminals per GiB), CPU per transaction, and
 * autocannon numbers for /healthz and /metrics while the terminals are
 * connected. Prints numbers; never a test.
 *
 *   npm run build && node dist/bench/load-capacity.js [sizes, e.g. 1000,5000]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import type { LoadSummary } from '../load/summary.js';

const here = dirname(fileURLToPath(import.meta.url));
const cli = join(here, '..', 'cli', 'main.js');
// A process needs ~100 descriptors besides its sockets (stdio, SQLite, worker pipes, the listener).
const fdLimit = 20_000;
const maxTerminals = fdLimit - 100;
const sizes = (process.argv[2] ?? '1000,5000,10000,20000').split(',').map(Number).map((n) => Math.min(n, maxTerminals));
const clockTicks = 100;

function procStats(pid: number): { rssMiB: number; cpuSeconds: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKiB = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? NaN);
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  const cpu = (Number(stat[11]) + Number(stat[12])) / clockTicks;
  return { rssMiB: rssKiB / 1024, cpuSeconds: cpu };
}

function startServer(): Promise<{ child: ChildProcess; url: string; httpUrl: string }> {
  const child = spawn(process.execPath, [cli, 'serve', '--port', '0', '--data-dir', ':memory:', '--log-level', 'silent', '--daily-limit', '100000000'], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (\S+) \(health and metrics on (\S+)\)/.exec(out);
      if (m) resolve({ child, url: m[1]!, httpUrl: m[2]! });
    });
    child.once('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
}

async function cannon(url: string): Promise<string> {
  const result = await autocannon({ url, connections: 10, duration: 4 });
  return `${Math.round(result.requests.average)} req/s, p99 ${result.latency.p99} ms, errors ${result.errors + result.non2xx}`;
}

async function measure(terminals: number): Promise<void> {
  const server = await startServer();
  const out = mkdtempSync(join(tmpdir(), 'paysock-capacity-'));
  const rampS = Math.max(5, Math.ceil(terminals / 1000));
  const durationS = rampS + 30;
  const driver = spawn(process.execPath, [cli, 'load', server.url, '--terminals', String(terminals), '--ramp-up', `${rampS}s`, '--duration', `${durationS}s`,
    '--journey', 'preset=1,idle=9', '--think-time', '500ms-1500ms', '--workers', '1', '--out', out], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, CI: 'true' } });
  const driverDone = new Promise<void>((resolve) => driver.once('exit', () => resolve()));
  // Sample both processes until the driver ends (VmHWM is the peak anyway; CPU is read at the end).
  let driverStats = { rssMiB: 0, cpuSeconds: 0 };
  const sampler = setInterval(() => {
    try {
      driverStats = procStats(driver.pid!);
    } catch { /* exited */ }
  }, 500);
  await new Promise((r) => setTimeout(r, (rampS + 8) * 1000));
  const health = await cannon(`${server.httpUrl}/healthz`);
  const metrics = await cannon(`${server.httpUrl}/metrics`);
  await driverDone;
  clearInterval(sampler);
  const serverStats = procStats(server.child.pid!);
  server.child.kill('SIGTERM');
  await new Promise((r) => server.child.once('exit', r));
  const summary = JSON.parse(readFileSync(join(out, 'load-summary.json'), 'utf8')) as LoadSummary;
  const l = summary.latency.overall;
  const perGiB = Math.round(summary.terminals.peakActive / (driverStats.rssMiB / 1024));
  console.log(`\n== ${terminals} terminals (10% transacting), ${summary.durationSeconds}s`);
  console.log(`terminals held (peak): ${summary.terminals.peakActive}`);
  console.log(`transactions: ${summary.transactions.completed} completed, ${summary.transactions.failed} failed, ${summary.transactions.perSecond} tx/s`);
  console.log(`action->screen latency: p50 ${l.p50} ms, p99 ${l.p99} ms, max ${l.max} ms (${l.count} samples); violations ${summary.protocolViolations.total}; errors ${JSON.stringify(summary.errors)}`);
  console.log(`server: peak RSS ${serverStats.rssMiB.toFixed(0)} MiB, CPU ${serverStats.cpuSeconds.toFixed(1)} s = ${((serverStats.cpuSeconds / Math.max(1, summary.transactions.completed)) * 1000).toFixed(2)} ms per transaction`);
  console.log(`driver: peak RSS ${driverStats.rssMiB.toFixed(0)} MiB = ${((driverStats.rssMiB * 1024) / Math.max(1, summary.terminals.peakActive)).toFixed(1)} KiB per terminal (${perGiB} terminals per GiB), CPU ${driverStats.cpuSeconds.toFixed(1)} s = ${((driverStats.cpuSeconds / Math.max(1, summary.transactions.completed)) * 1000).toFixed(2)} ms per transaction`);
  console.log(`autocannon while connected: /healthz ${health}; /metrics ${metrics}`);
}

async function main(): Promise<void> {
  console.log(`load-capacity: sizes ${sizes.join(', ')} (each process is capped at ${fdLimit} descriptors, so the largest size is ${maxTerminals})`);
  for (const size of sizes) await measure(size);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
