import { packagePath } from '../package-root.js';
import { readSchemaFolder, type SchemaFile } from '../schema-store.js';

/** Base URI of every protocol v2 (pinto-android-2) schema `$id`: `schemas/v2/<file>`. */
export const V2_SCHEMA_BASE = 'https://paysock.dev/schemas/v2/';

/** Every `*.schema.json` below `schemas/v2/`, paths relative to it, sorted, read once per process. */
export function loadV2SchemaFiles(): SchemaFile[] {
  return (cached ??= readSchemaFolder(packagePath('schemas', 'v2'), V2_SCHEMA_BASE));
}
let cached: SchemaFile[] | undefined;

/** The `$id` of a v2 schema from its path below `schemas/v2/`. */
export function v2SchemaId(file: string): string {
  return V2_SCHEMA_BASE + file;
}
