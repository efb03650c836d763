/**
 * How a case stops short of a PASS. Its own module so that whatever throws
 * them (the case context and its parts) and the case list do not import each
 * other.
 */

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
