import type { CaseResult, RunResults } from '../results.js';
import { escapeXml as x, truncate } from './escape.js';
import { casesBySection } from './sections.js';

/** Wire events quoted in a failure body: the tail of the log, where the failure usually is. */
const WIRE_TAIL = 20;

/**
 * Renders a run as JUnit XML for CI systems: one `<testsuite>` per section,
 * one `<testcase>` per case. FAIL and ERROR carry expected/actual in the
 * message and the body; SKIP and NA are `<skipped>` with the reason; WARN
 * passes and explains itself in `<system-out>`. A run that could not start
 * (COULD_NOT_RUN) is one `preflight` testcase in error with the reason.
 */
export function renderJunit(results: RunResults): string {
  const seconds = (ms: number): string => (ms / 1000).toFixed(3);
  const total = results.cases.reduce((sum, c) => sum + c.durationMs, 0);
  const lines: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const c = results.counts;
  // A run that could not start is one erroring test: CI must not read "0 tests, 0 failures" as a pass.
  const extra = results.verdict === 'COULD_NOT_RUN' ? 1 : 0;
  lines.push(
    `<testsuites name="paysock conformance" tests="${results.cases.length + extra}" failures="${c.FAIL}" errors="${c.ERROR + extra}" skipped="${c.SKIP + c.NA}" time="${seconds(total)}" timestamp="${x(results.startedAt, true)}">`,
  );
  if (results.verdict === 'COULD_NOT_RUN') lines.push(...couldNotRun(results));
  for (const [section, cases] of casesBySection(results.cases)) {
    const count = (verdicts: string[]): number => cases.filter((k) => verdicts.includes(k.verdict)).length;
    lines.push(
      `  <testsuite name="${x(section, true)}" tests="${cases.length}" failures="${count(['FAIL'])}" errors="${count(['ERROR'])}" skipped="${count(['SKIP', 'NA'])}" time="${seconds(cases.reduce((s, k) => s + k.durationMs, 0))}" timestamp="${x(results.startedAt, true)}">`,
      '    <properties>',
      `      <property name="target" value="${x(results.target.url, true)}"/>`,
      `      <property name="profile" value="${x(results.target.profile, true)}"/>`,
      `      <property name="suite" value="${x(`${results.suite.name} ${results.suite.version}`, true)}"/>`,
      `      <property name="spec" value="${x(results.suite.specVersion, true)}"/>`,
      `      <property name="verdict" value="${x(results.verdict, true)}"/>`,
      '    </properties>',
    );
    for (const k of cases) lines.push(...testcase(k, section));
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>', '');
  return lines.join('\n');
}

/** The suite of a run that could not start: one testcase, in error, with the reason. */
function couldNotRun(results: RunResults): string[] {
  const reason = results.reason ?? 'no reason recorded';
  return [
    `  <testsuite name="preflight" tests="1" failures="0" errors="1" skipped="0" time="0.000" timestamp="${x(results.startedAt, true)}">`,
    '    <properties>',
    `      <property name="target" value="${x(results.target.url, true)}"/>`,
    `      <property name="verdict" value="${x(results.verdict, true)}"/>`,
    '    </properties>',
    `    <testcase classname="preflight" name="${x(`reach ${results.target.url}`, true)}" time="0.000">`,
    `      <error message="${x(truncate(`could not run: ${reason}`, 1000), true)}" type="COULD_NOT_RUN">${x(`could not run: ${reason}\ncommand: ${results.command}`)}</error>`,
    '    </testcase>',
    '  </testsuite>',
  ];
}

function testcase(k: CaseResult, section: string): string[] {
  const open = `    <testcase classname="${x(section, true)}" name="${x(`${k.id} ${k.title}`, true)}" time="${(k.durationMs / 1000).toFixed(3)}"`;
  switch (k.verdict) {
    case 'PASS':
      return [`${open}/>`];
    case 'WARN':
      return [`${open}>`, `      <system-out>${x(`WARN: ${k.reason ?? 'warning'}\n\n${details(k)}`)}</system-out>`, '    </testcase>'];
    case 'SKIP':
    case 'NA':
      return [`${open}>`, `      <skipped message="${x(`${k.verdict}: ${k.reason ?? ''}`, true)}"/>`, '    </testcase>'];
    case 'FAIL':
    case 'ERROR': {
      const tag = k.verdict === 'FAIL' ? 'failure' : 'error';
      return [`${open}>`, `      <${tag} message="${x(failureMessage(k), true)}" type="${k.verdict}">${x(details(k))}</${tag}>`, '    </testcase>'];
    }
  }
}

/** One line for the CI summary: the reason plus the first failing step's expected/actual. */
function failureMessage(k: CaseResult): string {
  const step = k.steps.find((s) => s.verdict === 'FAIL');
  const parts = [k.reason ?? k.verdict];
  if (step) parts.push(`expected: ${step.expected}; actual: ${step.actual}`);
  const cited = k.grounds?.find((g) => g.citations.length > 0);
  const quote = cited?.citations[0];
  if (cited && quote) parts.push(`${cited.requirement} ${cited.level}: "${quote.quote}" (${quote.where})`);
  return truncate(parts.join(' | '), 1000);
}

/** The body: requirements, every step, schema errors, illegal transitions, the wire tail and the replay command. */
function details(k: CaseResult): string {
  const out: string[] = [`${k.id} ${k.title} [${k.level}] requirements: ${k.requirements.join(', ') || '-'}`];
  if (k.reason) out.push(`reason: ${k.reason}`);
  for (const g of k.grounds ?? []) {
    out.push(`ground: ${g.requirement} [${g.level}] [${g.source}]`);
    for (const c of g.citations) out.push(`  "${c.quote}" (${c.where})`);
  }
  for (const [i, s] of k.steps.entries()) {
    out.push(`step ${i + 1} ${s.verdict}: ${s.title}`, `  expected: ${s.expected}`, `  actual:   ${s.actual}`);
  }
  for (const e of k.schemaErrors) out.push(`schema error at ${e.path || '/'} (frame ${e.event}, ${e.requirement}): ${e.message}`);
  for (const t of k.illegalTransitions) out.push(`illegal transition: ${t.replace('>', ' -> ')} (GRAPH-1)`);
  if (k.wire.length > 0) {
    const start = k.wire[0]?.at ?? 0;
    const from = Math.max(0, k.wire.length - WIRE_TAIL);
    out.push(from > 0 ? `wire log (last ${WIRE_TAIL} of ${k.wire.length} events):` : 'wire log:');
    for (const [i, w] of k.wire.slice(from).entries()) {
      const arrow = w.direction === 'sent' ? '->' : w.direction === 'received' ? '<-' : '--';
      out.push(`  #${from + i} +${w.at - start}ms ${w.connection} ${arrow} ${w.kind} ${truncate(w.data, 300)}`);
    }
  }
  out.push(`replay: ${k.replay}`);
  return out.join('\n');
}
