import type { Ground } from '../protocol/types/generated-formats.js';
import { requirement as requirementOf, type Requirement } from '../protocol/requirements.js';

/** A requirement of either version: v2 ids carry their version (V2-M-4), so the id alone says which document. */
function requirement(id: string): Requirement<string> {
  return id.startsWith('V2-') ? requirementOf(id, 2) : requirementOf(id);
}

/** A requirement a failed step broke, with the source sentences that state it (schemas/formats/results.schema.json). */
export type { Ground } from '../protocol/types/generated-formats.js';

/**
 * Whether a failed check on these requirements is a FAIL: one of them is a
 * MUST stated by a source (the protocol document, the clarifications, the
 * shipped client's dialect or RFC 6455; for v2 ids, pinto-android-2.md). A MUST is never the project's own
 * (test/protocol/requirements.test.ts), so a SHOULD or a project reading
 * can only ever WARN.
 */
export function isHard(ids: readonly string[]): boolean {
  return ids.some((id) => {
    const r = requirement(id);
    return r.level === 'MUST' && r.source !== 'project';
  });
}

/** The grounds of a failed step: its requirements with their citations, MUSTs first. */
export function groundsOf(ids: readonly string[]): Ground[] {
  const rank = { MUST: 0, SHOULD: 1, MAY: 2 } as const;
  return [...new Set(ids)]
    .map((id) => requirement(id))
    .sort((a, b) => rank[a.level] - rank[b.level])
    .map((r) => ({ requirement: r.id, level: r.level, source: r.source, citations: r.citations }));
}
