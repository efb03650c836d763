#!/usr/bin/env node
// Import cycles of the whole repository (`npm run cycles`, part of `npm test`).
// dependency-cruiser finds them (type-only imports included: a cycle of types is
// still two files that cannot be read one without the other); its swc parser reads
// the TypeScript, since TypeScript 7 has no JavaScript API to parse with.
// scripts/known-cycles.json lists the cycles still allowed, each with why. The
// check fails on a cycle not in that list, and on a listed cycle that is gone
// (take it out): the list can only shrink.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise } from 'dependency-cruiser';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The folders of the repository whose modules are checked. */
export const checkedFolders = ['cli', 'protocol', 'reference-server', 'conformance', 'kiosk', 'kiosk-v2', 'load', 'bench', 'scripts', 'test'];

/** Paths never read: dependencies, builds, and the fixture that holds a cycle on purpose. */
const excluded = '(^|/)(node_modules|dist|bench/\\.artillery)/|^test/architecture/fixtures/';

/**
 * Every import cycle among the modules under `folders` (relative to `cwd`), each
 * as its modules joined with " -> ", starting at the first in sort order (one
 * cycle, one string, whichever module it was found from), sorted.
 */
export async function findCycles(folders, { cwd = root, exclude = excluded } = {}) {
  const previous = process.cwd();
  process.chdir(cwd);
  try {
    const result = await cruise(folders, {
      parser: 'swc',
      tsPreCompilationDeps: true,
      doNotFollow: { path: 'node_modules' },
      exclude: { path: exclude },
      ruleSet: { forbidden: [{ name: 'no-circular', severity: 'error', from: {}, to: { circular: true } }] },
      validate: true,
    });
    const cycles = new Set();
    for (const violation of result.output.summary.violations) {
      if (violation.rule.name !== 'no-circular') continue;
      const modules = [violation.from, ...violation.cycle.map((step) => (typeof step === 'string' ? step : step.name))];
      // The cycle's list ends where it started: drop the repeat, then start at the smallest.
      if (modules.at(-1) === modules[0]) modules.pop();
      const first = modules.indexOf([...modules].sort()[0]);
      cycles.add([...modules.slice(first), ...modules.slice(0, first)].join(' -> '));
    }
    return [...cycles].sort();
  } finally {
    process.chdir(previous);
  }
}

/** The cycles found that the allow-list does not name (new), and the listed ones no longer found (gone). */
export function compareWithAllowList(found, allowed) {
  const listed = new Set(allowed.map((entry) => entry.cycle));
  const seen = new Set(found);
  return { added: found.filter((cycle) => !listed.has(cycle)), gone: [...listed].filter((cycle) => !seen.has(cycle)) };
}

/** The allow-list: [{ cycle, why }]. */
export function knownCycles(file = join(root, 'scripts', 'known-cycles.json')) {
  return JSON.parse(readFileSync(file, 'utf8')).cycles;
}

async function main() {
  const allowed = knownCycles();
  const found = await findCycles(checkedFolders);
  const { added, gone } = compareWithAllowList(found, allowed);
  for (const entry of allowed) if (!gone.includes(entry.cycle)) console.log(`known cycle (allowed, scripts/known-cycles.json): ${entry.cycle}\n  why: ${entry.why}`);
  for (const cycle of added) console.error(`new import cycle: ${cycle}`);
  for (const cycle of gone) console.error(`cycle gone: take it out of scripts/known-cycles.json: ${cycle}`);
  if (added.length > 0 || gone.length > 0) process.exitCode = 1;
  else console.log(`import cycles: ${found.length} found, all of them known (${checkedFolders.join(', ')})`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
