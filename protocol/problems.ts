import type { ProtocolErrorCode } from './error-catalogue.js';

/**
 * One thing wrong with a frame or message, tied to the requirement it breaks. `C` is the
 * vocabulary of `code`: v1's ERROR codes by default; protocol v2 says what the receiver
 * does instead (`V2ProblemCode`, protocol/v2/problems.ts).
 */
export interface Problem<C extends string = ProtocolErrorCode> {
  /** JSON Pointer to the offending value ("" for the whole message). */
  path: string;
  /** What is wrong, phrased to follow the path: "must be integer". */
  message: string;
  /** Requirement id from docs/protocol.md, e.g. "SCR-7" (docs/protocol-v2.md for v2, e.g. "V2-KIO-7"). */
  requirement: string;
  /** The ERROR code a server answers this problem with (ERR-10); for v2, what the receiver does with it. */
  code: C;
  /** Set when the problem is answered by closing the connection (TRN-4). */
  closeCode?: number;
}

/** Result of validating a value as a protocol message. */
export type ValidationResult<T, C extends string = ProtocolErrorCode> =
  | { ok: true; value: T; warnings: Array<Problem<C>> }
  | { ok: false; problems: Array<Problem<C>>; warnings: Array<Problem<C>> };

/** One line for logs, reports and CLI output: `/data/remaining must be integer [SCR-7]`. */
export function formatProblem(problem: Pick<Problem<string>, 'path' | 'message' | 'requirement'>): string {
  return `${problem.path === '' ? '(message)' : problem.path} ${problem.message} [${problem.requirement}]`;
}
