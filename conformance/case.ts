import type { TerminalProfile } from '../protocol/validator.js';
import type { CaseContext } from './context.js';
import type { FeatureName } from './target.js';

/** One conformance case, h2spec-style: an id per spec section, the requirements it checks, and its steps. */
export interface ConformanceCase {
  /** Hierarchical id: "<section>/<n>/<m>", e.g. "flow/4/2". The first segment is the section. */
  id: string;
  title: string;
  /** Requirement ids of docs/protocol.md this case checks. */
  requirements: string[];
  /** MUST cases decide conformance; a failing SHOULD case is a WARN. */
  level: 'MUST' | 'SHOULD';
  needs?: {
    /** Optional features the target must declare, else the case is N/A. */
    features?: FeatureName[];
    /** A test-control scenario (TC-3) the backend must accept, else the case is SKIPPED. */
    scenario?: string;
    /** A terminal dialect the run must speak, else N/A. */
    profile?: TerminalProfile;
  };
  run(ctx: CaseContext): Promise<void>;
}

/** A check failed: the case stops, FAIL (or WARN for a SHOULD case). */
export class CheckFailed extends Error {
  override name = 'CheckFailed';
}

/** The case does not apply to this target (undeclared feature, other profile): N/A. */
export class NotApplicable extends Error {
  override name = 'NotApplicable';
}

/** The case could not be decided (e.g. scenario not accepted): SKIP, never PASS. */
export class Skipped extends Error {
  override name = 'Skipped';
}

/** The case could not run (connection refused, handshake failed): ERROR. */
export class CouldNotRun extends Error {
  override name = 'CouldNotRun';
}

/** The section of a case: the first segment of its id. */
export function sectionOf(id: string): string {
  return id.split('/')[0] ?? id;
}
