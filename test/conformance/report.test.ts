import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseReportFormats, parseRunResults, renderHtml, renderJson, renderJunit, writeReports } from '../../conformance/report/index.js';
import { escapeHtml } from '../../conformance/report/escape.js';
import type { RunResults } from '../../conformance/results.js';
import { allV2Cases } from '../../conformance/v2/cases/index.js';
import { v2RequirementCoverage } from '../../conformance/v2/runner.js';
import { v2Untestable } from '../../conformance/v2/untestable.js';
import { HOSTILE_FRAME, largeResults, sampleResults } from './fixtures/sample-results.js';
import { elements, parseXml } from './fixtures/xml.js';

/** Cases in report order: grouped by section, sections in order of first appearance. */
function grouped(results: RunResults): RunResults['cases'] {
  const sections = [...new Set(results.cases.map((c) => c.section))];
  return sections.flatMap((s) => results.cases.filter((c) => c.section === s));
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'paysock-report-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeReports', () => {
  it('writes the three formats under their names and returns the paths in order', async () => {
    const paths = await writeReports(sampleResults(), join(dir, 'all'), ['json', 'html', 'junit']);
    expect(paths.map((p) => basename(p))).toEqual(['conformance.html', 'conformance.junit.xml', 'results.json']);
    for (const path of paths) expect((await readFile(path, 'utf8')).length).toBeGreaterThan(1000);
  });

  it('writes only the formats asked for', async () => {
    const paths = await writeReports(sampleResults(), join(dir, 'junit-only'), ['junit']);
    expect(paths.map((p) => basename(p))).toEqual(['conformance.junit.xml']);
  });

  it('parses --formats values and rejects unknown ones', () => {
    expect(parseReportFormats('junit, HTML')).toEqual(['html', 'junit']);
    expect(parseReportFormats(['json', 'html,json'])).toEqual(['html', 'json']);
    expect(() => parseReportFormats('html,pdf')).toThrow(/unknown report format "pdf"/);
    expect(() => parseReportFormats('')).toThrow(/no report format/);
  });
});

describe('HTML report', () => {
  const results = sampleResults();
  const html = renderHtml(results);

  it('is self-contained: no external scripts, styles, images or fonts', () => {
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/<[a-z][^>]*\ssrc\s*=/i);
    expect(html).not.toMatch(/url\(\s*['"]?(?!#)/i);
    expect(html).not.toMatch(/@import|@font-face/i);
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
    expect(hrefs.length).toBeGreaterThan(10);
    for (const href of hrefs) expect(href).toMatch(/^#/);
  });

  it('runs only its own script, allowed by hash in the Content-Security-Policy', () => {
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)];
    expect(scripts).toHaveLength(1);
    expect(html.match(/<script\b/gi)).toHaveLength(1);
    const hash = createHash('sha256').update(scripts[0]?.[1] ?? '', 'utf8').digest('base64');
    expect(html).toContain(`script-src 'sha256-${hash}'`);
    expect(html).toContain("default-src 'none'");
  });

  it('shows hostile backend data as escaped text only', () => {
    expect(html).not.toContain('window.__paysockInjected = true</script>');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;window.__paysockInjected = true&lt;/script&gt;&lt;img src=x onerror=&quot;');
    // The NUL and ESC the backend sent are shown, not swallowed.
    expect(html).toContain('\\u0000\\u0007\\u001B[31m');
    expect(HOSTILE_FRAME).toContain('<script>');
  });

  it('has one filterable case block per case, and a filter for every verdict and section', () => {
    const blocks = [...html.matchAll(/<details class="case" id="case-(\d+)" data-verdict="(\w+)" data-section="([^"]*)"/g)];
    expect(blocks.map((b) => b[2])).toEqual(grouped(results).map((c) => c.verdict));
    expect(blocks.map((b) => b[3])).toEqual(grouped(results).map((c) => c.section));
    // Anchors are indexes into the run's case list, whatever the grouping.
    expect(blocks.map((b) => results.cases[Number(b[1])]?.section)).toEqual(blocks.map((b) => b[3]));
    for (const v of ['ALL', 'PASS', 'FAIL', 'WARN', 'SKIP', 'NA', 'ERROR']) expect(html).toContain(`data-filter-verdict="${v}"`);
    for (const s of new Set(results.cases.map((c) => c.section))) expect(html).toContain(`data-filter-section="${s}"`);
  });

  it('shows the certificate facts and the overall verdict', () => {
    expect(html).toContain('id="overall-verdict" class="overall o-NOT_CONFORMANT">Not conformant<');
    expect(html).toContain(results.target.url);
    expect(html).toContain('2025-03-14 09:30:00 UTC');
    expect(html).toMatch(/data-feature-state="not-declared"[^>]*>.*OTHER\/keypad/);
    expect(html).toMatch(/data-feature-state="skipped"[^>]*>.*TLS/);
  });

  it('shows schema errors with their JSON path, illegal transitions, replay commands and a sequence diagram per case with traffic', () => {
    expect(html).toContain('<code class="path">/data/amounts/1</code>');
    expect(html).toContain('<span class="transition illegal" title="not in the screen graph of docs/protocol.md section 11 (GRAPH-1, a SHOULD)">PROCESSING → AMOUNT_SELECT</span>');
    const withWire = results.cases.filter((c) => c.wire.length > 0).length;
    expect(html.match(/<svg class="sequence"/g)).toHaveLength(withWire);
    for (const c of results.cases) expect(html).toContain(`${c.replay.replace(/'/g, '&#39;')}</code>`);
  });

  it('lists untestable requirements with their reason and counts MUST coverage', () => {
    expect(html).toMatch(/id="req-RES-2" data-requirement="RES-2" data-coverage="untestable"[\s\S]*?not testable[\s\S]*?needs a restart of the backend/);
    const must = results.requirements.filter((r) => r.level === 'MUST');
    expect(html).toContain(`${must.filter((r) => r.cases.length > 0).length} of ${must.length} MUST requirements are checked by at least one case; 1 is not testable`);
    // The sample's only unchecked requirement is a MAY: worth a mention, not a red flag.
    expect(html).not.toContain('untested:');
    expect(html).toMatch(/data-requirement="TC-1" data-coverage="unchecked"/);
    const holed = { ...results, requirements: [...results.requirements, { id: 'TXN-9', level: 'MUST' as const, source: 'project', text: 'x', section: 'TXN', cases: [] }] };
    expect(renderHtml(holed)).toContain('<strong class="v-text-FAIL">1 untested: TXN-9</strong>');
  });

  it('shows the v2 untestable reasons in the coverage of a v2 certification', () => {
    // The coverage rows a v2 run carries (runV2Suite: v2RequirementCoverage over every v2 case), rendered as its report renders them.
    const rows = v2RequirementCoverage(allV2Cases, []);
    const v2 = renderHtml({ ...results, target: { ...results.target, profile: 'pinto-android-2' }, requirements: rows });
    expect(Object.keys(v2Untestable).length).toBeGreaterThan(0);
    for (const [id, reason] of Object.entries(v2Untestable)) {
      const row = new RegExp(`<tr id="req-${id}" data-requirement="${id}" data-coverage="untestable">.*?</tr>`).exec(v2)?.[0] ?? '';
      expect(row, id).toContain('not testable');
      expect(row, id).toContain(escapeHtml(reason));
    }
    const must = rows.filter((r) => r.level === 'MUST');
    const untestable = Object.keys(v2Untestable).length;
    expect(v2).toContain(`${must.filter((r) => r.cases.length > 0).length} of ${must.length} MUST requirements are checked by at least one case; ${untestable} ${untestable === 1 ? 'is' : 'are'} not testable`);
  });

  it('draws the screen graph with exercised, unexercised and illegal transitions', () => {
    expect(html).toContain('data-transition="PROCESSING&gt;SUCCESS"><td>PROCESSING</td><td>→</td><td>SUCCESS</td><td class="num">1</td>');
    expect(html).toMatch(/<g class="edge illegal"><title>PROCESSING → AMOUNT_SELECT: ILLEGAL/);
    expect(html).toMatch(/<g class="edge unseen"><title>AMOUNT_SELECT → KEYPAD/);
  });

  it('truncates very long frames in the visual and keeps the full text one click away', () => {
    const long = results.cases.flatMap((c) => c.wire).find((w) => w.data.length > 1000);
    expect(long).toBeDefined();
    expect(html).toContain(`full frame (${long?.data.length} chars`);
    // The preview row holds the first 240 characters only; the collapsible holds the whole frame.
    expect(html).toContain(`<pre>${(long?.data ?? '').slice(0, 240).replace(/"/g, '&quot;')}…</pre>`);
    expect(html.split('Thank you for your visit.').length - 1).toBeGreaterThan(40);
  });

  it('renders 150 cases with long wire logs into one file of bounded size', () => {
    const big = renderHtml(largeResults(150));
    expect(big.match(/<details class="case"/g)).toHaveLength(150);
    // Every frame appears in the log and the diagram; the page stays far below what a browser chokes on.
    expect(big.length).toBeLessThan(40_000_000);
  });
});

describe('JUnit report', () => {
  const results = sampleResults();
  const xml = renderJunit(results);
  const root = parseXml(xml);

  it('is well-formed XML with one testsuite per section and one testcase per case', () => {
    expect(root.name).toBe('testsuites');
    const suites = elements(root, 'testsuite');
    expect(suites.map((s) => s.attributes.name)).toEqual([...new Set(results.cases.map((c) => c.section))]);
    const cases = elements(root, 'testcase');
    expect(cases).toHaveLength(results.cases.length);
    expect(cases.map((c) => `${c.attributes.classname}|${c.attributes.name}`)).toEqual(grouped(results).map((c) => `${c.section}|${c.id} ${c.title}`));
    expect(root.attributes.tests).toBe(String(results.cases.length));
  });

  it('maps verdicts to failure, error, skipped and system-out', () => {
    const cases = elements(root, 'testcase');
    const having = (tag: string): string[] => cases.filter((c) => c.children.some((k) => k.name === tag)).map((c) => c.attributes.name?.split(' ')[0] ?? '');
    const ids = (...verdicts: string[]): string[] => grouped(results).filter((c) => verdicts.includes(c.verdict)).map((c) => c.id);
    expect(having('failure')).toEqual(ids('FAIL'));
    expect(having('error')).toEqual(ids('ERROR'));
    expect(having('skipped')).toEqual(ids('SKIP', 'NA'));
    expect(having('system-out')).toEqual(ids('WARN'));
    for (const suite of elements(root, 'testsuite')) {
      expect(Number(suite.attributes.failures)).toBe(elements(suite, 'failure').length);
      expect(Number(suite.attributes.skipped)).toBe(elements(suite, 'skipped').length);
    }
  });

  it('puts expected and actual in failure messages and bodies, and keeps hostile text as text', () => {
    const failure = elements(root, 'failure').find((f) => f.attributes.message?.includes('1003'));
    expect(failure?.attributes.message).toContain('expected: close 1003 within 1000 ms; actual: ERROR INVALID_MESSAGE');
    expect(failure?.text).toMatch(/expected: close 1003 within 1000 ms\n\s+actual:\s+ERROR INVALID_MESSAGE/);
    expect(failure?.text).toContain("replay: paysock certify wss://kiosk-backend.example.test/ws --profile strict --case 'transport/3/1'");
    const hostile = elements(root, 'failure').find((f) => f.text.includes('__paysockInjected'));
    expect(hostile?.text).toContain(HOSTILE_FRAME);
    // Characters XML cannot hold (NUL, BEL, ESC, a lone surrogate) arrive as visible escapes.
    expect(hostile?.text).toContain('control chars: \\u0000\\u0007\\u001B[31m and a lone surrogate \\uD800 end');
    const skipped = elements(root, 'skipped').map((s) => s.attributes.message);
    expect(skipped).toContain('NA: the target does not declare the optional feature OTHER/keypad');
  });

  it('the minimal parser rejects what is not well-formed', () => {
    expect(() => parseXml('<a><b></a>')).toThrow(/closes/);
    expect(() => parseXml('<a x=1/>')).toThrow(/not quoted/);
    expect(() => parseXml('<a>&nbsp;</a>')).toThrow(/unknown entity/);
    expect(() => parseXml('<a>\u0001</a>')).toThrow(/illegal character/);
    expect(() => parseXml('<a>1 < 2</a>')).toThrow();
  });
});

describe('results.json', () => {
  it('round-trips through renderJson and parseRunResults', () => {
    const results = sampleResults();
    expect(parseRunResults(renderJson(results))).toEqual(results);
  });

  it('rejects bad input with one line naming the problem', () => {
    const good = JSON.parse(renderJson(sampleResults())) as Record<string, unknown>;
    const bad = (change: (r: Record<string, unknown>) => void): string => {
      const copy = structuredClone(good);
      change(copy);
      return JSON.stringify(copy);
    };
    const cases = (r: Record<string, unknown>): Array<Record<string, unknown>> => r.cases as Array<Record<string, unknown>>;
    const attempts: Array<[string, RegExp]> = [
      ['{"format": 1', /^not JSON: /],
      ['[1,2]', /not a results object/],
      ['{"hello": 1}', /no "format" field/],
      [bad((r) => { r.format = 2; }), /results format 2 is not supported \(this paysock reads format 1\)/],
      [bad((r) => { delete r.cases; }), /invalid results: \/cases is missing/],
      [bad((r) => { r.verdict = 'COULD_NOT_RUN'; }), /invalid results: \/reason is missing/],
      [bad((r) => { ((cases(r)[0] as { steps: Array<Record<string, unknown>> }).steps[0] as Record<string, unknown>).verdict = 'NA'; }), /invalid results: \/cases\/0\/steps\/0\/verdict must be one of PASS, FAIL, WARN/],
      [bad((r) => { (cases(r)[2] as Record<string, unknown>).verdict = 'MAYBE'; }), /invalid results: \/cases\/2\/verdict must be one of PASS, FAIL, WARN, SKIP, NA, ERROR/],
      [bad((r) => { ((cases(r)[1] as { wire: Array<Record<string, unknown>> }).wire[0] as Record<string, unknown>).at = 'soon'; }), /\/cases\/1\/wire\/0\/at must be number/],
    ];
    for (const [text, message] of attempts) {
      let error: Error | undefined;
      try {
        parseRunResults(text);
      } catch (caught) {
        error = caught as Error;
      }
      expect(error?.message).toMatch(message);
      expect(error?.message).not.toContain('\n');
    }
  });

  it('accepts optional fields a newer runner adds within the same format', () => {
    const results = { ...sampleResults(), environment: { node: '20' } } as RunResults;
    expect(() => parseRunResults(renderJson(results))).not.toThrow();
  });
});
