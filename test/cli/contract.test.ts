import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { paysock } from './run-in-process.js';
import { sampleSummary } from '../load/sample-summary.js';
import { sampleResults } from '../conformance/fixtures/sample-results.js';
import { commands } from '../../cli/commands/index.js';

/**
 * The command line's contract for bad input (README, "Exit codes"): every
 * subcommand, every kind of bad input, stops before anything runs. Exit 2,
 * exactly one line on stderr, no stack trace, no port opened, no connection
 * made, nothing written in the working directory or in the named output dirs.
 */

const url = 'ws://127.0.0.1:1/';
let fixtures: string;
const file = (name: string): string => join(fixtures, name);

beforeAll(() => {
  fixtures = mkdtempSync(join(tmpdir(), 'paysock-contract-fixtures-'));
  writeFileSync(file('broken.json'), '{"url": ');
  // Valid JSON, wrong shape for every file kind paysock reads.
  writeFileSync(file('wrong-shape.json'), JSON.stringify({ url: 5, amounts: 'many', format: 1 }));
  writeFileSync(file('summary.json'), JSON.stringify(sampleSummary()));
  writeFileSync(file('messages.jsonl'), '{}\n');
  // Each of paysock's own formats, broken in one place (schemas/formats/): the line names the file and that place.
  const results = JSON.parse(JSON.stringify(sampleResults())) as { cases: Array<Record<string, unknown>> };
  (results.cases[0] as Record<string, unknown>).verdict = 'MAYBE';
  writeFileSync(file('results-bad.json'), JSON.stringify(results));
  const summary = JSON.parse(JSON.stringify(sampleSummary())) as { latency: { overall: Record<string, unknown> } };
  delete summary.latency.overall.p99;
  writeFileSync(file('summary-bad.json'), JSON.stringify(summary));
  writeFileSync(file('target-bad.json'), JSON.stringify({ url, timings: { idleTimeoutMs: 0 } }));
  writeFileSync(file('config-bad.json'), JSON.stringify({ keypad: { maxAmount: 'lots' } }));
  writeFileSync(file('certificate-bad.json'), JSON.stringify({ format: 'paysock-certificate/1', fingerprint: 'md5:1', statement: {}, reports: {} }));
});
afterAll(() => {
  rmSync(fixtures, { recursive: true, force: true });
});

/**
 * [subcommand, kind of bad input, argv, what the one line must name]. "@name" is the fixture file of that name
 * ("@no-such-file.json" does not exist). Output dirs are relative, so they land in the per-row working directory.
 */
const rows: Array<[string, string, string[], RegExp]> = [
  ['(none)', 'missing argument', [], /command/],
  ['(none)', 'unknown command', ['certfy'], /certfy/],
  ['(none)', 'unknown flag', ['--frobnicate'], /name a command/],

  ['serve', 'unknown flag', ['serve', '--frobnicate', '--port', '0'], /--frobnicate/],
  ['serve', 'unknown flag (typo)', ['serve', '--data-dri', 'kiosk-data', '--port', '0'], /^paysock: unknown flag --data-dri \(/],
  ['serve', 'bad choice', ['serve', '--auth', 'magic', '--port', '0'], /--auth.*"magic".*none, tokens/],
  ['serve', 'bad choice', ['serve', '--log-level', 'loud', '--port', '0'], /--log-level.*"loud"/],
  ['serve', 'bad choice', ['serve', '--profile', 'pinto-android-9', '--port', '0'], /--profile.*"pinto-android-9".*strict, pinto-android-1, pinto-android-2/],
  ['serve', 'bad number', ['serve', '--port', 'eighty'], /--port.*"eighty"/],
  ['serve', 'bad number', ['serve', '--port', '99999'], /--port/],
  ['serve', 'bad value (v2)', ['serve', '--profile', 'pinto-android-2', '--ping-interval', '5', '--port', '0'], /--ping-interval: 5 is not a whole number of ms of at least 10/],
  ['serve', 'missing argument', ['serve', '--port'], /--port needs a value/],
  ['certify', 'missing argument', ['certify', url, '--profile'], /--profile needs a value/],
  ['validate', 'missing argument', ['validate', '@messages.jsonl', '--from'], /--from needs a value/],
  ['serve', 'bad number', ['serve', '--port', '0', '--keypad-min', 'ten'], /--keypad-min.*"ten"/],
  ['serve', 'bad number', ['serve', '--port', '0', '--rate-limit', '-1'], /maxMessagesPerSecond must be >= 0/],
  ['serve', 'missing argument', ['serve', '--port', '0', '--auth', 'tokens'], /--tokens-file/],
  ['serve', 'unreadable file', ['serve', '--port', '0', '--config', '@no-such-file.json'], /ENOENT|no such file|cannot read/i],
  ['serve', 'unreadable file', ['serve', '--port', '0', '--auth', 'tokens', '--tokens-file', '@no-such-file.json'], /no-such-file/],
  ['serve', 'unreadable file', ['serve', '--port', '0', '--tls-cert', '@no-such-file.json', '--tls-key', '@no-such-file.json'], /no-such-file/],
  ['serve', 'invalid JSON', ['serve', '--port', '0', '--config', '@broken.json'], /broken\.json/],
  ['serve', 'invalid schema', ['serve', '--port', '0', '--config', '@wrong-shape.json'], /wrong-shape\.json|config/],
  ['serve', 'invalid schema (path)', ['serve', '--port', '0', '--config', '@config-bad.json'], /config-bad\.json: \/keypad\/maxAmount must be integer$/],

  ['certify', 'unknown flag', ['certify', url, '--frobnicate'], /--frobnicate/],
  ['certify', 'bad choice', ['certify', url, '--profile', 'foo'], /--profile.*"foo".*strict, pinto-android-1/],
  ['certify', 'bad choice (embedded)', ['certify', '--embedded', '--profile', 'foo'], /--profile/],
  // A registered profile of a protocol version the command does not speak yet (protocol/profiles/): refused, not run as v1.
  ['certify', 'bad number', ['certify', url, '--concurrency', 'many'], /--concurrency.*"many"/],
  ['certify', 'bad number', ['certify', url, '--timeout-scale', '0'], /--timeout-scale/],
  ['certify', 'bad number', ['certify', url, '--idle-timeout-ms', 'soon'], /--idle-timeout-ms.*"soon"/],
  ['certify', 'missing argument', ['certify'], /name the backend/],
  ['certify', 'bad choice', ['certify', url, '--feature', 'teleport'], /teleport/],
  ['certify', 'bad value', ['certify', url, '--grep', '('], /--grep/],
  ['certify', 'unreadable file', ['certify', '--target', '@no-such-file.json'], /no-such-file/],
  ['certify', 'unreadable file', ['certify', url, '--tokens-file', '@no-such-file.json'], /no-such-file/],
  ['certify', 'unreadable file', ['certify', 'wss://127.0.0.1:1/', '--tls-ca', '@no-such-file.json'], /no-such-file/],
  ['certify', 'invalid JSON', ['certify', '--target', '@broken.json'], /broken\.json/],
  ['certify', 'invalid schema', ['certify', '--target', '@wrong-shape.json'], /wrong-shape\.json/],
  ['certify', 'invalid schema (path)', ['certify', '--target', '@target-bad.json'], /target-bad\.json: invalid target: \/timings\/idleTimeoutMs must be >= 1$/],
  ['certify', 'invalid schema', ['certify', 'http://127.0.0.1:1/'], /ws:\/\/|wss:\/\/|url/i],
  ['certify', 'unreadable file', ['certify', url, '--sign', '@no-such-file.json'], /--sign: cannot read .*no-such-file/],
  ['certify', 'invalid key', ['certify', url, '--sign', '@broken.json'], /--sign: .*broken\.json is not a PEM private key/],
  ['certify', 'missing argument', ['certify', url, '--sign'], /--sign needs a value/],

  ['keygen', 'unknown flag', ['keygen', '--frobnicate'], /--frobnicate/],
  ['keygen', 'missing argument', ['keygen', '--out'], /--out needs a value/],
  ['keygen', 'unwritable file', ['keygen', '--out', 'no-such-dir/key.pem'], /cannot write no-such-dir\/key\.pem/],

  ['verify', 'unknown flag', ['verify', '@broken.json', '--frobnicate'], /--frobnicate/],
  ['verify', 'missing argument', ['verify'], /<certificate>/],
  ['verify', 'missing argument', ['verify', '@broken.json', '--key'], /--key needs a value/],
  ['verify', 'unreadable file', ['verify', '@no-such-file.json'], /cannot read .*no-such-file/],
  ['verify', 'unreadable file', ['verify', '@broken.json', '--key', '@no-such-file.json'], /--key: cannot read .*no-such-file/],
  ['verify', 'invalid key', ['verify', '@broken.json', '--key', '@broken.json'], /--key: .*broken\.json is not a PEM public key/],
  ['verify', 'invalid JSON', ['verify', '@broken.json'], /broken\.json: not JSON/],
  ['verify', 'invalid schema', ['verify', '@wrong-shape.json'], /wrong-shape\.json: certificate format 1 is not supported/],
  ['verify', 'invalid schema (path)', ['verify', '@certificate-bad.json'], /certificate-bad\.json: invalid certificate: \/fingerprint must match pattern/],

  ['load', 'unknown flag', ['load', url, '--frobnicate', '--out', 'out'], /--frobnicate/],
  ['load', 'bad choice', ['load', url, '--transaction-ids', 'random', '--out', 'out'], /--transaction-ids.*"random".*initial, client/],
  ['load', 'bad choice', ['load', url, '--profile', 'foo', '--out', 'out'], /--profile.*"foo".*strict, pinto-android-1, pinto-android-2/],
  ['load', 'bad value (v2)', ['load', url, '--profile', 'pinto-android-2', '--providers', 'visa=1', '--out', 'out'], /--providers: unknown provider "visa"/],
  ['load', 'bad value (v2)', ['load', url, '--profile', 'pinto-android-2', '--workers', '4', '--cards', '2', '--out', 'out'], /--cards 2 is below --workers 4/],
  ['load', 'bad number', ['load', url, '--terminals', 'lots', '--out', 'out'], /--terminals.*"lots"/],
  ['load', 'bad number', ['load', url, '--drop-rate', 'often', '--out', 'out'], /--drop-rate.*"often"/],
  ['load', 'bad value', ['load', url, '--duration', 'soon', '--out', 'out'], /soon/],
  ['load', 'missing argument', ['load'], /<url>/],
  ['load', 'unreadable file', ['load', url, '--tokens-file', '@no-such-file.json', '--out', 'out'], /no-such-file/],
  ['load', 'invalid JSON', ['load', url, '--tokens-file', '@broken.json', '--out', 'out'], /broken\.json/],
  ['load', 'invalid schema', ['load', url, '--tokens-file', '@wrong-shape.json', '--out', 'out'], /wrong-shape\.json/],
  ['load', 'invalid URL', ['load', 'http://127.0.0.1:1/', '--out', 'out'], /ws:\/\//],

  ['load compare', 'unknown flag', ['load', 'compare', '@summary.json', '@summary.json', '--frobnicate', '--out', 'out'], /--frobnicate/],
  ['load compare', 'bad value', ['load', 'compare', '@summary.json', '@summary.json', '--max-regression', 'lots', '--out', 'out'], /lots|regression/],
  ['load compare', 'missing argument', ['load', 'compare', '@summary.json', '--out', 'out'], /baseline\.json> <current\.json>/],
  ['load compare', 'unreadable file', ['load', 'compare', '@no-such-file.json', '@summary.json', '--out', 'out'], /no-such-file/],
  ['load compare', 'invalid JSON', ['load', 'compare', '@broken.json', '@summary.json', '--out', 'out'], /broken\.json/],
  ['load compare', 'invalid schema', ['load', 'compare', '@summary.json', '@wrong-shape.json', '--out', 'out'], /wrong-shape\.json: not a load summary: \/schema is missing$/],
  ['load compare', 'invalid schema (path)', ['load', 'compare', '@summary-bad.json', '@summary.json', '--out', 'out'], /summary-bad\.json: not a load summary: \/latency\/overall\/p99 is missing$/],

  ['validate', 'unknown flag', ['validate', '@messages.jsonl', '--frobnicate'], /--frobnicate/],
  ['validate', 'bad choice', ['validate', '@messages.jsonl', '--from', 'client'], /--from.*"client".*server, terminal/],
  ['validate', 'bad choice', ['validate', '@messages.jsonl', '--profile', 'foo'], /--profile.*"foo"/],
  ['validate', 'missing argument', ['validate'], /<file>/],
  ['validate', 'unreadable file', ['validate', '@no-such-file.json'], /no-such-file/],

  ['report', 'unknown flag', ['report', '@summary.json', '--frobnicate'], /--frobnicate/],
  ['report', 'bad choice', ['report', '@summary.json', '--formats', 'html,pdf'], /pdf/],
  ['report', 'missing argument', ['report'], /<results>/],
  ['report', 'unreadable file', ['report', '@no-such-file.json'], /no-such-file/],
  ['report', 'invalid JSON', ['report', '@broken.json'], /broken\.json: not JSON/],
  ['report', 'invalid schema', ['report', '@wrong-shape.json'], /wrong-shape\.json: invalid results/],
  ['report', 'invalid schema (path)', ['report', '@results-bad.json'], /results-bad\.json: invalid results: \/cases\/0\/verdict must be one of PASS, FAIL, WARN, SKIP, NA, ERROR$/],
  ['report', 'missing argument', ['report', '--matrix'], /--matrix: name the runs/],
  ['report', 'unreadable file', ['report', '--matrix', '@no-such-file.json'], /cannot read .*no-such-file/],
  ['report', 'invalid JSON', ['report', '--matrix', '@summary.json', '@broken.json'], /summary\.json: |broken\.json: not JSON/],
  ['report', 'invalid schema (path, --matrix)', ['report', '--matrix', '@results-bad.json'], /results-bad\.json: invalid results: \/cases\/0\/verdict must be one of/],
];

/** paysock kiosk (being added alongside): its rows apply once it is registered. */
const kioskRows: typeof rows = [
  ['kiosk', 'unknown flag', ['kiosk', '--frobnicate', '--port', '0'], /--frobnicate/],
  ['kiosk', 'bad choice', ['kiosk', '--port', '0', '--profile', 'foo'], /--profile.*"foo".*strict, pinto-android-1, pinto-android-2/],
  // pinto-android-2 runs (kiosk/page/v2/), but its kiosk sends no credentials (V2-TRN-2).
  ['kiosk', 'bad value', ['kiosk', '--port', '0', '--profile', 'pinto-android-2', '--token', 't'], /--profile pinto-android-2: the v2 kiosk sends no token or terminal id/],
  ['kiosk', 'bad number', ['kiosk', '--port', 'eighty'], /--port.*"eighty"/],
  ['kiosk', 'bad number', ['kiosk', '--port', '99999'], /--port/],
  ['kiosk', 'missing argument', ['kiosk', '--port', '0', '--backend'], /--backend needs a value/],
  ['kiosk', 'conflicting flags', ['kiosk', '--port', '0', '--token', 't', '--terminal-id', 'k1'], /--token and --terminal-id/],
  // Test control goes through the v2 page's relay; the v1 pages have none.
  ['kiosk', 'bad value', ['kiosk', '--port', '0', '--test-scenario', 'printer-fault'], /--test-scenario: the strict page has no test-control panel; use --profile pinto-android-2/],
  ['kiosk', 'bad value', ['kiosk', '--port', '0', '--profile', 'pinto-android-2', '--test-scenario', 'printer\u0000fault'], /--test-scenario: "printer\\u0000fault" is not a header value/],
];
const commandNames = commands.map((c) => c.command.split(' ')[0] ?? c.command);
if (commandNames.includes('kiosk')) rows.push(...kioskRows);

let cwd: string;
let work: string;
let listen: ReturnType<typeof vi.spyOn>;
let connect: ReturnType<typeof vi.spyOn>;

beforeEach(() => {
  cwd = process.cwd();
  work = mkdtempSync(join(tmpdir(), 'paysock-contract-'));
  mkdirSync(work, { recursive: true });
  process.chdir(work);
  // Nothing may listen: a listen that happens anyway fails at once instead of leaving a server running in the test process.
  listen = vi.spyOn(net.Server.prototype, 'listen').mockImplementation(() => {
    throw new Error('test: a server started on bad input');
  });
  connect = vi.spyOn(net.Socket.prototype, 'connect');
});
afterEach(() => {
  vi.restoreAllMocks();
  process.chdir(cwd);
  rmSync(work, { recursive: true, force: true });
});

describe('bad input never runs', () => {
  it('every subcommand has rows in the table', () => {
    const covered = new Set(rows.map(([command]) => command.split(' ')[0]));
    expect(commandNames.filter((name) => !covered.has(name))).toEqual([]);
  });

  it.each(rows)('%s, %s: %j', async (_command, _kind, argv, names) => {
    const run = await paysock(argv.map((a) => (a.startsWith('@') ? file(a.slice(1)) : a)));
    expect(run.code).toBe(2);
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines, run.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(/^paysock: /);
    expect(lines[0]).toMatch(names);
    expect(run.stderr).not.toMatch(/\n\s+at |Error: /);
    expect(listen).not.toHaveBeenCalled();
    expect(connect).not.toHaveBeenCalled();
    expect(readdirSync(work)).toEqual([]);
  });
});
