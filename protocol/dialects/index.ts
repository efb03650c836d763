import type { TerminalProfile } from '../validator.js';
import type { ActionSource, Dialect, DialectFactory } from './actions.js';
import { pintoAndroid1Dialect } from './pinto-android-1.js';
import { strictDialect } from './strict.js';

export type { ActionSource, Dialect, TerminalAction } from './actions.js';

const dialects: Record<TerminalProfile, DialectFactory> = {
  strict: strictDialect,
  'pinto-android-1': pintoAndroid1Dialect,
};

/** The actions of a profile's terminal, with ids and times from `source`. */
export function dialectFor(profile: TerminalProfile, source: ActionSource): Dialect {
  return dialects[profile](source);
}
