import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { packagePath } from '../../protocol/package-root.js';
import { parseRequirements, requirement, requirements } from '../../protocol/requirements.js';

const markdown = readFileSync(packagePath('docs', 'protocol-v2.md'), 'utf8');
/** Whitespace aside, so a quote may join lines the source wraps. */
const normal = (text: string): string => text.replace(/\s+/g, ' ').trim();
const source = normal(readFileSync(packagePath('docs', 'sources', 'pinto-android-2.md'), 'utf8'));

describe('requirements of docs/protocol-v2.md (profile pinto-android-2)', () => {
  const all = requirements(2);

  it('parses every requirement-shaped line, with unique V2- ids that cannot clash with v1', () => {
    const lines = markdown.split('\n').filter((l) => l.startsWith('- **'));
    expect(all).toHaveLength(lines.length);
    expect(all.length).toBeGreaterThan(100);
    expect(new Set(all.map((r) => r.id)).size).toBe(all.length);
    const v1 = new Set(requirements().map((r) => r.id));
    expect(all.filter((r) => !r.id.startsWith('V2-') || v1.has(r.id)).map((r) => r.id)).toEqual([]);
  });

  it('ids are numbered 1..n without gaps within each prefix, and each section holds one prefix', () => {
    const sections = markdown.split('\n').filter((l) => /^## \d+\. /.test(l)).map((l) => l.slice(3).trim());
    const byPrefix = new Map<string, number[]>();
    for (const r of all) {
      const [, prefix, n] = /^V2-([A-Z]+)-(\d+)$/.exec(r.id)!;
      byPrefix.set(prefix!, [...(byPrefix.get(prefix!) ?? []), Number(n)]);
      const sectionPrefix = /\(([A-Z]+)\)$/.exec(r.section)?.[1];
      expect(sectionPrefix, `${r.id} under ${r.section}`).toBe(prefix);
    }
    for (const [prefix, numbers] of byPrefix) expect(numbers, prefix).toEqual(numbers.map((_, i) => i + 1));
    for (const section of sections.filter((s) => /\([A-Z]+\)$/.test(s))) expect(all.some((r) => r.section === section), section).toBe(true);
  });

  it('V2-M-1..15 are the source\'s M1..M15 and V2-OPEN-1..19 its open questions 9.1..9.19', () => {
    const m = all.filter((r) => r.id.startsWith('V2-M-'));
    expect(m.map((r) => r.source)).toEqual(m.map((_, i) => `§6 M${i + 1}`));
    const open = all.filter((r) => r.id.startsWith('V2-OPEN-'));
    expect(open.map((r) => r.source)).toEqual(open.map((_, i) => `open §9.${i + 1}`));
  });

  it('open questions are marked as such and are never a MUST; no MUST is the project\'s own reading', () => {
    for (const r of all.filter((r) => r.source.startsWith('open '))) {
      expect(r.level, r.id).toBe('MAY');
      expect(r.text.startsWith('Open question:'), r.id).toBe(true);
    }
    expect(all.filter((r) => r.level === 'MUST' && (r.source === 'project' || r.source.startsWith('open '))).map((r) => r.id)).toEqual([]);
  });

  it('every MUST quotes pinto-android-2.md, and every quote stands there word for word', () => {
    expect(all.filter((r) => r.level === 'MUST' && r.citations.length === 0).map((r) => r.id)).toEqual([]);
    const misquoted: string[] = [];
    for (const r of all) {
      for (const c of r.citations) {
        if (!c.where.startsWith('pinto-android-2.md')) misquoted.push(`${r.id}: cites ${c.where}, not pinto-android-2.md`);
        else if (!source.includes(normal(c.quote))) misquoted.push(`${r.id}: "${c.quote}" is not in pinto-android-2.md`);
      }
    }
    expect(misquoted).toEqual([]);
  });

  it('looks up a v2 requirement by version, and v1 lookups are unchanged', () => {
    expect(requirement('V2-M-4', 2)).toMatchObject({ id: 'V2-M-4', level: 'MUST', source: '§6 M4', section: '10. Money safety (M)' });
    expect(() => requirement('V2-M-4')).toThrow(/docs\/protocol\.md/);
    expect(() => requirement('ENV-1', 2)).toThrow(/docs\/protocol-v2\.md/);
    expect(requirement('ENV-1').id).toBe('ENV-1');
  });
});

describe('parseRequirements for v2', () => {
  it('reads the v2 sources: a section, a code line, an open question, the project', () => {
    const text = [
      '## 1. Things (TST)',
      '- **V2-TST-1** [MUST] [§2.5] A thing.',
      '  > "A backend MUST ignore it" (pinto-android-2.md, 2.5)',
      '- **V2-TST-2** [MUST] [code PaymentViewModel.kt:2262-2266] Another.',
      '- **V2-TST-3** [MAY] [open §9.3] Open question: which.',
      '- **V2-TST-4** [SHOULD] [project] Ours.',
    ].join('\n');
    expect(parseRequirements(text, 2).map((r) => [r.id, r.source, r.citations.length])).toEqual([
      ['V2-TST-1', '§2.5', 1],
      ['V2-TST-2', 'code PaymentViewModel.kt:2262-2266', 0],
      ['V2-TST-3', 'open §9.3', 0],
      ['V2-TST-4', 'project', 0],
    ]);
  });

  it.each([
    ['a v1 id', '- **ENV-1** [MUST] [§1.2] x'],
    ['a v1 source', '- **V2-TST-1** [MUST] [clarification] x'],
    ['an open question outside §9', '- **V2-TST-1** [MAY] [open §5.1] x'],
  ])('throws on %s, naming docs/protocol-v2.md and the line', (_what, line) => {
    expect(() => parseRequirements(`## 1. Things (TST)\n${line}\n`, 2)).toThrow(/docs\/protocol-v2\.md:2: malformed requirement line/);
  });

  it('a v2 line is malformed for the v1 grammar (the default), so v1 files cannot take v2 ids', () => {
    expect(() => parseRequirements('- **V2-TST-1** [MUST] [§2.5] x\n')).toThrow(/docs\/protocol\.md:1: malformed/);
  });
});
