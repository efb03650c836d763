import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FrameChecker } from '../../conformance/frame-checks.js';
import { isHard } from '../../conformance/grounds.js';
import { loadSchemaFiles } from '../../protocol/schema-store.js';
import type { KioskJudge as KioskJudgeType } from '../../kiosk/page/judge.js';
// @ts-expect-error the build script is plain JavaScript without types
import { bundleKioskEntry } from '../../scripts/build-kiosk.mjs';

/**
 * The page judges frames with code bundled for the browser: the certifier's own
 * modules, with ajv's compiler swapped for standalone functions generated at build
 * time and the schema files embedded. These tests hold the bundle to the certifier.
 */
let dir: string;
let KioskJudge: typeof KioskJudgeType;
let bundleText: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'paysock-kiosk-judge-'));
  const file = join(dir, 'judge.mjs');
  await bundleKioskEntry('kiosk/page/judge.ts', file, 'esm');
  bundleText = await readFile(file, 'utf8');
  ({ KioskJudge } = (await import(pathToFileURL(file).href)) as { KioskJudge: typeof KioskJudgeType });
}, 60_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const now = Date.now();
const screen = (name: string, data: unknown, extra: Record<string, unknown> = {}): string =>
  JSON.stringify({ messageType: 'SCREEN_CHANGE', screen: name, data, transactionId: 'T1', timestamp: now, ...extra });

/** Every example of every server schema, and frames that break one rule each (schema, semantic, envelope, graph, clock). */
function corpus(): string[][] {
  const examples = loadSchemaFiles()
    .filter((f) => f.file.startsWith('screens/') || f.file.startsWith('messages/'))
    .flatMap((f) => (f.schema.examples ?? []).map((e) => JSON.stringify(e)));
  const broken = [
    JSON.stringify({ messageType: 'SCREEN_CHANGE', screen: 'AMOUNT_SELECT', data: { amounts: ['20', 40], currency: '£', showOtherOption: true }, transactionId: 'initial', timestamp: now }),
    screen('LIMIT_ERROR', { limit: 100, remaining: 200, currency: '£' }),
    screen('KEYPAD', { currency: '£', minAmount: 300, maxAmount: 10 }),
    screen('SUCCESS', { showReceipt: true, extra: 1 }, { also: 2 }),
    JSON.stringify({ messageType: 'SCREEN_CHANGE', screen: 'SUCCESS', data: { showReceipt: true }, transactionId: 'T1' }),
    JSON.stringify({ messageType: 'SCREEN_CHANGE', screen: 'NOPE', data: { amounts: [1.5] }, transactionId: '', timestamp: 'x' }),
    JSON.stringify({ messageType: 'ERROR', screen: 'KEYPAD', data: { errorMessage: 'x', errorCode: 'NOT_A_CODE' }, transactionId: 'T1', timestamp: now }),
    '{not json',
    '[1,2]',
    '{"ping":true}',
  ];
  // A connection's frames in order: graph moves and timestamps depend on the ones before.
  const sequence = [
    screen('AMOUNT_SELECT', { amounts: [20], currency: '£', showOtherOption: true }),
    screen('SUCCESS', { showReceipt: true }),
    screen('PRINT_TICKET', {}, { timestamp: now - 5_000 }),
    screen('THANK_YOU', {}, { timestamp: 1_700_000_000 }),
    screen('DEVICE_ERROR', { errorMessage: 'Printer out of paper', errorCode: 'PRINTER_ERROR' }, { timestamp: now + 3_600_000 }),
  ];
  return [...examples.map((e) => [e]), ...broken.map((b) => [b]), sequence];
}

describe('the kiosk page judges frames as the certifier does', () => {
  it('finds exactly the FrameChecker problems and warnings, with the runner\'s FAIL/WARN split, on every frame', () => {
    const frames = corpus();
    expect(frames.length).toBeGreaterThan(20);
    for (const connection of frames) {
      const checker = new FrameChecker(() => now);
      const judge = new KioskJudge(() => now);
      for (const text of connection) {
        const expected = checker.check(text);
        const got = judge.inbound(text);
        const errors = got.findings.filter((f) => expected.errors.some((e) => e.requirement === f.requirement && e.path === f.path && e.message === f.message));
        expect(got.findings.map((f) => `${f.path} ${f.message} [${f.requirement}]`), text).toEqual([
          ...expected.errors.map((e) => `${e.path} ${e.message} [${e.requirement}]`),
          ...expected.warnings.map((w) => `${w.path} ${w.message} [${w.requirement}]`),
        ]);
        for (const f of errors) expect(f.verdict, `${text}: ${f.requirement}`).toBe(isHard([f.requirement]) ? 'FAIL' : 'WARN');
        expect(got.transition).toBe(expected.transition);
      }
    }
  });

  it('flags a string amount as a FAIL of ENV-11 at its JSON path, and an illegal move as a WARN of GRAPH-1', () => {
    const judge = new KioskJudge(() => now);
    const bad = judge.inbound(JSON.stringify({ messageType: 'SCREEN_CHANGE', screen: 'AMOUNT_SELECT', data: { amounts: ['20'], currency: '£', showOtherOption: true }, transactionId: 'initial', timestamp: now }));
    expect(bad.verdict).toBe('FAIL');
    expect(bad.findings[0]).toMatchObject({ path: '/data/amounts/0', requirement: 'ENV-11', level: 'MUST', verdict: 'FAIL' });
    const jump = judge.inbound(screen('THANK_YOU', {}));
    expect(jump.verdict).toBe('WARN');
    expect(jump.findings[0]).toMatchObject({ path: '/screen', requirement: 'GRAPH-1', level: 'SHOULD', verdict: 'WARN' });
  });

  it('takes the checker\'s warnings as they are: a field name with a space keeps its whole path (no words split back out of a log line)', () => {
    const judge = new KioskJudge(() => now);
    const odd = judge.inbound(JSON.stringify({ messageType: 'SCREEN_CHANGE', screen: 'AMOUNT_SELECT', data: { amounts: [20], currency: '£', showOtherOption: true }, transactionId: 'initial', timestamp: now, 'odd key': 1 }));
    expect(odd.verdict).toBe('WARN');
    expect(odd.findings).toEqual([expect.objectContaining({ path: '/odd key', requirement: 'ENV-13', verdict: 'WARN' })]);
  });

  it('judges the kiosk\'s own frames in its profile', () => {
    const judge = new KioskJudge(() => now);
    const pintoOther = JSON.stringify({ messageType: 'USER_ACTION', screen: 'AMOUNT_SELECT', data: { selectedAmount: -1, selectionMethod: 'CUSTOM' }, transactionId: 'initial', timestamp: now });
    expect(judge.outbound(pintoOther, 'pinto-android-1').verdict).toBe('OK');
    expect(judge.outbound(pintoOther, 'strict').verdict).toBe('FAIL');
    expect(judge.outbound('{"ping":true}', 'pinto-android-1').verdict).toBe('OK');
  });

  it('the bundle needs no eval: no new Function, no eval(), no Node module', () => {
    expect(bundleText).not.toMatch(/new Function|\beval\(/);
    expect(bundleText).not.toMatch(/from ["']node:|require\(["']node:/);
  });
});
