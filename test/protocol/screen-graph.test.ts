import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { packagePath } from '../../protocol/package-root.js';
import { requirements } from '../../protocol/requirements.js';
import { isLegalTransition, screens, screenTransitions, transitionKey, type Screen } from '../../protocol/screen-graph.js';

interface TableRow {
  from: string;
  to: string;
  why: string[];
}

/** The rows of the table in docs/protocol.md section 11. */
function graphTable(markdown: string): TableRow[] {
  const section = markdown.split(/^## /m).find((s) => s.startsWith('11. Screen graph'));
  if (!section) throw new Error('docs/protocol.md has no section "11. Screen graph"');
  const rows = section.split('\n').filter((l) => l.startsWith('|')).slice(2); // header and separator
  return rows.map((row) => {
    const cells = row.split('|').slice(1, -1).map((c) => c.trim());
    if (cells.length !== 3) throw new Error(`malformed screen graph row: ${row}`);
    return { from: cells[0]!, to: cells[1]!, why: cells[2]!.split(',').map((w) => w.trim()) };
  });
}

const table = graphTable(readFileSync(packagePath('docs', 'protocol.md'), 'utf8'));
// The two blanket rows are applied by isLegalTransition, not listed in screenTransitions.
const isBlanket = (row: TableRow): boolean => row.from === '(open)' || row.from === 'any screen';
const listed = table.filter((row) => !isBlanket(row));

describe('screen graph', () => {
  it('the table has the two blanket rows and 18 transitions', () => {
    expect(table.filter(isBlanket).map((r) => `${r.from} > ${r.to}`)).toEqual(['(open) > AMOUNT_SELECT, DEVICE_ERROR, or any screen', 'any screen > DEVICE_ERROR']);
    expect(listed).toHaveLength(18);
  });

  it('every transition of the table is in protocol/screen-graph.ts, with the same requirements', () => {
    const code = new Map(screenTransitions.map((t) => [transitionKey(t.from, t.to), [...t.requirements]]));
    for (const row of listed) expect(code.get(`${row.from}>${row.to}`), `${row.from} > ${row.to}`).toEqual(row.why);
  });

  it('every transition of protocol/screen-graph.ts is in the table', () => {
    const doc = new Set(listed.map((r) => `${r.from}>${r.to}`));
    expect(screenTransitions.map((t) => transitionKey(t.from, t.to)).filter((k) => !doc.has(k))).toEqual([]);
    expect(new Set(screenTransitions.map((t) => transitionKey(t.from, t.to))).size).toBe(screenTransitions.length);
  });

  it('every screen of the table is one of the 11 screens, and every requirement id exists', () => {
    const ids = new Set(requirements().map((r) => r.id));
    for (const t of screenTransitions) {
      expect(screens).toContain(t.from);
      expect(screens).toContain(t.to);
      expect(t.requirements.length).toBeGreaterThan(0);
      for (const id of t.requirements) expect(ids.has(id), `${transitionKey(t.from, t.to)} cites ${id}`).toBe(true);
    }
    for (const row of table) for (const id of row.why.filter((w) => /^[A-Z]+-\d+$/.test(w))) expect(ids.has(id), id).toBe(true);
  });

  it('isLegalTransition allows listed, self, to-DEVICE_ERROR and first-screen transitions, and nothing else', () => {
    const listedKeys = new Set(screenTransitions.map((t) => transitionKey(t.from, t.to)));
    let illegal = 0;
    for (const from of screens) {
      expect(isLegalTransition(undefined, from)).toBe(true);
      for (const to of screens) {
        const expected = from === to || to === 'DEVICE_ERROR' || listedKeys.has(transitionKey(from, to));
        expect(isLegalTransition(from, to), transitionKey(from, to)).toBe(expected);
        if (!expected) illegal++;
      }
    }
    expect(illegal).toBeGreaterThan(50);
    const examples: Array<[Screen, Screen]> = [['AMOUNT_SELECT', 'SUCCESS'], ['PROCESSING', 'AMOUNT_SELECT'], ['THANK_YOU', 'PRINT_TICKET']];
    for (const [from, to] of examples) expect(isLegalTransition(from, to)).toBe(false);
  });

  it('every screen can be reached from AMOUNT_SELECT and leads back to it', () => {
    const next = (s: Screen): Screen[] => [...screenTransitions.filter((t) => t.from === s).map((t) => t.to), ...(s === 'DEVICE_ERROR' ? [] : ['DEVICE_ERROR' as Screen])];
    const reach = (start: Screen): Set<Screen> => {
      const seen = new Set<Screen>([start]);
      const queue = [start];
      while (queue.length) for (const s of next(queue.shift()!)) if (!seen.has(s)) (seen.add(s), queue.push(s));
      return seen;
    };
    expect([...reach('AMOUNT_SELECT')].sort()).toEqual([...screens].sort());
    for (const s of screens) expect(reach(s).has('AMOUNT_SELECT'), s).toBe(true);
  });
});
