import type { IncomingMessage } from 'node:http';
import { isIdentifier } from '../../protocol/identifier.js';
import type { AuthOptions } from '../api.js';
import { presentedToken } from '../authentication.js';

/** How the v2 backend tells kiosks apart (docs/reference-server-v2.md, "Which kiosk is it"). */
export interface KioskIdentityOptions {
  /** v1's authentication, kept for test rigs: a token names the kiosk. */
  auth?: AuthOptions;
  /** A configured map from a kiosk's source address (IPv4 dotted or IPv6) to its id. */
  kioskMap?: Record<string, string>;
  /** Tell kiosks apart by their address only, ignoring `?terminalId=` (V2-OPEN-7 answered "remote address"). */
  ignoreTerminalId?: boolean;
}

/** The source address of a request, IPv4-mapped IPv6 written as IPv4. */
export function sourceAddress(req: IncomingMessage): string {
  const address = req.socket.remoteAddress ?? 'unknown';
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

/**
 * The kiosk an upgrade request is, or 401 (project decision, V2-OPEN-7):
 * 1. with tokens on, the token's kiosk (test rigs; d540407 sends none, so
 *    tokens mode serves only rigs, V2-TRN-2);
 * 2. a valid `?terminalId=` (test rigs and load tools, as v1);
 * 3. the configured map of source addresses;
 * 4. otherwise the source address itself, `kiosk@<address>`.
 * Never the source port: the kiosk's port changes on every reconnect, and a
 * kiosk's sale, its ticket and a reversal request span reconnects (V2-M-11,
 * V2-M-12). Never DEVICE_SERIAL: it arrives only when asked, after the first
 * screen, and is usually "unknown" (pinto-android-2.md §5j); the books keep
 * it on the kiosk's record.
 */
export function identifyKiosk(req: IncomingMessage, url: URL, options: KioskIdentityOptions): string | 401 {
  if (options.auth?.mode === 'tokens') {
    const token = presentedToken(req, url);
    return token !== undefined && Object.hasOwn(options.auth.tokens, token) ? (options.auth.tokens[token] ?? 401) : 401;
  }
  const id = options.ignoreTerminalId === true ? null : url.searchParams.get('terminalId');
  if (isIdentifier(id)) return id;
  const address = sourceAddress(req);
  const mapped = options.kioskMap?.[address];
  if (mapped !== undefined) return mapped;
  if (options.auth?.mode === 'none' && options.auth.defaultTerminalId !== undefined) return options.auth.defaultTerminalId;
  return `kiosk@${address}`;
}
