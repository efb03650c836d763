import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['node_modules', 'dist'],
    // One packed and installed paysock per run, for the tests that run it as users do (test/package/).
    globalSetup: ['test/package/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Integration tests open real sockets and child processes: bound the parallelism to the 2-core machine.
    pool: 'forks',
    maxWorkers: 2,
  },
});
