import { randomBytes } from 'node:crypto';
import { isIP, connect as tcpConnect } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import WebSocket from 'ws';
import type { ResolvedTarget } from './target.js';
import { profileNamed } from '../protocol/profiles/index.js';
import { oneLine } from './certifier-terminal.js';

/** Whether the suite can reach the backend at all; when not, one line saying why. */
export type PreflightResult = { ok: true } | { ok: false; reason: string };


/**
 * Checks, before any case runs, that the target can be reached: the TCP
 * connection, the TLS handshake (wss://, with the target's trust settings)
 * and the WebSocket upgrade, made with the credentials the suite gives its
 * first terminal (the first token of the pool with authentication on, a
 * terminal id of its own otherwise). A backend that fails here cannot be
 * judged at all: every case would be an ERROR, so the run reports "could
 * not run" with this reason instead of a verdict. The one connection that
 * opens is closed cleanly (close handshake awaited) before the suite starts.
 */
export async function preflight(target: ResolvedTarget, timeoutMs = 5_000): Promise<PreflightResult> {
  let url: URL;
  try {
    url = new URL(target.url);
  } catch {
    return { ok: false, reason: `${target.url} is not a URL` };
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') return { ok: false, reason: `${target.url} is not a ws:// or wss:// URL` };
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port || (url.protocol === 'wss:' ? 443 : 80));
  const tcp = await reachTcp(host, port, timeoutMs);
  if (tcp !== undefined) return { ok: false, reason: `cannot connect to ${target.url}: ${tcp}` };
  if (url.protocol === 'wss:') {
    const tls = await reachTls(host, port, target.tls, timeoutMs);
    if (tls !== undefined) {
      const hint = /CERT|certificate|self.signed/i.test(tls) ? ' (trust it with --tls-ca <file>, or --tls-insecure)' : '';
      return { ok: false, reason: `TLS handshake with ${target.url} failed: ${tls}${hint}` };
    }
  }
  const upgrade = await reachUpgrade(target, timeoutMs);
  return upgrade === undefined ? { ok: true } : { ok: false, reason: upgrade };
}

/** undefined when a TCP connection opens; otherwise the error code (ECONNREFUSED, ENOTFOUND, ...) or what happened. */
function reachTcp(host: string, port: number, timeoutMs: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = tcpConnect({ host, port });
    const finish = (problem: string | undefined): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(problem);
    };
    const timer = setTimeout(() => finish(`no answer within ${timeoutMs} ms`), timeoutMs);
    socket.once('connect', () => finish(undefined));
    socket.once('error', (error: NodeJS.ErrnoException) => finish(error.code ?? oneLine(error.message)));
  });
}

/** undefined when the TLS handshake completes with the target's trust settings; otherwise the code and reason. */
function reachTls(host: string, port: number, trust: ResolvedTarget['tls'], timeoutMs: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const options: ConnectionOptions = { host, port, rejectUnauthorized: trust.rejectUnauthorized };
    if (trust.ca !== undefined) options.ca = trust.ca;
    if (isIP(host) === 0) options.servername = host;
    const socket = tlsConnect(options);
    const finish = (problem: string | undefined): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(problem);
    };
    const timer = setTimeout(() => finish(`no answer to the TLS handshake within ${timeoutMs} ms`), timeoutMs);
    socket.once('secureConnect', () => finish(undefined));
    socket.once('error', (error: NodeJS.ErrnoException) => {
      // OpenSSL messages carry a source path and line; the reason is the part that matters.
      const reason = /routines:[^:]*:([^:]+)/.exec(error.message)?.[1] ?? error.message;
      finish(oneLine(`${error.code ? `${error.code}: ` : ''}${reason}`));
    });
    socket.once('close', () => finish('the server closed the connection during the TLS handshake'));
  });
}

/** undefined when the upgrade is answered with 101; otherwise the one-line reason. */
function reachUpgrade(target: ResolvedTarget, timeoutMs: number): Promise<string | undefined> {
  const url = new URL(target.url);
  const headers: Record<string, string> = { ...profileNamed(target.profile).client.headers };
  const token = target.auth.mode === 'tokens' ? target.auth.pool[0] : undefined;
  if (token !== undefined) headers.Authorization = `Bearer ${token}`;
  // A terminal id of the preflight's own, so no case meets its (empty) state.
  else url.searchParams.set(target.terminalIdParam, `ps-preflight-${randomBytes(4).toString('hex')}`);
  const credentials = token !== undefined ? ' (with the first token of the target\'s pool)' : '';
  return new Promise((resolve) => {
    let settled = false;
    let opened = false;
    let closing: NodeJS.Timeout | undefined;
    let socket: WebSocket | undefined;
    const finish = (problem: string | undefined): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(problem);
    };
    const timer = setTimeout(() => {
      socket?.terminate();
      finish(opened ? undefined : `no answer to the WebSocket upgrade at ${target.url} within ${timeoutMs} ms`);
    }, timeoutMs);
    try {
      socket = new WebSocket(url, {
        headers,
        perMessageDeflate: false,
        handshakeTimeout: timeoutMs,
        rejectUnauthorized: target.tls.rejectUnauthorized,
        ...(target.tls.ca !== undefined ? { ca: target.tls.ca } : {}),
      });
    } catch (error) {
      finish(`the WebSocket upgrade at ${target.url} failed: ${oneLine((error as Error).message)}`);
      return;
    }
    socket.on('unexpected-response', (_req, res) => {
      res.resume();
      socket.terminate();
      finish(`the WebSocket upgrade at ${target.url} was answered with HTTP ${res.statusCode} instead of 101${credentials}`);
    });
    socket.on('error', (error) => {
      if (!opened) finish(`the WebSocket upgrade at ${target.url} failed: ${oneLine(error.message)}`);
    });
    socket.on('open', () => {
      // Reachable. Close cleanly and wait for the server's close, so its session ends before the first case opens one.
      opened = true;
      socket.close(1000, 'paysock preflight');
      closing = setTimeout(() => socket.terminate(), timeoutMs);
    });
    socket.on('close', () => {
      clearTimeout(closing);
      finish(opened ? undefined : `the connection closed during the WebSocket upgrade at ${target.url}`);
    });
  });
}
