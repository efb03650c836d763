import { faultNames, type FaultName, type FaultSet } from '../faults.js';
import { moneyFaults } from './money.js';
import type { FaultInstaller, ServerParts } from './parts.js';
import { ruleFaults } from './rules.js';
import { sessionFaults } from './session.js';
import { transportFaults } from './transport.js';
import { wireFaults } from './wire.js';

export type { FaultInstaller, ServerParts, TransportSettings } from './parts.js';

/**
 * How each deliberate fault of faults.ts is made: one installer per name,
 * wrapping the server's parts from outside (the rules, the store, the
 * sessions, the connections, the transport) at startup. The type makes a
 * name without an installer a compile error.
 */
export const faultInstallers: Record<FaultName, FaultInstaller> = { ...ruleFaults, ...moneyFaults, ...sessionFaults, ...wireFaults, ...transportFaults };

/** Installs the faults switched on, in table order; a correct server installs none. */
export function installFaults(faults: FaultSet, parts: ServerParts): void {
  for (const name of faultNames) if (faults.has(name)) faultInstallers[name](parts);
}
