import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import formatsPlugin from 'ajv-formats';
import { answerRank, byPrecedence, type ProtocolErrorCode } from './error-catalogue.js';
import type { Problem, ValidationResult } from './problems.js';
import { loadSchemaFiles, schemaId } from './schema-store.js';
import { checkServerSemantics } from './semantic.js';
import { unknownFieldWarnings } from './unknown-fields.js';
import { defaultProfile, profiles, terminalProfiles, type TerminalMessageOf, type TerminalProfile } from './profiles/index.js';
import type { ServerMessage } from './types/generated.js';

// The profiles are declared in profiles/; these names stay exported here, where the package's API always had them.
export { terminalProfiles, type TerminalMessageOf, type TerminalProfile } from './profiles/index.js';

interface Compiled {
  ajv: Ajv2020;
  server: ValidateFunction;
  terminal: Record<TerminalProfile, ValidateFunction>;
}

// ajv-formats is CommonJS; under NodeNext its default import is the module object.
const addFormats = ((formatsPlugin as unknown as { default?: typeof formatsPlugin }).default ?? formatsPlugin) as unknown as (ajv: Ajv2020) => void;

/**
 * The shared ajv instance with every schema of `schemas/` added, strict mode on.
 * Built once per process: compiling is the slow part, validating is cheap.
 */
export function protocolAjv(): Ajv2020 {
  return compiled().ajv;
}

function compiled(): Compiled {
  return (cache ??= build(false));
}
let cache: Compiled | undefined;

/** The same schemas collecting every error: only used to rank the errors of a rejected message (ERR-10). */
function compiledAllErrors(): Compiled {
  return (allErrorsCache ??= build(true));
}
let allErrorsCache: Compiled | undefined;

function build(allErrors: boolean): Compiled {
  // verbose keeps parentSchema on errors, which is where x-requirement and x-error-code live.
  const ajv = new Ajv2020({ strict: true, allErrors, verbose: true });
  addFormats(ajv);
  ajv.addKeyword({ keyword: 'x-requirement', schemaType: 'string' });
  ajv.addKeyword({ keyword: 'x-error-code', schemaType: 'string' });
  // What a value below the schema's minimum means, said instead of ajv's bare "must be >= N".
  ajv.addKeyword({ keyword: 'x-below-minimum', schemaType: 'string' });
  for (const { schema } of loadSchemaFiles()) ajv.addSchema(schema);
  const get = (file: string): ValidateFunction => {
    const fn = ajv.getSchema(schemaId(file));
    if (!fn) throw new Error(`schema ${file} is missing`);
    return fn;
  };
  return {
    ajv,
    server: get('server-message.schema.json'),
    terminal: Object.fromEntries(profiles.map((p) => [p.name, get(p.terminalSchema)])) as Record<TerminalProfile, ValidateFunction>,
  };
}

/**
 * Validates a parsed value as a message a server sends to a terminal: schema
 * (section 3, 4, 9) then the cross-field rules of `semantic.ts`. Unknown fields
 * come back as warnings (ENV-13), never as problems.
 */
export function validateServerMessage(value: unknown): ValidationResult<ServerMessage> {
  const { server } = compiled();
  if (!server(value)) return { ok: false, problems: ranked(value, toProblems(server.errors, 'INVALID_MESSAGE'), (c) => c.server), warnings: [] };
  const message = value as ServerMessage;
  const problems = checkServerSemantics(message);
  const warnings = unknownFieldWarnings(message, 'server');
  return problems.length === 0 ? { ok: true, value: message, warnings } : { ok: false, problems, warnings };
}

/**
 * Validates a parsed value as a message a terminal sends, in the given profile's
 * forms (strict: the document's; pinto-android-1: plus the shipped client's dialect).
 */
export function validateTerminalMessage<P extends TerminalProfile = 'strict'>(
  value: unknown,
  profile: P = defaultProfile as P,
): ValidationResult<TerminalMessageOf<P>> {
  const validate = compiled().terminal[profile];
  if (!validate) throw new RangeError(`unknown terminal profile "${String(profile)}" (expected one of ${terminalProfiles.join(', ')})`);
  if (!validate(value)) return { ok: false, problems: ranked(value, toProblems(validate.errors, 'INVALID_MESSAGE'), (c) => c.terminal[profile]), warnings: [] };
  const message = value as TerminalMessageOf<P>;
  return { ok: true, value: message, warnings: unknownFieldWarnings(message, 'terminal') };
}


/**
 * Puts first a problem whose code ERR-10 ranks highest. The fast validator stops at
 * the first error in schema order, which can be an amount or screen problem while
 * the envelope is also broken; only then are all errors collected and ranked.
 */
function ranked(value: unknown, problems: Problem[], pick: (c: Compiled) => ValidateFunction): Problem[] {
  const first = problems[0];
  if (!first || first.code === 'INVALID_MESSAGE') return problems;
  const validate = pick(compiledAllErrors());
  validate(value);
  const [best] = byPrecedence(toProblems(validate.errors, 'INVALID_MESSAGE'), (p) => p.code);
  return best && answerRank(best.code) < answerRank(first.code) ? [best, ...problems] : problems;
}

/** Turns ajv errors into problems that name the requirement and the ERROR code to answer with. */
function toProblems(errors: ErrorObject[] | null | undefined, fallback: ProtocolErrorCode): Problem[] {
  const problems: Problem[] = [];
  for (const error of errors ?? []) {
    // An "if" error only repeats the inner error of its "then" branch, which is already listed.
    if (error.keyword === 'if') continue;
    const annotated = error.parentSchema as { 'x-requirement'?: string; 'x-error-code'?: ProtocolErrorCode } | undefined;
    problems.push({
      path: error.keyword === 'required' ? `${error.instancePath}/${String(error.params.missingProperty)}` : error.instancePath,
      message: describe(error, error.parentSchema as { 'x-below-minimum'?: string } | undefined),
      requirement: annotated?.['x-requirement'] ?? 'ENV-1',
      code: annotated?.['x-error-code'] ?? fallback,
    });
  }
  return problems;
}

function describe(error: ErrorObject, schema: { 'x-below-minimum'?: string } | undefined): string {
  switch (error.keyword) {
    case 'minimum':
      return schema?.['x-below-minimum'] ?? error.message ?? 'is below the minimum';
    case 'required':
      return 'is required';
    case 'const':
      return `must be ${JSON.stringify(error.params.allowedValue)}`;
    case 'not': {
      const negated = (error.schema as { const?: unknown } | undefined)?.const;
      return negated === undefined ? 'must not match the excluded form' : `must not be ${JSON.stringify(negated)}`;
    }
    case 'enum':
      return `must be one of ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      return error.message ?? `fails ${error.keyword}`;
  }
}
