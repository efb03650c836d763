import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadTargetFile, tokenPool } from '../../conformance/target.js';
import { parseTokens } from '../../load/driver/tokens.js';
import { protocolAjv } from '../../protocol/validator.js';
import { packagePath } from '../../protocol/package-root.js';

// The README points users at these files: they must stay valid as the schemas change.
describe('examples/', () => {
  it('target.json is a valid target description, its CA file read next to it', () => {
    const target = loadTargetFile(packagePath('examples', 'target.json'));
    expect(target.auth?.mode).toBe('tokens');
    expect(target.tls?.caFile).toBe(packagePath('examples', 'ca.pem'));
  });

  it('tokens.json is what `paysock serve --tokens-file` and the target pool agree on: one terminal a token', () => {
    const tokens = JSON.parse(readFileSync(packagePath('examples', 'tokens.json'), 'utf8')) as Record<string, string>;
    expect(tokenPool(loadTargetFile(packagePath('examples', 'target.json')))).toEqual(Object.keys(tokens));
    expect(new Set(Object.values(tokens)).size).toBe(Object.keys(tokens).length);
    // The same file is a valid `paysock certify --tokens-file`.
    expect(parseTokens(readFileSync(packagePath('examples', 'tokens.json'), 'utf8'), 'tokens.json')).toEqual(Object.keys(tokens));
  });

  it('the target schema rejects a misspelt key in it', () => {
    const validate = protocolAjv().getSchema('https://paysock.dev/schemas/v1/formats/conformance-target.schema.json');
    const target = JSON.parse(readFileSync(packagePath('examples', 'target.json'), 'utf8')) as Record<string, unknown>;
    expect(validate?.(target)).toBe(true);
    expect(validate?.({ ...target, timing: {} })).toBe(false);
    expect(validate?.({ ...target, auth: { mode: 'tokens', pool: ['same', 'same'] } }), 'a token twice is one terminal').toBe(false);
  });
});
