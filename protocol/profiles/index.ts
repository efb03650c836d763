import type { ActionSource, Dialect } from '../dialects/actions.js';
import { pintoAndroid1 } from './pinto-android-1.js';
import type { Profile } from './profile.js';
import { strict } from './strict.js';

export type { ClientHabits, ConnectionEnd, Profile } from './profile.js';

/**
 * Every terminal profile, in the order the CLI lists them. Adding one (a
 * protocol version, a client release) is a file next to these and one entry
 * here: docs/profiles.md.
 */
const registered = [strict, pintoAndroid1] as const;

type Registered = (typeof registered)[number];

/** A terminal profile's name. */
export type TerminalProfile = Registered['name'];

/** The generated type of a profile's terminal messages. */
export type TerminalMessageOf<P extends TerminalProfile> = NonNullable<Extract<Registered, { name: P }>['message']>;

/** Every profile name, in the order the CLI lists them. */
export const terminalProfiles: readonly TerminalProfile[] = registered.map((p) => p.name);

/** The profile of a run that names none: the document's. */
export const defaultProfile: TerminalProfile = 'strict';

/**
 * The profile whose terminal schema the reference server reads every
 * connection with: pinto-android-1's accepts the document's forms and the
 * shipped client's alike, so one server serves both v1 profiles.
 */
export const serverReads: TerminalProfile = 'pinto-android-1';

/** Every profile, in order. */
export const profiles: readonly Profile<TerminalProfile>[] = registered;

/** Whether a value names a registered profile. */
export function isTerminalProfile(value: unknown): value is TerminalProfile {
  return terminalProfiles.includes(value as TerminalProfile);
}

/** The profile of a name; a RangeError naming the known ones for any other. */
export function profileNamed(name: TerminalProfile): Profile<TerminalProfile> {
  const found = registered.find((p) => p.name === name);
  if (!found) throw new RangeError(`unknown terminal profile "${String(name)}" (expected one of ${terminalProfiles.join(', ')})`);
  return found;
}

/** The actions of a profile's terminal, with ids and times from `source`. */
export function dialectFor(name: TerminalProfile, source: ActionSource): Dialect {
  return profileNamed(name).dialect(source);
}
