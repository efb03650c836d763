import type { Problem, ValidationResult } from '../problems.js';

/**
 * What the receiver does with a v2 message that has a problem. v2 has no ERROR code to
 * answer a bad frame with (docs/protocol-v2.md V2-ERR-2: log it), so a problem says instead:
 * - `DEVICE_ERROR`: a backend frame the kiosk cannot parse; it shows its device-error screen (V2-BAK-11);
 * - `IGNORED`: a backend frame the kiosk parses and then does nothing with (V2-MSG-2, V2-SCR-1, V2-BAK-9, V2-BAK-12);
 * - `ACCEPTED`: the kiosk acts on it as usual (warnings only: a SHOULD or an open question);
 * - `LOGGED`: a kiosk frame d540407 does not write; the backend logs it and never answers ERROR (V2-ERR-2, V2-ERR-5).
 */
export type V2ProblemCode = 'DEVICE_ERROR' | 'IGNORED' | 'ACCEPTED' | 'LOGGED';

/** A problem of a v2 message, naming a docs/protocol-v2.md requirement. */
export type V2Problem = Problem<V2ProblemCode>;

/** Result of validating a value as a v2 message. */
export type V2ValidationResult<T> = ValidationResult<T, V2ProblemCode>;
