import { sign, verify, type KeyObject, createPublicKey } from 'node:crypto';
import type { ConformanceCase } from '../case.js';
import type { Certificate, CertificateStatement, TargetDeclaration } from '../../protocol/types/generated-formats.js';
import type { CertificateSeal, RunResults } from '../results.js';
import type { ResolvedTarget } from '../target.js';
import { paysockBuild } from './build-info.js';
import { canonicalJson } from './canonical-json.js';
import { caseSetDigest, protocolVersionOf, schemasDigest, sha256, specDigest } from './digests.js';
import { keyFingerprint, publicKeyPem } from './keys.js';

/** The format tag of certificate.json; another value is another format. */
export const CERTIFICATE_FORMAT: Certificate['format'] = 'paysock-certificate/1';
/** File name of the certificate inside the report directory, beside the reports it names. */
export const CERTIFICATE_FILE = 'certificate.json';

/** certificate.json and its parts: generated from schemas/formats/certificate.schema.json. */
export type { Certificate, CertificateSignature, CertificateStatement, TargetDeclaration } from '../../protocol/types/generated-formats.js';

/** The target declaration of a resolved target, secrets left out. */
export function targetDeclaration(target: ResolvedTarget): TargetDeclaration {
  return {
    url: target.url,
    profile: target.profile,
    terminalIdParam: target.terminalIdParam,
    timings: { ...target.timings } as Record<string, number>,
    features: { ...target.features },
    auth: target.auth.mode === 'tokens' ? { mode: 'tokens', terminals: target.auth.pool.length } : { mode: 'none' },
    tls: { ...(target.tls.ca !== undefined ? { ca: sha256(target.tls.ca) } : {}), rejectUnauthorized: target.tls.rejectUnauthorized },
    dailyLimit: target.dailyLimit,
    dailyLimitDeclared: target.dailyLimitDeclared === true,
  };
}

/** What the certificate of a finished run states. `cases` are the case definitions that ran; `root` the paysock package whose spec and schemas it names. */
export function certificateStatement(results: RunResults, target: ResolvedTarget, cases: readonly ConformanceCase[], root?: string): CertificateStatement {
  return {
    target: targetDeclaration(target),
    protocolVersion: results.suite.specVersion,
    paysock: paysockBuild(),
    spec: specDigest(root, protocolVersionOf(results.suite.specVersion)),
    schemas: schemasDigest(root),
    cases: { digest: caseSetDigest(cases), count: cases.length },
    startedAt: results.startedAt,
    finishedAt: results.finishedAt,
    command: results.command,
    verdict: results.verdict,
    counts: { ...results.counts },
    caseVerdicts: Object.fromEntries(results.cases.map((c) => [c.id, c.verdict])),
  };
}

/** The fingerprint of a statement: "sha256:<hex>" of its canonical JSON. */
export function statementFingerprint(statement: CertificateStatement): string {
  return sha256(canonicalJson(statement));
}

/** What the reports show of their certificate (RunResults.certificate): known before the reports are written, so they can carry it. */
export function certificateSeal(statement: CertificateStatement, key: KeyObject | undefined): CertificateSeal {
  return { fingerprint: statementFingerprint(statement), signed: key !== undefined, ...(key ? { keyFingerprint: keyFingerprint(key) } : {}) };
}

/** The bytes the signature covers: the canonical JSON of everything in the certificate but the signature. */
export function signedBytes(certificate: Certificate): Buffer {
  const { signature: _signature, ...covered } = certificate;
  return Buffer.from(canonicalJson(covered), 'utf8');
}

/** The certificate of a statement and the digests of its report files, signed with `key` when one is given. */
export function sealCertificate(statement: CertificateStatement, reports: Record<string, string>, key?: KeyObject): Certificate {
  const certificate: Certificate = { format: CERTIFICATE_FORMAT, fingerprint: statementFingerprint(statement), statement, reports };
  if (!key) return certificate;
  // Ed25519 hashes internally: node's sign() takes no digest for it (null).
  const value = sign(null, signedBytes(certificate), key).toString('base64');
  return { ...certificate, signature: { algorithm: 'Ed25519', publicKey: publicKeyPem(key), keyFingerprint: keyFingerprint(key), value } };
}

/** Whether the certificate's signature is valid for `key` (its own embedded public key when none is given). */
export function signatureHolds(certificate: Certificate, key?: KeyObject): boolean {
  const signature = certificate.signature;
  if (!signature) return false;
  try {
    const publicKey = key ?? createPublicKey(signature.publicKey);
    return verify(null, signedBytes(certificate), publicKey, Buffer.from(signature.value, 'base64'));
  } catch {
    return false;
  }
}

/** certificate.json as written: pretty-printed, newline-terminated (the signature does not depend on the layout). */
export function renderCertificate(certificate: Certificate): string {
  return `${JSON.stringify(certificate, null, 2)}\n`;
}
