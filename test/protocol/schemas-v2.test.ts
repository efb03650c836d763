import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packagePath } from '../../protocol/package-root.js';
import { formatProblem } from '../../protocol/problems.js';
import { requirements } from '../../protocol/requirements.js';
import { loadSchemaFiles } from '../../protocol/schema-store.js';
import { V2_SCHEMA_BASE, v2SchemaId } from '../../protocol/v2/schema-store.js';
import { v2Ajv, validateV2BackendMessage, validateV2KioskMessage } from '../../protocol/v2/validator.js';
import { definedSchemas, requirementAnnotations, type SchemaNode as Node } from './schema-walk.js';

// Read the files directly (not through the v2 schema store) so this test checks what the loader assumes.
const dir = packagePath('schemas', 'v2');
function schemaFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = join(folder, entry.name);
    if (entry.isDirectory()) return schemaFiles(full);
    return entry.name.endsWith('.schema.json') ? [relative(dir, full).split(sep).join('/')] : [];
  });
}
const files = schemaFiles(dir).sort();
const load = (file: string): Node => JSON.parse(readFileSync(join(dir, file), 'utf8')) as Node;
const isMessageSchema = (file: string): boolean => /^(backend|kiosk)\//.test(file);

describe('schemas/v2/ (protocol v2, profile pinto-android-2)', () => {
  it('holds the 2 entry schemas, the common definitions, 17 screens, 7 other backend messages and 12 kiosk forms', () => {
    for (const file of ['common.schema.json', 'backend-message.schema.json', 'kiosk-message.schema.json']) expect(files).toContain(file);
    expect(files.filter((f) => f.startsWith('backend/screens/'))).toHaveLength(17);
    expect(files.filter((f) => f.startsWith('backend/messages/'))).toHaveLength(7);
    // K1-K10 with K8 in its two forms, and the keepalive K11.
    expect(files.filter((f) => f.startsWith('kiosk/'))).toHaveLength(12);
  });

  it('every backend message type and kiosk message type of the source has its schema', () => {
    const typesOf = (prefix: string): Set<string> => new Set(files.filter((f) => f.startsWith(prefix)).map((f) => ((load(f).properties as Node | undefined)?.messageType as Node | undefined)?.const as string).filter(Boolean));
    expect([...typesOf('backend/')].sort()).toEqual(['DEVICE_INFO', 'ERROR', 'LIMIT_CHECK_RESULT', 'REFUND_REQUEST', 'RESTART_APP', 'REVERSAL_REQUEST', 'SCREEN_CHANGE', 'STATUS_UPDATE']);
    expect([...typesOf('kiosk/')].sort()).toEqual(['CARD_CHECK_RESULT', 'DEVICE_INFO', 'PAYMENT_RESULT', 'REVERSAL_RESULT', 'USER_ACTION']);
  });

  it('v1\'s schema store leaves schemas/v2/ out, so v1 validation is unchanged', () => {
    expect(loadSchemaFiles().filter((f) => f.file.startsWith('v2/'))).toEqual([]);
  });

  describe.each(files)('%s', (file) => {
    const schema = load(file);

    it('has $id equal to its v2 path URL, a title and a description', () => {
      expect(schema.$id).toBe(V2_SCHEMA_BASE + file);
      expect(typeof schema.title === 'string' && /^V2[A-Z]/.test(schema.title)).toBe(true);
      expect(typeof schema.description === 'string' && (schema.description as string).length > 0).toBe(true);
    });

    it('describes every property, definition and item schema', () => {
      const undescribed = definedSchemas(schema, '', { additionalProperties: true }).filter(({ schema: s }) => typeof s.description !== 'string' || s.description.trim() === '').map((d) => d.pointer);
      expect(undescribed).toEqual([]);
    });

    it('names a v2 requirement of docs/protocol-v2.md on the schema and on every property', () => {
      const known = new Set(requirements(2).map((r) => r.id));
      expect(requirementAnnotations(schema, '').filter(({ id }) => typeof id !== 'string' || !known.has(id))).toEqual([]);
      const unannotated = definedSchemas(schema, '', { additionalProperties: true }).filter(({ schema: s }) => typeof s['x-requirement'] !== 'string' && typeof s.$ref !== 'string').map((d) => d.pointer);
      expect(unannotated).toEqual([]);
    });
  });

  describe.each(files.filter(isMessageSchema))('examples of %s', (file) => {
    const schema = load(file);
    const examples = (schema.examples ?? []) as unknown[];

    it('has at least one example, each valid against its own schema and the entry schema of its side, without warnings', () => {
      expect(examples.length).toBeGreaterThan(0);
      const own = v2Ajv().getSchema(v2SchemaId(file))!;
      for (const example of examples) {
        expect(own(example), JSON.stringify(own.errors)).toBe(true);
        const result = file.startsWith('kiosk/') ? validateV2KioskMessage(example) : validateV2BackendMessage(example);
        expect(result.ok ? [] : result.problems.map(formatProblem), JSON.stringify(example)).toEqual([]);
        expect(result.warnings).toEqual([]);
      }
    });

    it('no example of one side is valid from the other side', () => {
      for (const example of examples) {
        const other = file.startsWith('kiosk/') ? validateV2BackendMessage(example) : validateV2KioskMessage(example);
        // A kiosk DEVICE_INFO is a backend DEVICE_INFO the kiosk would merely skip: valid both ways (V2-MSG-3, DEVICE_INFO goes both ways).
        if (file.startsWith('kiosk/device-')) continue;
        expect(other.ok, JSON.stringify(example)).toBe(false);
      }
    });
  });
});
