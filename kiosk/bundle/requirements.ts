/**
 * Stands in for protocol/requirements.ts in the kiosk bundle: the requirements
 * of docs/protocol.md as that module parsed them at build time.
 */
import parsed, { v2 } from 'paysock-virtual:requirements';
import type { ProtocolVersion, Requirement, V2Requirement } from '../../protocol/requirements.js';

export type { Citation, ProtocolVersion, Requirement, RequirementLevel, RequirementSource, V2Requirement, V2RequirementSource } from '../../protocol/requirements.js';

/** Every requirement of docs/protocol.md (v1, the default) or docs/protocol-v2.md (v2; embedded in the v2 page only). */
export function requirements(): readonly Requirement[];
export function requirements(version: 1): readonly Requirement[];
export function requirements(version: 2): readonly V2Requirement[];
export function requirements(version: ProtocolVersion = 1): ReadonlyArray<Requirement<string>> {
  return (version === 2 ? v2 : parsed) as Array<Requirement<string>>;
}

/** The requirement with that id (of v1 unless `version` says 2), or an error naming it. */
export function requirement(id: string): Requirement;
export function requirement(id: string, version: 1): Requirement;
export function requirement(id: string, version: 2): V2Requirement;
export function requirement(id: string, version: ProtocolVersion = 1): Requirement<string> {
  const found = (version === 2 ? requirements(2) : requirements()).find((r) => r.id === id);
  if (!found) throw new Error(`unknown requirement id ${id} (see ${version === 2 ? 'docs/protocol-v2.md' : 'docs/protocol.md'})`);
  return found;
}
