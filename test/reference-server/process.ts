import { execSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const root = join(import.meta.dirname, '..', '..');
export const cliMain = join(root, 'dist', 'cli', 'main.js');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

/** Builds dist/ when it is missing or older than the sources the CLI runs. */
export function ensureBuilt(): void {
  const built = existsSync(cliMain) ? statSync(cliMain).mtimeMs : 0;
  const sources = Math.max(...['cli', 'protocol', 'reference-server'].map((d) => newestSource(join(root, d))));
  const stale = !existsSync(join(root, 'dist', 'reference-server', 'index.js')) || built < sources
    || statSync(join(root, 'dist', 'reference-server', 'index.js')).mtimeMs < newestSource(join(root, 'reference-server'));
  if (!stale) return;
  try {
    execSync('npm run build', { cwd: root, stdio: 'pipe' });
  } catch {
    // Type errors elsewhere in the tree still emit JavaScript; only a missing output is fatal.
    if (!existsSync(cliMain)) throw new Error('npm run build produced no dist/cli/main.js');
  }
}

/** A `paysock serve` child process. */
export interface ServeProcess {
  child: ChildProcess;
  url: string;
  httpUrl: string;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

/** Starts `node dist/cli/main.js serve <args>` and waits for its "listening on" line. */
export async function startServe(args: string[]): Promise<ServeProcess> {
  const child = spawn(process.execPath, [cliMain, 'serve', '--port', '0', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${out}${err}`)), 20_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const match = /listening on (\S+) \(health and metrics on (\S+)\)/.exec(out);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    void exited.then((code) => reject(new Error(`serve exited with ${code}: ${out}${err}`)));
  });
  const httpUrl = /health and metrics on (\S+)\)/.exec(out)?.[1] ?? '';
  return { child, url, httpUrl, stdout: () => out, stderr: () => err, exited };
}
