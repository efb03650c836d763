import { Ajv2020 } from 'ajv/dist/2020.js';
import { CERTIFICATE_FORMAT, type Certificate } from './certificate.js';

const str = { type: 'string' } as const;
const digest = { type: 'string', pattern: '^sha256:[0-9a-f]{64}$' } as const;
const fileSet = { type: 'object', required: ['digest', 'files'], properties: { digest, files: { type: 'object', additionalProperties: digest } } } as const;

/** JSON Schema of certificate.json: what `paysock verify` reads. Extra properties are allowed (they are signed like the rest). */
const certificateSchema = {
  type: 'object',
  required: ['format', 'fingerprint', 'statement', 'reports'],
  properties: {
    format: { const: CERTIFICATE_FORMAT },
    fingerprint: digest,
    reports: { type: 'object', additionalProperties: digest },
    statement: {
      type: 'object',
      required: ['target', 'protocolVersion', 'paysock', 'spec', 'schemas', 'cases', 'startedAt', 'finishedAt', 'verdict', 'counts', 'caseVerdicts'],
      properties: {
        target: { type: 'object', required: ['url', 'profile'], properties: { url: str, profile: str } },
        protocolVersion: str,
        paysock: { type: 'object', required: ['version'], properties: { version: str, commit: str } },
        spec: fileSet,
        schemas: fileSet,
        cases: { type: 'object', required: ['digest', 'count'], properties: { digest, count: { type: 'integer' } } },
        startedAt: str,
        finishedAt: str,
        verdict: str,
        counts: { type: 'object' },
        caseVerdicts: { type: 'object', additionalProperties: str },
      },
    },
    signature: {
      type: 'object',
      required: ['algorithm', 'publicKey', 'keyFingerprint', 'value'],
      properties: { algorithm: { const: 'Ed25519' }, publicKey: str, keyFingerprint: digest, value: str },
    },
  },
} as const;

const validate = new Ajv2020({ allErrors: false, strict: false }).compile(certificateSchema);

/** Parses certificate.json text. Throws an Error naming, in one line, what is wrong (not JSON, another format, the first bad field). */
export function parseCertificate(text: string): Certificate {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`not JSON: ${(error as Error).message.split('\n')[0]}`);
  }
  const format = (value as { format?: unknown } | null)?.format;
  if (typeof value !== 'object' || value === null || Array.isArray(value) || format === undefined) throw new Error('not a paysock certificate (no "format" field)');
  if (format !== CERTIFICATE_FORMAT) throw new Error(`certificate format ${JSON.stringify(format)} is not supported (this paysock reads ${CERTIFICATE_FORMAT})`);
  if (!validate(value)) {
    const error = validate.errors?.[0];
    throw new Error(`invalid certificate: ${error?.instancePath || '(top level)'} ${error?.message ?? 'is invalid'}`);
  }
  return value as unknown as Certificate;
}
