import type { V2BackendMessage, V2KioskMessage } from '../types/generated-v2.js';
import type { V2Problem, V2ValidationResult } from './problems.js';
import { validateV2BackendMessage, validateV2KioskMessage } from './validator.js';

/** The kiosk's keepalive `{"ping":true}` (V2-ENV-8, V2-TRN-6): valid, but not a protocol message. */
export interface V2Keepalive {
  ok: true;
  keepalive: true;
  warnings: V2Problem[];
}

/** What parseV2Frame makes of one text frame; a frame that parsed but failed keeps the value in `parsed`. */
export type V2FrameResult<T> = (V2ValidationResult<T> & { keepalive?: false; parsed?: unknown }) | V2Keepalive;

/**
 * Turns one raw v2 text frame into a validated message: `from: 'server'` (default) a backend's
 * frame, `from: 'terminal'` a kiosk's. Either JSON style is one frame (the kiosk's pretty ones
 * span several lines). A frame that is not JSON comes back as a problem: from a backend it puts
 * the kiosk on its device-error screen (V2-BAK-11); from a kiosk it is what d540407 writes when a
 * terminal message holds `"` or `\` (V2-ENV-6), which the backend logs (V2-ERR-5).
 */
export function parseV2Frame(text: string, options?: { from?: 'server' }): V2FrameResult<V2BackendMessage>;
export function parseV2Frame(text: string, options: { from: 'terminal' }): V2FrameResult<V2KioskMessage>;
export function parseV2Frame(text: string, options: { from?: 'server' | 'terminal' } = {}): V2FrameResult<unknown> {
  const kiosk = options.from === 'terminal';
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const message = `is not JSON (${(error as Error).message})`;
    return kiosk
      ? fail({ path: '', message: `${message}: d540407 writes such a frame when a terminal message holds " or \\; log it, never answer ERROR (V2-ERR-5)`, requirement: 'V2-ENV-6', code: 'LOGGED' })
      : fail({ path: '', message, requirement: 'V2-BAK-11', code: 'DEVICE_ERROR' });
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const found = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
    return fail({ path: '', message: `must be a JSON object, found ${found}`, requirement: kiosk ? 'V2-ENV-1' : 'V2-BAK-11', code: kiosk ? 'LOGGED' : 'DEVICE_ERROR' });
  }
  const result = kiosk ? validateV2KioskMessage(value) : validateV2BackendMessage(value);
  if (result.ok && kiosk && !('messageType' in (value as object))) return { ok: true, keepalive: true, warnings: result.warnings };
  return result.ok ? result : { ...result, parsed: value };
}

function fail(problem: V2Problem): V2FrameResult<never> {
  return { ok: false, problems: [problem], warnings: [] };
}

/**
 * Splits a recording of v2 frames into frames: one per line, except that a line that is exactly
 * `{` opens a pretty-printed frame (the kiosk's hand-written style: `trimIndent()` leaves its
 * braces at the start of a line) that runs to the next line that is exactly `}`. Returns each
 * frame's text and its first line (1-based).
 */
export function splitV2Frames(text: string): Array<{ line: number; text: string }> {
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  const frames: Array<{ line: number; text: string }> = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    if (line === '{') {
      const close = lines.findIndex((l, j) => j > i && l === '}');
      // An unclosed pretty frame is kept whole, so its problem names its first line.
      const end = close < 0 ? lines.length - 1 : close;
      frames.push({ line: i + 1, text: lines.slice(i, end + 1).join('\n') });
      i = end;
    } else frames.push({ line: i + 1, text: line });
  }
  return frames;
}
