import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { schemaId } from './schema-store.js';
import type { Certificate, ConformanceTarget, LoadSummary, ReferenceServerConfigFile, RunResults } from './types/generated-formats.js';
import { protocolAjv } from './validator.js';

/** paysock's own file formats, each by its schema file in schemas/formats/, with its generated type. */
interface Formats {
  results: RunResults;
  'load-summary': LoadSummary;
  'conformance-target': ConformanceTarget;
  'reference-server-config': ReferenceServerConfigFile;
  certificate: Certificate;
}

/** A format paysock writes or reads: `schemas/formats/<name>.schema.json`. */
export type FormatName = keyof Formats;

/** The type of a file of that format, generated from its schema. */
export type FormatOf<N extends FormatName> = Formats[N];

/** What is wrong with a file: where (a JSON Pointer, "" for the whole file) and what, in words. */
export interface FormatProblem {
  path: string;
  message: string;
}

/** How problems are worded for one kind of file. */
export interface FormatWording {
  /** What an unknown key is called ("setting" in a server configuration); "field" by default. */
  key?: string;
}

/** A file that does not match its format's schema: `message` is one line, "<path> <what is wrong>". */
export class FormatError extends Error {
  override name = 'FormatError';
  constructor(readonly problem: FormatProblem) {
    super(problemLine(problem));
  }
}

/** The validator of a format, compiled on first use on the shared ajv instance (which holds every schema). */
function validatorOf(name: FormatName): ValidateFunction {
  const hit = compiled.get(name);
  if (hit) return hit;
  const validate = protocolAjv().getSchema(schemaId(`formats/${name}.schema.json`));
  if (!validate) throw new Error(`schemas/formats/${name}.schema.json is missing`);
  compiled.set(name, validate);
  return validate;
}
const compiled = new Map<FormatName, ValidateFunction>();

/** The first problem of a parsed file against its format's schema, or undefined when it matches. */
export function formatProblem(name: FormatName, value: unknown, wording: FormatWording = {}): FormatProblem | undefined {
  const validate = validatorOf(name);
  if (validate(value)) return undefined;
  const error = validate.errors?.[0];
  return error ? describe(error, wording) : { path: '', message: 'is invalid' };
}

/** Returns the parsed file typed as its format, or throws a FormatError naming the first problem. */
export function checkFormat<N extends FormatName>(name: N, value: unknown, wording: FormatWording = {}): FormatOf<N> {
  const problem = formatProblem(name, value, wording);
  if (problem) throw new FormatError(problem);
  return value as FormatOf<N>;
}

/** "<path> <what is wrong>", the path "(top level)" for the whole file. */
export function problemLine(problem: FormatProblem): string {
  return `${problem.path || '(top level)'} ${problem.message}`;
}

/** ajv's error in the words of a reader: the missing or unknown key gets its own path. */
function describe(error: ErrorObject, wording: FormatWording): FormatProblem {
  const params = error.params as Record<string, unknown>;
  const child = (key: unknown): string => `${error.instancePath}/${String(key).replace(/~/g, '~0').replace(/\//g, '~1')}`;
  switch (error.keyword) {
    case 'required':
      return { path: child(params.missingProperty), message: 'is missing' };
    case 'additionalProperties':
      return { path: child(params.additionalProperty), message: `is not a known ${wording.key ?? 'field'}` };
    case 'enum':
      return { path: error.instancePath, message: `must be one of ${(params.allowedValues as unknown[]).map(String).join(', ')}` };
    case 'const':
      return { path: error.instancePath, message: `must be ${JSON.stringify(params.allowedValue)}` };
    default:
      return { path: error.instancePath, message: error.message ?? `fails ${error.keyword}` };
  }
}

/** JSON.parse with the one-line error every reader of a format prints: "not JSON: <the parser's first line>". */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new Error(`not JSON: ${(error as Error).message.split('\n')[0]}`);
  }
}
