import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A folder for this run's packed and installed paysock, shared by the test files that use it. */
    packageDir: string;
  }
}

/**
 * Packing and installing paysock takes a minute (better-sqlite3 builds from source here): one folder per run lets
 * the test files that need the installed package share one install (installed-package.ts).
 */
export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'paysock-package-'));
  project.provide('packageDir', dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
