/**
 * One-line usage messages. yargs words its parse errors for a help screen
 * (several lines, option names without dashes); a CI log needs one line that
 * names the flag as the user typed it and what is allowed instead.
 */

/** The usage of a subcommand, e.g. "paysock validate <file>", for messages about missing arguments. */
export interface CommandUsage {
  name: string;
  usage: string;
}

/** Newlines and runs of blanks collapsed: whatever a message says, it is one line on stderr. */
export function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').replace(/\s{2,}/g, ' ').trim();
}

/** How the user wrote an option: "--port", "-h". */
function flag(name: string): string {
  return name.length === 1 ? `-${name}` : `--${name}`;
}

/** The argument as typed: an option ("--frobnicate") when argv has it as one, otherwise a quoted word. */
function typed(name: string, argv: readonly string[]): string {
  const asFlag = flag(name);
  return argv.some((a) => a === asFlag || a.startsWith(`${asFlag}=`) || a === `--no-${name}`) ? asFlag : `"${name}"`;
}

/**
 * Rewrites a yargs parse error (English locale) as one line naming the flag
 * and what is allowed. `command` is the subcommand being parsed, undefined at
 * the top level; `commandNames` are every subcommand, for an unknown one.
 */
export function usageLine(message: string, argv: readonly string[], command: CommandUsage | undefined, commandNames: readonly string[]): string {
  const help = command ? `paysock ${command.name} --help` : 'paysock --help';
  const unknown = /^Unknown (?:argument|command)s?: (.+)$/s.exec(message.trim());
  if (unknown) {
    const listed = (unknown[1] ?? '').split(', ').map((n) => n.trim());
    // yargs names "--data-dri" twice, also as its camelCase copy "dataDri": the user typed one.
    const names = listed.filter((n) => !/[A-Z]/.test(n) || !listed.includes(n.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)));
    const words = names.map((n) => typed(n, argv));
    if (!command && words.every((w) => w.startsWith('"'))) return `unknown command ${words.join(', ')} (choose from ${commandNames.join(', ')})`;
    const kind = words.every((w) => w.startsWith('-')) ? (words.length > 1 ? 'unknown flags' : 'unknown flag') : words.length > 1 ? 'unexpected arguments' : 'unexpected argument';
    return `${kind} ${words.join(', ')} (${help} lists what is allowed)`;
  }
  const suggestion = /^Did you mean (\S+)\?$/.exec(message.trim());
  if (suggestion) {
    const word = argv.find((a) => !a.startsWith('-'));
    return `unknown command${word !== undefined ? ` "${word}"` : ''}: did you mean ${suggestion[1]}? (choose from ${commandNames.join(', ')})`;
  }
  const invalid = /Argument: (\S+), Given: (.+?), Choices: (.+)$/m.exec(message);
  if (invalid) {
    const choices = (invalid[3] ?? '').split(', ').map((c) => c.replace(/^"(.*)"$/, '$1'));
    return `${flag(invalid[1] ?? '')}: ${invalid[2]} is not one of ${choices.join(', ')}`;
  }
  if (/^(Not enough non-option arguments|Missing required arguments?:)/.test(message)) {
    return command ? `missing argument: ${command.usage}` : oneLine(message);
  }
  if (/^Too many non-option arguments/.test(message)) {
    return command ? `too many arguments: ${command.usage}` : oneLine(message);
  }
  const exclusive = /^Arguments (\S+) and (\S+) are mutually exclusive/.exec(message);
  if (exclusive) return `${flag(exclusive[1] ?? '')} and ${flag(exclusive[2] ?? '')} cannot be given together`;
  const following = /^Not enough arguments following: (\S+)/.exec(message);
  if (following) return `${flag(following[1] ?? '')} needs a value`;
  return oneLine(message);
}

/**
 * Number options that did not parse: yargs turns "--port eighty" into NaN
 * without complaint. Returns the message for the first one, or undefined.
 * Keys with capitals are yargs' camelCase copies of dashed names; the dashed
 * original speaks for them.
 */
export function notANumber(args: Record<string, unknown>, argv: readonly string[]): string | undefined {
  for (const [key, value] of Object.entries(args)) {
    if (/[A-Z]/.test(key) || key === '$0' || key === '_') continue;
    const values = Array.isArray(value) ? value : [value];
    if (!values.some((v) => typeof v === 'number' && Number.isNaN(v))) continue;
    return `${flag(key)}: ${JSON.stringify(givenValue(key, argv) ?? '')} is not a number`;
  }
  return undefined;
}

/** The text given to an option in argv ("--port x" or "--port=x"), if any. */
function givenValue(key: string, argv: readonly string[]): string | undefined {
  const name = flag(key);
  for (const [i, a] of argv.entries()) {
    if (a.startsWith(`${name}=`)) return a.slice(name.length + 1);
    if (a === name) return argv[i + 1];
  }
  return undefined;
}
