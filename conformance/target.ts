import { readFileSync } from 'node:fs';
import { dirname, resolve as resolvePath } from 'node:path';
import { formatProblem, problemLine } from '../protocol/format-validators.js';
import type { ConformanceTarget } from '../protocol/types/generated-formats.js';
import { defaultProfile, type TerminalProfile } from '../protocol/profiles/index.js';

/** An optional feature a target may declare (schemas/formats/conformance-target.schema.json). */
export type FeatureName = 'otherKeypad' | 'payByBank' | 'testControl' | 'auth' | 'tls';

/** Every feature, in the order reports list them. */
export const featureNames: readonly FeatureName[] = ['otherKeypad', 'payByBank', 'testControl', 'auth', 'tls'];

/** The backend's timings, all known (defaults are the protocol document's). */
export interface TargetTimings {
  idleTimeoutMs: number;
  stepDelayMs: number;
  processingMs: number;
  processorTimeoutMs: number;
  deviceErrorMs: number;
  /** Interval of the server's own pings (TRN-8); undefined when the target does not declare it. */
  pingIntervalMs?: number;
}

/** A target description with every default filled in. */
export interface ResolvedTarget {
  url: string;
  profile: TerminalProfile;
  terminalIdParam: string;
  /** With tokens: the pool of bearer tokens, each a distinct terminal, that the runner leases to cases (tokens A and B first). */
  auth: { mode: 'none' } | { mode: 'tokens'; pool: string[] };
  timings: TargetTimings;
  features: Record<FeatureName, boolean>;
  /** What the runner trusts on wss:// (the CA file already read). */
  tls: { ca?: string; rejectUnauthorized: boolean };
  /** Each terminal's daily limit (FLOW-6), what the runner budgets payments against. */
  dailyLimit: number;
  /** Whether the target states dailyLimit itself (not the clarifications' default): without test control only a stated limit can be read as a ledger. */
  dailyLimitDeclared?: boolean;
}

/** The clarifications' daily limit: 300 per terminal per UTC day. */
export const DEFAULT_DAILY_LIMIT = 300;

/** The protocol's default timings (docs/protocol.md FLOW-15, reference defaults). */
export const defaultTimings: TargetTimings = {
  idleTimeoutMs: 60_000,
  stepDelayMs: 1_500,
  processingMs: 800,
  processorTimeoutMs: 10_000,
  deviceErrorMs: 10_000,
};

/** Problems found in a target description (schemas/formats/conformance-target.schema.json), one line each ("<path> <what>"); empty when valid. */
export function validateTarget(value: unknown): string[] {
  const problem = formatProblem('conformance-target', value);
  if (problem) return [problemLine(problem)];
  // One test terminal is enough to certify: the cases that need a second one are N/A.
  const t = value as ConformanceTarget;
  if (t.auth?.mode === 'tokens' && tokenPool(t).length < 1) return ['/auth needs the token of at least one test terminal when mode is "tokens" (tokens A and B, or pool)'];
  return [];
}

/** Every bearer token a target declares, tokens A and B first, each once. */
export function tokenPool(target: ConformanceTarget): string[] {
  const auth = target.auth;
  return [...new Set([...(auth?.tokens ? [auth.tokens.A, auth.tokens.B] : []), ...(auth?.pool ?? [])])];
}

/** Reads and validates a target file; throws an Error with one line per problem. */
export function loadTargetFile(file: string): ConformanceTarget {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read target ${file}: ${(error as Error).message}`);
  }
  const problems = validateTarget(value);
  if (problems.length > 0) throw new Error(`${file}: invalid target: ${problems.join('; ')}`);
  const target = value as ConformanceTarget;
  // A CA file named in a target file lives next to it, wherever the runner is started.
  if (target.tls?.caFile !== undefined) target.tls.caFile = resolvePath(dirname(file), target.tls.caFile);
  return target;
}

/**
 * Fills in the defaults. Undeclared features are off, except that the target's
 * own shape implies some: tokens mean auth, a wss:// URL means TLS.
 * Reads tls.caFile; throws an Error naming the file when it cannot.
 */
export function resolveTarget(target: ConformanceTarget, profileOverride?: TerminalProfile): ResolvedTarget {
  const auth: ResolvedTarget['auth'] = target.auth?.mode === 'tokens' ? { mode: 'tokens', pool: tokenPool(target) } : { mode: 'none' };
  const declared = target.features ?? {};
  const tls: ResolvedTarget['tls'] = { rejectUnauthorized: target.tls?.insecure !== true };
  if (target.tls?.caFile !== undefined) {
    try {
      tls.ca = readFileSync(target.tls.caFile, 'utf8');
    } catch (error) {
      throw new Error(`cannot read the TLS CA file ${target.tls.caFile}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  }
  // A v2 target is certified by conformance/v2/ (certify --profile pinto-android-2), never by the v1 runner.
  const profile = profileOverride ?? target.profile ?? defaultProfile;
  if (profile === 'pinto-android-2') throw new Error('profile pinto-android-2 is protocol v2: certify it with --profile pinto-android-2 (the v2 suite)');
  return {
    url: target.url,
    profile,
    terminalIdParam: target.terminalIdParam ?? 'terminalId',
    auth,
    timings: { ...defaultTimings, ...target.timings },
    features: {
      otherKeypad: declared.otherKeypad ?? false,
      payByBank: declared.payByBank ?? false,
      testControl: declared.testControl ?? false,
      auth: declared.auth ?? auth.mode === 'tokens',
      tls: declared.tls ?? target.url.startsWith('wss://'),
    },
    tls,
    dailyLimit: target.dailyLimit ?? DEFAULT_DAILY_LIMIT,
    dailyLimitDeclared: target.dailyLimit !== undefined,
  };
}

/** How long the runner waits for each kind of event, derived from the target's timings. */
export interface Waits {
  /** FLOW-1 and FLOW-17: the spec's 1 s, scaled. */
  answerMs: number;
  /** Slack added to every timing the backend declares. */
  marginMs: number;
  /** Window in which silence is expected (never longer than half the idle timeout, so no TIMEOUT sneaks in). */
  silenceMs: number;
  /** PROCESSING to SUCCESS/FAILED. */
  resultMs: number;
  /** PROCESSING to FAILED PAYMENT_TIMEOUT. */
  processorTimeoutMs: number;
  /** One server-driven step after SUCCESS. */
  stepMs: number;
  /** Idle timeout to ERROR TIMEOUT. */
  idleMs: number;
  /** DEVICE_ERROR after a printer fault back to AMOUNT_SELECT. */
  deviceErrorMs: number;
  /** Wait for the server's first ping (TRN-8): 2.5 intervals; undefined when no interval is declared. */
  pingMs?: number;
  /** Wait for a peer that answers no ping to be dropped (TRN-8): 3 intervals plus the margin. */
  pongDropMs?: number;
  /** Hard ceiling for one case. */
  caseMs: number;
}

/** Derives every wait from the declared timings plus a margin, times --timeout-scale. */
export function deriveWaits(timings: TargetTimings, scale = 1): Waits {
  const marginMs = Math.round(1000 * scale);
  const answerMs = Math.round(1000 * scale);
  const ping = timings.pingIntervalMs;
  const longest = Math.max(timings.idleTimeoutMs, timings.processorTimeoutMs, timings.deviceErrorMs, timings.processingMs + 4 * timings.stepDelayMs, 3 * (ping ?? 0));
  const waits: Waits = {
    answerMs,
    marginMs,
    silenceMs: Math.max(50, Math.min(Math.round(500 * scale), Math.floor(timings.idleTimeoutMs / 2))),
    resultMs: timings.processingMs + marginMs,
    processorTimeoutMs: timings.processorTimeoutMs + marginMs,
    stepMs: timings.stepDelayMs + marginMs,
    idleMs: timings.idleTimeoutMs + marginMs,
    deviceErrorMs: timings.deviceErrorMs + marginMs,
    caseMs: 3 * longest + 20 * marginMs,
  };
  if (ping !== undefined) {
    // A server may ping one interval after the connection opens; half an interval more is slack for its timer.
    waits.pingMs = Math.round(2.5 * ping * scale);
    // Missing two pongs in a row is noticed at the third tick at the latest.
    waits.pongDropMs = Math.round(3 * ping * scale) + marginMs;
  }
  return waits;
}
