import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { certificateStatement, renderCertificate, sealCertificate } from '../../conformance/certificate/certificate.js';
import { schemasDigest, sha256 } from '../../conformance/certificate/digests.js';
import { parseCertificate } from '../../conformance/certificate/read-certificate.js';
import { parseRunResults } from '../../conformance/report/read-results.js';
import { renderJson } from '../../conformance/report/json.js';
import { resolveTarget } from '../../conformance/target.js';
import { parseLoadSummary } from '../../load/read-summary.js';
import { formatProblem, type FormatName, type FormatProblem } from '../../protocol/format-validators.js';
import { packagePath } from '../../protocol/package-root.js';
import { defaultServerConfig } from '../../reference-server/api.js';
import { sampleResults } from '../conformance/fixtures/sample-results.js';
import { sampleSummary } from '../load/sample-summary.js';

/**
 * The schemas of paysock's own files (schemas/formats/): a file paysock
 * writes validates; a file broken in one place is refused with that place's
 * JSON path and what is wrong.
 */

type Json = Record<string, unknown>;
const json = (value: unknown): Json => JSON.parse(JSON.stringify(value)) as Json;
/** A copy of `good` with one change. */
const broken = (good: Json, change: (copy: Json) => void): Json => {
  const copy = structuredClone(good);
  change(copy);
  return copy;
};
const at = (value: unknown, ...path: Array<string | number>): Json => path.reduce<Json>((node, key) => node[key] as Json, value as Json);

/** A results.json with every optional field the runner writes today (network, pool usage with all its parts, certificate seal). */
function fullestResults(): Json {
  const results = json(sampleResults());
  results.network = { medianRoundTripMs: 1, maxRoundTripMs: 3 };
  results.terminals = {
    tokens: 4, concurrency: 2, used: 4, reused: [{ case: 'flow/2', identity: 'terminal 1', from: 'flow/1' }], expectedMs: 12_000,
    unsettled: [{ token: 3, shows: 'PROCESSING', when: 'before the run' }], firstScreens: [{ token: 2, problem: 'FLOW-1: no AMOUNT_SELECT' }],
    stoppedEarly: ['flow/3'], keptBack: 1,
  };
  results.certificate = { fingerprint: sha256('statement'), signed: true, keyFingerprint: sha256('key') };
  at(results, 'cases', 0).roundTripMs = 2;
  return results;
}

/** A results.json as the first format-1 runner wrote it: none of the optional fields added since (grounds, round trips, pool usage, certificate). */
function firstFormatResults(): Json {
  const results = json(sampleResults());
  for (const key of ['network', 'terminals', 'certificate', 'reason']) delete results[key];
  for (const c of results.cases as Json[]) {
    delete c.grounds;
    delete c.roundTripMs;
    for (const s of c.steps as Json[]) delete s.grounds;
  }
  return results;
}

function certificate(): Json {
  const target = resolveTarget({ url: 'ws://127.0.0.1:9/', auth: { mode: 'tokens', pool: ['a', 'b'] } });
  const statement = certificateStatement(sampleResults(), target, []);
  return json(sealCertificate(statement, { 'results.json': sha256('{}') }, generateKeyPairSync('ed25519').privateKey));
}

const problem = (name: FormatName, value: unknown): FormatProblem | undefined => formatProblem(name, value);

describe('schemas/formats/', () => {
  it('results.json: what the runner writes validates, the fullest and the first format-1 shape alike', () => {
    expect(problem('results', json(sampleResults()))).toBeUndefined();
    expect(problem('results', fullestResults())).toBeUndefined();
    expect(problem('results', firstFormatResults())).toBeUndefined();
    expect(parseRunResults(renderJson(sampleResults()))).toEqual(sampleResults());
  });

  it.each<[string, (r: Json) => void, FormatProblem]>([
    ['a missing required field', (r) => delete at(r, 'suite').version, { path: '/suite/version', message: 'is missing' }],
    ['a profile outside the enum', (r) => (at(r, 'target').profile = 'lenient'), { path: '/target/profile', message: 'must be one of strict, pinto-android-1, pinto-android-2' }],
    ['a negative count', (r) => (at(r, 'counts').PASS = -1), { path: '/counts/PASS', message: 'must be >= 0' }],
    ['a timestamp that is not ISO 8601', (r) => (r.startedAt = 'yesterday'), { path: '/startedAt', message: 'must match format "date-time"' }],
    ['a token place that is not an integer', (r) => (at(r, 'terminals', 'firstScreens', 0).token = 'two'), { path: '/terminals/firstScreens/0/token', message: 'must be integer' }],
    ['a seal without signed', (r) => delete at(r, 'certificate').signed, { path: '/certificate/signed', message: 'is missing' }],
    ['COULD_NOT_RUN without a reason', (r) => (r.verdict = 'COULD_NOT_RUN'), { path: '/reason', message: 'is missing' }],
    ['a ground without citations', (r) => delete at(r, 'cases', 1, 'grounds', 0).citations, { path: '/cases/1/grounds/0/citations', message: 'is missing' }],
  ])('results.json: refuses %s, naming its path', (_what, change, expected) => {
    expect(problem('results', broken(fullestResults(), change))).toEqual(expected);
  });

  it('load summary: what the Node driver and k6 write validates (k6: no time series, no histogram)', () => {
    expect(problem('load-summary', json(sampleSummary()))).toBeUndefined();
    const k6 = json({ ...sampleSummary(), tool: 'k6', timeSeries: [] });
    delete k6.latencyHistogram;
    delete k6.outcome;
    expect(problem('load-summary', k6)).toBeUndefined();
    expect(parseLoadSummary(JSON.stringify(sampleSummary()))).toEqual(sampleSummary());
  });

  it.each<[string, (s: Json) => void, FormatProblem]>([
    ['a missing p99', (s) => delete at(s, 'latency', 'overall').p99, { path: '/latency/overall/p99', message: 'is missing' }],
    ['another tool', (s) => (s.tool = 'jmeter'), { path: '/tool', message: 'must be one of paysock, k6' }],
    ['another schema value', (s) => (s.schema = 'paysock-load-summary/2'), { path: '/schema', message: 'must be "paysock-load-summary/1"' }],
    ['a fractional error count', (s) => (at(s, 'errors')['answer-timeout'] = 1.5), { path: '/errors/answer-timeout', message: 'must be integer' }],
    ['an error rate above 1', (s) => (at(s, 'transactions').errorRate = 2), { path: '/transactions/errorRate', message: 'must be <= 1' }],
  ])('load summary: refuses %s, naming its path', (_what, change, expected) => {
    expect(problem('load-summary', broken(json(sampleSummary()), change))).toEqual(expected);
  });

  it('target description: examples/target.json validates', () => {
    expect(problem('conformance-target', JSON.parse(readFileSync(packagePath('examples', 'target.json'), 'utf8')))).toBeUndefined();
  });

  it.each<[string, Json, FormatProblem]>([
    ['an http URL', { url: 'http://127.0.0.1/' }, { path: '/url', message: 'must match pattern "^wss?://"' }],
    ['a misspelt key', { url: 'ws://127.0.0.1/', timing: {} }, { path: '/timing', message: 'is not a known field' }],
    ['token A without B', { url: 'ws://127.0.0.1/', auth: { mode: 'tokens', tokens: { A: 'a' } } }, { path: '/auth/tokens/B', message: 'is missing' }],
    ['a zero idle timeout', { url: 'ws://127.0.0.1/', timings: { idleTimeoutMs: 0 } }, { path: '/timings/idleTimeoutMs', message: 'must be >= 1' }],
  ])('target description: refuses %s, naming its path', (_what, target, expected) => {
    expect(problem('conformance-target', target)).toEqual(expected);
  });

  it('server configuration: the defaults and an empty file validate', () => {
    expect(problem('reference-server-config', defaultServerConfig)).toBeUndefined();
    expect(problem('reference-server-config', {})).toBeUndefined();
  });

  it.each<[string, Json, FormatProblem]>([
    ['a keypad bound that is not an integer', { keypad: { minAmount: 'ten' } }, { path: '/keypad/minAmount', message: 'must be integer' }],
    ['a method outside the enum', { methods: ['CASH'] }, { path: '/methods/0', message: 'must be one of DEBIT_CARD, PAY_BY_BANK' }],
    ['thirteen amounts', { amounts: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13] }, { path: '/amounts', message: 'must NOT have more than 12 items' }],
  ])('server configuration: refuses %s, naming its path', (_what, config, expected) => {
    expect(problem('reference-server-config', config)).toEqual(expected);
  });

  it('certificate.json: what certify writes validates, signed or not', () => {
    const signed = certificate();
    expect(problem('certificate', signed)).toBeUndefined();
    const { signature: _signature, ...unsigned } = signed;
    expect(problem('certificate', unsigned)).toBeUndefined();
    expect(parseCertificate(JSON.stringify(signed))).toEqual(signed);
  });

  it.each<[string, (c: Json) => void, FormatProblem]>([
    ['a fingerprint in another notation', (c) => (c.fingerprint = 'md5:abc'), { path: '/fingerprint', message: 'must match pattern "^sha256:[0-9a-f]{64}$"' }],
    ['a case verdict outside the enum', (c) => (at(c, 'statement', 'caseVerdicts')['flow/1'] = 'MAYBE'), { path: '/statement/caseVerdicts/flow~11', message: 'must be one of PASS, FAIL, WARN, SKIP, NA, ERROR' }],
    ['a build without commitFrom', (c) => delete at(c, 'statement', 'paysock').commitFrom, { path: '/statement/paysock/commitFrom', message: 'is missing' }],
    ['another signature algorithm', (c) => (at(c, 'signature').algorithm = 'RSA'), { path: '/signature/algorithm', message: 'must be "Ed25519"' }],
  ])('certificate.json: refuses %s, naming its path', (_what, change, expected) => {
    expect(problem('certificate', broken(certificate(), change))).toEqual(expected);
  });

  it('the readers put the file format, the path and the problem on one line', () => {
    const results = broken(json(sampleResults()), (r) => (at(r, 'cases', 2).verdict = 'MAYBE'));
    expect(() => parseRunResults(JSON.stringify(results))).toThrow(/^invalid results: \/cases\/2\/verdict must be one of PASS, FAIL, WARN, SKIP, NA, ERROR$/);
    const summary = broken(json(sampleSummary()), (s) => delete s.thresholds);
    expect(() => parseLoadSummary(JSON.stringify(summary))).toThrow(/^not a load summary: \/thresholds is missing$/);
    const cert = broken(certificate(), (c) => delete at(c, 'statement').cases);
    expect(() => parseCertificate(renderCertificate(cert as never))).toThrow(/^invalid certificate: \/statement\/cases is missing$/);
  });

  it("a certificate's schema digest covers the protocol's schemas, not paysock's own formats", () => {
    const files = Object.keys(schemasDigest().files);
    expect(files).toContain('schemas/server-message.schema.json');
    expect(files.filter((f) => f.startsWith('schemas/formats/'))).toEqual([]);
  });
});
