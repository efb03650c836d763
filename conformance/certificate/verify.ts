import { createPublicKey, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ConformanceCase } from '../case.js';
import { parseRunResults } from '../report/read-results.js';
import { signatureHolds, statementFingerprint, type Certificate } from './certificate.js';
import { caseSetDigest, protocolVersionOf, schemasDigest, sha256, specDigest, type FileSetDigest } from './digests.js';
import { keyFingerprint } from './keys.js';

/** One thing `paysock verify` checked: it matched, it did not (the certificate does not verify), or a note that decides nothing. */
export interface Finding {
  subject: string;
  state: 'ok' | 'mismatch' | 'note';
  detail: string;
}

/** What verifying a certificate found; `ok` when nothing mismatched. */
export interface Verification {
  findings: Finding[];
  ok: boolean;
}

/** What a certificate is verified against: the key expected, and this paysock's cases, spec and schemas. */
export interface VerifyOptions {
  /** The public key the certificate must be signed with (`--key`). */
  key?: KeyObject;
  /** This paysock's case definitions, to re-digest the case set the certificate names. */
  cases: readonly ConformanceCase[];
  /** The paysock package whose spec and schemas to compare with (this one by default). */
  root?: string;
}

/** The first 16 hex digits of a digest, as the findings quote them. */
export function shortDigest(digest: string): string {
  return digest.length > 23 ? `${digest.slice(0, 23)}…` : digest;
}

/**
 * Verifies a certificate read from `file`: its statement against its
 * fingerprint, its signature (against `key` when given), every report file
 * it names that sits beside it, and the spec, schemas and case set it names
 * against this paysock's. Each mismatch is a finding that says what differs.
 */
export function verifyCertificate(file: string, certificate: Certificate, options: VerifyOptions): Verification {
  const findings: Finding[] = [
    fingerprintFinding(certificate),
    signatureFinding(certificate, options.key),
    ...reportFindings(dirname(file), certificate),
    fileSetFinding('spec', certificate.statement.spec, specDigest(options.root, protocolVersionOf(certificate.statement.protocolVersion)), certificate),
    fileSetFinding('schemas', certificate.statement.schemas, schemasDigest(options.root), certificate),
    caseSetFinding(certificate, options.cases),
  ];
  return { findings, ok: findings.every((f) => f.state !== 'mismatch') };
}

function fingerprintFinding(certificate: Certificate): Finding {
  const actual = statementFingerprint(certificate.statement);
  return actual === certificate.fingerprint
    ? { subject: 'fingerprint', state: 'ok', detail: certificate.fingerprint }
    : { subject: 'fingerprint', state: 'mismatch', detail: `the statement was edited: it hashes to ${shortDigest(actual)}, the certificate says ${shortDigest(certificate.fingerprint)}` };
}

function signatureFinding(certificate: Certificate, key: KeyObject | undefined): Finding {
  const signature = certificate.signature;
  const subject = 'signature';
  if (!signature) {
    return key
      ? { subject, state: 'mismatch', detail: `not signed, but --key asks for a signature by ${shortDigest(keyFingerprint(key))}` }
      : { subject, state: 'note', detail: 'not signed: the digests below show the files match this certificate, not who made it' };
  }
  let embedded: KeyObject;
  try {
    embedded = createPublicKey(signature.publicKey);
  } catch {
    return { subject, state: 'mismatch', detail: 'the public key in the certificate is not a PEM key' };
  }
  if (embedded.asymmetricKeyType !== 'ed25519' || keyFingerprint(embedded) !== signature.keyFingerprint) {
    return { subject, state: 'mismatch', detail: `the public key in the certificate is not the key ${shortDigest(signature.keyFingerprint)} it names` };
  }
  if (key && keyFingerprint(key) !== signature.keyFingerprint) {
    return { subject, state: 'mismatch', detail: `signed with another key: ${shortDigest(signature.keyFingerprint)}, not the key given with --key (${shortDigest(keyFingerprint(key))})` };
  }
  if (!signatureHolds(certificate, key ?? embedded)) {
    return { subject, state: 'mismatch', detail: `the Ed25519 signature does not match: certificate.json was changed after key ${shortDigest(signature.keyFingerprint)} signed it` };
  }
  return key
    ? { subject, state: 'ok', detail: `Ed25519, signed with the key given with --key (${signature.keyFingerprint})` }
    : { subject, state: 'ok', detail: `Ed25519, signed with key ${signature.keyFingerprint} (the key inside the certificate: give --key to check it is the one you expect)` };
}

/** Each report file the certificate names: re-hashed when it sits beside the certificate, explained when it differs. */
function reportFindings(dir: string, certificate: Certificate): Finding[] {
  return Object.entries(certificate.reports).map(([name, digest]): Finding => {
    // A name is a file beside the certificate, never a path: a certificate must not make verify read elsewhere.
    if (!/^[\w.-]+$/.test(name) || name.startsWith('.')) return { subject: name, state: 'mismatch', detail: 'names a file outside the certificate\'s folder' };
    const path = join(dir, name);
    if (!existsSync(path)) return { subject: name, state: 'note', detail: 'not beside the certificate: not checked' };
    const bytes = readFileSync(path);
    if (sha256(bytes) === digest) return { subject: name, state: 'ok', detail: shortDigest(digest) };
    return { subject: name, state: 'mismatch', detail: explainReport(name, bytes.toString('utf8'), certificate) };
  });
}

/** Why a report file's digest differs, in the words an operator needs: which verdicts moved, or that it is another run's file. */
function explainReport(name: string, text: string, certificate: Certificate): string {
  const certified = certificate.statement;
  if (name.endsWith('.json')) {
    let results;
    try {
      results = parseRunResults(text);
    } catch (error) {
      return `changed after certification, and no longer a results file (${(error as Error).message})`;
    }
    const other = results.certificate?.fingerprint;
    if (other !== undefined && other !== certificate.fingerprint) return `from another run: it names certificate ${shortDigest(other)}, not ${shortDigest(certificate.fingerprint)}`;
    const moved = verdictChanges(certified.caseVerdicts, new Map(results.cases.map((c) => [c.id, c.verdict])));
    if (results.verdict !== certified.verdict) moved.unshift(`overall verdict ${results.verdict}, the certificate says ${certified.verdict}`);
    return moved.length > 0 ? `edited after certification: ${moved.join('; ')}` : 'changed after certification (no verdict moved)';
  }
  if (name.endsWith('.html')) {
    const shown = /data-certificate-fingerprint="(sha256:[0-9a-f]{64})"/.exec(text)?.[1];
    if (shown === undefined) return 'not the report of this certificate: its header shows no certificate fingerprint';
    if (shown !== certificate.fingerprint) return `from another run: its header shows certificate ${shortDigest(shown)}, not ${shortDigest(certificate.fingerprint)}`;
    const moved = verdictChanges(certified.caseVerdicts, htmlVerdicts(text));
    const overall = /id="overall-verdict" class="overall o-([A-Z_]+)"/.exec(text)?.[1];
    if (overall !== undefined && overall !== certified.verdict) moved.unshift(`overall verdict ${overall}, the certificate says ${certified.verdict}`);
    return moved.length > 0 ? `edited after certification: ${moved.join('; ')}` : 'changed after certification (no verdict it shows moved)';
  }
  return 'changed after certification';
}

/** The case verdicts an HTML report shows (its case blocks' data attributes). */
function htmlVerdicts(html: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const tag of html.matchAll(/<details class="case"[^>]*>/g)) {
    const verdict = /data-verdict="([A-Z]+)"/.exec(tag[0])?.[1];
    const id = /data-id="([^"]*)"/.exec(tag[0])?.[1];
    if (verdict !== undefined && id !== undefined) found.set(unescapeAttribute(id), verdict);
  }
  return found;
}

function unescapeAttribute(value: string): string {
  return value.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** "case X is PASS, the certificate says FAIL" for every case whose verdict differs, is missing or was added. */
function verdictChanges(certified: Record<string, string>, found: ReadonlyMap<string, string>): string[] {
  const changes: string[] = [];
  for (const [id, verdict] of Object.entries(certified)) {
    const now = found.get(id);
    if (now === undefined) changes.push(`case ${id} is missing (the certificate says ${verdict})`);
    else if (now !== verdict) changes.push(`case ${id} is ${now}, the certificate says ${verdict}`);
  }
  for (const id of found.keys()) if (!(id in certified)) changes.push(`case ${id} is not in the certificate`);
  return changes;
}

/** The spec or schemas the certificate names, against this paysock's. */
function fileSetFinding(subject: 'spec' | 'schemas', certified: FileSetDigest, mine: FileSetDigest, certificate: Certificate): Finding {
  if (certified.digest === mine.digest) return { subject, state: 'ok', detail: `${shortDigest(mine.digest)}, the same as this paysock's (${Object.keys(mine.files).length} files)` };
  const differing: string[] = [];
  for (const [path, digest] of Object.entries(certified.files)) {
    if (!(path in mine.files)) differing.push(`${path} is not in this paysock`);
    else if (mine.files[path] !== digest) differing.push(`${path} differs`);
  }
  for (const path of Object.keys(mine.files)) if (!(path in certified.files)) differing.push(`${path} is not in the certificate`);
  const made = certificate.statement.paysock;
  const by = `paysock ${made.version}${made.commit ? ` (commit ${made.commit.slice(0, 12)})` : ''}`;
  const what = differing.length > 0 ? differing.join(', ') : `the certificate says ${shortDigest(certified.digest)}, this paysock's is ${shortDigest(mine.digest)}`;
  return { subject, state: 'mismatch', detail: `not this paysock's ${subject}: ${what}; the certificate was made by ${by}` };
}

/** The case set the certificate names, against this paysock's cases of the same ids. */
function caseSetFinding(certificate: Certificate, cases: readonly ConformanceCase[]): Finding {
  const ids = Object.keys(certificate.statement.caseVerdicts);
  const byId = new Map(cases.map((c) => [c.id, c]));
  const unknown = ids.filter((id) => !byId.has(id));
  if (unknown.length > 0) return { subject: 'cases', state: 'mismatch', detail: `${unknown.length} case${unknown.length === 1 ? '' : 's'} unknown to this paysock: ${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? ', …' : ''}` };
  const digest = caseSetDigest(ids.map((id) => byId.get(id) as ConformanceCase));
  if (ids.length !== certificate.statement.cases.count) {
    return { subject: 'cases', state: 'mismatch', detail: `the certificate names ${certificate.statement.cases.count} cases but gives verdicts for ${ids.length}` };
  }
  return digest === certificate.statement.cases.digest
    ? { subject: 'cases', state: 'ok', detail: `${ids.length} cases, the same as this paysock's (${shortDigest(digest)})` }
    : { subject: 'cases', state: 'mismatch', detail: `this paysock's cases of the same ids check other things (titles, levels or requirements differ): ${shortDigest(digest)}, the certificate says ${shortDigest(certificate.statement.cases.digest)}` };
}
