import { parseFrame } from '../../protocol/frame.js';
import { formatProblem } from '../../protocol/problems.js';
import { checkServerFrameStructure } from '../terminal/structural-check.js';
import type { FrameCheck, ServerFrame } from '../terminal/types.js';

/**
 * The Node driver's validator: the full v1 schemas and semantic rules
 * (protocol/frame.ts). A rejected frame is still handed to the terminal when
 * its envelope is readable, so one bad field does not stall the journey.
 */
export function validateServerFrame(text: string): FrameCheck {
  return check(text);
}

/**
 * Compiles the schemas now. They load lazily from schemas/ on the first
 * frame; by then thousands of sockets may hold every file descriptor the
 * process has (ulimit -n), and reading the schema files would fail with EMFILE.
 */
export function prepareFrameValidator(): void {
  check('{"messageType":"SCREEN_CHANGE","screen":"AMOUNT_SELECT","data":{"amounts":[10],"showOtherOption":false},"transactionId":"initial","timestamp":0}');
}

function check(text: string): FrameCheck {
  const result = parseFrame(text);
  if (result.ok) {
    if (result.keepalive) return { ok: false, problems: ['a server sent the terminal keepalive {"ping":true} (ENV-14)'] };
    return { ok: true, frame: result.value as unknown as ServerFrame };
  }
  const readable = checkServerFrameStructure(text);
  const problems = result.problems.map(formatProblem);
  return readable.frame ? { ok: false, problems, frame: readable.frame } : { ok: false, problems };
}
