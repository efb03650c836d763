import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { ConformanceCase } from '../case.js';
import { packageRoot } from '../../protocol/package-root.js';
import type { FileSetDigest } from '../../protocol/types/generated-formats.js';
import { specFiles, type ProtocolVersion } from '../../protocol/requirements.js';
import { canonicalJson } from './canonical-json.js';

/** "sha256:<hex>" of some bytes: the one digest notation of certificate.json. */
export function sha256(data: string | Uint8Array): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

/** A set of files by package-relative path, each with its digest, and one digest over them all (schemas/formats/certificate.schema.json). */
export type { FileSetDigest } from '../../protocol/types/generated-formats.js';

/** The digest of a file set: of the canonical JSON of its path -> digest map, so it names exactly which files and what they held. */
export function fileSetDigest(files: Record<string, string>): FileSetDigest {
  return { digest: sha256(canonicalJson(files)), files };
}

/** Every file under `dir` (recursively), as absolute paths, sorted. */
function filesUnder(dir: string, accept: (name: string) => boolean): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...filesUnder(path, accept));
    else if (entry.isFile() && accept(entry.name)) found.push(path);
  }
  return found.sort();
}

/**
 * Digests of text files inside the package. Line ends are read as LF, so a
 * checkout that turned them into CRLF (git on Windows) has the same spec.
 */
function textFiles(root: string, paths: readonly string[]): FileSetDigest {
  const files: Record<string, string> = {};
  for (const path of paths) {
    const text = readFileSync(path, 'utf8').replace(/\r\n/g, '\n');
    files[relative(root, path).split(sep).join('/')] = sha256(text);
  }
  return fileSetDigest(files);
}

/**
 * The spec a run of protocol `version` was judged against: its numbered
 * requirements (docs/protocol.md, docs/protocol-v2.md) and the documents of
 * docs/sources they are written from. Another version's files are left out, so
 * adding v2's spec does not change what a v1 certificate names.
 */
export function specDigest(root: string = packageRoot(), version: ProtocolVersion = 1): FileSetDigest {
  return textFiles(root, specFiles(version).map((file) => join(root, ...file.split('/'))));
}

/** The protocol version of a suite's `specVersion` ("v1", "v2", or with a note after it: "v1 (docs/protocol.md)"). */
export function protocolVersionOf(specVersion: string): ProtocolVersion {
  const version = Number(/^v(\d+)\b/.exec(specVersion)?.[1]);
  if (version !== 1 && version !== 2) throw new Error(`unknown protocol version ${JSON.stringify(specVersion)}`);
  return version;
}

/**
 * The JSON Schemas every frame is validated with: schemas/**\/*.json but
 * schemas/formats/ (paysock's own files: results.json, this certificate, ...),
 * which judge no frame, so a change to a report format leaves the statement as it was.
 */
export function schemasDigest(root: string = packageRoot()): FileSetDigest {
  const formats = join(root, 'schemas', 'formats') + sep;
  return textFiles(root, filesUnder(join(root, 'schemas'), (name) => name.endsWith('.json')).filter((path) => !path.startsWith(formats)));
}

/** What a certificate records of each case that ran: what it is and what it checks, not its code (which paysock's commit names). */
export function caseIdentity(c: Pick<ConformanceCase, 'id' | 'title' | 'level' | 'requirements'>): { id: string; title: string; level: string; requirements: string[] } {
  return { id: c.id, title: c.title, level: c.level, requirements: [...c.requirements] };
}

/** The digest of the case set that ran: ids, titles, levels and requirements, in id order. */
export function caseSetDigest(cases: ReadonlyArray<Pick<ConformanceCase, 'id' | 'title' | 'level' | 'requirements'>>): string {
  const identities = cases.map(caseIdentity).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return sha256(canonicalJson(identities));
}
