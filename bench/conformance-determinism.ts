/**
 * Runs the full conformance suite N times (default 10) against a fresh embedded
 * reference server and prints every case whose verdict differed between runs.
 * Usage: npm run build && node dist/bench/conformance-determinism.js [runs]
 * Exit code 0 when every run gave the same verdicts, 1 otherwise.
 */
import { embeddedTarget, embeddedTimings } from '../cli/commands/certify.js';
import { allCases } from '../conformance/cases/index.js';
import { runSuite } from '../conformance/runner.js';
import { resolveTarget } from '../conformance/target.js';
import { startReferenceServer } from '../reference-server/index.js';

const runs = Number(process.argv[2] ?? 10);
const verdicts = new Map<string, string[]>();
for (let i = 0; i < runs; i++) {
  const server = await startReferenceServer({ host: '127.0.0.1', port: 0, testControl: true, config: { ...embeddedTimings } });
  const started = Date.now();
  try {
    const results = await runSuite({ target: resolveTarget(embeddedTarget(server.url)), cases: allCases });
    for (const c of results.cases) verdicts.set(c.id, [...(verdicts.get(c.id) ?? []), c.verdict]);
    process.stdout.write(`run ${i + 1}/${runs}: ${results.verdict} ${JSON.stringify(results.counts)} in ${Date.now() - started} ms\n`);
  } finally {
    await server.close();
  }
}
const unstable = [...verdicts].filter(([, v]) => new Set(v).size > 1);
for (const [id, v] of unstable) process.stdout.write(`DIFF ${id}: ${v.join(' ')}\n`);
process.stdout.write(unstable.length === 0 ? `identical verdicts in all ${runs} runs (${verdicts.size} cases)\n` : `${unstable.length} case(s) differ\n`);
process.exitCode = unstable.length === 0 ? 0 : 1;
