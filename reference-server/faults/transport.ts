import { CloseCode } from '../../protocol/error-catalogue.js';
import { isIdentifier } from '../../protocol/identifier.js';
import { presentedToken } from '../authentication.js';
import type { FaultName } from '../faults.js';
import type { ServerConnection } from '../server-connection.js';
import { around, type FaultInstaller } from './parts.js';

/** Headroom for reading a frame over 64 KiB: big enough, bounded all the same. */
const FAULTY_MAX_PAYLOAD = 16 * 1024 * 1024;

/** A fault installed on every connection as it opens. */
function onEachConnection(wrap: (connection: ServerConnection) => void): FaultInstaller {
  return (parts) => parts.connections.decorate(wrap);
}

/** Faults of the transport: frames, keepalives, rate, heartbeat, replacement, TLS, authentication. */
export const transportFaults = {
  'crash-on-bad-json': onEachConnection((connection) =>
    around(connection, 'invalidFrame', (invalidFrame) => (problems, parsed) => {
      if (problems.some((p) => p.requirement === 'ERR-1')) connection.close(CloseCode.INTERNAL_ERROR, 'internal error');
      else invalidFrame(problems, parsed);
    }),
  ),
  'accepts-binary': onEachConnection((connection) => around(connection, 'binaryFrame', () => () => connection.log.warn('binary frame received'))),
  'no-size-limit': (parts) => {
    parts.transport.maxPayload = FAULTY_MAX_PAYLOAD;
    onEachConnection((connection) => around(connection, 'oversizeFrame', () => (problems, parsed) => connection.invalidFrame(problems, parsed)))(parts);
  },
  'ping-answered-with-error': onEachConnection((connection) => around(connection, 'keepalive', () => () => connection.terminal.refuse(connection, 'INVALID_MESSAGE'))),
  'no-rate-limit': onEachConnection((connection) => around(connection, 'rateLimited', () => () => false)),
  'no-server-ping': onEachConnection((connection) => around(connection, 'heartbeat', () => () => undefined)),
  'keeps-silent-peers': onEachConnection((connection) => around(connection, 'dropSilentPeer', () => () => connection.ws.ping())),
  'no-replace-close': ({ connections }) => around(connections, 'retire', () => () => undefined),
  'no-pong': ({ transport }) => {
    transport.autoPong = false;
  },
  'accepts-tls-1.1': ({ transport }) => {
    // OpenSSL's default security level refuses TLS 1.1 even when minVersion allows it.
    transport.tls = { minVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' };
  },
  'no-auth-check': ({ transport }) =>
    around(transport, 'identify', (identify) => (req, url, options) => {
      const identified = identify(req, url, options);
      if (identified !== 401) return identified;
      const token = presentedToken(req, url);
      return isIdentifier(token) ? token : 'anonymous';
    }),
  'token-overrides-identity': ({ transport }) =>
    around(transport, 'identify', (identify) => (req, url, options) => {
      const identified = identify(req, url, options);
      const named = url.searchParams.get('terminalId');
      return typeof identified === 'string' && options.auth?.mode === 'tokens' && isIdentifier(named) ? named : identified;
    }),
} satisfies Partial<Record<FaultName, FaultInstaller>>;
