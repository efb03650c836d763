import type { FrameJudgement } from './judge.js';

/** One line of the wire log: a frame either way, or a note about the connection. */
export interface LogEntry {
  /** in: from the backend; out: from the kiosk; note: the connection or the kiosk itself. */
  dir: 'in' | 'out' | 'note';
  /** Epoch ms when the kiosk saw or sent it. */
  at: number;
  /** The frame's text exactly as on the wire (for notes: the note). */
  text: string;
  judgement?: FrameJudgement;
  /** What the kiosk meant by an outbound frame ("preset 20", "edge: wrong transaction id"). */
  label?: string;
  /** For an inbound frame: ms since the kiosk's last action, when it is its first answer. */
  answerMs?: number;
}

/**
 * The frames of one direction as JSON Lines, what `paysock validate` reads
 * (server frames: `paysock validate file`; terminal frames: with `--from terminal
 * --profile P`). Each frame is one line: a JSON frame is re-serialised compactly
 * (same value; a pretty-printed frame would span lines), any other text keeps its
 * characters with line breaks escaped so it stays one, still invalid, line.
 * The {"ping":true} keepalive is left out of the terminal file: it is not a message.
 */
export function framesAsJsonl(entries: readonly LogEntry[], dir: 'in' | 'out'): string {
  const lines: string[] = [];
  for (const e of entries) {
    if (e.dir !== dir) continue;
    let line: string;
    try {
      const value: unknown = JSON.parse(e.text);
      if (dir === 'out' && isKeepaliveText(value)) continue;
      line = JSON.stringify(value);
    } catch {
      line = e.text.replace(/\r/g, '\\r').replace(/\n/g, '\\n');
    }
    lines.push(line);
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

function isKeepaliveText(value: unknown): boolean {
  return value !== null && typeof value === 'object' && Object.keys(value).length === 1 && (value as { ping?: unknown }).ping === true;
}

/** Counts of judged inbound frames by verdict. */
export function tally(entries: readonly LogEntry[]): { OK: number; WARN: number; FAIL: number } {
  const counts = { OK: 0, WARN: 0, FAIL: 0 };
  for (const e of entries) if (e.dir === 'in' && e.judgement) counts[e.judgement.verdict]++;
  return counts;
}
