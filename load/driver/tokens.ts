/** Bearer tokens the driver can put on an Authorization header: visible ASCII, no spaces (RFC 6750 b64token is stricter). */
const usableToken = /^[\x21-\x7e]{1,4096}$/;

/**
 * Reads the tokens of a `--tokens-file` (AUTH-2): either the reference
 * server's own file, a JSON object token -> terminal id, or a JSON array of
 * tokens. Returns the first `terminals` tokens in file order (terminal i
 * takes token i), or every token when `terminals` is left out (paysock
 * certify's pool). Throws an Error, one line naming the problem, when the
 * text is not such a file or holds fewer tokens than terminals.
 */
export function parseTokens(text: string, fileName: string, terminals?: number): string[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`--tokens-file ${fileName}: ${(error as Error).message}`);
  }
  let tokens: unknown[];
  let terminalIds: unknown[] | undefined;
  if (Array.isArray(value)) tokens = value;
  else if (value !== null && typeof value === 'object') {
    tokens = Object.keys(value);
    terminalIds = Object.values(value);
  } else {
    throw new Error(`--tokens-file ${fileName}: must be a JSON object token -> terminal id or a JSON array of tokens`);
  }
  if (terminals !== undefined && tokens.length < terminals) throw new Error(`--tokens-file ${fileName} holds ${tokens.length} tokens, fewer than --terminals ${terminals}`);
  if (terminals !== undefined) tokens = tokens.slice(0, terminals);
  const seen = new Set<string>();
  tokens.forEach((token, i) => {
    if (typeof token !== 'string' || !usableToken.test(token)) throw new Error(`--tokens-file ${fileName}: token ${i + 1} is not 1-4096 visible ASCII characters without spaces`);
    if (seen.has(token)) throw new Error(`--tokens-file ${fileName}: token ${i + 1} appears twice`);
    seen.add(token);
  });
  if (terminalIds) checkDistinctTerminals(terminalIds.slice(0, tokens.length), fileName);
  return tokens as string[];
}

/**
 * Two tokens of one terminal id would be one terminal on the server: each
 * connection would push the other out, so the run would measure reconnects.
 */
function checkDistinctTerminals(terminalIds: unknown[], fileName: string): void {
  const seen = new Map<unknown, number>();
  terminalIds.forEach((id, i) => {
    const first = seen.get(id);
    if (first !== undefined) throw new Error(`--tokens-file ${fileName}: tokens ${first + 1} and ${i + 1} name the same terminal id ${JSON.stringify(id)}`);
    seen.set(id, i);
  });
}

/** The tokens of one share (terminals whose index modulo `of` is `part`), in the order of its terminals. */
export function tokensOfShare(tokens: readonly string[], part: number, of: number, terminals: number): string[] {
  const share: string[] = [];
  for (let index = part; index < terminals; index += of) share.push(tokens[index]!);
  return share;
}
