import { isIP } from 'node:net';
import { connect, createSecureContext, type ConnectionOptions, type SecureVersion } from 'node:tls';
import { oneLine } from './certifier-terminal.js';

/** How one TLS handshake with a pinned protocol version ended (TRN-5). */
export type TlsProbe =
  /** The server completed the handshake at this protocol version. */
  | { kind: 'accepted'; protocol: string }
  /** The server turned the handshake down: a protocol_version or handshake_failure alert, or a hang-up. */
  | { kind: 'refused'; detail: string }
  /** This runner's TLS library cannot even offer the version: nothing is known about the server. */
  | { kind: 'cannot-attempt'; detail: string }
  /** The handshake failed in a way that says neither (unreachable, no answer, an unrelated TLS error). */
  | { kind: 'undecided'; detail: string };

/** What the runner trusts when it checks a wss:// certificate. */
export interface TlsTrust {
  /** Extra CA or self-signed certificate, PEM. */
  ca?: string;
  rejectUnauthorized: boolean;
}

/** Errors that mean the server said no to the offered version (as opposed to this client failing). */
const REFUSALS = new Set([
  'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION',
  'ERR_SSL_UNSUPPORTED_PROTOCOL',
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE',
  'ERR_SSL_TLSV1_ALERT_INSUFFICIENT_SECURITY',
  'ECONNRESET',
  'EPIPE',
]);

/**
 * Offers exactly one TLS version to the host of `url` and reports how the
 * handshake ended. Versions below 1.2 need OpenSSL's security level 0 (OpenSSL 3
 * refuses to offer them otherwise); when even that is impossible the probe says
 * so instead of pretending the server refused.
 */
export async function probeTls(url: URL, version: SecureVersion, trust: TlsTrust, timeoutMs: number): Promise<TlsProbe> {
  const legacy = version === 'TLSv1' || version === 'TLSv1.1';
  const options: ConnectionOptions = {
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: Number(url.port || 443),
    minVersion: version,
    maxVersion: version,
    // The legacy probe judges the protocol version only, so certificate trust must not decide it.
    rejectUnauthorized: legacy ? false : trust.rejectUnauthorized,
  };
  if (legacy) options.ciphers = 'DEFAULT@SECLEVEL=0';
  if (trust.ca !== undefined) options.ca = trust.ca;
  if (isIP(options.host as string) === 0) options.servername = options.host as string;
  try {
    createSecureContext({ minVersion: version, maxVersion: version, ...(options.ciphers ? { ciphers: options.ciphers } : {}) });
  } catch (error) {
    return { kind: 'cannot-attempt', detail: describe(error) };
  }
  return new Promise((resolve) => {
    let settled = false;
    const finish = (probe: TlsProbe): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(probe);
    };
    const timer = setTimeout(() => finish({ kind: 'undecided', detail: `no answer to the ${version} handshake within ${timeoutMs} ms` }), timeoutMs);
    const socket = connect(options);
    socket.once('secureConnect', () => finish({ kind: 'accepted', protocol: socket.getProtocol() ?? 'unknown' }));
    socket.once('error', (error: NodeJS.ErrnoException) => {
      const code = error.code ?? '';
      if (code === 'ERR_SSL_NO_PROTOCOLS_AVAILABLE' || code === 'ERR_SSL_NO_CIPHERS_AVAILABLE') finish({ kind: 'cannot-attempt', detail: describe(error) });
      else if (REFUSALS.has(code)) finish({ kind: 'refused', detail: describe(error) });
      else finish({ kind: 'undecided', detail: describe(error) });
    });
    socket.once('close', () => finish({ kind: 'refused', detail: 'the server closed the connection during the handshake' }));
  });
}

function describe(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  // OpenSSL messages carry a source path and line; the reason is the part that matters.
  const reason = /routines:[^:]*:([^:]+)/.exec(e.message)?.[1] ?? e.message;
  return oneLine(`${e.code ? `${e.code}: ` : ''}${reason}`);
}
