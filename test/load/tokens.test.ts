import { describe, expect, it } from 'vitest';
import { parseTokens, tokensOfShare } from '../../load/driver/tokens.js';

describe('--tokens-file parsing', () => {
  it('reads the reference server\'s shape (token -> terminal id) in file order', () => {
    expect(parseTokens(JSON.stringify({ 'tok-a': 'kiosk-1', 'tok-b': 'kiosk-2', 'tok-c': 'kiosk-3' }), 't.json', 2)).toEqual(['tok-a', 'tok-b']);
  });

  it('reads a JSON array of tokens', () => {
    expect(parseTokens('["x1","x2","x3"]', 't.json', 3)).toEqual(['x1', 'x2', 'x3']);
  });

  it('fewer tokens than terminals: one line naming both counts', () => {
    expect(() => parseTokens('["x1","x2"]', 't.json', 5)).toThrow(/^--tokens-file t\.json holds 2 tokens, fewer than --terminals 5$/);
  });

  it.each([
    ['not json', 1, /t\.json: /],
    ['"just a string"', 1, /must be a JSON object token -> terminal id or a JSON array/],
    ['null', 1, /must be a JSON object/],
    ['["ok", 7]', 2, /token 2 is not/],
    ['["with space"]', 1, /token 1 is not/],
    ['["a","a"]', 2, /token 2 appears twice/],
    ['{"a":"kiosk-1","b":"kiosk-1"}', 2, /tokens 1 and 2 name the same terminal id "kiosk-1"/],
  ])('rejects %s', (text, terminals, message) => {
    expect(() => parseTokens(text, 't.json', terminals)).toThrow(message);
  });

  it('a shared terminal id past the terminals in use does not matter', () => {
    expect(parseTokens('{"a":"kiosk-1","b":"kiosk-2","c":"kiosk-1"}', 't.json', 2)).toEqual(['a', 'b']);
  });

  it('each share gets the tokens of its own terminals, in their order', () => {
    const tokens = ['t0', 't1', 't2', 't3', 't4', 't5', 't6'];
    expect(tokensOfShare(tokens, 0, 2, 7)).toEqual(['t0', 't2', 't4', 't6']);
    expect(tokensOfShare(tokens, 1, 2, 7)).toEqual(['t1', 't3', 't5']);
    expect(tokensOfShare(tokens, 0, 1, 3)).toEqual(['t0', 't1', 't2']);
  });
});
