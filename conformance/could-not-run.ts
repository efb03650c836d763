import { readFileSync } from 'node:fs';
import { packagePath } from '../protocol/package-root.js';
import type { ConformanceCase } from './case.js';
import { graphCoverage, requirementCoverage } from './coverage.js';
import { RESULTS_FORMAT_VERSION, type RunResults } from './results.js';
import { featureNames, type ResolvedTarget } from './target.js';

/** What a run that never started still reports: the target, the command, and why. */
export interface CouldNotRunOptions {
  target: ResolvedTarget;
  /** The cases the run would have run (requirement coverage lists them, none with a verdict). */
  cases: readonly ConformanceCase[];
  /** One line, e.g. "cannot connect to ws://127.0.0.1:1/: ECONNREFUSED". */
  reason: string;
  command: string;
  startedAt: Date;
}

/**
 * The results of a run that could not start (the preflight could not reach
 * the backend): verdict COULD_NOT_RUN with the reason, no case results. Every
 * renderer reads it like any other results.json, so CI gets a report saying
 * why instead of no report at all, and never a verdict about the backend.
 */
export function couldNotRunResults(options: CouldNotRunOptions): RunResults {
  const { target } = options;
  return {
    format: RESULTS_FORMAT_VERSION,
    suite: { name: 'paysock', version: suiteVersion(), specVersion: 'v1' },
    target: {
      url: target.url,
      profile: target.profile,
      features: featureNames.map((name) => ({ name, declared: target.features[name], verified: target.features[name] ? 'skipped' : 'not-declared' })),
    },
    startedAt: options.startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    command: options.command,
    verdict: 'COULD_NOT_RUN',
    reason: options.reason,
    counts: { PASS: 0, FAIL: 0, WARN: 0, SKIP: 0, NA: 0, ERROR: 0 },
    cases: [],
    requirements: requirementCoverage(options.cases, []),
    graph: graphCoverage([]),
  };
}

function suiteVersion(): string {
  try {
    return (JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}
