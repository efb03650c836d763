import { describe, expect, it } from 'vitest';
import { heapFlagsFor } from '../../load/driver/heap-flags.js';

describe('heapFlagsFor (V8 flags of a load run)', () => {
  it('asks for a small young generation and memory-first heap sizing by default', () => {
    expect(heapFlagsFor([], undefined)).toEqual(['--semi-space-growth-factor=1', '--optimize-for-size']);
    expect(heapFlagsFor(['--enable-source-maps'], '--no-warnings')).toEqual(['--semi-space-growth-factor=1', '--optimize-for-size']);
  });

  it('leaves the heap alone when the user sized it through node arguments or NODE_OPTIONS', () => {
    expect(heapFlagsFor(['--max-semi-space-size=16'], undefined)).toEqual([]);
    expect(heapFlagsFor([], '--max_semi_space_size=8')).toEqual([]);
    expect(heapFlagsFor([], '--optimize-for-size')).toEqual([]);
    expect(heapFlagsFor(['--max-old-space-size=4096'], '')).toEqual([]);
  });
});
