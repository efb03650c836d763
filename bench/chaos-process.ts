import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/** A TCP port free on 127.0.0.1 right now (the chaos runs restart `paysock serve` on it). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Waits `ms` of real time: the chaos runs pace real processes. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts `paysock serve <args>` and resolves once it listens; retried while the
 * port is still held by the process just killed.
 */
export async function startServe(cliMain: string, args: readonly string[]): Promise<ChildProcess> {
  for (let attempt = 0; ; attempt++) {
    const child = spawn(process.execPath, [cliMain, 'serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const up = await new Promise<boolean>((resolve) => {
      let out = '';
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('listening on')) resolve(true);
      });
      child.once('exit', () => resolve(false));
    });
    if (up) return child;
    if (attempt > 50) throw new Error(`paysock serve ${args.join(' ')} did not restart`);
    await sleep(100);
  }
}
