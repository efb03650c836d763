import { readTokenFile } from '../../protocol/token-file.js';

/**
 * The tokens of a `--tokens-file` a client uses (protocol/token-file.ts):
 * the first `terminals` in file order (terminal i takes token i), or every
 * token when `terminals` is left out (paysock certify's pool). Throws an
 * Error, one line naming the problem, when the file is not such a file or
 * holds fewer tokens than terminals.
 */
export function parseTokens(text: string, fileName: string, terminals?: number): string[] {
  const file = readTokenFile(text, fileName);
  const count = terminals ?? file.tokens.length;
  if (file.tokens.length < count) throw new Error(`--tokens-file ${fileName} holds ${file.tokens.length} tokens, fewer than --terminals ${count}`);
  if (file.terminalIds) checkDistinctTerminals(file.terminalIds.slice(0, count), fileName);
  return file.tokens.slice(0, count);
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
