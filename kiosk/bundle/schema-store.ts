/**
 * Stands in for protocol/schema-store.ts in the kiosk bundle: the same schema
 * files but schemas/formats/, read by that module at build time and embedded
 * (a browser has no disk).
 */
import files from 'paysock-virtual:schemas';

export const SCHEMA_BASE = 'https://paysock.dev/schemas/v1/';

export interface SchemaDocument {
  $id: string;
  [keyword: string]: unknown;
}

export interface SchemaFile {
  file: string;
  schema: SchemaDocument;
}

/** Every schema file, as protocol/schema-store.ts loaded them at build time. */
export function loadSchemaFiles(): SchemaFile[] {
  return files as SchemaFile[];
}

export function schemaId(file: string): string {
  return SCHEMA_BASE + file;
}
