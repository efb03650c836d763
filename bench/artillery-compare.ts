/**
 * Terminals per GiB: paysock's Node driver vs Artillery's WebSocket engine
 * on the same journey, in one run. Journey: each terminal connects with its
 * own terminalId, receives AMOUNT_SELECT (FLOW-1) and stays connected
 * (paysock `--journey idle`, Artillery `connect` + `think`), N terminals
 * against one reference server in its own process. Peak RSS of each load
 * tool's process tree, from /proc. Prints numbers; never a test.
 *
 * Artillery (~600 MB) is installed on demand into the git-ignored folder
 * bench/.artillery, never into the project's dependencies:
 *   PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --prefix bench/.artillery artillery@2
 *
 *   npm run build && node dist/bench/artillery-compare.js [terminals=2000] [holdSeconds=40]
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const cli = join(here, '..', 'cli', 'main.js');
const root = resolve(here, '..', '..');
const artilleryDir = join(root, 'bench', '.artillery');
const artilleryBin = join(artilleryDir, 'node_modules', '.bin', 'artillery');
const terminals = Math.min(Number(process.argv[2] ?? 2000), 15_000);
const holdSeconds = Math.min(Number(process.argv[3] ?? 40), 300);
const rampSeconds = 10;

function ensureArtillery(): void {
  if (existsSync(artilleryBin)) return;
  console.log('installing artillery@2 into bench/.artillery (PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1) ...');
  execFileSync('npm', ['install', '--prefix', artilleryDir, '--no-audit', '--no-fund', 'artillery@2'], { stdio: 'inherit', env: { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' } });
}

/** Peak RSS (VmHWM) summed over a process and its descendants, MiB. */
function treeRssMiB(pid: number): number {
  let total = 0;
  const visit = (p: number): void => {
    try {
      total += Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? 0) / 1024;
      for (const task of readdirSync(`/proc/${p}/task`)) {
        const children = readFileSync(`/proc/${p}/task/${task}/children`, 'utf8').trim();
        for (const c of children.split(/\s+/).filter(Boolean)) visit(Number(c));
      }
    } catch { /* exited */ }
  };
  visit(pid);
  return total;
}

function startServer(): Promise<{ child: ChildProcess; url: string; connections: () => Promise<number>; httpUrl: string }> {
  const child = spawn(process.execPath, [cli, 'serve', '--port', '0', '--data-dir', ':memory:', '--log-level', 'silent'], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolvePromise, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (\S+) \(health and metrics on (\S+)\)/.exec(out);
      if (m) resolvePromise({ child, url: m[1]!, httpUrl: m[2]!, connections: async () => 0 });
    });
    child.once('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
}

/** Runs one tool and samples its process tree's RSS while the terminals are held. */
async function measure(name: string, command: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => { stderr = (stderr + d.toString()).slice(-4000); });
  let peak = 0;
  const sampler = setInterval(() => { peak = Math.max(peak, treeRssMiB(child.pid!)); }, 250);
  const code = await new Promise<number | null>((r) => child.once('exit', r));
  clearInterval(sampler);
  if (code !== 0 && code !== 1) console.log(`${name} exited ${code}: ${stderr}`);
  return peak;
}

async function main(): Promise<void> {
  ensureArtillery();
  const server = await startServer();
  const work = mkdtempSync(join(tmpdir(), 'paysock-artillery-'));
  const duration = rampSeconds + holdSeconds;
  console.log(`artillery-compare: ${terminals} terminals, idle journey (connect, AMOUNT_SELECT, hold ${holdSeconds}s), ramp ${rampSeconds}s`);

  const ours = await measure('paysock', process.execPath, [cli, 'load', server.url, '--terminals', String(terminals), '--ramp-up', `${rampSeconds}s`, '--duration', `${duration}s`, '--journey', 'idle', '--out', join(work, 'paysock')], { CI: 'true' });
  const summary = JSON.parse(readFileSync(join(work, 'paysock', 'load-summary.json'), 'utf8')) as { terminals: { peakActive: number } };

  const script = join(work, 'artillery.yml');
  writeFileSync(script, [
    'config:',
    `  target: "${server.url.replace(/\/$/, '')}"`,
    '  phases:',
    `    - duration: ${rampSeconds}`,
    `      arrivalCount: ${terminals}`,
    'scenarios:',
    '  - engine: ws',
    '    flow:',
    '      - connect: "{{ target }}/?terminalId=art-{{ $randomString(12) }}"',
    `      - think: ${holdSeconds}`,
    '',
  ].join('\n'));
  const theirs = await measure('artillery', artilleryBin, ['run', '--quiet', '--output', join(work, 'artillery.json'), script], { ARTILLERY_DISABLE_TELEMETRY: 'true', DO_NOT_TRACK: '1' });
  let artilleryHeld = terminals;
  try {
    const report = JSON.parse(readFileSync(join(work, 'artillery.json'), 'utf8')) as { aggregate: { counters: Record<string, number> } };
    artilleryHeld = (report.aggregate.counters['vusers.created'] ?? 0) - (report.aggregate.counters['vusers.failed'] ?? 0);
  } catch { /* keep the requested count */ }

  server.child.kill('SIGTERM');
  const perGiB = (held: number, mib: number): number => Math.round(held / (mib / 1024));
  const oursPerGiB = perGiB(summary.terminals.peakActive, ours);
  const theirsPerGiB = perGiB(artilleryHeld, theirs);
  console.log(`paysock driver : ${summary.terminals.peakActive} terminals held, peak RSS ${ours.toFixed(0)} MiB -> ${oursPerGiB} terminals per GiB`);
  console.log(`artillery (ws) : ${artilleryHeld} virtual users completed, peak RSS ${theirs.toFixed(0)} MiB -> ${theirsPerGiB} terminals per GiB`);
  console.log(`ratio          : ${(oursPerGiB / theirsPerGiB).toFixed(1)}x terminals per GiB in paysock's favour`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
