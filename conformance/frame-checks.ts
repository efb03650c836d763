import { parseFrame } from '../protocol/frame.js';
import { isLegalTransition, type Screen } from '../protocol/screen-graph.js';
import type { ServerMessage } from '../protocol/types/generated.js';
import type { SchemaError } from './results.js';

/** How far a server clock may be from ours before ENV-10 warns. */
export const PLAUSIBLE_CLOCK_MS = 5 * 60_000;

/** One thing a frame check found, where in the frame, and the requirement it concerns. */
export type FrameFinding = Omit<SchemaError, 'event'>;

/** A finding as the wire log's warnings word it: `path message [REQ-1]`. */
export function formatFinding(f: FrameFinding): string {
  return `${f.path} ${f.message} [${f.requirement}]`;
}

/** What checking one server frame found. */
export interface FrameCheck {
  message?: ServerMessage;
  /** Raw parsed object even when invalid, so waits can still see what came. */
  raw?: unknown;
  errors: FrameFinding[];
  /** What never fails the frame: unknown fields (ENV-13), an implausible clock (ENV-10). */
  warnings: FrameFinding[];
  /** "FROM>TO" when the frame moved the screen (not a self-transition, not the first screen). */
  transition?: string;
  illegalTransition?: string;
}

/**
 * The per-connection judge of every server frame: schema and semantic rules
 * (SEC-2), timestamps (ENV-8, ENV-9, ENV-10) and the screen graph (GRAPH-1).
 * It runs on every frame whatever the case is waiting for.
 */
export class FrameChecker {
  /** The screen the terminal shows, from the last SCREEN_CHANGE on this connection. */
  screen: Screen | undefined;
  private lastTimestamp: number | undefined;

  constructor(private readonly now: () => number = Date.now) {}

  /** Judges one text frame received from the server. */
  check(text: string): FrameCheck {
    const verdict: FrameCheck = { errors: [], warnings: [] };
    const parsed = parseFrame(text);
    try {
      verdict.raw = JSON.parse(text);
    } catch {
      verdict.raw = undefined;
    }
    if (parsed.keepalive) {
      verdict.errors.push({ path: '', message: 'is the terminal keepalive {"ping":true}, which a server never sends', requirement: 'ENV-14' });
      return verdict;
    }
    for (const w of parsed.warnings) verdict.warnings.push({ path: w.path, message: w.message, requirement: w.requirement });
    if (!parsed.ok) {
      for (const p of parsed.problems) verdict.errors.push({ path: p.path, message: p.message, requirement: p.requirement });
      this.checkTimestamp(verdict.raw, verdict);
      this.followScreen(verdict.raw, verdict);
      return verdict;
    }
    verdict.message = parsed.value;
    this.checkTimestamp(parsed.value, verdict);
    this.followScreen(parsed.value, verdict);
    return verdict;
  }

  private checkTimestamp(value: unknown, verdict: FrameCheck): void {
    const ts = (value as { timestamp?: unknown } | undefined)?.timestamp;
    if (typeof ts !== 'number' || !Number.isInteger(ts)) return; // the schema already reports it (ENV-1, ENV-8)
    if (this.lastTimestamp !== undefined && ts < this.lastTimestamp) {
      verdict.errors.push({ path: '/timestamp', message: `went backwards: ${ts} after ${this.lastTimestamp} on this connection`, requirement: 'ENV-9' });
    }
    this.lastTimestamp = Math.max(ts, this.lastTimestamp ?? ts);
    const skew = ts - this.now();
    // Below 10^12 the schema already refuses it as seconds (ENV-8): that is a type error, not a clock skew.
    if (Math.abs(skew) > PLAUSIBLE_CLOCK_MS && ts >= 1e12) {
      verdict.warnings.push({ path: '/timestamp', message: `${ts} is ${Math.round(skew / 1000)} s away from the runner's clock`, requirement: 'ENV-10' });
    }
  }

  private followScreen(value: unknown, verdict: FrameCheck): void {
    const m = value as { messageType?: unknown; screen?: unknown } | undefined;
    if (m?.messageType !== 'SCREEN_CHANGE' || typeof m.screen !== 'string') return;
    const to = m.screen as Screen;
    const from = this.screen;
    if (from !== undefined && from !== to) {
      verdict.transition = `${from}>${to}`;
      if (!isLegalTransition(from, to)) {
        verdict.illegalTransition = verdict.transition;
        verdict.errors.push({ path: '/screen', message: `${from} -> ${to} is not a legal transition of the screen graph`, requirement: 'GRAPH-1' });
      }
    }
    this.screen = to;
  }
}
