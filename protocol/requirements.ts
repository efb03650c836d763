import { readFileSync } from 'node:fs';
import { packagePath } from './package-root.js';

/** Requirement levels of RFC 2119 used by docs/protocol.md. */
export type RequirementLevel = 'MUST' | 'SHOULD' | 'MAY';
/** Where a requirement comes from (docs/protocol.md's source table). */
export type RequirementSource = 'document' | 'clarification' | 'client-dialect' | 'rfc6455' | 'project';

/** A sentence of a source that states a requirement, quoted, and where it stands. */
export interface Citation {
  /** The words of the source, verbatim (whitespace aside). */
  quote: string;
  /** File and place, e.g. "clarifications.md, The flow, 8" or "RFC 6455, 8.1". */
  where: string;
}

/** One numbered requirement of docs/protocol.md. */
export interface Requirement {
  id: string;
  level: RequirementLevel;
  source: RequirementSource;
  text: string;
  /** Section heading the requirement stands under, e.g. "3. Envelope (ENV)". */
  section: string;
  /** The source sentences that state it (none for a project decision). */
  citations: Citation[];
}

const LINE = /^- \*\*([A-Z]+-\d+)\*\* \[(MUST|SHOULD|MAY)\] \[(document|clarification|client-dialect|rfc6455|project)\] (.+)$/;
/** A citation line under a requirement: `  > "quoted words" (where)`. */
const CITATION = /^ {2}> "(.+)" \(([^()]+)\)$/;

/** Parses the requirement lines of a protocol.md text, failing on a malformed or repeated one. */
export function parseRequirements(markdown: string): Requirement[] {
  const requirements: Requirement[] = [];
  const seen = new Set<string>();
  let section = '';
  let last: Requirement | undefined;
  for (const [index, line] of markdown.split('\n').entries()) {
    if (line.startsWith('## ')) section = line.slice(3).trim();
    if (line.startsWith('  > ')) {
      const cited = CITATION.exec(line);
      if (!cited || !last) throw new Error(`docs/protocol.md:${index + 1}: malformed citation line (want '  > "quote" (where)' under a requirement): ${line}`);
      last.citations.push({ quote: cited[1] as string, where: cited[2] as string });
      continue;
    }
    if (!line.startsWith('- **')) {
      if (line.trim() !== '') last = undefined;
      continue;
    }
    const match = LINE.exec(line);
    if (!match) throw new Error(`docs/protocol.md:${index + 1}: malformed requirement line: ${line}`);
    const [, id, level, source, text] = match as unknown as [string, string, RequirementLevel, RequirementSource, string];
    if (seen.has(id)) throw new Error(`docs/protocol.md:${index + 1}: requirement ${id} is defined twice`);
    seen.add(id);
    last = { id, level, source, text, section, citations: [] };
    requirements.push(last);
  }
  return requirements;
}

/** Every requirement of docs/protocol.md, read once per process. */
export function requirements(): readonly Requirement[] {
  return (cached ??= parseRequirements(readFileSync(packagePath('docs', 'protocol.md'), 'utf8')));
}
let cached: Requirement[] | undefined;

/** The requirement with that id, or an error naming it. */
export function requirement(id: string): Requirement {
  const found = requirements().find((r) => r.id === id);
  if (!found) throw new Error(`unknown requirement id ${id} (see docs/protocol.md)`);
  return found;
}
