/**
 * Stands in for protocol/requirements.ts in the kiosk bundle: the requirements
 * of docs/protocol.md as that module parsed them at build time.
 */
import parsed from 'paysock-virtual:requirements';
import type { Requirement } from '../../protocol/requirements.js';

export type { Citation, Requirement, RequirementLevel, RequirementSource } from '../../protocol/requirements.js';

/** Every requirement of docs/protocol.md. */
export function requirements(): readonly Requirement[] {
  return parsed as Requirement[];
}

/** The requirement with that id, or an error naming it. */
export function requirement(id: string): Requirement {
  const found = requirements().find((r) => r.id === id);
  if (!found) throw new Error(`unknown requirement id ${id} (see docs/protocol.md)`);
  return found;
}
