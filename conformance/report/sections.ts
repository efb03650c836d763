import type { CaseResult } from '../results.js';

/** Cases grouped by section, sections in the order they first appear in the run. */
export function casesBySection(cases: readonly CaseResult[]): Map<string, CaseResult[]> {
  const groups = new Map<string, CaseResult[]>();
  for (const c of cases) {
    const group = groups.get(c.section);
    if (group) group.push(c);
    else groups.set(c.section, [c]);
  }
  return groups;
}
