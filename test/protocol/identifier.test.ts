import { describe, expect, it } from 'vitest';
import { IDENTIFIER, isIdentifier } from '../../protocol/identifier.js';
import { loadSchemaFiles } from '../../protocol/schema-store.js';

describe('identifier rule', () => {
  it('is the transactionId rule of schemas/common.schema.json', () => {
    const common = loadSchemaFiles().find((f) => f.file === 'common.schema.json')?.schema as unknown as { $defs: { transactionId: { pattern: string; minLength: number; maxLength: number } } };
    const { pattern, minLength, maxLength } = common.$defs.transactionId;
    expect(pattern).toBe('^[A-Za-z0-9._:-]+$');
    expect(IDENTIFIER.source).toBe(pattern.replace('+$', `{${minLength},${maxLength}}$`));
  });

  it('accepts ids of 1 to 64 allowed characters and nothing else', () => {
    for (const ok of ['initial', 'T123456', 'kiosk-1', 'a', 'x'.repeat(64), '3f1c7a52-9a0e-4c43-8d3b-2f8e0c6d9b11', 'A.b_c:d-e']) expect(isIdentifier(ok), ok).toBe(true);
    for (const bad of ['', 'x'.repeat(65), 'has space', 'slash/', 'ümlaut', 12, null, undefined]) expect(isIdentifier(bad), String(bad)).toBe(false);
  });
});
