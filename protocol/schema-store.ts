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
  return (cached ??= readSchemaFolder(packagePath('schemas'), SCHEMA_BASE, OTHER_VERSION_FOLDERS));
}
let cached: SchemaFile[] | undefined;

/** The `$id` of a schema from its path below `schemas/`. */
export function schemaId(file: string): string {
  return SCHEMA_BASE + file;
}

/**
 * Every `*.schema.json` below `dir` (except the top-level folders named in `skip`), sorted by
 * path relative to `dir`, each checked to have the `$id` `base` + that path.
 */
export function readSchemaFolder(dir: string, base: string, skip: readonly string[] = []): SchemaFile[] {
  const files: SchemaFile[] = [];
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const full = join(folder, entry.name);
      if (entry.isDirectory()) {
        if (folder !== dir || !skip.includes(entry.name)) walk(full);
      } else if (entry.name.endsWith('.schema.json')) {
        const file = relative(dir, full).split(sep).join('/');
        const schema = JSON.parse(readFileSync(full, 'utf8')) as SchemaDocument;
        if (schema.$id !== base + file) {
          throw new Error(`${relative(packagePath(), full).split(sep).join('/')}: $id must be ${base + file}, found ${String(schema.$id)}`);
        }
        files.push({ file, schema });
      }
    }
  };
  walk(dir);
  return files.sort((a, b) => a.file.localeCompare(b.file));
}
