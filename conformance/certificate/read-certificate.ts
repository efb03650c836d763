import { checkFormat, FormatError, parseJson } from '../../protocol/format-validators.js';
import { CERTIFICATE_FORMAT, type Certificate } from './certificate.js';

/**
 * Parses certificate.json text and checks it against
 * schemas/formats/certificate.schema.json. Throws an Error naming, in one
 * line, what is wrong (not JSON, another format, the first bad field and its
 * JSON path).
 */
export function parseCertificate(text: string): Certificate {
  const value = parseJson(text);
  const format = (value as { format?: unknown } | null)?.format;
  if (typeof value !== 'object' || value === null || Array.isArray(value) || format === undefined) throw new Error('not a paysock certificate (no "format" field)');
  if (format !== CERTIFICATE_FORMAT) throw new Error(`certificate format ${JSON.stringify(format)} is not supported (this paysock reads ${CERTIFICATE_FORMAT})`);
  try {
    return checkFormat('certificate', value);
  } catch (error) {
    if (error instanceof FormatError) throw new Error(`invalid certificate: ${error.message}`);
    throw error;
  }
}
