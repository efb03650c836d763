import type { CaseResult, RequirementCoverage, RunResults, Verdict } from '../../results.js';

/** One run in the matrix: a backend, or a release of one. */
export interface MatrixColumn {
  /** Short name in the column header (the run's folder by default). */
  label: string;
  /** Where its results.json was read from, as given. */
  source: string;
  results: RunResults;
  /** Link to the run's own conformance.html from the matrix page, when that file sits beside its results.json. */
  reportHref?: string;
}

/** A case row: the case as the first run that has it describes it, and its result in each column (undefined: not in that run). */
export interface CaseRow {
  id: string;
  title: string;
  section: string;
  level: CaseResult['level'];
  requirements: string[];
  cells: Array<{ result: CaseResult; index: number } | undefined>;
}

/** A requirement row and its coverage in each column. */
export interface RequirementRow {
  id: string;
  level: RequirementCoverage['level'];
  text: string;
  section: string;
  cells: Array<RequirementCoverage | undefined>;
}

/** Rows of cases grouped by section: sections and cases in the order they first appear, across the columns. */
export function caseRows(columns: readonly MatrixColumn[]): Map<string, CaseRow[]> {
  const rows = new Map<string, CaseRow>();
  for (const [c, column] of columns.entries()) {
    for (const [index, result] of column.results.cases.entries()) {
      let row = rows.get(result.id);
      if (!row) {
        row = { id: result.id, title: result.title, section: result.section, level: result.level, requirements: result.requirements, cells: columns.map(() => undefined) };
        rows.set(result.id, row);
      }
      row.cells[c] = { result, index };
    }
  }
  const sections = new Map<string, CaseRow[]>();
  for (const row of rows.values()) sections.set(row.section, [...(sections.get(row.section) ?? []), row]);
  return sections;
}

/** Rows of requirements, in the order they first appear across the columns. */
export function requirementRows(columns: readonly MatrixColumn[]): RequirementRow[] {
  const rows = new Map<string, RequirementRow>();
  for (const [c, column] of columns.entries()) {
    for (const r of column.results.requirements) {
      let row = rows.get(r.id);
      if (!row) {
        row = { id: r.id, level: r.level, text: r.text, section: r.section, cells: columns.map(() => undefined) };
        rows.set(r.id, row);
      }
      row.cells[c] = r;
    }
  }
  return [...rows.values()];
}

/** How a case's verdict moved from one column to another. */
export type ChangeKind = 'new-fail' | 'worse' | 'better' | 'added' | 'removed';

/** One case whose verdict differs between two columns. */
export interface Change {
  kind: ChangeKind;
  row: CaseRow;
  /** Undefined: the case is not in that run. */
  from?: Verdict;
  to?: Verdict;
}

/** How much a verdict asks of an operator: FAIL most, PASS least (the report's verdict order). */
const weight: Record<Verdict, number> = { FAIL: 5, ERROR: 4, WARN: 3, SKIP: 2, NA: 1, PASS: 0 };
/** The order changes are listed in: new FAILs first, then what got worse, then what got better, then cases only one run has. */
const kindOrder: readonly ChangeKind[] = ['new-fail', 'worse', 'better', 'added', 'removed'];

function kindOf(from: Verdict | undefined, to: Verdict | undefined): ChangeKind {
  if (to === 'FAIL') return 'new-fail';
  if (to === undefined) return 'removed';
  if (from === undefined) return 'added';
  return weight[to] > weight[from] ? 'worse' : 'better';
}

/**
 * What changed from column `base` to column `head` ("since the last
 * release"): every case whose verdict differs, new FAILs first (a case that
 * FAILs in `head` and did not in `base`, new cases included), then the other
 * verdicts that got worse (worst first), then those that got better, then
 * cases only one of the two runs has; within a kind, in row order.
 */
export function changes(rows: Map<string, CaseRow[]>, base: number, head: number): Change[] {
  const found: Array<Change & { order: number }> = [];
  let order = 0;
  for (const sectionRows of rows.values()) {
    for (const row of sectionRows) {
      order++;
      const from = row.cells[base]?.result.verdict;
      const to = row.cells[head]?.result.verdict;
      if (from === to) continue;
      found.push({ kind: kindOf(from, to), row, from, to, order });
    }
  }
  const severity = (c: Change): number => (c.kind === 'better' ? weight[c.from ?? 'PASS'] : weight[c.to ?? 'PASS']);
  found.sort((a, b) => kindOrder.indexOf(a.kind) - kindOrder.indexOf(b.kind) || severity(b) - severity(a) || a.order - b.order);
  return found.map(({ order: _order, ...change }) => change);
}
