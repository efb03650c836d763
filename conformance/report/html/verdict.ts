import type { OverallVerdict, Verdict } from '../../results.js';

/** Verdicts in the order the report lists them: the ones an operator must act on first. */
export const verdictOrder: readonly Verdict[] = ['FAIL', 'ERROR', 'WARN', 'SKIP', 'NA', 'PASS'];

/** What each verdict means, shown as a tooltip and in the legend. */
export const verdictMeaning: Record<Verdict, string> = {
  PASS: 'the backend did what the requirement says',
  FAIL: 'the backend broke a requirement',
  WARN: 'a SHOULD was missed, or the backend was lenient where it may be',
  SKIP: 'the case could not be set up (e.g. a test-control scenario was not accepted); not passed',
  NA: 'the target does not declare the optional feature this case needs',
  ERROR: 'the case could not run (refused connection, TLS failure, ...)',
};

/** A verdict badge; the class carries the colour. */
export function verdictBadge(verdict: Verdict): string {
  return `<span class="badge v-${verdict}" title="${verdict}: ${verdictMeaning[verdict]}">${verdict === 'NA' ? 'N/A' : verdict}</span>`;
}

/** The words of the overall verdict, as the certificate prints them. */
export const overallWords: Record<OverallVerdict, string> = {
  CONFORMANT: 'Conformant',
  NOT_CONFORMANT: 'Not conformant',
  INCOMPLETE: 'Incomplete',
  COULD_NOT_RUN: 'Could not run',
};
