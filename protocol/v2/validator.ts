import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import type { V2BackendMessage, V2KioskMessage } from '../types/generated-v2.js';
import type { V2Problem, V2ProblemCode, V2ValidationResult } from './problems.js';
import { loadV2SchemaFiles, v2SchemaId } from './schema-store.js';
import { backendWarnings, kioskProblems } from './semantic.js';

/** The profile whose messages this module validates: protocol v2 as PintoAndroid d540407 (release v2.2) speaks it. */
export const V2_PROFILE = 'pinto-android-2';
/** The v2 profile's name. */
export type V2Profile = typeof V2_PROFILE;

interface Compiled {
  ajv: Ajv2020;
  backend: ValidateFunction;
  kiosk: ValidateFunction;
}

/**
 * The v2 ajv instance with every schema of `schemas/v2/` added, strict mode on. Its own
 * instance: v2 `$id`s and keywords never mix with v1's. Built once per process.
 */
export function v2Ajv(): Ajv2020 {
  return compiled().ajv;
}

function compiled(): Compiled {
  if (cache) return cache;
  // verbose keeps parentSchema on errors, where x-requirement and x-kiosk-reaction live.
  // allowUnionTypes: the kiosk's data keys are "a type or null" (V2-ENV-3).
  const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, verbose: true });
  ajv.addKeyword({ keyword: 'x-requirement', schemaType: 'string' });
  ajv.addKeyword({ keyword: 'x-kiosk-reaction', schemaType: 'string' });
  for (const { schema } of loadV2SchemaFiles()) ajv.addSchema(schema);
  const get = (file: string): ValidateFunction => {
    const fn = ajv.getSchema(v2SchemaId(file));
    if (!fn) throw new Error(`schema v2/${file} is missing`);
    return fn;
  };
  return (cache = { ajv, backend: get('backend-message.schema.json'), kiosk: get('kiosk-message.schema.json') });
}
let cache: Compiled | undefined;

/**
 * Validates a parsed value as a message a backend sends to a pinto-android-2 kiosk: what the
 * kiosk's Moshi parsing accepts and acts on (docs/protocol-v2.md sections 2, 3, 5, 8). A problem's
 * code says whether the kiosk would show its device-error screen or ignore the message; data
 * keys it skips, a rejecting verdict other than REJECTED / LIMIT_ERROR and an AMOUNT_SELECT under
 * "initial" come back as warnings.
 */
export function validateV2BackendMessage(value: unknown): V2ValidationResult<V2BackendMessage> {
  const { backend } = compiled();
  if (!backend(value)) return { ok: false, problems: toProblems(backend.errors, 'DEVICE_ERROR'), warnings: [] };
  const message = value as V2BackendMessage;
  return { ok: true, value: message, warnings: backendWarnings(message as unknown as Parameters<typeof backendWarnings>[0]) };
}

/**
 * Validates a parsed value as a frame a pinto-android-2 kiosk sends: exactly what d540407 writes,
 * in both of its JSON styles (Moshi-built USER_ACTIONs without nulls, hand-written results with
 * explicit nulls), the keepalive included (docs/protocol-v2.md sections 2 to 4). Every problem has
 * the code LOGGED: the backend logs such a frame and never answers it with ERROR.
 */
export function validateV2KioskMessage(value: unknown): V2ValidationResult<V2KioskMessage> {
  const { kiosk } = compiled();
  if (!kiosk(value)) return { ok: false, problems: toProblems(kiosk.errors, 'LOGGED'), warnings: [] };
  const message = value as V2KioskMessage;
  const problems = 'messageType' in message ? kioskProblems(message as unknown as Parameters<typeof kioskProblems>[0]) : [];
  return problems.length === 0 ? { ok: true, value: message, warnings: [] } : { ok: false, problems, warnings: [] };
}

/** Turns ajv errors into problems naming the v2 requirement and what the receiver does. */
function toProblems(errors: ErrorObject[] | null | undefined, fallback: V2ProblemCode): V2Problem[] {
  const problems: V2Problem[] = [];
  for (const error of errors ?? []) {
    // An "if" error only repeats the inner error of its "then"/"else" branch, which is already listed.
    if (error.keyword === 'if') continue;
    const annotated = error.parentSchema as { 'x-requirement'?: string; 'x-kiosk-reaction'?: V2ProblemCode } | undefined;
    problems.push({
      path: error.keyword === 'required' ? `${error.instancePath}/${String(error.params.missingProperty)}` : error.keyword === 'additionalProperties' ? `${error.instancePath}/${String(error.params.additionalProperty)}` : error.instancePath,
      message: describe(error),
      requirement: annotated?.['x-requirement'] ?? 'V2-ENV-1',
      // Only backend frames have two outcomes; a kiosk frame d540407 would not write is always logged.
      code: fallback === 'LOGGED' ? 'LOGGED' : (annotated?.['x-kiosk-reaction'] ?? fallback),
    });
  }
  return problems;
}

function describe(error: ErrorObject): string {
  switch (error.keyword) {
    case 'required':
      return 'is required';
    case 'additionalProperties':
      return 'is not written by the kiosk in this message';
    case 'const':
      return `must be ${JSON.stringify(error.params.allowedValue)}`;
    case 'not':
      return 'must not be one of the excluded values';
    case 'enum':
      return `must be one of ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'maxProperties':
      return 'must be {}';
    default:
      return error.message ?? `fails ${error.keyword}`;
  }
}
