import { describe, expect, it } from 'vitest';
import { MAX_MESSAGE_BYTES } from '../../protocol/error-catalogue.js';
import { isKeepalive, parseFrame, utf8Length } from '../../protocol/frame.js';
import { formatProblem } from '../../protocol/problems.js';

const thankYou = { messageType: 'SCREEN_CHANGE', screen: 'THANK_YOU', data: {}, transactionId: 'T123456', timestamp: 1619456799000 };
const presetAction = { messageType: 'USER_ACTION', screen: 'AMOUNT_SELECT', data: { selectedAmount: 60, selectionMethod: 'PRESET_BUTTON' }, transactionId: 'T123456', timestamp: 1619456790000 };

/** A valid server frame of exactly `bytes` UTF-8 bytes, padded with an unknown field of 2-byte characters (and one ASCII byte when odd). */
function serverFrameOfBytes(bytes: number): string {
  const head = JSON.stringify({ ...thankYou, pad: '' });
  let room = bytes - Buffer.byteLength(head);
  const ascii = room % 2 === 1 ? 'x' : '';
  room -= ascii.length;
  const text = JSON.stringify({ ...thankYou, pad: ascii + 'é'.repeat(room / 2) });
  expect(Buffer.byteLength(text)).toBe(bytes);
  return text;
}

describe('parseFrame', () => {
  it('accepts a valid server frame', () => {
    const result = parseFrame(JSON.stringify(thankYou));
    expect(result).toEqual({ ok: true, value: thankYou, warnings: [] });
  });

  it.each([
    ['no data', {}],
    ['method alone', { method: 'DEBIT_CARD' }],
    ['amount alone', { amount: 20 }],
    ['amount and method', { amount: 20, method: 'PAY_BY_BANK' }],
  ])('accepts PROCESSING with %s: amount and method are each optional (SCR-4)', (_what, data) => {
    const processing = { messageType: 'SCREEN_CHANGE', screen: 'PROCESSING', data, transactionId: 'T123456', timestamp: 1619456795000 };
    expect(parseFrame(JSON.stringify(processing))).toMatchObject({ ok: true });
  });

  it('accepts a valid terminal frame only as a terminal frame', () => {
    expect(parseFrame(JSON.stringify(presetAction), { from: 'terminal' }).ok).toBe(true);
    const asServer = parseFrame(JSON.stringify(presetAction));
    expect(asServer.ok).toBe(false);
  });

  it.each([
    ['not JSON', '{"messageType":'],
    ['empty', ''],
    ['JSON with a trailing comma', '{"a":1,}'],
  ])('rejects a frame that is %s (ERR-1)', (_what, text) => {
    const result = parseFrame(text, { from: 'terminal' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({ path: '', requirement: 'ERR-1', code: 'INVALID_MESSAGE' });
    expect(result.problems[0]!.message).toMatch(/^is not JSON/);
  });

  it.each([
    ['array', '[1,2]'],
    ['null', 'null'],
    ['number', '42'],
    ['string', '"SCREEN_CHANGE"'],
    ['boolean', 'true'],
  ])('rejects JSON that is a %s, not an object (ERR-1)', (kind, text) => {
    for (const from of ['server', 'terminal'] as const) {
      const result = from === 'server' ? parseFrame(text) : parseFrame(text, { from });
      expect(result.ok).toBe(false);
      if (result.ok) continue;
      expect(result.problems).toEqual([{ path: '', message: `must be a JSON object, found ${kind}`, requirement: 'ERR-1', code: 'INVALID_MESSAGE' }]);
    }
  });

  it('accepts a frame of exactly 65,536 bytes of multibyte text (TRN-4)', () => {
    expect(MAX_MESSAGE_BYTES).toBe(65536);
    const text = serverFrameOfBytes(MAX_MESSAGE_BYTES);
    expect(text.length).toBeLessThan(MAX_MESSAGE_BYTES);
    const result = parseFrame(text);
    expect(result.ok).toBe(true);
    // The padding is an unknown field: a warning, not a problem (ENV-13).
    expect(result.warnings.map((w) => w.path)).toEqual(['/pad']);
  });

  it('rejects a frame of 65,537 bytes whose character count is under the limit, with close code 1009 (TRN-4)', () => {
    const text = serverFrameOfBytes(MAX_MESSAGE_BYTES + 1);
    expect(text.length).toBeLessThan(MAX_MESSAGE_BYTES);
    const result = parseFrame(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([{ path: '', message: 'is 65537 bytes, over the 65536-byte limit', requirement: 'TRN-4', code: 'INVALID_MESSAGE', closeCode: 1009 }]);
  });

  it('checks the size before parsing: an oversize non-JSON frame is a size problem', () => {
    const result = parseFrame('€'.repeat(30000), { from: 'terminal' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]).toMatchObject({ requirement: 'TRN-4', closeCode: 1009 });
  });

  it('honours a custom maxBytes', () => {
    const text = JSON.stringify(thankYou);
    const size = Buffer.byteLength(text);
    expect(parseFrame(text, { maxBytes: size }).ok).toBe(true);
    expect(parseFrame(text, { maxBytes: size - 1 }).ok).toBe(false);
  });

  describe('keepalive {"ping":true} (TRN-9)', () => {
    it('is a keepalive from a terminal, in both profiles', () => {
      for (const profile of ['strict', 'pinto-android-1'] as const) {
        expect(parseFrame('{"ping":true}', { from: 'terminal', profile })).toEqual({ ok: true, keepalive: true, warnings: [] });
      }
      expect(parseFrame(' { "ping" : true } ', { from: 'terminal' })).toMatchObject({ keepalive: true });
    });

    it('is not a valid message from a server', () => {
      const result = parseFrame('{"ping":true}');
      expect(result.ok).toBe(false);
      expect('keepalive' in result && result.keepalive).toBeFalsy();
    });

    it.each([
      ['an extra field', '{"ping":true,"x":1}'],
      ['ping false', '{"ping":false}'],
      ['ping as a string', '{"ping":"true"}'],
      ['ping as 1', '{"ping":1}'],
      ['pong', '{"pong":true}'],
      ['an array', '[{"ping":true}]'],
    ])('a frame with %s is not a keepalive and is rejected', (_what, text) => {
      const result = parseFrame(text, { from: 'terminal', profile: 'pinto-android-1' });
      expect(result.ok).toBe(false);
      expect('keepalive' in result && result.keepalive).toBeFalsy();
    });

    it('isKeepalive looks at the exact object', () => {
      expect(isKeepalive({ ping: true })).toBe(true);
      expect(isKeepalive({ ping: true, x: 1 })).toBe(false);
      expect(isKeepalive({})).toBe(false);
    });
  });
});

describe('utf8Length', () => {
  it.each([
    ['', 0],
    ['abc', 3],
    ['£', 2],
    ['€', 3],
    ['😀', 4],
    ['\ud83d', 3], // lone high surrogate: U+FFFD
    ['\ude00', 3], // lone low surrogate
    ['\ude00\ud83d', 6], // reversed pair: two lone surrogates
    ['a\ud83d', 4], // high surrogate at the very end
  ])('utf8Length(%j) is %i', (text, bytes) => {
    expect(utf8Length(text)).toBe(bytes);
    expect(utf8Length(text)).toBe(Buffer.byteLength(text, 'utf8'));
  });

  it('equals Buffer.byteLength on 2,000 random strings with every UTF-16 unit range and lone surrogates', () => {
    // A fixed-seed generator keeps failures reproducible.
    let seed = 0x2f6b1a;
    const next = (): number => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return seed / 0x100000000;
    };
    const ranges: Array<[number, number]> = [[0, 0x7f], [0x80, 0x7ff], [0x800, 0xd7ff], [0xd800, 0xdbff], [0xdc00, 0xdfff], [0xe000, 0xffff]];
    for (let n = 0; n < 2000; n++) {
      const units: number[] = [];
      const length = Math.floor(next() * 40);
      for (let i = 0; i < length; i++) {
        const [lo, hi] = ranges[Math.floor(next() * ranges.length)]!;
        units.push(lo + Math.floor(next() * (hi - lo + 1)));
        // Often add a proper pair too, so that valid surrogate pairs are common.
        if (next() < 0.2) units.push(0xd800 + Math.floor(next() * 0x400), 0xdc00 + Math.floor(next() * 0x400));
      }
      const text = String.fromCharCode(...units);
      expect(utf8Length(text), JSON.stringify(text)).toBe(Buffer.byteLength(text, 'utf8'));
    }
  });
});

describe('parseFrame keeps the parsed value of a frame that fails validation', () => {
  it('as `parsed`, so callers need not parse the text again; not on success, not for non-JSON', () => {
    const text = JSON.stringify({ messageType: 'USER_ACTION', screen: 'AMOUNT_SELECT', data: { selectedAmount: 60.5, selectionMethod: 'PRESET_BUTTON' }, transactionId: 'T1', timestamp: 1 });
    const bad = parseFrame(text, { from: 'terminal' });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && 'parsed' in bad ? bad.parsed : undefined).toEqual(JSON.parse(text));
    const good = parseFrame(text.replace('60.5', '60'), { from: 'terminal' });
    expect(good.ok && 'parsed' in good).toBe(false);
    const notJson = parseFrame('{oops', { from: 'terminal' });
    expect(!notJson.ok && 'parsed' in notJson ? notJson.parsed : undefined).toBeUndefined();
  });
});

describe('timestamps in seconds (ENV-8)', () => {
  it('are refused with a problem that says they look like seconds, and last year\'s milliseconds pass', () => {
    const frame = (timestamp: number) => JSON.stringify({ messageType: 'SCREEN_CHANGE', screen: 'THANK_YOU', data: {}, transactionId: 'T1', timestamp });
    const seconds = parseFrame(frame(1_765_065_600));
    expect(seconds.ok ? [] : seconds.problems.map(formatProblem)).toEqual(['/timestamp is not epoch milliseconds (below 10^12, before 2001-09-09: it looks like seconds) [ENV-8]']);
    expect(parseFrame(frame(1_765_065_600_000)).ok).toBe(true);
  });
});
