import { describe, expect, it } from 'vitest';
import { validateServerMessage, validateTerminalMessage, type TerminalProfile } from '../../protocol/validator.js';
import { baseMessages } from './invalid-corpus.js';

// ERR-10: when several problems apply, the answer is the first code in the order
// INVALID_MESSAGE, INVALID_TRANSACTION, UNEXPECTED_ACTION, INVALID_AMOUNT.
// Each case breaks two rules whose codes differ; the first problem must carry the higher-ranked code.
const keypad = baseMessages.keypadAction.message;
const cases: Array<{ rule: string; profile?: TerminalProfile; message: unknown; path: string; requirement: string; code: string }> = [
  { rule: 'amount is a string and transactionId has a space', message: { ...keypad, data: { selectedAmount: '75', selectionMethod: 'KEYPAD' }, transactionId: 'bad id' }, path: '/transactionId', requirement: 'ENV-6', code: 'INVALID_MESSAGE' },
  { rule: 'amount is zero and timestamp is a float', message: { ...keypad, data: { selectedAmount: 0, selectionMethod: 'KEYPAD' }, timestamp: 1.5 }, path: '/timestamp', requirement: 'ENV-8', code: 'INVALID_MESSAGE' },
  { rule: 'action on PROCESSING and timestamp is a string', message: { ...keypad, screen: 'PROCESSING', timestamp: 'x' }, path: '/timestamp', requirement: 'ENV-8', code: 'INVALID_MESSAGE' },
  { rule: 'pinto-android-1: CUSTOM amount is a string and transactionId is too long', profile: 'pinto-android-1', message: { ...baseMessages.dialectKeypadAmount.message, data: { selectedAmount: 'x', selectionMethod: 'CUSTOM' }, transactionId: 'a'.repeat(65) }, path: '/transactionId', requirement: 'ENV-6', code: 'INVALID_MESSAGE' },
  { rule: 'strict: OTHER sent as CUSTOM with amount -1', message: { ...baseMessages.otherAction.message, data: { selectedAmount: -1, selectionMethod: 'CUSTOM' } }, path: '/data/selectionMethod', requirement: 'ACT-1', code: 'INVALID_MESSAGE' },
  { rule: 'keypad amount is a string under a wrong selectionMethod', message: { ...keypad, data: { selectedAmount: '75', selectionMethod: 'CUSTOM' } }, path: '/data/selectionMethod', requirement: 'ACT-3', code: 'INVALID_MESSAGE' },
];

describe('error precedence (ERR-10)', () => {
  it.each(cases.map((c) => [c.rule, c] as const))('%s', (_rule, c) => {
    const result = validateTerminalMessage(c.message, c.profile ?? 'strict');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const first = result.problems[0]!;
    expect({ path: first.path, requirement: first.requirement, code: first.code }).toEqual({ path: c.path, requirement: c.requirement, code: c.code });
  });

  it('a single amount problem stays the only problem', () => {
    const result = validateTerminalMessage({ ...keypad, data: { selectedAmount: 0, selectionMethod: 'KEYPAD' } });
    expect(result.ok ? [] : result.problems.map((p) => [p.path, p.code])).toEqual([['/data/selectedAmount', 'INVALID_AMOUNT']]);
  });

  it('a single UNEXPECTED_ACTION problem stays the only problem', () => {
    const result = validateTerminalMessage({ ...keypad, screen: 'SUCCESS' });
    expect(result.ok ? [] : result.problems.map((p) => [p.path, p.code])).toEqual([['/screen', 'UNEXPECTED_ACTION']]);
  });

  it('server messages only ever carry INVALID_MESSAGE problems', () => {
    const result = validateServerMessage({ ...baseMessages.limitError.message, data: { limit: 1.5, remaining: '2', currency: '' }, timestamp: -1 });
    expect(result.ok).toBe(false);
    if (!result.ok) for (const p of result.problems) expect(p.code).toBe('INVALID_MESSAGE');
  });
});
