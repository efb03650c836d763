/**
 * How many idle terminals one reference-server process holds, and its memory
 * per connection. Starts `paysock serve` as a child process on 127.0.0.1 (so
 * the clients' memory is not counted), opens N WebSockets that each receive
 * their AMOUNT_SELECT, then reads the server's RSS from /proc.
 *
 *   npm run build && node dist/bench/server-capacity.bench.js [N]
 *
 * N defaults to 5000 (or PAYSOCK_BENCH_TERMINALS), bounded to 1..15000 by the
 * file-descriptor limits of one machine. Not a test: numbers depend on the host.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';

const MAX_TERMINALS = 15_000;
const requested = Number(process.argv[2] ?? process.env.PAYSOCK_BENCH_TERMINALS ?? 5000);
const count = Math.max(1, Math.min(MAX_TERMINALS, Number.isFinite(requested) ? Math.floor(requested) : 5000));
const batch = 250;

const here = dirname(fileURLToPath(import.meta.url));
const cli = join(here, '..', 'cli', 'main.js');

function rssKiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN);
}

async function main(): Promise<void> {
  const child = spawn(process.execPath, [cli, 'serve', '--port', '0', '--data-dir', ':memory:', '--log-level', 'silent', '--ping-interval', '30000'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const match = /listening on (\S+)/.exec(out);
      if (match?.[1]) resolve(match[1]);
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  const pid = child.pid!;
  await new Promise((resolve) => setTimeout(resolve, 500));
  const baseline = rssKiB(pid);
  const sockets: WebSocket[] = [];
  let failed = 0;
  const started = Date.now();
  for (let i = 0; i < count; i += batch) {
    const opened = Array.from({ length: Math.min(batch, count - i) }, (_, j) => new Promise<void>((resolve) => {
      // perMessageDeflate off: an idle kiosk fleet's cost without compression state.
      const ws = new WebSocket(`${url}?terminalId=bench-${i + j}`, { perMessageDeflate: false });
      ws.once('message', () => {
        sockets.push(ws);
        resolve();
      });
      ws.once('error', () => {
        failed++;
        resolve();
      });
    }));
    await Promise.all(opened);
  }
  const connectMs = Date.now() - started;
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const held = sockets.filter((ws) => ws.readyState === WebSocket.OPEN).length;
  const loaded = rssKiB(pid);
  const metrics = await (await fetch(url.replace(/^ws/, 'http') + 'metrics')).text();
  const serverCount = Number(/paysock_open_connections (\d+)/.exec(metrics)?.[1] ?? NaN);
  const perConnection = held > 0 ? ((loaded - baseline) / held) : NaN;
  process.stdout.write(
    [
      `terminals requested     ${count}`,
      `connections held        ${held} (server reports ${serverCount}; ${failed} failed)`,
      `connect time            ${connectMs} ms`,
      `server RSS idle         ${(baseline / 1024).toFixed(1)} MiB`,
      `server RSS loaded       ${(loaded / 1024).toFixed(1)} MiB`,
      `RSS per connection      ${perConnection.toFixed(1)} KiB`,
      '',
    ].join('\n'),
  );
  for (const ws of sockets) ws.terminate();
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
