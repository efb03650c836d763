/**
 * Reads the commands a README teaches: every line of its fenced shell code blocks that runs paysock
 * (`paysock ...` or `npx paysock ...`), with backslash continuations joined and trailing comments dropped.
 */
export function readmeCommands(markdown: string): string[] {
  const commands: string[] = [];
  for (const block of markdown.matchAll(/^```(sh|bash|shell|console)?\n([\s\S]*?)^```/gm)) {
    const joined = (block[2] ?? '').replace(/\\\n\s*/g, '');
    for (const raw of joined.split('\n')) {
      const line = withoutComment(raw).trim();
      if (/^(npx )?paysock(\s|$)/.test(line)) commands.push(line);
    }
  }
  return commands;
}

/** Drops a shell comment: a # after white space, outside quotes. */
function withoutComment(line: string): string {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === "'" || c === '"') {
      quote = c;
    } else if (c === '#' && (i === 0 || /\s/.test(line[i - 1] ?? ''))) {
      return line.slice(0, i);
    }
  }
  return line;
}

/**
 * The README's exit-code table (the section headed "Exit codes"): exit code -> what it means, as written.
 */
export function exitCodeTable(markdown: string): Map<number, string> {
  const section = /^#+ Exit codes\n([\s\S]*?)(?=^#)/m.exec(markdown)?.[1] ?? '';
  const table = new Map<number, string>();
  for (const row of section.matchAll(/^\|\s*\**(\d+)\**\s*\|(.*)\|\s*$/gm)) table.set(Number(row[1]), row[2]?.trim() ?? '');
  return table;
}

/** The one exit code whose meaning in `table` contains `outcome` (an error naming the rows otherwise). */
export function exitCodeFor(table: Map<number, string>, outcome: string): number {
  const codes = [...table].filter(([, meaning]) => meaning.includes(outcome)).map(([code]) => code);
  if (codes.length !== 1) throw new Error(`the README's exit-code table has ${codes.length} rows saying "${outcome}" (${codes.join(', ')})`);
  return codes[0]!;
}
