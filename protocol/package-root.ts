import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Absolute path of the paysock package root (the folder holding its package.json).
 *
 * Walks up from this module because the same code runs from the sources (vitest)
 * and from `dist/` (the built CLI), which sit at different depths.
 */
export function packageRoot(): string {
  if (cachedRoot !== undefined) return cachedRoot;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string };
      if (pkg.name === 'paysock') return (cachedRoot = dir);
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('paysock: cannot find the package root (no package.json named "paysock" above ' + fileURLToPath(import.meta.url) + ')');
    dir = parent;
  }
}
let cachedRoot: string | undefined;

/** Path of a file inside the package, from its package-relative path. */
export function packagePath(...segments: string[]): string {
  return join(packageRoot(), ...segments);
}
