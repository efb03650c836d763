import { readFileSync } from 'node:fs';

/**
 * Limits of the machine running the driver, told apart from the backend's
 * failures: a connect that fails because this process has no file descriptor
 * left, no local port towards the server, or no memory for a socket says
 * nothing about the backend, and retrying it at once only makes it worse.
 */
export type LocalLimit = 'file-descriptors' | 'ephemeral-ports' | 'memory';

/** The local limit an errno code means, if any. */
export function localLimitOf(code: string | undefined): LocalLimit | undefined {
  switch (code) {
    case 'EMFILE':
    case 'ENFILE':
      return 'file-descriptors';
    case 'EADDRNOTAVAIL':
    case 'EADDRINUSE':
      return 'ephemeral-ports';
    case 'ENOMEM':
    case 'ENOBUFS':
      return 'memory';
    default:
      return undefined;
  }
}

/** What the run looks like, for advice that names numbers. */
export interface LimitContext {
  terminals: number;
  workers: number;
  sourceAddresses: number;
}

/**
 * The soft limit on open files of this process (Linux /proc), or undefined
 * elsewhere. Read when this module loads: once the limit is reached, reading
 * /proc needs a descriptor too.
 */
export function openFilesLimit(): number | undefined {
  return startupOpenFilesLimit;
}

const startupOpenFilesLimit = readOpenFilesLimit();

function readOpenFilesLimit(): number | undefined {
  try {
    const line = /^Max open files\s+(\d+|unlimited)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
    return line && line[1] !== 'unlimited' ? Number(line[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** One paragraph, in words, with the fix. */
export function localLimitAdvice(limit: LocalLimit, ctx: LimitContext): string {
  switch (limit) {
    case 'file-descriptors': {
      const current = openFilesLimit();
      return `this machine ran out of file descriptors (EMFILE/ENFILE${current !== undefined ? `, ulimit -n is ${current}` : ''}): every terminal holds one socket, so ${ctx.terminals} terminals need about ${ctx.terminals + 256}. `
        + `This is not the backend failing. Raise the limit in the shell that starts the run: ulimit -n ${Math.max(ctx.terminals + 1024, 4096)} (and fs.file-max / the service's LimitNOFILE if that is not enough). `
        + 'Worker threads share one process and its descriptors: --workers does not help here.';
    }
    case 'ephemeral-ports':
      return `this machine ran out of local ports towards the server (EADDRNOTAVAIL): one source address holds about 28,000 connections to one server address and port, and ${ctx.terminals} terminals use ${Math.max(1, ctx.sourceAddresses)} source address(es). `
        + `This is not the backend failing. Spread the terminals over more source addresses: --source-addresses ${Math.ceil(ctx.terminals / 25_000) + 1} (127.0.0.x on loopback, or addresses of this machine), or widen net.ipv4.ip_local_port_range.`;
    case 'memory':
      return `this machine ran out of memory for sockets (ENOMEM/ENOBUFS) with ${ctx.terminals} terminals on ${ctx.workers} worker(s). `
        + 'This is not the backend failing. Run fewer terminals per machine, spread them over more --workers (each has its own heap), or give Node more memory (NODE_OPTIONS=--max-old-space-size=...).';
  }
}

/**
 * How long a share waits before its next connect after a local limit: 1 s,
 * doubling per limit hit in a row, at most 30 s; a connection that opens
 * resets it. Bounded retries instead of a tight loop.
 */
export function nextBackoffMs(previousMs: number): number {
  return Math.min(30_000, Math.max(1_000, previousMs * 2));
}
