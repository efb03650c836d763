import { describe, expect, it } from 'vitest';
import { unknownFieldWarnings } from '../../protocol/unknown-fields.js';
import { validateServerMessage, validateTerminalMessage } from '../../protocol/validator.js';
import { baseMessages, type BaseMessage } from './invalid-corpus.js';

const bases = Object.entries(baseMessages as Record<string, BaseMessage>);
const validate = (base: BaseMessage, message: unknown) =>
  base.direction === 'server' ? validateServerMessage(message) : validateTerminalMessage(message, base.profile ?? 'strict');

describe('unknown fields (ENV-13)', () => {
  it.each(bases)('valid message %s has no warnings', (_name, base) => {
    const result = validate(base, base.message);
    expect(result.ok).toBe(true);
    expect(result.warnings).toEqual([]);
    expect(unknownFieldWarnings(base.message, base.direction)).toEqual([]);
  });

  it.each(bases)('%s with an extra envelope field is valid, with one ENV-13 warning', (_name, base) => {
    const result = validate(base, { ...base.message, sessionId: 'abc' });
    expect(result.ok).toBe(true);
    expect(result.warnings).toEqual([{ path: '/sessionId', message: 'is not defined by the spec (ignored)', requirement: 'ENV-13', code: 'INVALID_MESSAGE' }]);
  });

  it.each(bases.filter(([, b]) => b.message.data !== undefined))('%s with an extra data field is valid, with one ENV-13 warning', (_name, base) => {
    const result = validate(base, { ...base.message, data: { ...base.message.data, paymentUrl: 'https://example.invalid/pay' } });
    expect(result.ok).toBe(true);
    expect(result.warnings.map((w) => [w.path, w.requirement])).toEqual([['/data/paymentUrl', 'ENV-13']]);
  });

  it('a field defined for another screen is unknown on this one', () => {
    const { message } = baseMessages.thankYou;
    const result = validateServerMessage({ ...message, data: { showReceipt: true } });
    expect(result.ok).toBe(true);
    expect(result.warnings.map((w) => w.path)).toEqual(['/data/showReceipt']);
  });

  it('reports every unknown field, in order, and escapes JSON Pointer characters', () => {
    const { message } = baseMessages.keypad;
    const result = validateServerMessage({ ...message, 'a/b': 1, 'c~d': 2, data: { ...message.data, extra: true } });
    expect(result.warnings.map((w) => w.path)).toEqual(['/a~1b', '/c~0d', '/data/extra']);
  });

  it('warnings come with problems too, never instead of them', () => {
    const { message } = baseMessages.limitError;
    const result = validateServerMessage({ ...message, data: { ...message.data, remaining: 301, note: 'x' } });
    expect(result.ok).toBe(false);
    expect(result.warnings.map((w) => w.path)).toEqual(['/data/note']);
  });

  it('STATUS_UPDATE and ERROR data fields are known on every screen', () => {
    for (const screen of ['AMOUNT_SELECT', 'PROCESSING', 'PRINT_TICKET']) {
      expect(validateServerMessage({ ...baseMessages.statusUpdate.message, screen }).warnings).toEqual([]);
      expect(validateServerMessage({ ...baseMessages.error.message, screen }).warnings).toEqual([]);
    }
  });
});
