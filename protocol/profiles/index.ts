import type { ActionSource, Dialect } from '../dialects/actions.js';
import { pintoAndroid1 } from './pinto-android-1.js';
import { pintoAndroid2 } from './pinto-android-2.js';
import type { Profile, ProfileV2 } from './profile.js';
import { strict } from './strict.js';

export type { ClientHabits, ConnectionEnd, Profile, ProfileBase, ProfileV2 } from './profile.js';

/**
 * Every terminal profile, in the order the CLI lists them. Adding one (a
 * protocol version, a client release) is a file next to these and one entry
 * here: docs/profiles.md.
 */
const registered = [strict, pintoAndroid1, pintoAndroid2] as const;

type Registered = (typeof registered)[number];
/** The protocol v1 profiles: a v1 terminal schema, a dialect and client habits each. */
type RegisteredV1 = Extract<Registered, { protocolVersion: 1 }>;

/** Any registered profile's name, of any protocol version: what the CLI's --profile takes. */
export type ProfileName = Registered['name'];

/** Every registered profile's name, in the order the CLI lists them. */
export const profileNames: readonly ProfileName[] = registered.map((p) => p.name);

/** Every registered profile, of any protocol version, in order. */
export const registeredProfiles: readonly (Profile<ProfileName> | ProfileV2<ProfileName>)[] = registered;

/** A protocol v1 terminal profile's name (the v1 validator, dialects, certifier and kiosk page speak these). */
export type TerminalProfile = RegisteredV1['name'];

/** The generated type of a profile's terminal messages. */
export type TerminalMessageOf<P extends TerminalProfile> = NonNullable<Extract<RegisteredV1, { name: P }>['message']>;

const v1Profiles = registered.filter((p): p is RegisteredV1 => p.protocolVersion === 1);

/** Every protocol v1 profile name, in the order the CLI lists them. */
export const terminalProfiles: readonly TerminalProfile[] = v1Profiles.map((p) => p.name);

/** The profile of a run that names none: the document's. */
export const defaultProfile: TerminalProfile = 'strict';

/**
 * The profile whose terminal schema the reference server reads every
 * connection with: pinto-android-1's accepts the document's forms and the
 * shipped client's alike, so one server serves both v1 profiles.
 */
export const serverReads: TerminalProfile = 'pinto-android-1';

/** Every protocol v1 profile, in order. */
export const profiles: readonly Profile<TerminalProfile>[] = v1Profiles;

/** Whether a value names a registered protocol v1 profile. */
export function isTerminalProfile(value: unknown): value is TerminalProfile {
  return terminalProfiles.includes(value as TerminalProfile);
}

/** Whether a value names a registered profile of any protocol version. */
export function isProfileName(value: unknown): value is ProfileName {
  return profileNames.includes(value as ProfileName);
}

/** Any registered profile by name; a RangeError naming the known ones for any other. */
export function registeredProfile(name: ProfileName): Profile<ProfileName> | ProfileV2<ProfileName> {
  const found = registeredProfiles.find((p) => p.name === name);
  if (!found) throw new RangeError(`unknown profile "${String(name)}" (expected one of ${profileNames.join(', ')})`);
  return found;
}

/** The v1 profile of a name; a RangeError naming the known ones for any other. */
export function profileNamed(name: TerminalProfile): Profile<TerminalProfile> {
  const found = v1Profiles.find((p) => p.name === name);
  if (!found) throw new RangeError(`unknown terminal profile "${String(name)}" (expected one of ${terminalProfiles.join(', ')})`);
  return found;
}

/** The actions of a profile's terminal, with ids and times from `source`. */
export function dialectFor(name: TerminalProfile, source: ActionSource): Dialect {
  return profileNamed(name).dialect(source);
}
