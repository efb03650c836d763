import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { isIdentifier } from '../protocol/identifier.js';
import type { ReferenceServerOptions } from './api.js';
import type { FaultSet } from './faults.js';

/** The terminal id of an upgrade request, or the HTTP status refusing it (AUTH-2..7). */
export function identify(req: IncomingMessage, url: URL, options: ReferenceServerOptions, faults: FaultSet): string | 400 | 401 {
  const auth = options.auth ?? { mode: 'none' as const };
  if (auth.mode === 'tokens') {
    const header = req.headers.authorization;
    const bearer = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1] : undefined;
    const token = bearer ?? url.searchParams.get('access_token') ?? undefined;
    const terminalId = token === undefined ? undefined : Object.hasOwn(auth.tokens, token) ? auth.tokens[token] : undefined;
    const named = url.searchParams.get('terminalId');
    if (terminalId !== undefined) return faults.has('token-overrides-identity') && isIdentifier(named) ? named : terminalId;
    if (faults.has('no-auth-check')) return isIdentifier(token) ? token : 'anonymous';
    return 401;
  }
  const id = url.searchParams.get('terminalId');
  if (isIdentifier(id)) return id;
  if (auth.defaultTerminalId !== undefined) return auth.defaultTerminalId;
  return 400;
}

const reasons: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 503: 'Service Unavailable' };

/** Answers an upgrade request with an HTTP error instead of a WebSocket (AUTH-4, AUTH-7). */
export function refuse(socket: Duplex, status: number, message: string): void {
  const body = `${message}\n`;
  const extra = status === 401 ? 'WWW-Authenticate: Bearer\r\n' : '';
  socket.end(`HTTP/1.1 ${status} ${reasons[status] ?? 'Error'}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${extra}\r\n${body}`);
}
