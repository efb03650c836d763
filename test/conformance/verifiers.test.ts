import { describe, expect, it } from 'vitest';
import { FrameChecker } from '../../conformance/frame-checks.js';
import type { Arrival } from '../../conformance/certifier-terminal.js';
import { judgeClose, judgeError, judgeHttpStatus, judgeScreen, judgeSilence } from '../../conformance/verifiers.js';

const msg = (raw: object): Arrival => ({ kind: 'message', event: 0, at: 0, text: JSON.stringify(raw), raw, valid: true });
const screen = (s: string, transactionId = 'initial') => msg({ messageType: 'SCREEN_CHANGE', screen: s, data: {}, transactionId, timestamp: Date.now() });
const error = (code: string, s = 'AMOUNT_SELECT', transactionId = 'initial') => msg({ messageType: 'ERROR', screen: s, data: { errorCode: code, errorMessage: 'x' }, transactionId, timestamp: Date.now() });

describe('verifiers', () => {
  it('judgeScreen matches screen and transaction id, and says what came instead', () => {
    expect(judgeScreen(screen('KEYPAD'), 'KEYPAD', 1000).ok).toBe(true);
    expect(judgeScreen(screen('KEYPAD', 'T1'), 'KEYPAD', 1000, 'initial')).toMatchObject({ ok: false, actual: 'SCREEN_CHANGE screen KEYPAD transactionId "T1"' });
    expect(judgeScreen(screen('KEYPAD', 'initial'), 'KEYPAD', 1000, { not: ['initial'] }).ok).toBe(false);
    expect(judgeScreen(undefined, 'KEYPAD', 1000)).toMatchObject({ ok: false, expected: 'SCREEN_CHANGE KEYPAD within 1000 ms', actual: 'nothing within 1000 ms' });
    expect(judgeScreen(error('INVALID_AMOUNT'), 'KEYPAD', 1000).actual).toBe('ERROR INVALID_AMOUNT screen AMOUNT_SELECT transactionId "initial"');
  });

  it('judgeError checks code, screen (ENV-4) and transaction id (TXN-6)', () => {
    expect(judgeError(error('INVALID_AMOUNT'), 'INVALID_AMOUNT', 1000, 'AMOUNT_SELECT', 'initial').ok).toBe(true);
    expect(judgeError(error('INVALID_MESSAGE'), 'INVALID_AMOUNT', 1000).ok).toBe(false);
    expect(judgeError(error('INVALID_AMOUNT', 'AMOUNT_SELECT'), 'INVALID_AMOUNT', 1000, 'KEYPAD').ok).toBe(false);
    expect(judgeError(error('INVALID_AMOUNT', 'KEYPAD', 'T9'), 'INVALID_AMOUNT', 1000, 'KEYPAD', 'T1').ok).toBe(false);
  });

  it('judgeClose, judgeSilence and judgeHttpStatus', () => {
    const close: Arrival = { kind: 'close', event: 1, at: 0, code: 1003, reason: '' };
    expect(judgeClose(close, 1003, 500).ok).toBe(true);
    expect(judgeClose(close, 1009, 500)).toMatchObject({ ok: false, actual: 'connection closed with 1003' });
    expect(judgeClose(undefined, 1009, 500).ok).toBe(false);
    expect(judgeSilence(undefined, 300).ok).toBe(true);
    expect(judgeSilence(error('INVALID_MESSAGE'), 300).ok).toBe(false);
    expect(judgeHttpStatus({ ok: false, status: 401, reason: '' }, 401).ok).toBe(true);
    expect(judgeHttpStatus({ ok: true, headers: {} }, 401)).toMatchObject({ ok: false, actual: 'the WebSocket upgrade succeeded (101)' });
  });
});

describe('FrameChecker', () => {
  const frame = (o: object) => JSON.stringify(o);
  const amountSelect = (timestamp: number) => frame({ messageType: 'SCREEN_CHANGE', screen: 'AMOUNT_SELECT', data: { amounts: [20], currency: '£', showOtherOption: true }, transactionId: 'initial', timestamp });

  it('passes a valid frame and flags backwards timestamps (ENV-9)', () => {
    const checker = new FrameChecker();
    const now = Date.now();
    expect(checker.check(amountSelect(now)).errors).toEqual([]);
    expect(checker.check(amountSelect(now - 10)).errors.map((e) => e.requirement)).toEqual(['ENV-9']);
  });

  it('flags epoch seconds (ENV-8) and warns on a skewed clock (ENV-10)', () => {
    const seconds = new FrameChecker().check(amountSelect(Math.floor(Date.now() / 1000)));
    expect(seconds.errors.map((e) => e.requirement)).toContain('ENV-8');
    const skewed = new FrameChecker().check(amountSelect(Date.now() + 3_600_000));
    expect(skewed.errors).toEqual([]);
    expect(skewed.warnings).toEqual([{ path: '/timestamp', message: expect.stringMatching(/ is 3600 s away from the runner's clock$/), requirement: 'ENV-10' }]);
  });

  it('records transitions and fails illegal ones (GRAPH-1)', () => {
    const checker = new FrameChecker();
    checker.check(amountSelect(Date.now()));
    const legal = checker.check(frame({ messageType: 'SCREEN_CHANGE', screen: 'THANK_YOU', data: {}, transactionId: 'T1', timestamp: Date.now() }));
    expect(legal.illegalTransition).toBe('AMOUNT_SELECT>THANK_YOU');
    expect(legal.errors.map((e) => e.requirement)).toContain('GRAPH-1');
  });

  it('warns on unknown fields (ENV-13) without failing', () => {
    const v = new FrameChecker().check(frame({ messageType: 'SCREEN_CHANGE', screen: 'THANK_YOU', data: {}, transactionId: 'T1', timestamp: Date.now(), extra: 1 }));
    expect(v.errors).toEqual([]);
    expect(v.warnings).toEqual([expect.objectContaining({ path: '/extra', requirement: 'ENV-13' })]);
  });
});
