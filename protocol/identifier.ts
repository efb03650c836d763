/**
 * Terminal ids and transaction ids share one form: 1 to 64 characters of
 * [A-Za-z0-9._:-] (ENV-6, AUTH-7). schemas/common.schema.json states it for
 * transactionId; test/protocol/identifier.test.ts keeps the two equal. Plain
 * code with no imports, so the k6 scripts can use it too.
 */
export const IDENTIFIER = /^[A-Za-z0-9._:-]{1,64}$/;

/** The identifier rule in words, for error messages. */
export const IDENTIFIER_RULE = '1-64 characters of [A-Za-z0-9._:-]';

/** Whether a value is a valid terminal or transaction id. */
export function isIdentifier(value: unknown): value is string {
  return typeof value === 'string' && IDENTIFIER.test(value);
}
