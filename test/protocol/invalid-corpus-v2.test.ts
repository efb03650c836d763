import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../protocol/problems.js';
import { requirement } from '../../protocol/requirements.js';
import type { V2ValidationResult } from '../../protocol/v2/problems.js';
import { validateV2BackendMessage, validateV2KioskMessage } from '../../protocol/v2/validator.js';
import { validateMessage } from '../../protocol/validate-message.js';
import { v2BaseMessages, v2InvalidCorpus, type V2BaseMessage } from './invalid-corpus-v2.js';

const validate = (message: unknown, direction: 'backend' | 'kiosk'): V2ValidationResult<unknown> => (direction === 'backend' ? validateV2BackendMessage(message) : validateV2KioskMessage(message));

describe('invalid v2 corpus (pinto-android-2)', () => {
  it('has at least 60 cases, each with a distinct rule name, citing a docs/protocol-v2.md requirement', () => {
    expect(v2InvalidCorpus.length).toBeGreaterThanOrEqual(60);
    expect(new Set(v2InvalidCorpus.map((c) => c.rule)).size).toBe(v2InvalidCorpus.length);
    for (const c of v2InvalidCorpus) expect(() => requirement(c.requirement, 2), c.rule).not.toThrow();
  });

  it('uses every base message, and covers both sides and every problem code', () => {
    const used = new Set(v2InvalidCorpus.map((c) => c.base));
    expect(Object.keys(v2BaseMessages).filter((name) => !used.has(name as keyof typeof v2BaseMessages))).toEqual([]);
    expect(new Set(v2InvalidCorpus.map((c) => c.code))).toEqual(new Set(['DEVICE_ERROR', 'IGNORED', 'LOGGED']));
  });

  it.each(Object.entries(v2BaseMessages as Record<string, V2BaseMessage>))('base message %s is valid, with no warnings', (_name, base) => {
    const result = validate(base.message, base.direction);
    expect(result.ok ? [] : result.problems.map(formatProblem)).toEqual([]);
    expect(result.warnings).toEqual([]);
  });

  it.each(v2InvalidCorpus.map((c) => [c.rule, c] as const))('rejects: %s', (_rule, c) => {
    expect(JSON.stringify(c.message), 'the case must change its base').not.toBe(JSON.stringify(v2BaseMessages[c.base].message));
    const result = validate(c.message, c.direction);
    expect(result.ok, 'the broken message must be rejected').toBe(false);
    if (result.ok) return;
    const first = result.problems[0]!;
    expect({ path: first.path, requirement: first.requirement, code: first.code }, formatProblem(first)).toEqual({ path: c.path, requirement: c.requirement, code: c.code });
    expect(first.message.length).toBeGreaterThan(0);
  });

  it('validateMessage takes the profile, both directions, and keeps v1 answers for v1 profiles', () => {
    const kioskReset = v2BaseMessages.kioskReset.message;
    expect(validateMessage(kioskReset, { from: 'terminal', profile: 'pinto-android-2' }).ok).toBe(true);
    // v1's pinto-android-1 RESET has the same shape; strict v1 has no RESET.
    expect(validateMessage(kioskReset, { from: 'terminal', profile: 'strict' }).ok).toBe(false);
    expect(validateMessage(v2BaseMessages.configuration.message, { profile: 'pinto-android-2' }).ok).toBe(true);
    expect(validateMessage(v2BaseMessages.configuration.message).ok).toBe(false);
    expect(() => validateMessage({}, { profile: 'pinto-android-3' as never })).toThrow(/pinto-android-2/);
  });

  it('warns, never fails, on what the kiosk copes with: unknown keys, an odd rejection, an AMOUNT_SELECT under "initial"', () => {
    const warnings = (m: unknown): string[] => {
      const r = validateV2BackendMessage(m);
      expect(r.ok).toBe(true);
      return r.warnings.map(formatProblem);
    };
    expect(warnings({ ...v2BaseMessages.amountSelect.message, transactionId: 'initial' })).toEqual(['/transactionId is "initial": the kiosk takes its payment under this id; give every AMOUNT_SELECT a fresh one [V2-TXN-4]']);
    expect(warnings({ ...v2BaseMessages.limitCheckResult.message, screen: 'DENIED' })).toEqual(['/screen rejects the card, but as "DENIED": say "REJECTED" or "LIMIT_ERROR" [V2-BAK-5]']);
    expect(warnings({ ...v2BaseMessages.limitCheckResult.message, screen: 'approved' })).toEqual([]);
    expect(warnings({ ...v2BaseMessages.failed.message, data: { errorMessage: 'x', showReceipt: true }, extra: 1 })).toEqual([
      '/extra is not a field of the envelope (the kiosk skips it) [V2-BAK-12]',
      '/data/showReceipt is not a data key the kiosk knows (it skips it) [V2-BAK-12]',
    ]);
  });

  it('boundaries just inside the rules are valid', () => {
    const inside: Array<[unknown, 'backend' | 'kiosk']> = [
      [{ ...v2BaseMessages.amountSelect.message, data: { amounts: [2147483647, -2147483648], currency: '£' } }, 'backend'],
      [{ ...v2BaseMessages.amountSelect.message, data: { amounts: [20], currency: '£', showOtherOption: null } }, 'backend'],
      [{ ...v2BaseMessages.failed.message, data: null }, 'backend'],
      [{ messageType: 'SCREEN_CHANGE', screen: 'PROCESSING', transactionId: '', timestamp: 0 }, 'backend'],
      [{ ...v2BaseMessages.configuration.message, data: { minTransactionLimit: 10, maxTransactionLimit: 300 } }, 'backend'],
      [{ ...v2BaseMessages.reversalRequest.message, messageType: 'REFUND_REQUEST', data: {} }, 'backend'],
      [{ ...v2BaseMessages.kioskAmount.message, data: { selectedAmount: 1, selectionMethod: 'CUSTOM' } }, 'kiosk'],
      [{ ...v2BaseMessages.kioskCancel.message, data: {} }, 'kiosk'],
      [{ ...v2BaseMessages.cardCheck.message, data: { cardToken: 'null', selectedAmount: 60 } }, 'kiosk'],
      [{ ...v2BaseMessages.paymentResult.message, screen: 'FAILED', data: { errorCode: null, errorMessage: null, paymentDetails: { Result: '', BankResultCode: '', Message: '', RequesterTransRefNum: 'T1' } } }, 'kiosk'],
      // A request id that already starts with REVERSAL_ is not prefixed twice.
      [{ ...v2BaseMessages.requestedReversal.message, data: { ...(v2BaseMessages.requestedReversal.message.data as object), paymentDetails: { Result: 'REVERSAL_FAILED', BankResultCode: '', Message: 'Reversal failed on terminal', RequesterTransRefNum: 'REVERSAL_T1', OriginalRequesterTransRefNum: '000123' } }, transactionId: 'REVERSAL_T1' }, 'kiosk'],
      [{ ...v2BaseMessages.noSale.message, data: { errorCode: 'EXCEPTION', errorMessage: 'Error processing reversal: null', paymentDetails: {} } }, 'kiosk'],
      [{ ...v2BaseMessages.deviceIp.message, data: { deviceIpAddress: '255.0.10.1' } }, 'kiosk'],
    ];
    for (const [message, direction] of inside) {
      const result = validate(message, direction);
      expect(result.ok ? [] : result.problems.map(formatProblem), JSON.stringify(message)).toEqual([]);
    }
  });
});
