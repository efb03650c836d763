import { FrameChecker } from '../../conformance/frame-checks.js';
import { isHard } from '../../conformance/grounds.js';
import { parseFrame } from '../../protocol/frame.js';
import { requirement } from '../../protocol/requirements.js';
import type { TerminalProfile } from '../../protocol/profiles/index.js';

/** How a frame fared: OK, a broken SHOULD or project reading (WARN), a broken MUST a source states (FAIL). */
export type FrameVerdict = 'OK' | 'WARN' | 'FAIL';

/** One thing wrong with a frame, where it is and which requirement of docs/protocol.md it breaks. */
export interface Finding {
  /** JSON Pointer into the frame ("" for the whole frame). */
  path: string;
  message: string;
  requirement: string;
  level: 'MUST' | 'SHOULD' | 'MAY' | '?';
  verdict: 'WARN' | 'FAIL';
}

/** What the kiosk makes of one frame. */
export interface FrameJudgement {
  verdict: FrameVerdict;
  findings: Finding[];
  /** The frame parsed as JSON, valid or not (undefined when it is not JSON). */
  raw?: unknown;
  /** "FROM>TO" when a SCREEN_CHANGE moved the screen. */
  transition?: string;
}

/**
 * The certifier's per-connection judge (conformance/frame-checks.ts) in the page:
 * schemas, semantic rules, timestamps and the screen graph, with the runner's rule
 * for what fails (conformance/grounds.ts isHard) and what only warns.
 */
export class KioskJudge {
  private checker: FrameChecker;

  constructor(private readonly now: () => number = Date.now) {
    this.checker = new FrameChecker(now);
  }

  /** A new connection: timestamps and the screen graph start over (ENV-9 and GRAPH-1 are per connection). */
  newConnection(): void {
    this.checker = new FrameChecker(this.now);
  }

  /** Judges a text frame the backend sent. */
  inbound(text: string): FrameJudgement {
    const checked = this.checker.check(text);
    const findings: Finding[] = checked.errors.map((e) => finding(e.path, e.message, e.requirement, isHard([e.requirement]) ? 'FAIL' : 'WARN'));
    for (const w of checked.warnings) findings.push(finding(w.path, w.message, w.requirement, 'WARN'));
    return { verdict: worst(findings), findings, raw: checked.raw, ...(checked.transition ? { transition: checked.transition } : {}) };
  }

  /** Judges a frame the kiosk sent, as a terminal message of the profile (the edge-case buttons send invalid ones on purpose). */
  outbound(text: string, profile: TerminalProfile): FrameJudgement {
    const parsed = parseFrame(text, { from: 'terminal', profile });
    const findings: Finding[] = [];
    if (!parsed.ok) for (const p of parsed.problems) findings.push(finding(p.path, p.message, p.requirement, 'FAIL'));
    for (const w of parsed.warnings) findings.push(finding(w.path, w.message, w.requirement, 'WARN'));
    return { verdict: worst(findings), findings };
  }
}

function finding(path: string, message: string, id: string, verdict: 'WARN' | 'FAIL'): Finding {
  return { path, message, requirement: id, level: levelOf(id), verdict };
}

function levelOf(id: string): Finding['level'] {
  try {
    return requirement(id).level;
  } catch {
    return '?';
  }
}

function worst(findings: readonly Finding[]): FrameVerdict {
  if (findings.some((f) => f.verdict === 'FAIL')) return 'FAIL';
  return findings.length > 0 ? 'WARN' : 'OK';
}
