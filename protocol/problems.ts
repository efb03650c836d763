import type { ProtocolErrorCode } from './error-catalogue.js';

/** One thing wrong with a frame or message, tied to the requirement it breaks. */
export interface Problem {
  /** JSON Pointer to the offending value ("" for the whole message). */
  path: string;
  /** What is wrong, phrased to follow the path: "must be integer". */
  message: string;
  /** Requirement id from docs/protocol.md, e.g. "SCR-7". */
  requirement: string;
  /** The ERROR code a server answers this problem with (ERR-10). */
  code: ProtocolErrorCode;
  /** Set when the problem is answered by closing the connection (TRN-4). */
  closeCode?: number;
}

/** Result of validating a value as a protocol message. */
export type ValidationResult<T> =
  | { ok: true; value: T; warnings: Problem[] }
  | { ok: false; problems: Problem[]; warnings: Problem[] };

/** One line for logs, reports and CLI output: `/data/remaining must be integer [SCR-7]`. */
export function formatProblem(problem: Problem): string {
  return `${problem.path === '' ? '(message)' : problem.path} ${problem.message} [${problem.requirement}]`;
}
