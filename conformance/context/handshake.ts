import { randomBytes } from 'node:crypto';
import { profileNamed } from '../../protocol/profiles/index.js';
import type { ResolvedTarget } from '../target.js';
import type { TerminalLease } from '../terminal-pool.js';
import type { Identity } from './identities.js';

/** How a case opens a connection. */
export interface OpenOptions {
  as?: Identity;
  /** Label in the wire log; default the identity, then "A#2", "A#3"... */
  label?: string;
  /** X-Test-Scenario (TC-1); the case is SKIPPED if the backend does not accept it. */
  scenario?: string;
  /** Send X-Test-Scenario but do not require acceptance (TC-5, TC-6). */
  scenarioUnchecked?: string;
  /** Credentials: the identity's (default), none at all, or a token no terminal has. */
  credentials?: 'identity' | 'none' | 'unknown-token';
  /** Extra handshake headers. */
  headers?: Record<string, string>;
  /** Offer permessage-deflate (default: as the profile's client does). */
  deflate?: boolean;
  /** Leave the terminal id out of the URL (AUTH-7). */
  noTerminalId?: boolean;
  /** Extra query parameters on the upgrade URL, after the terminal id (e.g. a ?terminalId= that a token must win over, AUTH-5). */
  query?: Record<string, string>;
  /** Answer the server's pings (default true); false plays a peer that misses its pongs (TRN-8). */
  autoPong?: boolean;
}

/** The upgrade request of one connection: URL, headers, and whether it offers permessage-deflate. */
export interface HandshakeRequest {
  url: string;
  headers: Record<string, string>;
  offerDeflate: boolean;
  /** The scenario it asks for (X-Test-Scenario), checked or not. */
  scenario?: string;
}

/**
 * The upgrade request a case's connection sends: the profile's client headers
 * and deflate offer (the shipped client is OkHttp 4.11, DIA-7),
 * the identity's credentials (a bearer token, or the terminal id in the URL,
 * AUTH-1..7), and the scenario header of test control (TC-1).
 */
export function handshakeRequest(target: ResolvedTarget, options: OpenOptions, terminalId: string, lease: TerminalLease | undefined): HandshakeRequest {
  const client = profileNamed(target.profile).client;
  const url = new URL(target.url);
  const headers: Record<string, string> = { ...client.headers, ...options.headers };
  if (target.auth.mode === 'tokens') {
    if (lease) headers.Authorization = `Bearer ${lease.token}`;
    if (options.credentials === 'unknown-token') headers.Authorization = `Bearer paysock-unknown-${randomBytes(8).toString('hex')}`;
  } else if (!options.noTerminalId) {
    url.searchParams.set(target.terminalIdParam, terminalId);
  }
  for (const [name, value] of Object.entries(options.query ?? {})) url.searchParams.set(name, value);
  const scenario = options.scenario ?? options.scenarioUnchecked;
  if (scenario !== undefined) headers['X-Test-Scenario'] = scenario;
  const request: HandshakeRequest = { url: url.toString(), headers, offerDeflate: options.deflate ?? client.offersDeflate };
  if (scenario !== undefined) request.scenario = scenario;
  return request;
}
