import type { RunResults, Verdict } from './results.js';

const order: Verdict[] = ['PASS', 'WARN', 'FAIL', 'ERROR', 'SKIP', 'NA'];

/** The console summary: one line per non-passing case, a count table and the overall verdict. */
export function formatSummary(results: RunResults, durationMs: number): string {
  const lines: string[] = [];
  for (const c of results.cases) {
    if (c.verdict === 'PASS') continue;
    lines.push(`  ${c.verdict.padEnd(5)} ${c.id.padEnd(20)} ${c.reason ?? c.title}`);
  }
  const sections = [...new Set(results.cases.map((c) => c.section))];
  lines.push('', `  ${'section'.padEnd(16)}${order.map((v) => v.padStart(7)).join('')}`);
  for (const s of sections) {
    const mine = results.cases.filter((c) => c.section === s);
    lines.push(`  ${s.padEnd(16)}${order.map((v) => String(mine.filter((c) => c.verdict === v).length).padStart(7)).join('')}`);
  }
  lines.push(`  ${'total'.padEnd(16)}${order.map((v) => String(results.counts[v]).padStart(7)).join('')}`);
  const musts = results.requirements.filter((r) => r.level === 'MUST');
  const covered = musts.filter((r) => r.cases.length > 0).length;
  const untestable = musts.filter((r) => r.untestable).length;
  lines.push('', `  MUST requirements: ${covered}/${musts.length} checked by a case, ${untestable} not testable from outside`);
  const seen = results.graph.filter((g) => g.seen > 0).length;
  lines.push(`  screen graph: ${seen}/${results.graph.length} legal transitions exercised`);
  const pool = results.terminals;
  if (pool) {
    const reuse = pool.reused.length === 0 ? 'no terminal reused by a later case' : `${pool.reused.length} reuse(s) of a terminal after an earlier case (settled on AMOUNT_SELECT "initial" in between)`;
    lines.push(`  terminals: ${pool.used} of ${pool.tokens} tokens used, ${pool.concurrency} case(s) at once, ${reuse}`);
    for (const u of pool.unsettled ?? []) lines.push(`  ERROR terminal of auth.pool token ${u.token} could not be settled ${u.when}: it shows ${u.shows}`);
  }
  lines.push('', `${results.verdict} (${results.cases.length} cases in ${(durationMs / 1000).toFixed(1)} s, profile ${results.target.profile}, ${results.target.url})`);
  return lines.join('\n');
}
