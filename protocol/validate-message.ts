import { parseFrame } from './frame.js';
import type { Problem } from './problems.js';
import { parseV2Frame } from './v2/frame.js';
import { V2_PROFILE, validateV2BackendMessage, validateV2KioskMessage, type V2Profile } from './v2/validator.js';
import { terminalProfiles, validateServerMessage, validateTerminalMessage, type TerminalProfile } from './validator.js';

/**
 * Every profile a message can be validated under: the v1 terminal dialects (strict,
 * pinto-android-1; docs/protocol.md) and pinto-android-2 (protocol v2, PintoAndroid
 * d540407; docs/protocol-v2.md), each in both directions.
 */
export type ValidationProfile = TerminalProfile | V2Profile;

/** Every validation profile, in the order the CLI lists them. */
export const validationProfiles: readonly ValidationProfile[] = [...terminalProfiles, V2_PROFILE];

/** Which side sent a message, and under which profile it is judged. */
export interface ValidationTarget {
  /** `server`: a backend's message (default); `terminal`: a terminal's (kiosk's). */
  from?: 'server' | 'terminal';
  /** Default strict. v1 judges a server's messages the same under every v1 dialect. */
  profile?: ValidationProfile;
}

/** A validation outcome of any profile: problems and warnings carry the profile's requirement ids and codes. */
export type AnyValidationResult = { ok: true; warnings: Array<Problem<string>>; keepalive?: boolean } | { ok: false; problems: Array<Problem<string>>; warnings: Array<Problem<string>> };

/**
 * Validates a parsed value under any profile, v1 or v2. The v1 functions
 * (validateServerMessage, validateTerminalMessage) and the v2 ones (validateV2BackendMessage,
 * validateV2KioskMessage) stay available for typed results.
 */
export function validateMessage(value: unknown, target: ValidationTarget = {}): AnyValidationResult {
  const profile = checkedProfile(target.profile);
  if (profile === V2_PROFILE) return target.from === 'terminal' ? validateV2KioskMessage(value) : validateV2BackendMessage(value);
  return target.from === 'terminal' ? validateTerminalMessage(value, profile) : validateServerMessage(value);
}

/** Parses and validates one text frame under any profile (v1: parseFrame; v2: parseV2Frame). */
export function validateFrame(text: string, target: ValidationTarget = {}): AnyValidationResult {
  const profile = checkedProfile(target.profile);
  if (profile === V2_PROFILE) return target.from === 'terminal' ? parseV2Frame(text, { from: 'terminal' }) : parseV2Frame(text);
  return target.from === 'terminal' ? parseFrame(text, { from: 'terminal', profile }) : parseFrame(text);
}

function checkedProfile(profile: ValidationProfile | undefined): ValidationProfile {
  const chosen = profile ?? 'strict';
  if (!validationProfiles.includes(chosen)) throw new RangeError(`unknown profile "${String(chosen)}" (expected one of ${validationProfiles.join(', ')})`);
  return chosen;
}
