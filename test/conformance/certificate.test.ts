import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paysock } from '../cli/run-in-process.js';
import { allCases } from '../../conformance/cases/index.js';
import { canonicalJson } from '../../conformance/certificate/canonical-json.js';
import { parseCertificate } from '../../conformance/certificate/read-certificate.js';
import { verifyCertificate } from '../../conformance/certificate/verify.js';
import { packagePath } from '../../protocol/package-root.js';

/**
 * paysock certify --sign, paysock keygen and paysock verify (issue 27): a
 * signed certificate verifies; an edited verdict, one byte of the HTML, a
 * swapped HTML, another spec, another key each make verify exit 1 naming it.
 */

let dir: string;
/** A signed run of a few cases against the embedded reference server: reports and certificate in `signed/`. */
let signed: string;
let key: string;
let publicKey: string;
const fixtureKey = packagePath('test', 'conformance', 'fixtures', 'keys', 'rfc8410.pem');
const fixturePublicKey = packagePath('test', 'conformance', 'fixtures', 'keys', 'rfc8410.pub.pem');
const cases = ['--case', 'transport/1', '--case', 'flow/1'];

/** A copy of the signed run's reports and certificate, to edit. */
async function copyOfSigned(name: string): Promise<string> {
  const copy = join(dir, name);
  await cp(signed, copy, { recursive: true });
  return copy;
}

/** The lines `paysock verify` marks MISMATCH, blanks between the columns collapsed to one. */
function mismatches(stdout: string): string[] {
  return stdout.split('\n').filter((l) => l.startsWith('MISMATCH')).map((l) => l.replace(/^(MISMATCH) +(\S+) +/, '$1 $2 '));
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'paysock-certificate-'));
  key = join(dir, 'vendor.pem');
  publicKey = join(dir, 'vendor.pub.pem');
  const keygen = await paysock(['keygen', '--out', key]);
  expect(keygen.code, keygen.stderr).toBe(0);
  signed = join(dir, 'signed');
  const run = await paysock(['certify', '--embedded', '--sign', key, '--report-dir', signed, ...cases]);
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toContain(`report: ${join(signed, 'certificate.json')}`);
}, 60_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('paysock keygen', () => {
  it('writes the private key readable by its owner only, the public key beside it, and never overwrites a key', async () => {
    expect((await stat(key)).mode & 0o777).toBe(0o600);
    expect(await readFile(publicKey, 'utf8')).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    const before = await readFile(key, 'utf8');
    const again = await paysock(['keygen', '--out', key]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/^paysock: .*vendor\.pem exists/);
    expect(await readFile(key, 'utf8')).toBe(before);
  });
});

describe('paysock verify', () => {
  it('a signed certificate verifies, with the vendor\'s public key and without', async () => {
    const withKey = await paysock(['verify', join(signed, 'certificate.json'), '--key', publicKey]);
    expect(withKey.code, withKey.stdout).toBe(0);
    expect(mismatches(withKey.stdout)).toEqual([]);
    for (const subject of ['fingerprint', 'signature', 'conformance.html', 'conformance.junit.xml', 'results.json', 'spec', 'schemas', 'cases']) {
      expect(withKey.stdout).toMatch(new RegExp(`^ok +${subject.replace('.', '\\.')} `, 'm'));
    }
    expect(withKey.stdout).toContain('signed with the key given with --key');
    const without = await paysock(['verify', join(signed, 'certificate.json')]);
    expect(without.code).toBe(0);
  });

  it('the certificate names the run: target, profile, protocol, paysock and commit, digests, verdicts, times', async () => {
    const certificate = parseCertificate(await readFile(join(signed, 'certificate.json'), 'utf8'));
    const results = JSON.parse(await readFile(join(signed, 'results.json'), 'utf8')) as { cases: Array<{ id: string; verdict: string }>; startedAt: string; finishedAt: string; target: { url: string } };
    const s = certificate.statement;
    expect(s.target.url).toBe(results.target.url);
    expect(s.target.profile).toBe('strict');
    expect(s.target.timings.idleTimeoutMs).toBe(1_500);
    expect(s.protocolVersion).toBe('v1');
    expect(s.paysock.version).toBe(JSON.parse(await readFile(packagePath('package.json'), 'utf8')).version);
    // The tests run from a git checkout: the commit is known (from git here, from dist/build-info.json when built).
    expect(s.paysock.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(Object.keys(s.spec.files)).toEqual(['docs/protocol.md', 'docs/sources/clarifications.md', 'docs/sources/payment-socket-protocol.txt']);
    expect(Object.keys(s.schemas.files)).toContain('schemas/server-message.schema.json');
    expect(s.caseVerdicts).toEqual(Object.fromEntries(results.cases.map((c) => [c.id, c.verdict])));
    expect(s.cases.count).toBe(results.cases.length);
    expect([s.startedAt, s.finishedAt]).toEqual([results.startedAt, results.finishedAt]);
    expect(Object.keys(certificate.reports).sort()).toEqual(['conformance.html', 'conformance.junit.xml', 'results.json']);
    expect(certificate.signature?.algorithm).toBe('Ed25519');
  });

  it('the HTML report shows the certificate fingerprint in its header and says it is signed', async () => {
    const certificate = parseCertificate(await readFile(join(signed, 'certificate.json'), 'utf8'));
    const html = await readFile(join(signed, 'conformance.html'), 'utf8');
    const header = html.slice(html.indexOf('<header class="certificate'), html.indexOf('</header>'));
    expect(header).toContain(`data-certificate-fingerprint="${certificate.fingerprint}"`);
    expect(header).toContain('data-certificate-state="signed"');
    expect(header).toContain(certificate.fingerprint.slice(0, 23));
    expect(header).toContain(certificate.signature?.keyFingerprint.slice(0, 23));
  });

  it('one verdict changed in results.json: exit 1 naming results.json and the case', async () => {
    const copy = await copyOfSigned('edited-verdict');
    const file = join(copy, 'results.json');
    const results = JSON.parse(await readFile(file, 'utf8')) as { cases: Array<{ id: string; verdict: string }> };
    const edited = results.cases[0];
    if (!edited) throw new Error('no case ran');
    expect(edited.verdict).toBe('PASS');
    await writeFile(file, (await readFile(file, 'utf8')).replace(/"verdict": "PASS"/, '"verdict": "FAIL"'));
    const run = await paysock(['verify', join(copy, 'certificate.json'), '--key', publicKey]);
    expect(run.code).toBe(1);
    expect(mismatches(run.stdout)).toEqual([`MISMATCH results.json edited after certification: case ${edited.id} is FAIL, the certificate says PASS`]);
    expect(run.stdout).toMatch(/does not verify: 1 mismatch \(results\.json\)/);
  });

  it('one byte of the HTML changed: exit 1 naming conformance.html', async () => {
    const copy = await copyOfSigned('edited-html');
    const file = join(copy, 'conformance.html');
    const bytes = await readFile(file);
    // A byte of the page's text, not of its markup: what an edit of a shown word would do.
    const at = bytes.indexOf('Generated by');
    bytes[at] = 'g'.charCodeAt(0);
    await writeFile(file, bytes);
    const run = await paysock(['verify', join(copy, 'certificate.json'), '--key', publicKey]);
    expect(run.code).toBe(1);
    expect(mismatches(run.stdout)).toEqual(['MISMATCH conformance.html changed after certification (no verdict it shows moved)']);
  });

  it('an HTML report swapped for another run\'s: exit 1 naming the other certificate', async () => {
    const other = join(dir, 'other-run');
    const run = await paysock(['certify', '--embedded', '--report-dir', other, '--case', 'transport/1/1']);
    expect(run.code, run.stderr).toBe(0);
    const copy = await copyOfSigned('swapped-html');
    await cp(join(other, 'conformance.html'), join(copy, 'conformance.html'));
    const otherFingerprint = parseCertificate(await readFile(join(other, 'certificate.json'), 'utf8')).fingerprint;
    const verify = await paysock(['verify', join(copy, 'certificate.json')]);
    expect(verify.code).toBe(1);
    expect(mismatches(verify.stdout)).toEqual([expect.stringMatching(new RegExp(`^MISMATCH conformance\\.html from another run: its header shows certificate ${otherFingerprint.slice(0, 23)}`))]);
    // The other run was not signed, and its page says so.
    expect(await readFile(join(other, 'conformance.html'), 'utf8')).toContain('data-certificate-state="unsigned"');
  });

  it('the spec digest changed in certificate.json: exit 1 naming the spec (and the broken signature)', async () => {
    const copy = await copyOfSigned('edited-spec');
    const file = join(copy, 'certificate.json');
    const certificate = JSON.parse(await readFile(file, 'utf8'));
    certificate.statement.spec.digest = `sha256:${'0'.repeat(64)}`;
    await writeFile(file, JSON.stringify(certificate, null, 2));
    const run = await paysock(['verify', file, '--key', publicKey]);
    expect(run.code).toBe(1);
    const lines = mismatches(run.stdout);
    expect(lines.map((l) => l.split(/ +/)[1])).toEqual(['fingerprint', 'signature', 'spec']);
    expect(lines[2]).toMatch(/not this paysock's spec: the certificate says sha256:0000000000000000…, this paysock's is sha256:[0-9a-f]{16}…; the certificate was made by paysock /);
  });

  it('a certificate made by a paysock with another spec: the spec file that differs is named', async () => {
    // Another paysock: the same package but one word of docs/protocol.md changed.
    const root = join(dir, 'other-paysock');
    for (const part of ['docs/protocol.md', 'docs/sources', 'schemas']) await cp(packagePath(part), join(root, part), { recursive: true });
    const protocol = join(root, 'docs', 'protocol.md');
    await writeFile(protocol, (await readFile(protocol, 'utf8')).replace('MUST', 'SHOULD'));
    const file = join(signed, 'certificate.json');
    const verification = verifyCertificate(file, parseCertificate(await readFile(file, 'utf8')), { cases: allCases, root });
    expect(verification.ok).toBe(false);
    expect(verification.findings.filter((f) => f.state === 'mismatch').map((f) => `${f.subject}: ${f.detail}`))
      .toEqual([expect.stringMatching(/^spec: not this paysock's spec: docs\/protocol\.md differs; the certificate was made by paysock /)]);
  });

  it('a certificate signed with another key is refused with --key', async () => {
    const other = join(dir, 'other-key.pem');
    expect((await paysock(['keygen', '--out', other])).code).toBe(0);
    const run = await paysock(['verify', join(signed, 'certificate.json'), '--key', join(dir, 'other-key.pub.pem')]);
    expect(run.code).toBe(1);
    expect(mismatches(run.stdout)).toEqual([expect.stringMatching(/^MISMATCH signature signed with another key: sha256:[0-9a-f]{16}…, not the key given with --key \(sha256:[0-9a-f]{16}…\)$/)]);
  });

  it('a certificate re-signed by someone else with their key inside it is still refused with --key', async () => {
    // Someone else's run, signed with their own key (which the certificate carries, as every signed one does): only --key tells.
    const copy = await copyOfSigned('forged');
    const file = join(copy, 'certificate.json');
    const forged = await paysock(['certify', '--embedded', '--sign', fixtureKey, '--report-dir', copy, ...cases]);
    expect(forged.code).toBe(0);
    expect((await paysock(['verify', file])).code).toBe(0);
    const run = await paysock(['verify', file, '--key', publicKey]);
    expect(run.code).toBe(1);
    expect(mismatches(run.stdout).map((l) => l.split(/ +/)[1])).toEqual(['signature']);
  });

  it('an unsigned certificate verifies its files but is refused when --key asks for a signature', async () => {
    const unsigned = join(dir, 'unsigned');
    expect((await paysock(['certify', '--embedded', '--report-dir', unsigned, '--case', 'transport/1/1'])).code).toBe(0);
    const plain = await paysock(['verify', join(unsigned, 'certificate.json')]);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(/^note +signature +not signed/m);
    expect(plain.stdout).toContain('verified: NOT SIGNED');
    const run = await paysock(['verify', join(unsigned, 'certificate.json'), '--key', publicKey]);
    expect(run.code).toBe(1);
    expect(mismatches(run.stdout)).toEqual([expect.stringMatching(/^MISMATCH signature not signed, but --key asks for a signature by sha256:/)]);
  });

  it('re-indenting certificate.json keeps it valid: the signature covers its canonical JSON, not its layout', async () => {
    const copy = await copyOfSigned('reindented');
    const file = join(copy, 'certificate.json');
    await writeFile(file, JSON.stringify(JSON.parse(await readFile(file, 'utf8')), null, 8));
    expect((await paysock(['verify', file, '--key', publicKey])).code).toBe(0);
  });

  it('re-rendering the reports from results.json keeps the certificate valid (the renderers are deterministic)', async () => {
    const copy = await copyOfSigned('re-rendered');
    const rendered = await paysock(['report', join(signed, 'results.json'), '--report-dir', copy]);
    expect(rendered.code).toBe(0);
    expect((await paysock(['verify', join(copy, 'certificate.json'), '--key', publicKey])).code).toBe(0);
  });

  it('a report file missing beside the certificate is named as not checked, not as a mismatch', async () => {
    const copy = await copyOfSigned('without-junit');
    await rm(join(copy, 'conformance.junit.xml'));
    const run = await paysock(['verify', join(copy, 'certificate.json'), '--key', publicKey]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^note +conformance\.junit\.xml +not beside the certificate: not checked$/m);
  });
});

describe('the paysock commit', () => {
  it('run from sources, paysock asks git', async () => {
    const certificate = parseCertificate(await readFile(join(signed, 'certificate.json'), 'utf8'));
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: packagePath(), encoding: 'utf8' }).trim();
    expect(certificate.statement.paysock).toMatchObject({ commit: head, commitFrom: 'git' });
  });

  it('the built CLI, as installed, reads the commit npm run build recorded in dist/build-info.json', async () => {
    const cli = packagePath('dist', 'cli', 'main.js');
    if (!existsSync(packagePath('dist', 'build-info.json'))) execFileSync('npm', ['run', 'build'], { cwd: packagePath(), stdio: 'ignore' });
    const recorded = JSON.parse(await readFile(packagePath('dist', 'build-info.json'), 'utf8')) as { commit: string };
    expect(recorded.commit).toMatch(/^[0-9a-f]{40}$/);
    const out = join(dir, 'built');
    execFileSync(process.execPath, [cli, 'certify', '--embedded', '--case', 'transport/1/1', '--report-dir', out], { stdio: 'ignore' });
    const certificate = parseCertificate(await readFile(join(out, 'certificate.json'), 'utf8'));
    expect(certificate.statement.paysock).toMatchObject({ commit: recorded.commit, commitFrom: 'build' });
  });
});

describe('keys', () => {
  it('any PEM Ed25519 key signs: the RFC 8410 example key as OpenSSL writes it, verified with its public key or the private key', async () => {
    const out = join(dir, 'rfc8410');
    const run = await paysock(['certify', '--embedded', '--sign', fixtureKey, '--report-dir', out, '--case', 'transport/1/1']);
    expect(run.code, run.stderr).toBe(0);
    expect((await paysock(['verify', join(out, 'certificate.json'), '--key', fixturePublicKey])).code).toBe(0);
    expect((await paysock(['verify', join(out, 'certificate.json'), '--key', fixtureKey])).code).toBe(0);
  });

  it('a key that is not Ed25519 is bad usage: exit 2 before anything runs', async () => {
    const rsa = join(dir, 'rsa.pem');
    await writeFile(rsa, generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const out = join(dir, 'never');
    const run = await paysock(['certify', '--embedded', '--sign', rsa, '--report-dir', out]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^paysock: --sign: .*rsa\.pem is not an Ed25519 key \(rsa\): certificates are signed with Ed25519/);
    await expect(stat(out)).rejects.toThrow(/ENOENT/);
    const verify = await paysock(['verify', join(signed, 'certificate.json'), '--key', rsa]);
    expect(verify.code).toBe(2);
  });
});

describe('canonical JSON', () => {
  it('sorts keys at every depth and leaves no whitespace', () => {
    expect(canonicalJson({ b: [1, { d: 'x', c: null }], a: true })).toBe('{"a":true,"b":[1,{"c":null,"d":"x"}]}');
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(/NaN/);
  });
});
