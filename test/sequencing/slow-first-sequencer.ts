import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { slowFiles } from './slow-files.js';

const rank = new Map(slowFiles.map(([file], i) => [file, i]));

/** A file's place in the slow list, or undefined when it is not listed. */
export function slowRank(root: string, moduleId: string): number | undefined {
  return rank.get(relative(root, moduleId).split('\\').join('/'));
}

/**
 * Starts the known slow files first (./slow-files.ts), then the rest in
 * vitest's own order (its cache of earlier runs, else larger files first).
 * Why: with the slowest certification file started last, the run waited for
 * it alone at the end; started first, it runs beside the many short files.
 */
export class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rest = await super.sort(files);
    const root = this.ctx.config.root;
    const order = (spec: TestSpecification): number => slowRank(root, spec.moduleId) ?? Number.POSITIVE_INFINITY;
    // Array.prototype.sort is stable: unlisted files keep the base order.
    return [...rest].sort((a, b) => order(a) - order(b));
  }
}
