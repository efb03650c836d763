import { isTerminalProfile, profileNames, registeredProfile, type ProfileName, type TerminalProfile } from '../protocol/profiles/index.js';
import { UsageError } from './usage-error.js';

/** The choices of every command's --profile: the registry's profiles (protocol/profiles/), never a list of its own. */
export const profileChoices: readonly ProfileName[] = profileNames;

/**
 * The v1 profile a command that speaks only protocol v1 runs with; a UsageError
 * (exit 2) for a registered profile of another protocol version, which the
 * command does not support yet.
 */
export function v1ProfileOnly(command: string, profile: unknown): TerminalProfile | undefined {
  if (profile === undefined || isTerminalProfile(profile)) return profile;
  const p = registeredProfile(profile as ProfileName);
  throw new UsageError(`${command} --profile ${p.name}: protocol v${p.protocolVersion} is not supported by ${command} yet (it speaks protocol v1: ${profileNames.filter(isTerminalProfile).join(', ')})`);
}
