import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { isIdentifier } from '../protocol/identifier.js';
import type { ReferenceServerOptions } from './api.js';

/** The token an upgrade request presents: its bearer token, or ?access_token= (AUTH-3). */
export function presentedToken(req: IncomingMessage, url: URL): string | undefined {
  const header = req.headers.authorization;
  const bearer = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1] : undefined;
  return bearer ?? url.searchParams.get('access_token') ?? undefined;
}

/** The terminal id of an upgrade request, or the HTTP status refusing it (AUTH-2..7). */
export function identify(req: IncomingMessage, url: URL, options: ReferenceServerOptions): string | 400 | 401 {
  const auth = options.auth ?? { mode: 'none' as const };
  if (auth.mode === 'tokens') {
    const token = presentedToken(req, url);
    // The token identifies the terminal (AUTH-5): a ?terminalId= beside it does not.
    return token !== undefined && Object.hasOwn(auth.tokens, token) ? (auth.tokens[token] ?? 401) : 401;
  }
  const id = url.searchParams.get('terminalId');
  if (isIdentifier(id)) return id;
  if (auth.defaultTerminalId !== undefined) return auth.defaultTerminalId;
  return 400;
}

/** How a server tells who an upgrade request is. */
export type Identify = typeof identify;

const reasons: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 503: 'Service Unavailable' };

/** Answers an upgrade request with an HTTP error instead of a WebSocket (AUTH-4, AUTH-7). */
export function refuse(socket: Duplex, status: number, message: string): void {
  const body = `${message}\n`;
  const extra = status === 401 ? 'WWW-Authenticate: Bearer\r\n' : '';
  socket.end(`HTTP/1.1 ${status} ${reasons[status] ?? 'Error'}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${extra}\r\n${body}`);
}
