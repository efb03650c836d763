import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { main } from '../../cli/program.js';
import { compareSummaries, parseRegression } from '../../load/compare.js';
import { sampleSummary } from './sample-summary.js';

function quietMain(argv: string[]): Promise<number> {
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  return main(argv).finally(() => {
    out.mockRestore();
    err.mockRestore();
  });
}

describe('compareSummaries', () => {
  it('flags p99 up, throughput down and error rate up beyond the allowance', () => {
    const base = sampleSummary({ p99: 10, perSecond: 100, errorRate: 0.01 });
    expect(compareSummaries(base, sampleSummary({ p99: 10.9, perSecond: 91, errorRate: 0.0109 }), 0.1).map((c) => c.regression)).toEqual([false, false, false]);
    expect(compareSummaries(base, sampleSummary({ p99: 11.1, perSecond: 89, errorRate: 0.02 }), 0.1).map((c) => c.regression)).toEqual([true, true, true]);
  });

  it('ignores an error-rate change below 0.1 percentage points', () => {
    const checks = compareSummaries(sampleSummary({ errorRate: 0.0001 }), sampleSummary({ errorRate: 0.0005 }), 0.1);
    expect(checks[2]).toMatchObject({ metric: 'error_rate', regression: false });
  });

  it('parses the allowance', () => {
    expect(parseRegression('10%')).toBe(0.1);
    expect(parseRegression('0.05')).toBe(0.05);
    expect(() => parseRegression('lots')).toThrow();
  });
});

describe('paysock load compare', () => {
  const dir = mkdtempSync(join(tmpdir(), 'paysock-compare-'));
  const write = (name: string, value: unknown): string => {
    const file = join(dir, name);
    writeFileSync(file, JSON.stringify(value));
    return file;
  };
  const baseline = write('baseline.json', sampleSummary({ p99: 10, startedAt: '2025-01-01T00:00:00Z' }));

  it('exits 0 without regression and 1 with one', async () => {
    expect(await quietMain(['load', 'compare', baseline, write('same.json', sampleSummary({ p99: 10.5, startedAt: '2025-01-02T00:00:00Z' })), '--max-regression', '10%'])).toBe(0);
    expect(await quietMain(['load', 'compare', baseline, write('slow.json', sampleSummary({ p99: 20, startedAt: '2025-01-03T00:00:00Z' })), '--max-regression', '10%'])).toBe(1);
  });

  it('exits 2 on a missing file, a non-summary or a bad allowance', async () => {
    expect(await quietMain(['load', 'compare', baseline, join(dir, 'missing.json')])).toBe(2);
    expect(await quietMain(['load', 'compare', baseline, write('other.json', { hello: 1 })])).toBe(2);
    expect(await quietMain(['load', 'compare', baseline])).toBe(2);
    expect(await quietMain(['load', 'compare', baseline, baseline, '--max-regression', 'x'])).toBe(2);
  });

  it('writes a trend page over the history folder', async () => {
    const history = join(dir, 'history');
    mkdirSync(history);
    for (let day = 1; day <= 3; day++) writeFileSync(join(history, `run-${day}.json`), JSON.stringify(sampleSummary({ p99: 10 + day, startedAt: `2025-02-0${day}T00:00:00Z` })));
    writeFileSync(join(history, 'notes.json'), '{"not":"a summary"}');
    const out = join(dir, 'out');
    expect(await quietMain(['load', 'compare', baseline, baseline, '--history', history, '--out', out])).toBe(0);
    const html = readFileSync(join(out, 'load-trend.html'), 'utf8');
    expect(html).toContain('4 run(s)');
    expect(html).toContain('2025-02-03T00:00:00Z');
    expect(html).toContain('<svg');
    expect(html).not.toContain('<script');
    // And the side-by-side page of the two compared runs.
    const side = readFileSync(join(out, 'load-compare.html'), 'utf8');
    expect(side).toContain('No regression');
    expect(side.match(/data-chart="latency-band"/g)).toHaveLength(2);
  });
});
