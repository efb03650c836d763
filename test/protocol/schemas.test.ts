import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packagePath } from '../../protocol/package-root.js';
import { formatProblem } from '../../protocol/problems.js';
import { requirements } from '../../protocol/requirements.js';
import { SCHEMA_BASE, schemaId } from '../../protocol/schema-store.js';
import { protocolAjv, validateServerMessage, validateTerminalMessage } from '../../protocol/validator.js';
import { definedSchemas, requirementAnnotations, type SchemaNode as Node } from './schema-walk.js';

// Read the files directly (not through schema-store) so this test checks what the loader assumes.
const schemasDir = packagePath('schemas');
function schemaFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return schemaFiles(full);
    return entry.name.endsWith('.schema.json') ? [relative(schemasDir, full).split(sep).join('/')] : [];
  });
}
// schemas/v2/ is protocol v2's, with its own $id base: test/protocol/schemas-v2.test.ts.
const files = schemaFiles(schemasDir).filter((f) => !f.startsWith('v2/')).sort();
const load = (file: string): Node => JSON.parse(readFileSync(join(schemasDir, file), 'utf8')) as Node;
const isMessageSchema = (file: string): boolean => /^(screens|messages|actions)\//.test(file);

describe('schemas/', () => {
  it('holds the 3 entry schemas, the common definitions and the message schemas', () => {
    for (const file of ['common.schema.json', 'server-message.schema.json', 'terminal-message.schema.json', 'terminal-message.pinto-android-1.schema.json']) {
      expect(files).toContain(file);
    }
    expect(files.filter((f) => f.startsWith('screens/'))).toHaveLength(11);
    expect(files.filter((f) => f.startsWith('messages/'))).toHaveLength(2);
    expect(files.filter(isMessageSchema).length).toBeGreaterThanOrEqual(23);
  });

  describe.each(files)('%s', (file) => {
    const schema = load(file);

    it('has $id equal to its path URL, a title and a description', () => {
      expect(schema.$id).toBe(SCHEMA_BASE + file);
      expect(typeof schema.title === 'string' && schema.title.length > 0).toBe(true);
      expect(typeof schema.description === 'string' && (schema.description as string).length > 0).toBe(true);
    });

    it('describes every property, definition and item schema', () => {
      const defined = definedSchemas(schema, '');
      if (file !== 'common.schema.json') expect(defined.length).toBeGreaterThan(0);
      const undescribed = defined.filter(({ schema: s }) => typeof s.description !== 'string' || s.description.trim() === '').map((d) => d.pointer);
      expect(undescribed).toEqual([]);
    });

    it('cites only requirements that docs/protocol.md defines', () => {
      const known = new Set(requirements().map((r) => r.id));
      const unknown = requirementAnnotations(schema, '').filter(({ id }) => typeof id !== 'string' || !known.has(id));
      expect(unknown).toEqual([]);
    });
  });

  describe.each(files.filter(isMessageSchema))('examples of %s', (file) => {
    const schema = load(file);
    const examples = (schema.examples ?? []) as unknown[];

    it('has at least one example', () => {
      expect(Array.isArray(schema.examples)).toBe(true);
      expect(examples.length).toBeGreaterThan(0);
    });

    it('every example validates against its own schema', () => {
      const validate = protocolAjv().getSchema(schemaId(file));
      expect(validate).toBeDefined();
      for (const example of examples) expect(validate!(example), JSON.stringify(validate!.errors)).toBe(true);
    });

    it('every example validates against the entry schema of its side', () => {
      for (const example of examples) {
        const results = file.startsWith('actions/pinto-android-1/')
          ? [validateTerminalMessage(example, 'pinto-android-1')]
          : file.startsWith('actions/')
            ? [validateTerminalMessage(example, 'strict'), validateTerminalMessage(example, 'pinto-android-1')]
            : [validateServerMessage(example)];
        for (const result of results) {
          expect(result.ok ? [] : result.problems.map(formatProblem), JSON.stringify(example)).toEqual([]);
          expect(result.warnings).toEqual([]);
        }
      }
    });
  });

  it('dialect-only examples are not valid strict messages', () => {
    for (const file of files.filter((f) => f.startsWith('actions/pinto-android-1/'))) {
      for (const example of (load(file).examples ?? []) as unknown[]) expect(validateTerminalMessage(example, 'strict').ok, file).toBe(false);
    }
  });
});
