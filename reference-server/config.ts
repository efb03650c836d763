import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { protocolAjv } from '../protocol/validator.js';
import { schemaId } from '../protocol/schema-store.js';
import type { ReferenceServerConfigFile } from '../protocol/types/generated.js';
import { defaultServerConfig, type ServerConfig } from './api.js';

// ServerConfig (api.ts) is written by hand so its fields can be required and
// plainly typed; the schema's generated type is its partial, file form. This
// fails to compile when the two stop naming the same settings.
type SameKeys<A, B> = [Exclude<keyof A, keyof B> | Exclude<keyof B, keyof A>] extends [never] ? true : false;
const settingsMatchSchema: SameKeys<ServerConfig, ReferenceServerConfigFile> & SameKeys<ServerConfig['keypad'], NonNullable<ReferenceServerConfigFile['keypad']>> = true;
void settingsMatchSchema;

/** A configuration that failed its schema: `message` is one line naming the bad key. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Checks a partial configuration against schemas/reference-server-config.schema.json
 * and returns it typed. `source` names the file (or "flags") in the error line.
 */
export function validateConfig(value: unknown, source: string): ReferenceServerConfigFile {
  const validate = protocolAjv().getSchema(schemaId('reference-server-config.schema.json'));
  if (!validate) throw new Error('schema reference-server-config.schema.json is missing');
  if (!validate(value)) {
    const error = validate.errors?.[0];
    let where = error?.instancePath || '(top level)';
    let message = error?.message ?? 'is invalid';
    if (error?.keyword === 'additionalProperties') {
      where = `${error.instancePath}/${String(error.params.additionalProperty)}`;
      message = 'is not a known setting';
    }
    throw new ConfigError(`${source}: ${where} ${message}`);
  }
  const config = value as ReferenceServerConfigFile;
  return config;
}

/** Reads and validates a JSON configuration file; every failure is one ConfigError line. */
export function loadConfigFile(path: string): ReferenceServerConfigFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`${basename(path)}: cannot read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${basename(path)}: not JSON (${(error as Error).message})`);
  }
  return validateConfig(value, basename(path));
}

/**
 * The defaults overlaid with a partial configuration, checked as a whole:
 * cross-field rules (keypad bounds ordered) that the schema cannot state.
 */
export function resolveConfig(partial: Partial<ServerConfig> | undefined, source = 'config'): ServerConfig {
  const config: ServerConfig = {
    ...defaultServerConfig,
    ...stripUndefined(partial ?? {}),
    keypad: { ...defaultServerConfig.keypad, ...stripUndefined(partial?.keypad ?? {}) },
  };
  validateConfig(config, source);
  if (config.keypad.minAmount > config.keypad.maxAmount) {
    throw new ConfigError(`${source}: /keypad/minAmount must be <= maxAmount (${config.keypad.maxAmount})`);
  }
  return config;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
