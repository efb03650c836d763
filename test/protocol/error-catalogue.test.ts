import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { closeCodes, httpStatuses, MAX_MESSAGE_BYTES, protocolErrorCodes, protocolErrors, screenErrors } from '../../protocol/error-catalogue.js';
import { packagePath } from '../../protocol/package-root.js';
import { requirement, requirements } from '../../protocol/requirements.js';

// docs/errors.md is written for people and protocol/error-catalogue.ts for code;
// these checks make one of them fail to build whenever the other changes alone.

const markdown = readFileSync(packagePath('docs', 'errors.md'), 'utf8');

/** One table row, keyed by the header cells, with backticks dropped (they are only formatting). */
type Row = Record<string, string>;

/** The first table below each `## ` heading, keyed by heading text. */
function tablesBySection(text: string): Map<string, Row[]> {
  const tables = new Map<string, Row[]>();
  let section = '';
  let header: string[] | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith('## ')) {
      section = line.slice(3).trim();
      header = undefined;
      continue;
    }
    if (!line.startsWith('|')) {
      // A blank or prose line ends the table; a later table in the same section is not read.
      if (header) header = [];
      continue;
    }
    const cells = line.slice(1, line.trimEnd().endsWith('|') ? line.trimEnd().length - 1 : undefined).split('|').map((c) => c.trim().replaceAll('`', ''));
    if (header === undefined) {
      header = cells;
      tables.set(section, []);
    } else if (header.length === 0 || cells.every((c) => /^:?-+:?$/.test(c))) {
      continue;
    } else {
      if (cells.length !== header.length) throw new Error(`docs/errors.md, ${section}: row "${line}" has ${cells.length} cells, header has ${header.length}`);
      tables.get(section)?.push(Object.fromEntries(header.map((h, i) => [h, cells[i] as string])));
    }
  }
  return tables;
}

const tables = tablesBySection(markdown);

function table(section: string): Row[] {
  const rows = tables.get(section);
  if (!rows) throw new Error(`docs/errors.md has no table under "## ${section}"`);
  return rows;
}

/** Documented rows keyed by their first column, failing on a key documented twice. */
function byKey(section: string, key: string): Map<string, Row> {
  const map = new Map<string, Row>();
  for (const row of table(section)) {
    const id = row[key];
    if (id === undefined) throw new Error(`docs/errors.md, ${section}: no "${key}" column`);
    if (map.has(id)) throw new Error(`docs/errors.md, ${section}: ${id} is documented twice`);
    map.set(id, row);
  }
  return map;
}

/**
 * Both directions at once: the documented rows, projected onto the catalogue's
 * fields, must equal the catalogue (no entry missing, none extra, none different).
 */
function expectSame(section: string, key: string, catalogue: Record<string, Record<string, string>>, columns: Record<string, string>): void {
  const documented = Object.fromEntries(
    [...byKey(section, key)].map(([id, row]) => [id, Object.fromEntries(Object.entries(columns).map(([field, column]) => [field, row[column]]))]),
  );
  const expected = Object.fromEntries(
    Object.entries(catalogue).map(([id, entry]) => [id, Object.fromEntries(Object.keys(columns).map((field) => [field, entry[field]]))]),
  );
  expect(documented).toEqual(expected);
}

describe('docs/errors.md documents protocol/error-catalogue.ts', () => {
  it('ERROR codes: same codes, default messages, meanings and requirements', () => {
    expectSame('ERROR codes', 'code', protocolErrors, { message: 'default message', meaning: 'meaning', requirement: 'requirement' });
  });

  it('screen error codes: same codes, screens, messages, meanings and requirements', () => {
    expectSame('Screen error codes', 'code', screenErrors, { screen: 'screen', message: 'message', meaning: 'meaning', requirement: 'requirement' });
  });

  it('WebSocket close codes: same codes, names, meanings and requirements', () => {
    expectSame('WebSocket close codes', 'code', closeCodes, { name: 'name', meaning: 'meaning', requirement: 'requirement' });
  });

  it('HTTP statuses: same statuses, names, meanings and requirements', () => {
    expectSame('HTTP statuses', 'status', httpStatuses, { name: 'name', meaning: 'meaning', requirement: 'requirement' });
  });

  it('size limit: the TRN-4 limit in bytes', () => {
    expect(table('Size limit')).toEqual([{ limit: 'message size', bytes: String(MAX_MESSAGE_BYTES), requirement: 'TRN-4' }]);
  });

  it('has no table the test does not read', () => {
    expect([...tables.keys()].sort()).toEqual(['ERROR codes', 'HTTP statuses', 'Screen error codes', 'Size limit', 'WebSocket close codes']);
  });
});

describe('requirement ids', () => {
  const known = new Set(requirements().map((r) => r.id));
  const prefixes = [...new Set([...known].map((id) => id.replace(/-\d+$/, '')))];

  it('every id the catalogue cites is a requirement of docs/protocol.md', () => {
    const cited = [protocolErrors, screenErrors, closeCodes, httpStatuses].flatMap((group) => Object.values(group).map((e) => e.requirement));
    expect(cited.filter((id) => !known.has(id))).toEqual([]);
  });

  it('every id docs/errors.md cites, in tables or prose, is a requirement of docs/protocol.md', () => {
    const pattern = new RegExp(`\\b(?:${prefixes.join('|')})-\\d+\\b`, 'g');
    const cited = [...markdown.matchAll(pattern)].map((m) => m[0]);
    expect(cited.length).toBeGreaterThan(0);
    expect([...new Set(cited)].filter((id) => !known.has(id))).toEqual([]);
    const tableIds = [...tables.values()].flat().map((row) => row.requirement);
    expect(tableIds.filter((id) => id === undefined || !known.has(id))).toEqual([]);
  });
});

describe('ERROR codes cannot drift between code, schema and spec', () => {
  it('equal the enum $defs.protocolErrorCode of schemas/common.schema.json, in order', () => {
    const common = JSON.parse(readFileSync(packagePath('schemas', 'common.schema.json'), 'utf8')) as {
      $defs: { protocolErrorCode: { enum: string[] } };
    };
    expect(protocolErrorCodes).toEqual(common.$defs.protocolErrorCode.enum);
  });

  it('equal the codes ERR-9 lists, in order', () => {
    const listed = [...requirement('ERR-9').text.matchAll(/`([A-Z_]+)`/g)].map((m) => m[1]);
    expect(protocolErrorCodes).toEqual(listed);
  });
});
