import { MAX_MESSAGE_BYTES } from './error-catalogue.js';
import type { Problem, ValidationResult } from './problems.js';
import type { ServerMessage } from './types/generated.js';
import { defaultProfile } from './profiles/index.js';
import { validateServerMessage, validateTerminalMessage, type TerminalMessageOf, type TerminalProfile } from './validator.js';

/** Which side sent the frame, and in which terminal dialect. */
export interface FrameOptions<P extends TerminalProfile = TerminalProfile> {
  /** `server`: a frame a backend sent (default). `terminal`: a frame a terminal sent. */
  from?: 'server' | 'terminal';
  /** Terminal dialect for `from: 'terminal'` (default `strict`). */
  profile?: P;
  /** Largest frame accepted, in UTF-8 bytes (default 64 KiB, TRN-4). */
  maxBytes?: number;
}

/** The terminal keepalive `{"ping":true}` (TRN-9): valid, but not a protocol message. */
export interface Keepalive {
  ok: true;
  keepalive: true;
  warnings: Problem[];
}

/**
 * What parseFrame makes of one text frame. A frame that parsed as JSON but
 * failed validation keeps the parsed value in `parsed`, so a caller that needs
 * a field of it (the transaction id, ERR-10) does not parse the text again.
 */
export type FrameResult<T> = (ValidationResult<T> & { keepalive?: false; parsed?: unknown }) | Keepalive;

/**
 * Turns one raw WebSocket text frame into a validated message. Oversize,
 * non-JSON and non-object frames come back as problems, never as exceptions.
 */
export function parseFrame(text: string, options?: FrameOptions & { from?: 'server' }): FrameResult<ServerMessage>;
export function parseFrame<P extends TerminalProfile>(text: string, options: FrameOptions<P> & { from: 'terminal' }): FrameResult<TerminalMessageOf<P>>;
export function parseFrame(text: string, options: FrameOptions = {}): FrameResult<unknown> {
  const maxBytes = options.maxBytes ?? MAX_MESSAGE_BYTES;
  // Every UTF-16 unit is at most 3 UTF-8 bytes, so short frames need no count.
  if (text.length * 3 > maxBytes) {
    const size = utf8Length(text);
    if (size > maxBytes) {
      return fail({ path: '', message: `is ${size} bytes, over the ${maxBytes}-byte limit`, requirement: 'TRN-4', code: 'INVALID_MESSAGE', closeCode: 1009 });
    }
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return fail({ path: '', message: `is not JSON (${(error as Error).message})`, requirement: 'ERR-1', code: 'INVALID_MESSAGE' });
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return fail({ path: '', message: `must be a JSON object, found ${value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value}`, requirement: 'ERR-1', code: 'INVALID_MESSAGE' });
  }
  let result: ValidationResult<unknown>;
  if (options.from === 'terminal') {
    if (isKeepalive(value)) return { ok: true, keepalive: true, warnings: [] };
    result = validateTerminalMessage(value, options.profile ?? defaultProfile);
  } else result = validateServerMessage(value);
  return result.ok ? result : { ...result, parsed: value };
}

/** True for the shipped client's keepalive object `{"ping":true}` and nothing else. */
export function isKeepalive(value: object): boolean {
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0] === 'ping' && (value as { ping?: unknown }).ping === true;
}

function fail(problem: Problem): FrameResult<never> {
  return { ok: false, problems: [problem], warnings: [] };
}

/**
 * UTF-8 length of a string (a lone surrogate counts as the 3 bytes of U+FFFD).
 * Written out (no Buffer) so the module also runs where Node's APIs do not.
 */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}
