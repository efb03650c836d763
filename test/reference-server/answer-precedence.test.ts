import { describe, expect, it } from 'vitest';
import type { PintoAndroid1TerminalMessage } from '../../protocol/types/generated.js';
import {
  answerPrecedence, firstApplying, INITIAL, invalidFrameAnswer, judgeAction, overDailyLimit, transactionProblem, type RankedCode, type TerminalView,
} from '../../reference-server/action-rules.js';
import { intentOf } from '../../reference-server/intent.js';

const msg = (screen: string, transactionId: string, data?: Record<string, unknown>): PintoAndroid1TerminalMessage =>
  ({ messageType: 'USER_ACTION', screen, transactionId, timestamp: 1, ...(data ? { data } : {}) }) as unknown as PintoAndroid1TerminalMessage;

const amountSelect = { screen: 'AMOUNT_SELECT', data: { amounts: [20, 40], currency: '£', showOtherOption: true } } as const;
const keypad = { screen: 'KEYPAD', data: { currency: '£', minAmount: 10, maxAmount: 300 } } as const;
const processing = { screen: 'PROCESSING', data: { amount: 20, method: 'DEBIT_CARD' } } as const;

/** A terminal in transaction T-1 (or none) on `shown`; T-OLD is a finished transaction. */
const terminal = (shown: TerminalView['shown'], active = 'T-1'): TerminalView => ({ shown, active, announced: active, used: (id) => id === 'T-OLD' || id === active });

const judge = (view: TerminalView, message: PintoAndroid1TerminalMessage) => judgeAction(view, message, intentOf(message));

describe('answer precedence (ERR-10)', () => {
  it('is INVALID_MESSAGE, INVALID_TRANSACTION, UNEXPECTED_ACTION, INVALID_AMOUNT, as docs/protocol.md ERR-10 lists them', () => {
    expect([...answerPrecedence]).toEqual(['INVALID_MESSAGE', 'INVALID_TRANSACTION', 'UNEXPECTED_ACTION', 'INVALID_AMOUNT']);
  });

  it('firstApplying answers the first code that applies and asks no further', () => {
    const asked: RankedCode[] = [];
    const code = firstApplying((rank) => {
      asked.push(rank);
      return rank === 'UNEXPECTED_ACTION' || rank === 'INVALID_AMOUNT';
    });
    expect(code).toBe('UNEXPECTED_ACTION');
    expect(asked).toEqual(['INVALID_MESSAGE', 'INVALID_TRANSACTION', 'UNEXPECTED_ACTION']);
    expect(firstApplying(() => false)).toBeUndefined();
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
    expect(judge(terminal(amountSelect, INITIAL), msg('AMOUNT_SELECT', 'K-NEW', { selectedAmount: 20, selectionMethod: 'PRESET_BUTTON' }))).toEqual({ code: undefined, startsUnder: 'K-NEW' });
    expect(judge(terminal(amountSelect, INITIAL), msg('AMOUNT_SELECT', INITIAL, { selectedAmount: 20, selectionMethod: 'PRESET_BUTTON' }))).toEqual({ code: undefined, startsUnder: undefined });
    expect(judge(terminal(keypad), msg('KEYPAD', 'T-1', { selectedAmount: 50 }))).toEqual({ code: undefined, startsUnder: undefined });
  });

  it('the transaction rule: TXN-3 inside a transaction, TXN-4/TXN-7 outside', () => {
    const inside = terminal(keypad);
    expect([transactionProblem(inside, 'T-1'), transactionProblem(inside, 'T-2'), transactionProblem(inside, INITIAL)]).toEqual([false, true, true]);
    const outside = terminal(amountSelect, INITIAL);
    expect([transactionProblem(outside, INITIAL), transactionProblem(outside, 'K-NEW'), transactionProblem(outside, 'T-OLD')]).toEqual([false, false, true]);
    // Bent by faults: a reused id accepted; the id the terminal was told ("initial" under keeps-initial-id) accepted.
    expect(transactionProblem(outside, 'T-OLD', { acceptsReusedTransactionId: true })).toBe(false);
    expect(transactionProblem({ ...inside, announced: INITIAL }, INITIAL)).toBe(false);
  });

  it('the daily limit rule (FLOW-6) and its bends', () => {
    expect([overDailyLimit(50, 49, false), overDailyLimit(50, 50, false)]).toEqual([true, false]);
    expect(overDailyLimit(50, 0, false, { noLimitCheck: true })).toBe(false);
    expect([overDailyLimit(50, 0, true, { keypadSkipsLimit: true }), overDailyLimit(50, 0, false, { keypadSkipsLimit: true })]).toEqual([false, true]);
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
  });
});
