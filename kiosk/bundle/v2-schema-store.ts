/**
 * Stands in for protocol/v2/schema-store.ts in the v2 kiosk page's bundle:
 * the schemas of schemas/v2/, read by that module at build time and embedded
 * (a browser has no disk). The validators were compiled from them at build
 * time too (ajv2020.ts).
 */
import files from 'paysock-virtual:schemas';
import type { SchemaFile } from './schema-store.js';

export const V2_SCHEMA_BASE = 'https://paysock.dev/schemas/v2/';

/** Every schema file of schemas/v2/, as protocol/v2/schema-store.ts loaded them at build time. */
export function loadV2SchemaFiles(): SchemaFile[] {
  return files as SchemaFile[];
}

export function v2SchemaId(file: string): string {
  return V2_SCHEMA_BASE + file;
}
