import { describe, expect, it } from 'vitest';
import type { PintoAndroid1TerminalMessage } from '../../protocol/types/generated.js';
import { byPrecedence } from '../../protocol/error-catalogue.js';
import {
  answerPrecedence, INITIAL, invalidFrameAnswers, judgeAction, overDailyLimit, protocolRules, transactionProblem, type TerminalView,
} from '../../reference-server/action-rules.js';
import { intentOf } from '../../reference-server/intent.js';

const msg = (screen: string, transactionId: string, data?: Record<string, unknown>): PintoAndroid1TerminalMessage =>
  ({ messageType: 'USER_ACTION', screen, transactionId, timestamp: 1, ...(data ? { data } : {}) }) as unknown as PintoAndroid1TerminalMessage;

const amountSelect = { screen: 'AMOUNT_SELECT', data: { amounts: [20, 40], currency: '£', showOtherOption: true } } as const;
const keypad = { screen: 'KEYPAD', data: { currency: '£', minAmount: 10, maxAmount: 300 } } as const;
const processing = { screen: 'PROCESSING', data: { amount: 20, method: 'DEBIT_CARD' } } as const;

/** A terminal in transaction T-1 (or none) on `shown`; T-OLD is a finished transaction. */
const terminal = (shown: TerminalView['shown'], active = 'T-1', remaining = 300): TerminalView => ({ shown, active, announced: active, used: (id) => id === 'T-OLD' || id === active, remaining: () => remaining });

const judgement = (view: TerminalView, message: PintoAndroid1TerminalMessage) => judgeAction(protocolRules, view, message, intentOf(message));
/** ERR-10's answer: the first the rules list. */
const judge = (view: TerminalView, message: PintoAndroid1TerminalMessage) => {
  const [first] = judgement(view, message).answers;
  return { code: first?.kind === 'error' ? first.code : undefined };
};
/** ERR-10's answer to a frame that fails the schema. */
const invalidFrameAnswer = (codes: Parameters<typeof invalidFrameAnswers>[1], id: unknown, active: string, screen?: string) => {
  const [first] = invalidFrameAnswers(protocolRules, codes, { transactionId: typeof id === 'string' && /^[A-Za-z0-9._:-]{1,64}$/.test(id) ? id : undefined, screen }, 'KEYPAD', active);
  return first?.kind === 'error' ? first.code : first?.kind;
};

describe('answer precedence (ERR-10)', () => {
  it('is INVALID_MESSAGE, INVALID_TRANSACTION, UNEXPECTED_ACTION, INVALID_AMOUNT, as docs/protocol.md ERR-10 lists them', () => {
    expect([...answerPrecedence]).toEqual(['INVALID_MESSAGE', 'INVALID_TRANSACTION', 'UNEXPECTED_ACTION', 'INVALID_AMOUNT']);
  });

  it('byPrecedence ranks codes by ERR-10, codes it does not rank last, ties in their order', () => {
    expect(byPrecedence(['INVALID_AMOUNT', 'RATE_LIMITED', 'UNEXPECTED_ACTION', 'INVALID_MESSAGE'] as const, (c) => c)).toEqual(['INVALID_MESSAGE', 'UNEXPECTED_ACTION', 'INVALID_AMOUNT', 'RATE_LIMITED']);
    const problems = [{ n: 1, code: 'INVALID_AMOUNT' }, { n: 2, code: 'INVALID_AMOUNT' }, { n: 3, code: 'INVALID_TRANSACTION' }] as const;
    expect(byPrecedence(problems, (p) => p.code).map((p) => p.n)).toEqual([3, 1, 2]);
  });

  it('an action for another screen and another transaction is INVALID_TRANSACTION', () => {
    // A keypad amount on PROCESSING, naming T-2 while T-1 is active: both codes apply.
    expect(judge(terminal(processing), msg('KEYPAD', 'T-2', { selectedAmount: 50 })).code).toBe('INVALID_TRANSACTION');
  });

  it('an action for another screen with an amount out of bounds is UNEXPECTED_ACTION, not INVALID_AMOUNT', () => {
    expect(judge(terminal(processing), msg('KEYPAD', 'T-1', { selectedAmount: 5 })).code).toBe('UNEXPECTED_ACTION');
  });

  it('an unoffered amount in the right transaction on the right screen is INVALID_AMOUNT', () => {
    expect(judge(terminal(amountSelect, INITIAL), msg('AMOUNT_SELECT', INITIAL, { selectedAmount: 30, selectionMethod: 'PRESET_BUTTON' })).code).toBe('INVALID_AMOUNT');
    expect(judge(terminal(keypad), msg('KEYPAD', 'T-1', { selectedAmount: 301 })).code).toBe('INVALID_AMOUNT');
  });

  it('an unoffered amount under a reused id is INVALID_TRANSACTION (TXN-4 before FLOW-5)', () => {
    expect(judge(terminal(amountSelect, INITIAL), msg('AMOUNT_SELECT', 'T-OLD', { selectedAmount: 30, selectionMethod: 'PRESET_BUTTON' })).code).toBe('INVALID_TRANSACTION');
  });

  it('an allowed first action starts under its own new id, or under one the server assigns', () => {
    const go = [{ kind: 'go' }];
    expect(judgement(terminal(amountSelect, INITIAL), msg('AMOUNT_SELECT', 'K-NEW', { selectedAmount: 20, selectionMethod: 'PRESET_BUTTON' }))).toEqual({ answers: go, startsUnder: 'K-NEW' });
    expect(judgement(terminal(amountSelect, INITIAL), msg('AMOUNT_SELECT', INITIAL, { selectedAmount: 20, selectionMethod: 'PRESET_BUTTON' }))).toEqual({ answers: go, startsUnder: undefined });
    expect(judgement(terminal(keypad), msg('KEYPAD', 'T-1', { selectedAmount: 50 }))).toEqual({ answers: go, startsUnder: undefined });
  });

  it('an allowed amount above what is left of the daily limit goes on to LIMIT_ERROR (FLOW-6)', () => {
    expect(judgement(terminal(keypad, 'T-1', 49), msg('KEYPAD', 'T-1', { selectedAmount: 50 })).answers).toEqual([{ kind: 'limit' }]);
  });

  describe('where the sources allow another answer, the rules list it after ERR-10\'s', () => {
    it('another screen and another transaction: INVALID_TRANSACTION, then UNEXPECTED_ACTION', () => {
      expect(judgement(terminal(processing), msg('KEYPAD', 'T-2', { selectedAmount: 50 })).answers).toEqual([
        { kind: 'error', code: 'INVALID_TRANSACTION' },
        { kind: 'error', code: 'UNEXPECTED_ACTION' },
      ]);
      // The dialect's keypad entry on KEYPAD names AMOUNT_SELECT: not another screen (DIA-2).
      expect(judgement(terminal(keypad), msg('AMOUNT_SELECT', 'T-2', { selectedAmount: -1, selectionMethod: 'CUSTOM' })).answers).toEqual([{ kind: 'error', code: 'INVALID_TRANSACTION' }]);
    });

    it('a replayed selection after the payment started: UNEXPECTED_ACTION, then the current screen (RES-4)', () => {
      expect(judgement(terminal(processing), msg('PAYMENT_METHOD', 'T-1', { selectedMethod: 'DEBIT_CARD' })).answers).toEqual([
        { kind: 'error', code: 'UNEXPECTED_ACTION' },
        { kind: 'screen' },
      ]);
    });

    it('a keypad amount outside the bounds and above what is left: INVALID_AMOUNT, then LIMIT_ERROR', () => {
      expect(judgement(terminal(keypad, 'T-1', 100), msg('KEYPAD', 'T-1', { selectedAmount: 301 })).answers).toEqual([{ kind: 'error', code: 'INVALID_AMOUNT' }, { kind: 'limit' }]);
      expect(judgement(terminal(keypad, 'T-1', 400), msg('KEYPAD', 'T-1', { selectedAmount: 301 })).answers).toEqual([{ kind: 'error', code: 'INVALID_AMOUNT' }]);
    });
  });

  it('the transaction rule: TXN-3 inside a transaction, TXN-4/TXN-7 outside', () => {
    const inside = terminal(keypad);
    expect([transactionProblem(inside, 'T-1'), transactionProblem(inside, 'T-2'), transactionProblem(inside, INITIAL)]).toEqual([false, true, true]);
    const outside = terminal(amountSelect, INITIAL);
    expect([transactionProblem(outside, INITIAL), transactionProblem(outside, 'K-NEW'), transactionProblem(outside, 'T-OLD')]).toEqual([false, false, true]);
    // The id the terminal was told for the active transaction is the one its actions name (TXN-1).
    expect(transactionProblem({ ...inside, announced: 'T-TOLD' }, 'T-TOLD')).toBe(false);
  });

  it('the daily limit rule (FLOW-6)', () => {
    expect([overDailyLimit(50, 49), overDailyLimit(50, 50)]).toEqual([true, false]);
  });

  describe('a frame that fails the schema', () => {
    it('is INVALID_MESSAGE when any of its problems is, whatever its transaction id', () => {
      expect(invalidFrameAnswer(['INVALID_AMOUNT', 'INVALID_MESSAGE'], 'T-2', 'T-1')).toBe('INVALID_MESSAGE');
      expect(invalidFrameAnswer([], 'T-2', 'T-1')).toBe('INVALID_MESSAGE');
    });

    it('is INVALID_TRANSACTION before its own code when it names another transaction with a well-formed id', () => {
      expect(invalidFrameAnswer(['INVALID_AMOUNT'], 'T-2', 'T-1')).toBe('INVALID_TRANSACTION');
      expect(invalidFrameAnswer(['UNEXPECTED_ACTION'], 'T-2', 'T-1')).toBe('INVALID_TRANSACTION');
    });

    it('keeps its own code when its id is the active one, malformed, or no transaction is active', () => {
      expect(invalidFrameAnswer(['INVALID_AMOUNT'], 'T-1', 'T-1')).toBe('INVALID_AMOUNT');
      expect(invalidFrameAnswer(['INVALID_AMOUNT'], 'not an id!', 'T-1')).toBe('INVALID_AMOUNT');
      expect(invalidFrameAnswer(['INVALID_AMOUNT'], 'T-2', INITIAL)).toBe('INVALID_AMOUNT');
    });

    it('ranks its own codes by ERR-10: UNEXPECTED_ACTION before INVALID_AMOUNT', () => {
      expect(invalidFrameAnswer(['INVALID_AMOUNT', 'UNEXPECTED_ACTION'], 'T-1', 'T-1')).toBe('UNEXPECTED_ACTION');
    });

    it('lists UNEXPECTED_ACTION after INVALID_TRANSACTION when it names another screen too', () => {
      const named = { transactionId: 'T-2', screen: 'PAYMENT_METHOD' };
      expect(invalidFrameAnswers(protocolRules, ['INVALID_AMOUNT'], named, 'KEYPAD', 'T-1')).toEqual([{ kind: 'error', code: 'INVALID_TRANSACTION' }, { kind: 'error', code: 'UNEXPECTED_ACTION' }]);
      expect(invalidFrameAnswers(protocolRules, ['INVALID_AMOUNT'], { ...named, screen: 'KEYPAD' }, 'KEYPAD', 'T-1')).toEqual([{ kind: 'error', code: 'INVALID_TRANSACTION' }]);
    });
  });
});
