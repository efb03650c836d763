import type { LoadSummary } from '../summary.js';
import { escapeHtml } from '../../conformance/report/escape.js';

/**
 * JUnit XML of a load run for CI test tabs: one test case per threshold, plus
 * one for protocol violations (a load run that breaks the protocol fails)
 * and, for pinto-android-2 runs, one for money violations.
 */
export function renderLoadJUnit(summary: LoadSummary): string {
  const cases: string[] = [];
  for (const t of summary.thresholds) {
    const body = t.pass ? '' : `<failure message="${escapeHtml(`${t.expression}: actual ${t.actual === null ? 'no data' : t.actual}`)}"/>`;
    cases.push(`    <testcase classname="paysock.load.thresholds" name="${escapeHtml(t.expression)}">${body}</testcase>`);
  }
  const v = summary.protocolViolations;
  cases.push(`    <testcase classname="paysock.load.protocol" name="no protocol violations">${v.total === 0 ? '' : `<failure message="${v.total} protocol violation(s)">${escapeHtml(v.samples.join('\n'))}</failure>`}</testcase>`);
  const m = summary.moneyViolations;
  if (m) cases.push(`    <testcase classname="paysock.load.money" name="no money violations">${m.total === 0 ? '' : `<failure message="${m.total} money violation(s)">${escapeHtml(m.samples.join('\n'))}</failure>`}</testcase>`);
  const failures = summary.thresholds.filter((t) => !t.pass).length + (v.total === 0 ? 0 : 1) + (m && m.total > 0 ? 1 : 0);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n  <testsuite name="paysock load ${escapeHtml(summary.workload)}" tests="${cases.length}" failures="${failures}" time="${summary.durationSeconds}" timestamp="${escapeHtml(summary.startedAt)}">\n${cases.join('\n')}\n  </testsuite>\n</testsuites>\n`;
}
