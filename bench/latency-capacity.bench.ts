/**
 * Latency capacity: the highest load at which a server keeps action-to-screen
 * p99 under an objective (20 ms by default), for the floor and for the
 * reference server as shipped (on disk), in one run, and their ratio.
 *
 * The paced rows of bench/floor.bench.ts offer one fixed load (2,000 tx/s at
 * 1,000 terminals): how much of a server that is depends on the machine.
 * This bench asks the other question, what load each server holds under
 * the objective, so the ratio compares the servers and not the machine.
 * Each probe is a fresh server and a paced run of the closed-loop driver
 * (bench/closed-loop-driver.ts) at `terminals` terminals, thinking before
 * each action so that they offer the rate probed (think = 1,000 x terminals /
 * (2 x rate) ms: a payment is two actions); the search doubles the rate until a
 * probe misses, then bisects (bench/capacity-search.ts). A probe meets the
 * objective when p99 is under it and the server completed at least 90% of
 * what was offered. Not a test: numbers depend on the host.
 *
 *   npm run build && node dist/bench/latency-capacity.bench.js [terminals, default 1000] [p99 objective ms, default 20] [seconds per probe, default 8]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { searchCapacity, type Capacity } from './capacity-search.js';
import { runClosedLoop } from './closed-loop-driver.js';
import { referenceArgs, startChild, stopChild } from './floor.bench.js';

const here = dirname(fileURLToPath(import.meta.url));
const floorScript = join(here, 'floor-server.js');
const terminals = Math.max(10, Math.min(10_000, Number(process.argv[2] ?? 1000)));
const sloMs = Math.max(1, Math.min(10_000, Number(process.argv[3] ?? 20)));
const seconds = Math.max(2, Math.min(120, Number(process.argv[4] ?? 8)));

/** One paced run of a fresh server at `offered` tx/s. */
async function probe(args: string[], offered: number): Promise<{ achieved: number; p50Ms: number; p99Ms: number }> {
  const { child, url } = await startChild(args);
  try {
    // A payment is two actions, each after a think: `offered` payments a second across all terminals.
    const thinkMs = (1000 * terminals) / (2 * offered);
    const result = await runClosedLoop(url, terminals, seconds * 1000, 2000, 'capacity', {}, thinkMs);
    return { achieved: result.txPerSecond, p50Ms: result.p50Ms, p99Ms: result.p99Ms };
  } finally {
    await stopChild(child);
  }
}

function print(name: string, found: Capacity): void {
  for (const p of found.probes) {
    console.log(
      `${name.padEnd(28)} | ${p.offered.toFixed(0).padStart(7)} | ${p.achieved.toFixed(0).padStart(8)} | ${p.p50Ms.toFixed(1).padStart(6)} | ${p.p99Ms.toFixed(1).padStart(6)} | ${p.pass ? 'yes' : 'no'}`,
    );
  }
}

async function main(): Promise<void> {
  console.log(`latency capacity: p99 < ${sloMs} ms at ${terminals} paced terminals, ${seconds} s a probe (after 2 s warm-up), node ${process.version}`);
  console.log('server                       | offered |  achieved | p50 ms | p99 ms | meets');
  // From 500 tx/s both ways: up to 32,000, down to 62 (a fast machine's floor holds thousands, a slow one's reference hundreds).
  const floor = await searchCapacity((rate) => probe([floorScript, '0'], rate), sloMs, 500, 32_000);
  print('floor', floor);
  const disk = mkdtempSync(join(tmpdir(), 'paysock-capacity-'));
  let reference: Capacity;
  try {
    reference = await searchCapacity((rate) => probe(referenceArgs(disk), rate), sloMs, 500, 32_000);
  } finally {
    rmSync(disk, { recursive: true, force: true });
  }
  print('reference disk, as shipped', reference);
  const ratio = floor.capacity > 0 ? reference.capacity / floor.capacity : NaN;
  console.log(`capacity under p99 < ${sloMs} ms: floor ${floor.capacity.toFixed(0)} tx/s, reference ${reference.capacity.toFixed(0)} tx/s, x floor ${ratio.toFixed(3)}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
