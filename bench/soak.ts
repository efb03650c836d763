/**
 * Soak: `paysock serve` on a disk store for a long time under terminals
 * that come and go. Each terminal pays one to three times (preset 20,
 * DEBIT_CARD, think time between actions), then leaves for good and a
 * terminal with a new id takes its place (id churn). Every interval it
 * prints the server's RSS, transactions, new terminal ids and the
 * action-to-screen p99, with the server's JS heap (used and total) and
 * external memory as its /metrics reports them, so a growing RSS can be
 * told apart as JS objects kept, or native memory (SQLite, buffers, the
 * allocator); at the end the slopes after warm-up (least squares, MB per
 * 10 minutes) of RSS and of the heap in use. Sessions of terminals that left leave
 * memory 60 to 75 s after them (sessionLingerMs, swept every quarter of
 * it), so RSS should flatten after the first minutes. Prints numbers; never a test.
 *
 *   npm run build && node dist/bench/soak.js [terminals, default 2000] [seconds, default 3600] [interval s, default 60]
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startChild, stopChild } from './floor.bench.js';

const terminals = Math.max(1, Math.min(5000, Number(process.argv[2] ?? 2000)));
const seconds = Math.max(10, Math.min(24 * 3600, Number(process.argv[3] ?? 3600)));
const intervalS = Math.max(1, Number(process.argv[4] ?? 60));

function rssMiB(pid: number): number {
  return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;
}

/** The server's heap in use, heap total and external memory, MiB, from its /metrics (paysock serve exports the process metrics). */
async function heapMiB(httpUrl: string): Promise<{ used: number; total: number; external: number }> {
  try {
    const text = await (await fetch(`${httpUrl}/metrics`)).text();
    const read = (name: string): number => Number(new RegExp(`^${name} (\\S+)`, 'm').exec(text)?.[1] ?? NaN) / 1024 / 1024;
    return { used: read('nodejs_heap_size_used_bytes'), total: read('nodejs_heap_size_total_bytes'), external: read('nodejs_external_memory_bytes') };
  } catch {
    return { used: NaN, total: NaN, external: NaN };
  }
}

/**
 * Slope of y over x by least squares, and its standard error: minute-to-minute
 * noise in RSS is several MB, so a slope means little without how sure it is.
 */
export function slope(points: Array<[number, number]>): { slope: number; standardError: number } {
  const n = points.length;
  if (n < 2) return { slope: NaN, standardError: NaN };
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const num = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const den = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  const b = num / den;
  const residuals = points.reduce((s, [x, y]) => s + (y - my - b * (x - mx)) ** 2, 0);
  return { slope: b, standardError: n > 2 ? Math.sqrt(residuals / (n - 2) / den) : NaN };
}

/** "0-10 min 425.1, 10-20 min 430.2, ..." (MiB): whether RSS climbs, without the noise of single samples. */
export function tenMinuteMeans(points: Array<[number, number]>): string {
  const buckets = new Map<number, { sum: number; count: number }>();
  for (const [t, y] of points) {
    const k = Math.floor((t - 1) / 600);
    const bucket = buckets.get(k) ?? { sum: 0, count: 0 };
    bucket.sum += y;
    bucket.count++;
    buckets.set(k, bucket);
  }
  return [...buckets].map(([k, { sum, count }]) => `${k * 10}-${k * 10 + 10} min ${(sum / count).toFixed(1)}`).join(', ');
}

/** "2.52 +/- 0.80 MiB per 10 minutes (95%: 0.92 to 4.12)" for a slope per second. */
function perTenMinutes({ slope: b, standardError }: { slope: number; standardError: number }): string {
  const k = 600;
  return `${(b * k).toFixed(2)} +/- ${(standardError * k).toFixed(2)} MiB per 10 minutes (95%: ${((b - 1.96 * standardError) * k).toFixed(2)} to ${((b + 1.96 * standardError) * k).toFixed(2)})`;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'paysock-soak-'));
  const cli = join(dirname(fileURLToPath(import.meta.url)), '..', 'cli', 'main.js');
  const { child, url } = await startChild([cli, 'serve', '--port', '0', '--data-dir', dir, '--step-delay', '200', '--processing-time', '300', '--daily-limit', '100000000', '--log-level', 'silent']);
  const pid = child.pid!;
  let running = true;
  let nextId = 0;
  let transactions = 0;
  let newIds = 0;
  let failures = 0;
  let latencies: number[] = [];
  const think = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 200 + Math.random() * 800));

  const terminal = async (): Promise<void> => {
    while (running) {
      const id = `soak-${process.pid}-${nextId++}`;
      newIds++;
      let cycles = 1 + Math.floor(Math.random() * 3);
      await new Promise<void>((resolve) => {
        const ws = new WebSocket(`${url}?terminalId=${id}`, { perMessageDeflate: false });
        let sentAt = 0;
        const act = async (message: Record<string, unknown>): Promise<void> => {
          await think();
          if (ws.readyState !== ws.OPEN) return;
          sentAt = performance.now();
          ws.send(JSON.stringify({ messageType: 'USER_ACTION', timestamp: Date.now(), ...message }));
        };
        ws.on('message', (raw) => {
          const m = JSON.parse(raw.toString()) as { messageType: string; screen: string; transactionId: string };
          if (m.messageType !== 'SCREEN_CHANGE') return;
          if (sentAt > 0) {
            latencies.push(performance.now() - sentAt);
            sentAt = 0;
          }
          if (m.screen === 'AMOUNT_SELECT') {
            if (cycles-- <= 0 || !running) return ws.close();
            void act({ screen: 'AMOUNT_SELECT', transactionId: 'initial', data: { selectedAmount: 20, selectionMethod: 'PRESET_BUTTON' } });
          } else if (m.screen === 'PAYMENT_METHOD') {
            void act({ screen: 'PAYMENT_METHOD', transactionId: m.transactionId, data: { selectedMethod: 'DEBIT_CARD' } });
          } else if (m.screen === 'THANK_YOU') transactions++;
        });
        ws.once('error', () => failures++);
        ws.once('close', () => resolve());
      });
    }
  };

  console.log(`soak: ${terminals} terminals with id churn, ${seconds} s, every ${intervalS} s; paysock serve on disk, step delay 200 ms, processing 300 ms`);
  const httpUrl = url.replace(/^ws/, 'http').replace(/\/$/, '');
  console.log('     t s |  RSS MiB | heap used | heap total | external |  tx/s | new ids | p99 ms | connect failures');
  const workers = Array.from({ length: terminals }, () => terminal());
  const samples: Array<[number, number]> = [];
  const heapSamples: Array<[number, number]> = [];
  /** RSS less the V8 heap's total: what is not the JS heap (SQLite, buffers, the allocator, code). */
  const nativeSamples: Array<[number, number]> = [];
  const started = Date.now();
  for (let t = intervalS; t <= seconds; t += intervalS) {
    await new Promise((resolve) => setTimeout(resolve, started + t * 1000 - Date.now()));
    const rss = rssMiB(pid);
    const heap = await heapMiB(httpUrl);
    samples.push([t, rss]);
    heapSamples.push([t, heap.used]);
    nativeSamples.push([t, rss - heap.total]);
    const sorted = latencies.sort((a, b) => a - b);
    const p99 = sorted[Math.floor(0.99 * (sorted.length - 1))] ?? NaN;
    console.log(`${String(t).padStart(8)} | ${rss.toFixed(1).padStart(8)} | ${heap.used.toFixed(1).padStart(9)} | ${heap.total.toFixed(1).padStart(10)} | ${heap.external.toFixed(1).padStart(8)} | ${(transactions / intervalS).toFixed(0).padStart(5)} | ${String(newIds).padStart(7)} | ${p99.toFixed(1).padStart(6)} | ${failures}`);
    transactions = 0;
    newIds = 0;
    latencies = [];
  }
  running = false;
  // Warm-up: the first third of the run, and at least the 60 s sessions linger.
  const afterWarmUp = (points: Array<[number, number]>): Array<[number, number]> => {
    const warm = points.filter(([t]) => t >= Math.max(seconds / 3, 120));
    return warm.length >= 2 ? warm : points;
  };
  const rssWarm = afterWarmUp(samples);
  console.log(`RSS slope after warm-up: ${perTenMinutes(slope(rssWarm))}, ${rssWarm.length} samples`);
  console.log(`heap-in-use slope after warm-up: ${perTenMinutes(slope(afterWarmUp(heapSamples)))}`);
  // V8 grows and shrinks its heap by tens of MB as it sees fit; memory kept for good shows in the native part or in the means.
  console.log(`native (RSS less heap total) slope after warm-up: ${perTenMinutes(slope(afterWarmUp(nativeSamples)))}`);
  console.log(`RSS, mean of each 10 minutes: ${tenMinuteMeans(samples)}`);
  await Promise.race([Promise.all(workers), new Promise((resolve) => setTimeout(resolve, 5000))]);
  await stopChild(child);
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}

if (import.meta.url === `file://${process.argv[1]}`) void main();
