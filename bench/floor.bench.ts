/**
 * The reference server against the floor, in one run: the same closed-loop
 * driver (bench/closed-loop-driver.ts: preset 20, DEBIT_CARD, wait for
 * AMOUNT_SELECT, repeat) against
 *   - the floor server (bench/floor-server.ts: v1 happy path on ws, nothing else),
 *   - `paysock serve --step-delay 0 --processing-time 0 --daily-limit 100000000 --log-level silent`
 *     with a store on disk and in :memory:,
 * at each terminal count, each server a child process (the driver's CPU is
 * not the server's). Prints tx/s, action-to-screen p50/p99 and the ratio
 * to the floor. Not a test: numbers depend on the host.
 *
 * ERR-7 (a SHOULD of the project) answers RATE_LIMITED past 50 messages per
 * second per connection: 25 transactions per second per terminal. At 100
 * terminals that caps the reference at 2,500 tx/s whatever its speed, so
 * the reference runs with the limit lifted (`--rate-limit 0`) and once
 * more as shipped, on disk, for comparison.
 *
 * Saturating closed loops measure throughput; their latency is queueing:
 * by Little's law it is the number of terminals over the throughput, for
 * the floor as for anything else (1,000 terminals at 12,000 tx/s wait about
 * 40 ms per action whatever the server does). So each terminal count also
 * gets a paced run: every terminal thinks `think` ms before each action, the
 * same offered load for the floor and for the reference server as shipped
 * (ERR-7 does not bind at that pace), and there p50/p99 are the servers'.
 * The think is drawn from half to one and a half times `think` (kiosks'
 * customers act independently); a second pair of paced runs keeps it fixed,
 * so terminals that connected together act together ("herd"): its p99 is
 * the time a server takes to work through a burst of every terminal's
 * action at once.
 *
 *   npm run build && node dist/bench/floor.bench.js [terminals, e.g. 100,1000] [seconds per run, default 10] [think ms of the paced runs, default 250; 0 skips them]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runClosedLoop, type DriverResult } from './closed-loop-driver.js';

const here = dirname(fileURLToPath(import.meta.url));
const cli = join(here, '..', 'cli', 'main.js');
const floorScript = join(here, 'floor-server.js');
const sizes = (process.argv[2] ?? '100,1000').split(',').map(Number).filter((n) => n > 0 && n <= 10_000);
const seconds = Math.max(1, Math.min(600, Number(process.argv[3] ?? 10)));
const thinkMs = Math.max(0, Math.min(60_000, Number(process.argv[4] ?? 250)));

/** Starts a child that prints "listening on URL"; resolves with the child and the URL. */
export function startChild(args: string[]): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const match = /listening on (ws\S+)/.exec(out);
      if (match?.[1]) resolve({ child, url: match[1] });
    });
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}`)));
  });
}

/** Stops a child and waits for it. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

/** The `paysock serve` arguments of the bench: no delays, a limit that never binds, no logs. */
export function referenceArgs(dataDir: string, extra: string[] = []): string[] {
  return [cli, 'serve', '--port', '0', '--data-dir', dataDir, '--step-delay', '0', '--processing-time', '0', '--daily-limit', '100000000', '--log-level', 'silent', ...extra];
}

/** User + system CPU seconds of a process so far. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(stat[11]) + Number(stat[12])) / 100;
}

/** A driver run plus the server's CPU per transaction (microseconds) in the measured window. */
type Measured = DriverResult & { serverCpuUsPerTx: number; serverCpuShare: number };

async function measure(name: string, args: string[], terminals: number, think = 0, jitter = 0.5): Promise<Measured> {
  const { child, url } = await startChild(args);
  const pid = child.pid!;
  let cpu = 0;
  try {
    const result = await runClosedLoop(url, terminals, seconds * 1000, 2000, name, { start: () => (cpu = -cpuSeconds(pid)), stop: () => (cpu += cpuSeconds(pid)) }, think, jitter);
    return { ...result, serverCpuUsPerTx: (cpu * 1e6) / Math.max(1, result.transactions), serverCpuShare: cpu / result.seconds };
  } finally {
    await stopChild(child);
  }
}

async function main(): Promise<void> {
  console.log(`floor vs reference, closed loop, ${seconds} s per run (after 2 s warm-up), node ${process.version}`);
  console.log('terminals | server                            |    tx/s | p50 ms | p99 ms | x floor | server CPU us/tx (share of a core) | rate-limited | errors');
  for (const terminals of sizes) {
    const rows: Array<[string, Measured]> = [];
    rows.push(['floor', await measure('floor', [floorScript, '0'], terminals)]);
    const disk = mkdtempSync(join(tmpdir(), 'paysock-bench-'));
    try {
      rows.push(['reference disk (ERR-7 lifted)', await measure('disk', referenceArgs(disk, ['--rate-limit', '0']), terminals)]);
      rows.push(['reference :memory: (lifted)', await measure('memory', referenceArgs(':memory:', ['--rate-limit', '0']), terminals)]);
      rows.push(['reference disk (as shipped)', await measure('shipped', referenceArgs(disk), terminals)]);
      if (thinkMs > 0) {
        rows.push([`floor, paced (think ${thinkMs} ms)`, await measure('floor-paced', [floorScript, '0'], terminals, thinkMs)]);
        rows.push([`reference disk, paced, as shipped`, await measure('paced', referenceArgs(disk), terminals, thinkMs)]);
        rows.push([`floor, herd (think ${thinkMs} ms fixed)`, await measure('floor-herd', [floorScript, '0'], terminals, thinkMs, 0)]);
        rows.push([`reference disk, herd, as shipped`, await measure('herd', referenceArgs(disk), terminals, thinkMs, 0)]);
      }
    } finally {
      rmSync(disk, { recursive: true, force: true });
    }
    const floor = rows[0]![1].txPerSecond;
    const pacedFloor = rows.find(([name]) => name.startsWith('floor, paced'))?.[1].txPerSecond ?? floor;
    const herdFloor = rows.find(([name]) => name.startsWith('floor, herd'))?.[1].txPerSecond ?? floor;
    for (const [name, r] of rows) {
      const base = name.includes('paced') ? pacedFloor : name.includes('herd') ? herdFloor : floor;
      console.log(
        `${String(terminals).padStart(9)} | ${name.padEnd(33)} | ${r.txPerSecond.toFixed(0).padStart(7)} | ${r.p50Ms.toFixed(1).padStart(6)} | ${r.p99Ms.toFixed(1).padStart(6)} | ${(r.txPerSecond / base).toFixed(3).padStart(7)} | ${`${r.serverCpuUsPerTx.toFixed(0)} (${(100 * r.serverCpuShare).toFixed(0)}%)`.padStart(34)} | ${String(r.rateLimited).padStart(12)} | ${r.errors}${r.connected < terminals ? ` (${terminals - r.connected} not connected)` : ''}`,
      );
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
