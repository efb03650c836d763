/**
 * Wall time of the full conformance suite against one embedded reference
 * server with authentication on, for pools of test terminals of different
 * sizes (issue 10: a vendor's handful of tokens). Short (embedded) timings;
 * each size on a fresh server. Prints the measured and the predicted time.
 * Usage: npm run build && node dist/bench/pool-sizes.js [sizes, default 1,2,8,64] [profile]
 */
import { embeddedTarget, embeddedTimings } from '../cli/commands/certify.js';
import { allCases } from '../conformance/cases/index.js';
import { runSuite } from '../conformance/runner.js';
import { resolveTarget } from '../conformance/target.js';
import { defaultProfile, type TerminalProfile } from '../protocol/profiles/index.js';
import { startReferenceServer } from '../reference-server/index.js';

const sizes = (process.argv[2] ?? '1,2,8,64').split(',').map(Number);
const profile = (process.argv[3] ?? defaultProfile) as TerminalProfile;
for (const size of sizes) {
  const tokens = Object.fromEntries(Array.from({ length: size }, (_, i) => [`paysock-bench-token-${i + 1}`, `terminal-${i + 1}`]));
  const server = await startReferenceServer({ host: '127.0.0.1', port: 0, testControl: true, config: { ...embeddedTimings }, auth: { mode: 'tokens', tokens } });
  try {
    const description = embeddedTarget(server.url);
    description.auth = { mode: 'tokens', pool: Object.keys(tokens) as [string, ...string[]] };
    description.features = { ...description.features, auth: true };
    let predicted = 0;
    const started = Date.now();
    const results = await runSuite({ target: resolveTarget(description, profile), cases: allCases, concurrency: 8, onPlan: (plan) => (predicted = plan.expectedMs) });
    const seconds = (Date.now() - started) / 1000;
    process.stdout.write(`${String(size).padStart(3)} token(s): ${seconds.toFixed(1)} s (predicted ${(predicted / 1000).toFixed(1)} s), ${results.verdict}, ${JSON.stringify(results.counts)}\n`);
  } finally {
    await server.close();
  }
}
