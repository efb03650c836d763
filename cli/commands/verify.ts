import { readFileSync } from 'node:fs';
import type { KeyObject } from 'node:crypto';
import type { PaysockCommand } from './command.js';
import { UsageError } from '../usage-error.js';

/** `paysock verify <certificate.json>`: checks a certificate's signature and the report files beside it. */
export const verifyCommand: PaysockCommand = {
  command: 'verify <certificate>',
  describe: 'Check a certificate.json: its signature (--key: by that key), the reports beside it, and that it names this paysock\'s spec, schemas and cases',
  builder: (y) =>
    y
      .positional('certificate', { type: 'string', describe: 'certificate.json written by "paysock certify"', demandOption: true })
      .option('key', { type: 'string', describe: 'PEM file of the Ed25519 public key the certificate must be signed with (the vendor\'s .pub.pem)' }),
  handler: async (args) => {
    const [{ parseCertificate }, { readPublicKey }, { verifyCertificate }, { allCases }] = await Promise.all([
      import('../../conformance/certificate/read-certificate.js'), import('../../conformance/certificate/keys.js'),
      import('../../conformance/certificate/verify.js'), import('../../conformance/cases/index.js'),
    ]);
    const file = String(args.certificate);
    let key: KeyObject | undefined;
    if (typeof args.key === 'string') {
      try {
        key = readPublicKey(args.key);
      } catch (error) {
        throw new UsageError(`--key: ${(error as Error).message}`);
      }
    }
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
    }
    let certificate;
    try {
      certificate = parseCertificate(text);
    } catch (error) {
      throw new UsageError(`${file}: ${(error as Error).message}`);
    }
    const { findings, ok } = verifyCertificate(file, certificate, { key, cases: allCases });
    const s = certificate.statement;
    process.stdout.write(`certificate ${certificate.fingerprint}\n  ${s.verdict} · ${s.target.url} (profile ${s.target.profile}, protocol ${s.protocolVersion}) · ${s.startedAt} · paysock ${s.paysock.version}${s.paysock.commit ? ` ${s.paysock.commit.slice(0, 12)}` : ''}\n`);
    const width = Math.max(...findings.map((f) => f.subject.length));
    const mark = { ok: 'ok      ', mismatch: 'MISMATCH', note: 'note    ' } as const;
    for (const f of findings) process.stdout.write(`${mark[f.state]}  ${f.subject.padEnd(width)}  ${f.detail}\n`);
    const mismatches = findings.filter((f) => f.state === 'mismatch');
    if (ok) {
      process.stdout.write(`verified: ${certificate.signature ? `signed by ${certificate.signature.keyFingerprint}` : 'NOT SIGNED'}, every report file present matches\n`);
      return 0;
    }
    process.stdout.write(`does not verify: ${mismatches.length} mismatch${mismatches.length === 1 ? '' : 'es'} (${mismatches.map((f) => f.subject).join(', ')})\n`);
    return 1;
  },
};
