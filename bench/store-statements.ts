/**
 * What the reference server asks of SQLite per payment: every better-sqlite3
 * statement (run, get, all) and exec (BEGIN, COMMIT) is counted and timed
 * while the closed-loop driver pays against a server on disk in this
 * process, then printed per payment, dearest first, with the commits'
 * p50/p99/max. The wrapping adds its own cost: read the counts, and the
 * times relative to each other. Prints numbers; never a test.
 *
 *   npm run build && node dist/bench/store-statements.js [terminals, default 100] [seconds, default 4]
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startReferenceServer } from '../reference-server/index.js';
import { runClosedLoop } from './closed-loop-driver.js';

const terminals = Math.max(1, Math.min(5000, Number(process.argv[2] ?? 100)));
const seconds = Math.max(1, Math.min(600, Number(process.argv[3] ?? 4)));

const counts = new Map<string, number>();
const times = new Map<string, number>();
const commits: number[] = [];
const note = (key: string, ms: number): void => {
  counts.set(key, (counts.get(key) ?? 0) + 1);
  times.set(key, (times.get(key) ?? 0) + ms);
};

/** Wraps the statement and database methods every store call goes through. */
function instrument(): void {
  const probe = new Database(':memory:');
  // The prototype of better-sqlite3's Statement, reached through an instance: the package does not export the class.
  const statement = Object.getPrototypeOf(probe.prepare('SELECT 1')) as Record<'run' | 'get' | 'all', (...args: unknown[]) => unknown>;
  probe.close();
  for (const method of ['run', 'get', 'all'] as const) {
    const original = statement[method];
    statement[method] = function (this: { source: string }, ...args: unknown[]) {
      const started = performance.now();
      try {
        return original.apply(this, args);
      } finally {
        note(`${method} ${this.source.replace(/\s+/g, ' ').slice(0, 60)}`, performance.now() - started);
      }
    };
  }
  const database = Database.prototype as unknown as { exec: (sql: string) => unknown };
  const exec = database.exec;
  database.exec = function (this: unknown, sql: string) {
    const started = performance.now();
    try {
      return exec.call(this, sql);
    } finally {
      const ms = performance.now() - started;
      note(`exec ${sql.slice(0, 30)}`, ms);
      if (sql === 'COMMIT') commits.push(ms);
    }
  };
}

async function main(): Promise<void> {
  instrument();
  const dir = mkdtempSync(join(tmpdir(), 'paysock-statements-'));
  const server = await startReferenceServer({ port: 0, dataDir: dir, config: { stepDelayMs: 0, processingMs: 0, dailyLimit: 100_000_000, maxMessagesPerSecond: 0 }, logLevel: 'silent' });
  try {
    // Warm-up excluded: the counts start with the measured run.
    await runClosedLoop(server.url, terminals, 1000, 500, 'warm');
    counts.clear();
    times.clear();
    commits.length = 0;
    const result = await runClosedLoop(server.url, terminals, seconds * 1000, 0, 'statements');
    const payments = Math.max(1, result.transactions);
    console.log(`store statements, ${terminals} terminals in this process, ${seconds} s: ${result.transactions} payments (${result.txPerSecond.toFixed(0)}/s)`);
    console.log(' per payment | us per payment | statement');
    let count = 0;
    let total = 0;
    for (const [key, n] of [...counts].sort((a, b) => (times.get(b[0]) ?? 0) - (times.get(a[0]) ?? 0))) {
      count += n;
      total += times.get(key) ?? 0;
      console.log(`${(n / payments).toFixed(2).padStart(12)} | ${((1000 * (times.get(key) ?? 0)) / payments).toFixed(1).padStart(14)} | ${key}`);
    }
    console.log(`${(count / payments).toFixed(2).padStart(12)} | ${((1000 * total) / payments).toFixed(1).padStart(14)} | total`);
    commits.sort((a, b) => a - b);
    const at = (q: number): string => (commits[Math.min(commits.length - 1, Math.floor(q * commits.length))] ?? NaN).toFixed(3);
    console.log(`commits: ${commits.length}, p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${(commits.at(-1) ?? NaN).toFixed(2)} ms`);
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
  process.exit(0);
}

if (import.meta.url === `file://${process.argv[1]}`) void main();
