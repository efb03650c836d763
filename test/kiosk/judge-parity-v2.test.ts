import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kioskFrames } from '../../kiosk-v2/index.js';
import type { V2KioskJudge as V2KioskJudgeType } from '../../kiosk/page/v2/judge.js';
import { parseV2Frame } from '../../protocol/v2/frame.js';
import { isV2Hard } from '../../protocol/v2/verdict.js';
import { v2BaseMessages, v2InvalidCorpus } from '../protocol/invalid-corpus-v2.js';
// @ts-expect-error the build script is plain JavaScript without types
import { bundleKioskEntry } from '../../scripts/build-kiosk.mjs';

/**
 * The v2 page judges frames with the v2 validators bundled for the browser:
 * ajv's compiler swapped for standalone functions generated at build time.
 * These tests hold that bundle to `paysock validate --profile pinto-android-2`.
 */
let dir: string;
let bundled: typeof V2KioskJudgeType;
let bundleText: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'paysock-kiosk-v2-judge-'));
  const file = join(dir, 'judge.mjs');
  await bundleKioskEntry('kiosk/page/v2/judge.ts', file, 'esm', 2);
  bundleText = await readFile(file, 'utf8');
  ({ V2KioskJudge: bundled } = (await import(pathToFileURL(file).href)) as { V2KioskJudge: typeof V2KioskJudgeType });
}, 60_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const now = 1_714_000_000_000;

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

describe('the v2 kiosk page judges frames as paysock validate --profile pinto-android-2 does', () => {
  it('finds the validator\'s problems and warnings on every valid and invalid corpus frame, FAIL on a stated MUST, WARN otherwise', () => {
    const frames = [...Object.values(v2BaseMessages), ...v2InvalidCorpus].map((c) => ({ from: c.direction, text: JSON.stringify(c.message) }));
    frames.push({ from: 'backend', text: '{not json' }, { from: 'backend', text: '{"ping":true}' }, { from: 'kiosk', text: kioskFrames.cardCheckResult('nnsmart', null, 61, 'T1', now) });
    expect(frames.length).toBeGreaterThan(40);
    let failures = 0;
    for (const { from, text } of frames) {
      // A fresh judge per frame: the conversation rules are not what is compared here,
      // so a LIMIT_CHECK_RESULT gets the card check it answers.
      const judge = new bundled();
      const id = (tryParse(text) as { messageType?: unknown; transactionId?: unknown } | undefined);
      if (id?.messageType === 'LIMIT_CHECK_RESULT' && typeof id.transactionId === 'string') judge.outbound(kioskFrames.cardCheckResult('integra', 'CARD-1', 20, id.transactionId, now));
      const got = from === 'backend' ? judge.inbound(text) : judge.outbound(text);
      const expected = from === 'backend' ? parseV2Frame(text) : parseV2Frame(text, { from: 'terminal' });
      const problems = expected.ok ? [] : expected.problems;
      const want = [...problems.map((p) => `${p.path} [${p.requirement}] ${isV2Hard(p.requirement) ? 'FAIL' : 'WARN'}`), ...expected.warnings.map((w) => `${w.path} [${w.requirement}] WARN`)];
      expect(got.findings.map((f) => `${f.path} [${f.requirement}] ${f.verdict}`), text).toEqual(want);
      if (got.verdict === 'FAIL') failures++;
    }
    // The corpus breaks MUSTs: the page must say FAIL for them.
    expect(failures).toBeGreaterThan(20);
  });

  it('judges the conversation in the bundle too: a second LIMIT_CHECK_RESULT for one card check is FAIL V2-M-3', () => {
    const judge = new bundled();
    const answer = JSON.stringify({ messageType: 'LIMIT_CHECK_RESULT', screen: 'APPROVED', data: {}, transactionId: 'T1', timestamp: now });
    expect(judge.outbound(kioskFrames.cardCheckResult('integra', 'CARD-1', 20, 'T1', now)).verdict).toBe('OK');
    expect(judge.inbound(answer).verdict).toBe('OK');
    const second = judge.inbound(answer);
    expect(second.verdict).toBe('FAIL');
    expect(second.findings[0]).toMatchObject({ path: '/transactionId', requirement: 'V2-M-3', level: 'MUST' });
  });

  it('compiles no schema at run time: the page runs under a CSP without unsafe-eval', () => {
    expect(bundleText).not.toMatch(/new Function\(|\beval\(/);
  });
});
