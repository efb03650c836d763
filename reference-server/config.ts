import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { formatProblem, problemLine } from '../protocol/format-validators.js';
import type { ReferenceServerConfigFile } from '../protocol/types/generated-formats.js';
import { defaultServerConfig, type ServerConfig } from './api.js';

/** A configuration that failed its schema: `message` is one line naming the bad key. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Checks a partial configuration against schemas/formats/reference-server-config.schema.json
 * and returns it typed. `source` names the file (or "flags") in the error line.
 */
export function validateConfig(value: unknown, source: string): ReferenceServerConfigFile {
  const problem = formatProblem('reference-server-config', value, { key: 'setting' });
  if (problem) throw new ConfigError(`${source}: ${problemLine(problem)}`);
  return value as ReferenceServerConfigFile;
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
