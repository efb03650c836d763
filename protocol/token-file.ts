import { IDENTIFIER_RULE, isIdentifier } from './identifier.js';

/** Bearer tokens a client can put on an Authorization header: visible ASCII, no spaces (RFC 6750 b64token is stricter). */
const usableToken = /^[\x21-\x7e]{1,4096}$/;

/** What a `--tokens-file` holds (AUTH-2), in file order. */
export interface TokenFile {
  tokens: string[];
  /** The terminal id of each token (a JSON object token -> terminal id); undefined for a JSON array of tokens. */
  terminalIds: string[] | undefined;
}

/**
 * Reads a `--tokens-file`, the one format `paysock serve`, `paysock certify`
 * and `paysock load` share: a JSON object token -> terminal id, or a JSON
 * array of tokens. Each token is 1-4096 visible ASCII characters without
 * spaces and appears once; each terminal id is an identifier (ENV-7). Throws
 * an Error, one line naming the file and the problem.
 */
export function readTokenFile(text: string, fileName: string): TokenFile {
  const where = `--tokens-file ${fileName}`;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`${where}: ${(error as Error).message}`);
  }
  let tokens: unknown[];
  let terminalIds: unknown[] | undefined;
  if (Array.isArray(value)) tokens = value;
  else if (value !== null && typeof value === 'object') {
    tokens = Object.keys(value);
    terminalIds = Object.values(value);
  } else {
    throw new Error(`${where}: must be a JSON object token -> terminal id or a JSON array of tokens`);
  }
  const seen = new Set<string>();
  tokens.forEach((token, i) => {
    if (typeof token !== 'string' || !usableToken.test(token)) throw new Error(`${where}: token ${i + 1} is not 1-4096 visible ASCII characters without spaces`);
    if (seen.has(token)) throw new Error(`${where}: token ${i + 1} appears twice`);
    seen.add(token);
  });
  terminalIds?.forEach((id, i) => {
    if (!isIdentifier(id)) throw new Error(`${where}: the terminal id of token ${i + 1} must be ${IDENTIFIER_RULE}`);
  });
  return { tokens: tokens as string[], terminalIds: terminalIds as string[] | undefined };
}
