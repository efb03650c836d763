import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { packagePath } from '../package-root.js';
import type { SchemaDocument, SchemaFile } from '../schema-store.js';

/** Base URI of every protocol v2 (pinto-android-2) schema `$id`: `schemas/v2/<file>`. */
export const V2_SCHEMA_BASE = 'https://paysock.dev/schemas/v2/';

/** Every `*.schema.json` below `schemas/v2/`, paths relative to it, sorted, read once per process. */
export function loadV2SchemaFiles(): SchemaFile[] {
  if (cached) return cached;
  const dir = packagePath('schemas', 'v2');
  const files: SchemaFile[] = [];
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const full = join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.schema.json')) {
        const file = relative(dir, full).split(sep).join('/');
        const schema = JSON.parse(readFileSync(full, 'utf8')) as SchemaDocument;
        if (schema.$id !== V2_SCHEMA_BASE + file) {
          throw new Error(`schemas/v2/${file}: $id must be ${V2_SCHEMA_BASE + file}, found ${String(schema.$id)}`);
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

/** The `$id` of a v2 schema from its path below `schemas/v2/`. */
export function v2SchemaId(file: string): string {
  return V2_SCHEMA_BASE + file;
}
