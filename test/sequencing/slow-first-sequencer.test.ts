import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { TestSpecification, Vitest } from 'vitest/node';
import { describe, expect, it } from 'vitest';
import { slowFiles } from './slow-files.js';
import { SlowFirstSequencer } from './slow-first-sequencer.js';

const root = resolve(import.meta.dirname, '../..');

/** A spec as BaseSequencer reads it: its module, its project's sequence settings. */
function spec(file: string): TestSpecification {
  return { moduleId: join(root, file), project: { name: '', config: { sequence: { groupOrder: 0 }, isolate: true } } } as unknown as TestSpecification;
}

/** No results cache (a fresh clone); file sizes as given. */
function freshClone(sizes: Record<string, number>): Vitest {
  const size = (key: string): { size: number } => ({ size: sizes[key.replace(/^:/, '')] ?? 0 });
  return { config: { root }, cache: { getFileTestResults: () => undefined, getFileStats: size } } as unknown as Vitest;
}

describe('slow files first', () => {
  it('lists only test files that exist, each once, longest first', () => {
    const files = slowFiles.map(([file]) => file);
    expect(files.filter((f) => !existsSync(join(root, f)))).toEqual([]);
    expect(new Set(files).size).toBe(files.length);
    const seconds = slowFiles.map(([, s]) => s);
    expect(seconds).toEqual([...seconds].sort((a, b) => b - a));
  });

  it('on a fresh clone starts the listed files first, longest first, and the rest by size as vitest does', async () => {
    const files = ['test/protocol/frame.test.ts', 'test/conformance/small-pool.test.ts', 'test/cli/ready-line.test.ts', 'test/conformance/v2-variants.test.ts'];
    const sizes = { 'test/protocol/frame.test.ts': 9_000, 'test/conformance/small-pool.test.ts': 3_000, 'test/cli/ready-line.test.ts': 12_000, 'test/conformance/v2-variants.test.ts': 2_000 };
    const sorted = await new SlowFirstSequencer(freshClone(sizes)).sort(files.map(spec));
    expect(sorted.map((s) => s.moduleId.slice(root.length + 1))).toEqual(['test/conformance/v2-variants.test.ts', 'test/conformance/small-pool.test.ts', 'test/cli/ready-line.test.ts', 'test/protocol/frame.test.ts']);
  });
});
