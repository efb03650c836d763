import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { embeddedTimings } from '../../cli/commands/certify.js';
import { paysock } from '../cli/run-in-process.js';
import type { RunResults } from '../../conformance/results.js';
import { startReferenceServer } from '../../reference-server/index.js';
import { terminalTokens } from './embedded.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'paysock-certify-tokens-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('paysock certify --tokens-file', () => {
  it('certifies a backend with authentication on, with the file `paysock serve --tokens-file` reads', { timeout: 60_000 }, async () => {
    const tokens = terminalTokens(8);
    const file = join(dir, 'tokens.json');
    await writeFile(file, JSON.stringify(tokens));
    const server = await startReferenceServer({ host: '127.0.0.1', port: 0, testControl: true, config: { ...embeddedTimings }, auth: { mode: 'tokens', tokens } });
    try {
      const out = join(dir, 'object');
      const timings = ['--idle-timeout-ms', '1500', '--step-delay-ms', '100', '--processing-ms', '100', '--processor-timeout-ms', '600', '--device-error-ms', '600'];
      const run = await paysock(['certify', server.url, '--tokens-file', file, '--feature', 'testControl', ...timings, '--case', 'auth', '--case', 'flow/7/1', '--report-dir', out]);
      expect(run.stdout).toContain('CONFORMANT');
      expect(run.code, run.stdout).toBe(0);
      expect(run.stdout).toMatch(/test terminals: 8 of 8 ready \(settled on AMOUNT_SELECT "initial"\); expected duration about \d+ s/);
      expect(run.stdout).toMatch(/terminals: \d+ of 8 tokens used, \d case\(s\) at once, (no terminal reused by a later case|\d+ reuse\(s\) of a terminal after an earlier case \(settled on AMOUNT_SELECT "initial" in between\))/);
      const results = JSON.parse(await readFile(join(out, 'results.json'), 'utf8')) as RunResults;
      const auth = results.cases.filter((c) => c.id.startsWith('auth/')).map((c) => `${c.id} ${c.verdict}`);
      expect(auth).toEqual(expect.arrayContaining(['auth/2/1 PASS', 'auth/4/1 PASS', 'auth/4/2 PASS', 'auth/5/1 PASS', 'auth/6/1 NA', 'auth/7/1 NA']));
      expect(auth.filter((line) => !/ (PASS|NA)$/.test(line))).toEqual([]);
      expect(results.terminals?.tokens).toBe(8);
      expect(results.command).toContain(`--tokens-file ${file}`);
      // The optional terminals field keeps results.json readable by paysock report.
      expect((await paysock(['report', join(out, 'results.json'), '--report-dir', join(dir, 're-rendered')])).code).toBe(0);
      // An array of the same tokens is the other shape paysock load reads.
      const array = join(dir, 'tokens-array.json');
      await writeFile(array, JSON.stringify(Object.keys(tokens)));
      expect((await paysock(['certify', server.url, '--tokens-file', array, '--case', 'auth/2/1', '--report-dir', join(dir, 'array'), '--formats', 'json'])).code).toBe(0);
    } finally {
      await server.close();
    }
  });

  const bad: Array<[string, string, RegExp]> = [
    ['a number', '42', /must be a JSON object token -> terminal id or a JSON array of tokens/],
    ['a token with a space', '["good", "bad token"]', /token 2 is not 1-4096 visible ASCII/],
    ['two tokens of one terminal', '{"t1":"kiosk-1","t2":"kiosk-1"}', /tokens 1 and 2 name the same terminal id/],
    ['no token', '[]', /holds no token/],
    ['not JSON', '{tokens', /JSON/],
  ];
  for (const [what, text, message] of bad) {
    it(`exits 2 with one line for a tokens file holding ${what}`, async () => {
      const file = join(dir, `bad-${what.replace(/\W+/g, '-')}.json`);
      await writeFile(file, text);
      const run = await paysock(['certify', 'ws://127.0.0.1:9/ws', '--tokens-file', file]);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toMatch(message);
    });
  }

  it('exits 2 when the tokens file cannot be read', async () => {
    const run = await paysock(['certify', 'ws://127.0.0.1:9/ws', '--tokens-file', join(dir, 'missing.json')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--tokens-file .*missing\.json: ENOENT/);
  });
});
