import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { packagePath } from '../../protocol/package-root.js';
import { parseRequirements, requirement, requirements } from '../../protocol/requirements.js';

const markdown = readFileSync(packagePath('docs', 'protocol.md'), 'utf8');

describe('requirements of docs/protocol.md', () => {
  const all = requirements();

  it('parses a plausible number of requirements with unique ids', () => {
    expect(all.length).toBeGreaterThan(100);
    expect(new Set(all.map((r) => r.id)).size).toBe(all.length);
  });

  it('reads every requirement-shaped line (none is skipped)', () => {
    const lines = markdown.split('\n').filter((l) => l.startsWith('- **'));
    expect(all).toHaveLength(lines.length);
  });

  it('every requirement has a valid level, source and non-empty text', () => {
    for (const r of all) {
      expect(['MUST', 'SHOULD', 'MAY'], r.id).toContain(r.level);
      expect(['document', 'clarification', 'client-dialect', 'rfc6455', 'project'], r.id).toContain(r.source);
      expect(r.text.trim().length, r.id).toBeGreaterThan(5);
    }
  });

  it('ids are numbered 1..n without gaps within each prefix, in order', () => {
    const byPrefix = new Map<string, number[]>();
    for (const r of all) {
      const [, prefix, n] = /^([A-Z]+)-(\d+)$/.exec(r.id)!;
      byPrefix.set(prefix!, [...(byPrefix.get(prefix!) ?? []), Number(n)]);
    }
    for (const [prefix, numbers] of byPrefix) expect(numbers, prefix).toEqual(numbers.map((_, i) => i + 1));
  });

  it('every numbered section has at least one requirement, and its prefix matches the section', () => {
    const sections = markdown.split('\n').filter((l) => /^## \d+\. /.test(l)).map((l) => l.slice(3).trim());
    expect(sections.length).toBeGreaterThanOrEqual(14);
    for (const section of sections) {
      const inSection = all.filter((r) => r.section === section);
      expect(inSection.length, section).toBeGreaterThan(0);
      const prefix = /\(([A-Z]+)\)$/.exec(section)?.[1];
      expect(prefix, section).toBeDefined();
      for (const r of inSection) expect(r.id.startsWith(`${prefix}-`), `${r.id} under ${section}`).toBe(true);
    }
  });

  it('looks up one requirement and names an unknown id in its error', () => {
    expect(requirement('ENV-1')).toMatchObject({ id: 'ENV-1', level: 'MUST', section: '3. Envelope (ENV)' });
    expect(() => requirement('ENV-999')).toThrow(/ENV-999/);
  });
});

describe('parseRequirements', () => {
  const good = '## 1. Things (TST)\n\n- **TST-1** [MUST] [project] A thing.\n- **TST-2** [MAY] [document] Another thing.\n';

  it('parses well-formed lines with their section', () => {
    expect(parseRequirements(good)).toEqual([
      { id: 'TST-1', level: 'MUST', source: 'project', text: 'A thing.', section: '1. Things (TST)', citations: [] },
      { id: 'TST-2', level: 'MAY', source: 'document', text: 'Another thing.', section: '1. Things (TST)', citations: [] },
    ]);
  });

  it('reads the citation lines under a requirement, in order', () => {
    const cited = '## 1. Things (TST)\n\n- **TST-1** [MUST] [rfc6455] A thing.\n  > "An endpoint MUST do it." (RFC 6455, 8.1)\n  > "And this too." (clarifications.md, Transport)\n- **TST-2** [MAY] [document] Another thing.\n';
    const [first, second] = parseRequirements(cited);
    expect(first?.citations).toEqual([
      { quote: 'An endpoint MUST do it.', where: 'RFC 6455, 8.1' },
      { quote: 'And this too.', where: 'clarifications.md, Transport' },
    ]);
    expect(second?.citations).toEqual([]);
  });

  it('throws on a malformed citation line, or one under no requirement', () => {
    expect(() => parseRequirements(`${good}  > no quotes here (x)\n`)).toThrow(/:5: malformed citation line/);
    expect(() => parseRequirements(`${good}\nSome prose.\n  > "orphan" (x)\n`)).toThrow(/:7: malformed citation line/);
  });

  it.each([
    ['an unknown level', '- **TST-3** [MUSTNT] [project] x'],
    ['an unknown source', '- **TST-3** [MUST] [rumour] x'],
    ['no text', '- **TST-3** [MUST] [project]'],
    ['a lower-case id', '- **tst-3** [MUST] [project] x'],
    ['an id without number', '- **TST** [MUST] [project] x'],
    ['a missing source', '- **TST-3** [MUST] x'],
  ])('throws on a line with %s, naming its line number', (_what, line) => {
    expect(() => parseRequirements(`${good}${line}\n`)).toThrow(/:5: malformed requirement line/);
  });

  it('throws on a repeated id', () => {
    expect(() => parseRequirements(`${good}- **TST-1** [SHOULD] [project] Again.\n`)).toThrow(/TST-1 is defined twice/);
  });
});
