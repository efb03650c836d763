import type { SecureContextOptions } from 'node:tls';
import type { Identify } from '../authentication.js';
import type { ConnectionRegistry } from '../connection-registry.js';
import type { SessionContext } from '../session-context.js';
import type { SessionRegistry } from '../session-registry.js';

/** How the WebSocket endpoint is built: read once, when the servers are made. */
export interface TransportSettings {
  /** The largest frame ws reads (TRN-4: 64 KiB). */
  maxPayload: number;
  /** Whether ws answers pings with pongs (TRN-7). */
  autoPong: boolean;
  /** The TLS versions and ciphers of wss:// (TRN-5: TLS 1.2 or later). */
  tls: Pick<SecureContextOptions, 'minVersion' | 'ciphers'>;
  /** Who an upgrade request is (AUTH-2..7). */
  identify: Identify;
}

/**
 * The parts of a reference server as its startup builds them, before any
 * terminal connects: what a deliberate fault may wrap from outside. The
 * rules and the store are those every session shares; the registries wrap
 * each session and connection as it is made.
 */
export interface ServerParts {
  readonly session: SessionContext;
  readonly sessions: SessionRegistry;
  readonly connections: ConnectionRegistry;
  readonly transport: TransportSettings;
}

/** Installs one deliberate fault on a server's parts. */
export type FaultInstaller = (parts: ServerParts) => void;

/** A method of `object` as it is now, bound to it: what a wrapper calls on. */
type Method<T, K extends keyof T> = T[K] extends (...args: infer A) => infer R ? (...args: A) => R : never;

/** Replaces the method `key` of this one `object` by `wrap(original)`, the original bound to the object. */
export function around<T extends object, K extends keyof T>(object: T, key: K, wrap: (original: Method<T, K>) => Method<T, K>): void {
  const original = (object[key] as (...args: unknown[]) => unknown).bind(object) as Method<T, K>;
  object[key] = wrap(original) as T[K];
}
