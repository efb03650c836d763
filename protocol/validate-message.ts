import { parseFrame } from './frame.js';
import type { Problem } from './problems.js';
import { parseV2Frame } from './v2/frame.js';
import { defaultProfile, isTerminalProfile, profileNames, type ProfileName } from './profiles/index.js';
import { validateV2BackendMessage, validateV2KioskMessage } from './v2/validator.js';
import { validateServerMessage, validateTerminalMessage } from './validator.js';

/**
 * Every profile a message can be validated under: each registered profile
 * (protocol/profiles/), v1 (docs/protocol.md) and v2 (docs/protocol-v2.md), each in
 * both directions.
 */
export type ValidationProfile = ProfileName;

/** Every validation profile, in the order the CLI lists them: the registry's. */
export const validationProfiles: readonly ValidationProfile[] = profileNames;

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
  // Every registered profile that is not v1 is v2 (the registry's only other version).
  if (!isTerminalProfile(profile)) return target.from === 'terminal' ? validateV2KioskMessage(value) : validateV2BackendMessage(value);
  return target.from === 'terminal' ? validateTerminalMessage(value, profile) : validateServerMessage(value);
}

/** Parses and validates one text frame under any profile (v1: parseFrame; v2: parseV2Frame). */
export function validateFrame(text: string, target: ValidationTarget = {}): AnyValidationResult {
  const profile = checkedProfile(target.profile);
  if (!isTerminalProfile(profile)) return target.from === 'terminal' ? parseV2Frame(text, { from: 'terminal' }) : parseV2Frame(text);
  return target.from === 'terminal' ? parseFrame(text, { from: 'terminal', profile }) : parseFrame(text);
}

function checkedProfile(profile: ValidationProfile | undefined): ValidationProfile {
  const chosen = profile ?? defaultProfile;
  if (!validationProfiles.includes(chosen)) throw new RangeError(`unknown profile "${String(chosen)}" (expected one of ${validationProfiles.join(', ')})`);
  return chosen;
}
