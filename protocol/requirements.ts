import { readFileSync } from 'node:fs';
import { packagePath } from './package-root.js';

/** Requirement levels of RFC 2119 used by docs/protocol.md and docs/protocol-v2.md. */
export type RequirementLevel = 'MUST' | 'SHOULD' | 'MAY';
/** Where a v1 requirement comes from (docs/protocol.md's source table). */
export type RequirementSource = 'document' | 'clarification' | 'client-dialect' | 'rfc6455' | 'project';
/**
 * Where a v2 requirement comes from (docs/protocol-v2.md's source table): a section of
 * pinto-android-2.md (`§2.5`, `§6 M4`, `§5 (f)`), a line of the app's code at d540407 that the
 * section leaves unclear (`code PaymentViewModel.kt:2262`), an open question of its §9
 * (`open §9.3`, never a MUST), or the project's own reading (`project`).
 */
export type V2RequirementSource = `§${string}` | `code ${string}` | `open §9.${number}` | 'project';
/** Protocol versions whose requirements paysock knows: v1 (docs/protocol.md) and v2 (docs/protocol-v2.md). */
export type ProtocolVersion = 1 | 2;

/** A sentence of a source that states a requirement, quoted, and where it stands. */
export interface Citation {
  /** The words of the source, verbatim (whitespace aside). */
  quote: string;
  /** File and place, e.g. "clarifications.md, The flow, 8" or "RFC 6455, 8.1". */
  where: string;
}

/** One numbered requirement of docs/protocol.md (or, with `S` = V2RequirementSource, of docs/protocol-v2.md). */
export interface Requirement<S extends string = RequirementSource> {
  id: string;
  level: RequirementLevel;
  source: S;
  text: string;
  /** Section heading the requirement stands under, e.g. "3. Envelope (ENV)". */
  section: string;
  /** The source sentences that state it (none for a project decision). */
  citations: Citation[];
}

/** A requirement of docs/protocol-v2.md. */
export type V2Requirement = Requirement<V2RequirementSource>;

interface Grammar {
  /** The file the markdown comes from, for error messages. */
  file: string;
  /** The documents of docs/sources/ its requirements are written from. */
  sources: readonly string[];
  line: RegExp;
}

const grammars: Record<ProtocolVersion, Grammar> = {
  1: {
    file: 'docs/protocol.md',
    sources: ['docs/sources/clarifications.md', 'docs/sources/payment-socket-protocol.txt'],
    line: /^- \*\*([A-Z]+-\d+)\*\* \[(MUST|SHOULD|MAY)\] \[(document|clarification|client-dialect|rfc6455|project)\] (.+)$/,
  },
  // v2 ids carry the version so they can never clash with v1's: V2-ENV-1, V2-M-4.
  2: {
    file: 'docs/protocol-v2.md',
    sources: ['docs/sources/pinto-android-2.md'],
    line: /^- \*\*(V2-[A-Z]+-\d+)\*\* \[(MUST|SHOULD|MAY)\] \[(§[^\]]+|code [^\]]+|open §9\.\d+|project)\] (.+)$/,
  },
};
/** The spec of a protocol version, as paths from the package root: its numbered requirements, then the sources they are written from. */
export function specFiles(version: ProtocolVersion): string[] {
  const { file, sources } = grammars[version];
  return [file, ...sources];
}

/** A citation line under a requirement: `  > "quoted words" (where)`. */
const CITATION = /^ {2}> "(.+)" \(([^()]+)\)$/;

/** Parses the requirement lines of a protocol.md text (v1, the default) or protocol-v2.md text, failing on a malformed or repeated one. */
export function parseRequirements(markdown: string): Requirement[];
export function parseRequirements(markdown: string, version: 1): Requirement[];
export function parseRequirements(markdown: string, version: 2): V2Requirement[];
export function parseRequirements(markdown: string, version: ProtocolVersion = 1): Array<Requirement<string>> {
  const { file, line: LINE } = grammars[version];
  const requirements: Array<Requirement<string>> = [];
  const seen = new Set<string>();
  let section = '';
  let last: Requirement<string> | undefined;
  for (const [index, line] of markdown.split('\n').entries()) {
    if (line.startsWith('## ')) section = line.slice(3).trim();
    if (line.startsWith('  > ')) {
      const cited = CITATION.exec(line);
      if (!cited || !last) throw new Error(`${file}:${index + 1}: malformed citation line (want '  > "quote" (where)' under a requirement): ${line}`);
      last.citations.push({ quote: cited[1] as string, where: cited[2] as string });
      continue;
    }
    if (!line.startsWith('- **')) {
      if (line.trim() !== '') last = undefined;
      continue;
    }
    const match = LINE.exec(line);
    if (!match) throw new Error(`${file}:${index + 1}: malformed requirement line: ${line}`);
    const [, id, level, source, text] = match as unknown as [string, string, RequirementLevel, string, string];
    if (seen.has(id)) throw new Error(`${file}:${index + 1}: requirement ${id} is defined twice`);
    seen.add(id);
    last = { id, level, source, text, section, citations: [] };
    requirements.push(last);
  }
  return requirements;
}

/** Every requirement of docs/protocol.md (v1, the default) or docs/protocol-v2.md (v2), read once per process. */
export function requirements(): readonly Requirement[];
export function requirements(version: 1): readonly Requirement[];
export function requirements(version: 2): readonly V2Requirement[];
export function requirements(version: ProtocolVersion = 1): ReadonlyArray<Requirement<string>> {
  if (version === 2) return (cachedV2 ??= parseRequirements(readFileSync(packagePath('docs', 'protocol-v2.md'), 'utf8'), 2));
  return (cached ??= parseRequirements(readFileSync(packagePath('docs', 'protocol.md'), 'utf8')));
}
let cached: Requirement[] | undefined;
let cachedV2: V2Requirement[] | undefined;

/** The requirement with that id (of v1 unless `version` says 2), or an error naming it. */
export function requirement(id: string): Requirement;
export function requirement(id: string, version: 1): Requirement;
export function requirement(id: string, version: 2): V2Requirement;
export function requirement(id: string, version: ProtocolVersion = 1): Requirement<string> {
  const found = (version === 2 ? requirements(2) : requirements()).find((r) => r.id === id);
  if (!found) throw new Error(`unknown requirement id ${id} (see ${grammars[version].file})`);
  return found;
}
