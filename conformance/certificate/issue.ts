import type { KeyObject } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { ConformanceCase } from '../case.js';
import type { RunResults } from '../results.js';
import type { ResolvedTarget } from '../target.js';
import { writeReports, type ReportFormat } from '../report/index.js';
import { CERTIFICATE_FILE, certificateSeal, certificateStatement, renderCertificate, sealCertificate } from './certificate.js';
import { sha256 } from './digests.js';

/** What a certified run needs beyond its results. */
export interface CertifyOptions {
  target: ResolvedTarget;
  /** The case definitions that ran. */
  cases: readonly ConformanceCase[];
  /** The Ed25519 private key to sign with; unsigned without. */
  key?: KeyObject;
}

/**
 * Writes the reports of a finished run and, beside them, certificate.json:
 * the statement is made first, so the reports can show its fingerprint (and
 * whether it is signed); then the written files are hashed into the
 * certificate, which is signed last. Returns the paths written, the
 * certificate last.
 */
export async function writeCertifiedReports(results: RunResults, dir: string, formats: ReportFormat[], options: CertifyOptions): Promise<string[]> {
  const statement = certificateStatement(results, options.target, options.cases);
  const sealed: RunResults = { ...results, certificate: certificateSeal(statement, options.key) };
  const written = await writeReports(sealed, dir, formats);
  const reports: Record<string, string> = {};
  for (const path of written) reports[basename(path)] = sha256(await readFile(path));
  const path = join(dir, CERTIFICATE_FILE);
  await writeFile(path, renderCertificate(sealCertificate(statement, reports, options.key)), 'utf8');
  return [...written, path];
}
