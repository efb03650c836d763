import { defineConfig } from 'vitest/config';
import { SlowFirstSequencer } from './test/sequencing/slow-first-sequencer.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['node_modules', 'dist'],
    // One packed and installed paysock per run, for the tests that run it as users do (test/package/).
    globalSetup: ['test/package/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Integration tests open real sockets and child processes: bound the parallelism to the 2-core machine. Three, not
    // two: the long files mostly wait on timers (the v2 variant table: 206 s wall, 14 s CPU), so a third worker
    // shortens the run without starving anyone.
    pool: 'forks',
    maxWorkers: 3,
    // The long certification files first: on a fresh clone (no results cache) they otherwise start last and make the run's tail.
    sequence: { sequencer: SlowFirstSequencer },
  },
});
