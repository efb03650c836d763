import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { paysock } from '../cli/run-in-process.js';
import { renderJson } from '../../conformance/report/index.js';
import { sampleResults } from './fixtures/sample-results.js';

let dir: string;
let resultsFile: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'paysock-report-cli-'));
  resultsFile = join(dir, 'results.json');
  await writeFile(resultsFile, renderJson(sampleResults()));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('paysock report', () => {
  it('re-renders every format from results.json', async () => {
    const out = join(dir, 'all');
    const run = await paysock(['report', resultsFile, '--report-dir', out]);
    expect(run.code).toBe(0);
    expect((await readdir(out)).sort()).toEqual(['conformance.html', 'conformance.junit.xml', 'results.json']);
    expect(run.stdout).toContain('NOT_CONFORMANT (13 cases, 4 failed, 1 errors)');
    expect(run.stdout).toContain(`wrote ${join(out, 'conformance.html')}`);
    expect(await readFile(join(out, 'results.json'), 'utf8')).toBe(await readFile(resultsFile, 'utf8'));
  });

  it('writes only the formats named by --formats', async () => {
    const out = join(dir, 'html-only');
    const run = await paysock(['report', resultsFile, '--report-dir', out, '--formats', 'html']);
    expect(run.code).toBe(0);
    expect(await readdir(out)).toEqual(['conformance.html']);
  });

  it('exits 2 with one line on bad input', async () => {
    const broken = join(dir, 'broken.json');
    const other = join(dir, 'format2.json');
    await writeFile(broken, '{"format": 1, "suite": ');
    await writeFile(other, JSON.stringify({ ...sampleResults(), format: 2 }));
    const attempts: Array<[string[], RegExp]> = [
      [['report', join(dir, 'missing.json')], /^paysock: cannot read .*missing\.json: ENOENT/],
      [['report', broken], /^paysock: .*broken\.json: not JSON: /],
      [['report', other], /^paysock: .*format2\.json: results format 2 is not supported \(this paysock reads format 1\)$/],
      [['report', resultsFile, '--formats', 'html,pdf'], /^paysock: unknown report format "pdf"/],
    ];
    for (const [argv, message] of attempts) {
      const run = await paysock([...argv, '--report-dir', join(dir, 'never')]);
      expect(run.code).toBe(2);
      expect(run.stderr.trimEnd()).toMatch(message);
      expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    }
    await expect(readdir(join(dir, 'never'))).rejects.toThrow(/ENOENT/);
  });
});
