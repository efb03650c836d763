import { describe, expect, it } from 'vitest';
import { formatProblem, type ValidationResult } from '../../protocol/problems.js';
import { requirement } from '../../protocol/requirements.js';
import { validateServerMessage, validateTerminalMessage, type TerminalProfile } from '../../protocol/validator.js';
import { baseMessages, invalidCorpus, type BaseMessage } from './invalid-corpus.js';

function validate(message: unknown, direction: 'server' | 'terminal', profile: TerminalProfile = 'strict'): ValidationResult<unknown> {
  return direction === 'server' ? validateServerMessage(message) : validateTerminalMessage(message, profile);
}

// Whether two JSON values differ, and where: used to prove each case changes its base.
function differs(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) !== JSON.stringify(b);
}

describe('invalid corpus', () => {
  it('has at least 45 cases, each with a distinct rule name', () => {
    expect(invalidCorpus.length).toBeGreaterThanOrEqual(45);
    expect(new Set(invalidCorpus.map((c) => c.rule)).size).toBe(invalidCorpus.length);
  });

  it('every case cites a requirement of docs/protocol.md', () => {
    for (const c of invalidCorpus) expect(() => requirement(c.requirement), c.rule).not.toThrow();
  });

  it('uses every base message', () => {
    const used = new Set(invalidCorpus.map((c) => c.base));
    expect([...Object.keys(baseMessages)].filter((name) => !used.has(name as keyof typeof baseMessages))).toEqual([]);
  });

  it.each(Object.entries(baseMessages as Record<string, BaseMessage>))('base message %s is valid, with no warnings', (_name, base) => {
    const result = validate(base.message, base.direction, base.profile);
    expect(result.ok ? [] : result.problems.map(formatProblem)).toEqual([]);
    expect(result.warnings).toEqual([]);
  });

  it.each(invalidCorpus.map((c) => [c.rule, c] as const))('rejects: %s', (_rule, c) => {
    const base: BaseMessage = baseMessages[c.base];
    // A case either changes the message or sends it under other rules (side or profile) than its base.
    const sameRules = c.direction === base.direction && (c.profile ?? 'strict') === (base.profile ?? 'strict');
    expect(differs(c.message, base.message) || !sameRules, 'the case must break its base').toBe(true);

    const result = validate(c.message, c.direction, c.profile);
    expect(result.ok, 'the broken message must be rejected').toBe(false);
    if (result.ok) return;
    const first = result.problems[0]!;
    expect({ path: first.path, requirement: first.requirement, code: first.code }, formatProblem(first)).toEqual({
      path: c.path,
      requirement: c.requirement,
      code: c.code,
    });
    expect(first.message.length).toBeGreaterThan(0);
  });

  it('SCREEN_CHANGE LIMIT_ERROR with remaining "200" reports exactly /data/remaining must be integer', () => {
    const message = { ...baseMessages.limitError.message, data: { limit: 300, remaining: '200', currency: '£' } };
    const result = validateServerMessage(message);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(1);
    const [problem] = result.problems;
    expect(`${problem!.path} ${problem!.message}`).toBe('/data/remaining must be integer');
    expect(formatProblem(problem!)).toBe('/data/remaining must be integer [SCR-7]');
  });

  it('dialect forms are valid under pinto-android-1 and not under strict', () => {
    for (const name of ['dialectOther', 'dialectKeypadAmount', 'dialectMethod', 'dialectCancel', 'dialectReset'] as const) {
      const { message } = baseMessages[name];
      expect(validateTerminalMessage(message, 'pinto-android-1').ok, name).toBe(true);
      expect(validateTerminalMessage(message, 'strict').ok, name).toBe(false);
    }
  });

  it('strict forms stay valid under pinto-android-1', () => {
    for (const base of Object.values(baseMessages as Record<string, BaseMessage>)) {
      if (base.direction === 'terminal' && base.profile === undefined) expect(validateTerminalMessage(base.message, 'pinto-android-1').ok).toBe(true);
    }
  });

  it('boundaries just inside the rules are valid', () => {
    const inside: Array<[unknown, 'server' | 'terminal']> = [
      [{ ...baseMessages.success.message, transactionId: 'T'.repeat(64) }, 'server'],
      [{ ...baseMessages.success.message, transactionId: 'a.b_c:d-9' }, 'server'],
      [{ ...baseMessages.success.message, timestamp: 1_000_000_000_000 }, 'server'],
      // A recording from last year still validates.
      [{ ...baseMessages.success.message, timestamp: Date.UTC(2025, 11, 7) }, 'server'],
      [{ ...baseMessages.amountSelect.message, data: { amounts: [2147483647], currency: '£', showOtherOption: false } }, 'server'],
      [{ ...baseMessages.amountSelect.message, data: { amounts: Array.from({ length: 12 }, (_, i) => i + 1), currency: '£', showOtherOption: false } }, 'server'],
      [{ ...baseMessages.keypad.message, data: { currency: '€', minAmount: 50, maxAmount: 50 } }, 'server'],
      [{ ...baseMessages.limitError.message, data: { limit: 300, remaining: 0, currency: '£' } }, 'server'],
      [{ ...baseMessages.limitError.message, data: { limit: 300, remaining: 300, currency: '£' } }, 'server'],
      [{ ...baseMessages.statusUpdate.message, data: { status: 'PRINTING', progress: 100 } }, 'server'],
      [{ ...baseMessages.statusUpdate.message, data: { status: 'PRINTING', progress: 0 } }, 'server'],
      [{ ...baseMessages.processing.message, data: {} }, 'server'],
      [{ ...baseMessages.paymentMethod.message, data: { methods: ['PAY_BY_BANK'], allowCancel: false, currency: '£' } }, 'server'],
      [{ ...baseMessages.keypadAction.message, data: { selectedAmount: 2147483647, selectionMethod: 'KEYPAD' } }, 'terminal'],
      [{ ...baseMessages.cancelAction.message, screen: 'KEYPAD' }, 'terminal'],
      [{ ...baseMessages.okAction.message, screen: 'LIMIT_ERROR' }, 'terminal'],
    ];
    for (const [message, direction] of inside) {
      const result = validate(message, direction);
      expect(result.ok ? [] : result.problems.map(formatProblem), JSON.stringify(message)).toEqual([]);
    }
  });
});
