import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { packagePath } from '../../protocol/package-root.js';
import { requirements } from '../../protocol/requirements.js';

/** Whitespace aside, so a quote may join lines the source wraps. */
const normal = (text: string): string => text.replace(/\s+/g, ' ').trim();
const sources: Record<string, string> = {
  'clarifications.md': normal(readFileSync(packagePath('docs', 'sources', 'clarifications.md'), 'utf8')),
  'payment-socket-protocol.txt': normal(readFileSync(packagePath('docs', 'sources', 'payment-socket-protocol.txt'), 'utf8')),
};

describe('every FAIL the suite can give is grounded in a quoted source sentence (docs/protocol.md)', () => {
  const all = requirements();

  it('no MUST is the project\'s own reading: project decisions are SHOULD or MAY (a WARN at most)', () => {
    expect(all.filter((r) => r.level === 'MUST' && r.source === 'project').map((r) => r.id)).toEqual([]);
  });

  it('every MUST cites at least one source sentence', () => {
    expect(all.filter((r) => r.level === 'MUST' && r.citations.length === 0).map((r) => r.id)).toEqual([]);
  });

  it('every citation names a source file of docs/sources/ or RFC 6455, and its file matches the requirement\'s source', () => {
    for (const r of all) {
      for (const c of r.citations) {
        const file = c.where.split(',')[0]?.trim() ?? '';
        expect(['clarifications.md', 'payment-socket-protocol.txt', 'RFC 6455'], `${r.id}: ${c.where}`).toContain(file);
      }
      if (r.source === 'rfc6455' && r.level === 'MUST') expect(r.citations.some((c) => c.where.startsWith('RFC 6455')), r.id).toBe(true);
      if (r.source === 'document' && r.level === 'MUST') expect(r.citations.some((c) => c.where.startsWith('payment-socket-protocol.txt')), r.id).toBe(true);
      if ((r.source === 'clarification' || r.source === 'client-dialect') && r.level === 'MUST') expect(r.citations.some((c) => c.where.startsWith('clarifications.md')), r.id).toBe(true);
    }
  });

  it('every quote from docs/sources/ stands there word for word', () => {
    const misquoted: string[] = [];
    for (const r of all) {
      for (const c of r.citations) {
        const file = c.where.split(',')[0]?.trim() ?? '';
        const text = sources[file];
        if (text !== undefined && !text.includes(normal(c.quote))) misquoted.push(`${r.id}: "${c.quote}" is not in ${file}`);
      }
    }
    expect(misquoted).toEqual([]);
  });
});
