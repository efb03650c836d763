import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paysock } from '../cli/run-in-process.js';
import { renderHtml, renderJson } from '../../conformance/report/index.js';
import { loadMatrixColumns } from '../../conformance/report/matrix/columns.js';
import { caseRows, changes, type MatrixColumn } from '../../conformance/report/matrix/model.js';
import type { RunResults, Verdict } from '../../conformance/results.js';
import { sampleResults } from './fixtures/sample-results.js';

/** The sample run with some case verdicts replaced, started `minutes` after the sample. */
function variant(verdicts: Record<string, Verdict>, minutes = 0): RunResults {
  const results = sampleResults();
  results.cases = results.cases.map((c) => (c.id in verdicts ? { ...c, verdict: verdicts[c.id] as Verdict } : c));
  results.startedAt = new Date(Date.parse(results.startedAt) + minutes * 60_000).toISOString();
  return results;
}

function column(label: string, results: RunResults): MatrixColumn {
  return { label, source: `${label}/results.json`, results };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'paysock-matrix-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('what changed between two runs', () => {
  it('lists every case whose verdict moved: new FAILs first, then worse (worst first), better, and cases one run lacks', () => {
    const before = sampleResults();
    const verdictOf = (id: string): Verdict | undefined => before.cases.find((c) => c.id === id)?.verdict;
    expect([verdictOf('connection/1/1'), verdictOf('flow/3/1'), verdictOf('flow/2/1'), verdictOf('transport/3/1'), verdictOf('resumption/3/1')])
      .toEqual(['PASS', 'NA', 'PASS', 'FAIL', 'ERROR']);
    const after = variant({ 'flow/3/1': 'WARN', 'connection/1/1': 'ERROR', 'flow/2/1': 'FAIL', 'transport/3/1': 'PASS', 'resumption/3/1': 'FAIL' });
    after.cases = after.cases.filter((c) => c.id !== 'flow/10/1');
    const rows = caseRows([column('before', before), column('after', after)]);
    const found = changes(rows, 0, 1).map((c) => `${c.kind} ${c.row.id} ${c.from ?? '-'}>${c.to ?? '-'}`);
    expect(found).toEqual([
      // Two new FAILs, in row order (flow's rows come before resumption's in the sample).
      'new-fail flow/2/1 PASS>FAIL',
      'new-fail resumption/3/1 ERROR>FAIL',
      // Worse: the worst verdict first, though flow/3/1's row is not first.
      'worse connection/1/1 PASS>ERROR',
      'worse flow/3/1 NA>WARN',
      'better transport/3/1 FAIL>PASS',
      `removed flow/10/1 ${before.cases.find((c) => c.id === 'flow/10/1')?.verdict}>-`,
    ]);
    // The reverse pair: the new FAILs of the other direction come first.
    expect(changes(rows, 1, 0)[0]).toMatchObject({ kind: 'new-fail', row: { id: 'transport/3/1' } });
  });

  it('two identical runs: nothing moved', () => {
    const rows = caseRows([column('a', sampleResults()), column('b', sampleResults())]);
    expect(changes(rows, 0, 1)).toEqual([]);
  });
});

describe('paysock report --matrix', () => {
  it('writes matrix.html from results files: a column per run, rows by section, the default comparison the last two runs', async () => {
    const a = join(dir, 'release-1');
    const b = join(dir, 'release-2');
    await mkdir(a, { recursive: true });
    await mkdir(b, { recursive: true });
    await writeFile(join(a, 'results.json'), renderJson(sampleResults()));
    await writeFile(join(a, 'conformance.html'), renderHtml(sampleResults()));
    await writeFile(join(b, 'results.json'), renderJson(variant({ 'flow/3/1': 'FAIL' }, 60)));
    const out = join(dir, 'matrix-out');
    const run = await paysock(['report', '--matrix', join(a, 'results.json'), join(b, 'results.json'), '--report-dir', out]);
    expect(run.code, run.stderr).toBe(0);
    expect(await readdir(out)).toEqual(['matrix.html']);
    expect(run.stdout).toContain(`wrote ${join(out, 'matrix.html')}`);
    const html = await readFile(join(out, 'matrix.html'), 'utf8');
    expect([...html.matchAll(/<th class="col" data-col="\d+"[^>]*><div class="col-label">([^<]*)</g)].map((m) => m[1]).slice(0, 2)).toEqual(['release-1', 'release-2']);
    const view = html.slice(html.indexOf('<div id="diff-view">'), html.indexOf('</section>', html.indexOf('<div id="diff-view">')));
    expect(view).toContain('From <strong>release-1</strong> to <strong>release-2</strong>: 1 new FAIL.');
    expect(view).toContain('data-case="flow/3/1"');
    // Sections in the order of the run, each case once.
    const sections = [...html.matchAll(/<tbody class="mx-section" data-section="([^"]+)"/g)].map((m) => m[1]);
    expect(sections).toEqual([...new Set(sampleResults().cases.map((c) => c.section))]);
    expect([...html.matchAll(/<tr class="mx-row"/g)]).toHaveLength(sampleResults().cases.length);
    // The run with its report beside it links to it; the case detail links to the case there.
    expect(html).toContain('href="../release-1/conformance.html"');
    expect(html).toMatch(/href="\.\.\/release-1\/conformance\.html#case-\d+"/);
    // Every cell's detail is in the page, escaped like the report's.
    expect(html).not.toContain('<script>window.__paysockInjected');
    expect([...html.matchAll(/<template id="d-\d+-\d+">/g)]).toHaveLength(2 * sampleResults().cases.length);
  });

  it('a folder: every results.json under it, ordered by start time, labelled by folder', async () => {
    const runs = join(dir, 'nightly');
    for (const [name, minutes] of [['2025-03-16', 120], ['2025-03-14', 0], ['2025-03-15', 60]] as const) {
      await mkdir(join(runs, name), { recursive: true });
      await writeFile(join(runs, name, 'results.json'), renderJson(variant({}, minutes)));
    }
    const columns = loadMatrixColumns([runs], join(dir, 'out'));
    expect(columns.map((c) => c.label)).toEqual(['2025-03-14', '2025-03-15', '2025-03-16']);
    const run = await paysock(['report', '--matrix', runs, '--report-dir', join(dir, 'nightly-out')]);
    expect(run.code).toBe(0);
  });

  it('runs of different spec versions are refused, saying why, unless --mixed-specs', async () => {
    const v1 = join(dir, 'v1.json');
    const v2 = join(dir, 'v2.json');
    await writeFile(v1, renderJson(sampleResults()));
    await writeFile(v2, renderJson({ ...sampleResults(), suite: { ...sampleResults().suite, specVersion: 'v2' } }));
    const out = join(dir, 'mixed');
    const refused = await paysock(['report', '--matrix', v1, v2, '--report-dir', out]);
    expect(refused.code).toBe(2);
    expect(refused.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(refused.stderr).toMatch(/^paysock: results of different spec versions: .*v1\.json is spec v1[^;]*; .*v2\.json is spec v2\. .*the same case id may check another rule.*--mixed-specs/);
    await expect(readdir(out)).rejects.toThrow(/ENOENT/);
    const told = await paysock(['report', '--matrix', v1, v2, '--report-dir', out, '--mixed-specs']);
    expect(told.code).toBe(0);
    expect(await readFile(join(out, 'matrix.html'), 'utf8')).toContain('id="mixed-specs"');
  });

  it('bad input is exit 2 with one line, nothing written', async () => {
    const empty = join(dir, 'empty');
    await mkdir(empty, { recursive: true });
    const one = join(dir, 'one.json');
    await writeFile(one, renderJson(sampleResults()));
    const attempts: Array<[string[], RegExp]> = [
      [['report', '--matrix'], /^paysock: --matrix: name the runs/],
      [['report', '--matrix', join(dir, 'missing.json')], /^paysock: cannot read .*missing\.json/],
      [['report', '--matrix', empty], /^paysock: .*empty holds no results\.json$/],
      [['report', one, one], /^paysock: 2 results files: add --matrix/],
      [['report', one, '--mixed-specs'], /^paysock: --mixed-specs goes with --matrix$/],
    ];
    for (const [argv, message] of attempts) {
      const run = await paysock([...argv, '--report-dir', join(dir, 'never')]);
      expect(run.code, argv.join(' ')).toBe(2);
      expect(run.stderr.trimEnd()).toMatch(message);
      expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    }
    await expect(readdir(join(dir, 'never'))).rejects.toThrow(/ENOENT/);
  });
});
