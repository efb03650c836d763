import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadTargetFile } from '../../conformance/target.js';
import { protocolAjv } from '../../protocol/validator.js';
import { packagePath } from '../../protocol/package-root.js';

// The README points users at these files: they must stay valid as the schemas change.
describe('examples/', () => {
  it('target.json is a valid target description, its CA file read next to it', () => {
    const target = loadTargetFile(packagePath('examples', 'target.json'));
    expect(target.auth?.mode).toBe('tokens');
    expect(target.tls?.caFile).toBe(packagePath('examples', 'ca.pem'));
  });

  it('tokens.json is what `paysock serve --tokens-file` and the target tokens agree on', () => {
    const tokens = JSON.parse(readFileSync(packagePath('examples', 'tokens.json'), 'utf8')) as Record<string, string>;
    const target = JSON.parse(readFileSync(packagePath('examples', 'target.json'), 'utf8')) as { auth: { tokens: { A: string; B: string } } };
    expect(Object.keys(tokens)).toEqual([target.auth.tokens.A, target.auth.tokens.B]);
    expect(new Set(Object.values(tokens)).size).toBe(2);
  });

  it('the target schema rejects a misspelt key in it', () => {
    const validate = protocolAjv().getSchema('https://paysock.dev/schemas/v1/conformance-target.schema.json');
    const target = JSON.parse(readFileSync(packagePath('examples', 'target.json'), 'utf8')) as Record<string, unknown>;
    expect(validate?.(target)).toBe(true);
    expect(validate?.({ ...target, timing: {} })).toBe(false);
  });
});
