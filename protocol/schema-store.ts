import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { packagePath } from './package-root.js';

/** Base URI of every paysock schema `$id`. */
export const SCHEMA_BASE = 'https://paysock.dev/schemas/v1/';

/** A JSON Schema as loaded from `schemas/` (kept loose: it is data, checked by ajv). */
export interface SchemaDocument {
  $id: string;
  title?: string;
  description?: string;
  examples?: unknown[];
  [keyword: string]: unknown;
}

/** One schema file: its path relative to `schemas/` and its parsed content. */
export interface SchemaFile {
  file: string;
  schema: SchemaDocument;
}

/**
 * Folders of `schemas/` that hold another protocol version's schemas, with their own
 * `$id` base and loader (`schemas/v2/`: protocol/v2/schema-store.ts), left out here.
 */
export const OTHER_VERSION_FOLDERS: readonly string[] = ['v2'];

/** Every v1 `*.schema.json` below `schemas/` (other versions' folders aside), sorted by path, read once per process. */
export function loadSchemaFiles(): SchemaFile[] {
  if (cached) return cached;
  const dir = packagePath('schemas');
  const files: SchemaFile[] = [];
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const full = join(folder, entry.name);
      if (entry.isDirectory()) {
        if (folder !== dir || !OTHER_VERSION_FOLDERS.includes(entry.name)) walk(full);
      }
      else if (entry.name.endsWith('.schema.json')) {
        const file = relative(dir, full).split(sep).join('/');
        const schema = JSON.parse(readFileSync(full, 'utf8')) as SchemaDocument;
        if (schema.$id !== SCHEMA_BASE + file) {
          throw new Error(`schemas/${file}: $id must be ${SCHEMA_BASE + file}, found ${String(schema.$id)}`);
        }
        files.push({ file, schema });
      }
    }
  };
  walk(dir);
  files.sort((a, b) => a.file.localeCompare(b.file));
  return (cached = files);
}
let cached: SchemaFile[] | undefined;

/** The `$id` of a schema from its path below `schemas/`. */
export function schemaId(file: string): string {
  return SCHEMA_BASE + file;
}
