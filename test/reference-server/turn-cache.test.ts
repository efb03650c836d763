import { describe, expect, it } from 'vitest';
import { TurnCache } from '../../reference-server/turn-cache.js';

describe('TurnCache', () => {
  it('keeps at most its limit of unchanged values, first held first gone; a changed value stays until it is taken', () => {
    const cache = new TurnCache<number>(3);
    cache.change('a', 1, false);
    for (const key of ['b', 'c', 'd', 'e']) cache.remember(key, 0, false);
    cache.trim();
    // "a" is changed (not yet written): it stays; of the rest the first held go.
    expect(['a', 'b', 'c', 'd', 'e'].map((k) => cache.get(k) !== undefined)).toEqual([true, false, false, true, true]);
    expect(cache.takeChanged()).toEqual([['a', 1]]);
    cache.trim();
    expect(['a', 'd', 'e'].map((k) => cache.get(k) !== undefined)).toEqual([true, true, true]);
    cache.remember('f', 0, false);
    cache.trim();
    expect(cache.get('a')).toBeUndefined();
  });

  it('a rolled-back savepoint puts back values and their changed marks; a kept one keeps them', () => {
    const cache = new TurnCache<number>(10);
    cache.remember('x', 1, false);
    cache.change('x', 2, true);
    cache.change('y', 3, true);
    cache.drop('x', true);
    cache.savepointEnded(true);
    expect([cache.get('x'), cache.get('y')]).toEqual([1, undefined]);
    expect(cache.takeChanged()).toEqual([]);
    cache.change('x', 5, true);
    cache.savepointEnded(false);
    expect(cache.takeChanged()).toEqual([['x', 5]]);
    cache.forgetAll();
    expect(cache.get('x')).toBeUndefined();
  });
});
