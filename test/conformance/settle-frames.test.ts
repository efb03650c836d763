import { describe, expect, it } from 'vitest';
import { keepSettleFrames } from '../../conformance/pool-runner.js';
import type { CaseResult } from '../../conformance/results.js';
import type { SettleOutcome } from '../../conformance/settle.js';
import { WireLog } from '../../conformance/wire-log.js';

function passed(): CaseResult {
  return { id: 'flow/7/1', title: 't', section: 'flow', level: 'MUST', requirements: ['FLOW-7'], verdict: 'PASS', steps: [], schemaErrors: [], transitions: [], illegalTransitions: [], wire: [{ at: 1, connection: 'A', direction: 'received', kind: 'text', data: '{}' }], durationMs: 1, replay: 'x' };
}

function settled(log: WireLog, more: Partial<SettleOutcome> = {}): SettleOutcome {
  return { settled: true, found: 'AMOUNT_SELECT "initial"', shows: 'AMOUNT_SELECT "initial"', scenarioAccepted: false, breaches: [], log, durationMs: 1, ...more };
}

describe('settling after a case never swallows a frame (issue 23)', () => {
  it('a quiet settle adds nothing to the case', () => {
    const log = new WireLog();
    log.add('settle', 'received', 'text', '{"messageType":"SCREEN_CHANGE"}');
    expect(keepSettleFrames(passed(), settled(log), 3)).toEqual(passed());
  });

  it('a frame breaking a sourced MUST while settling is kept in the wire log and FAILs the case, naming the rule', () => {
    const log = new WireLog();
    log.add('settle', 'event', 'open', 'connected');
    const event = log.add('settle', 'received', 'text', '{"messageType":"SCREEN_CHANGE","screen":"AMOUNT_SELECT","transactionId":"initial","data":{}}');
    log.schemaErrors.push({ event, path: '/timestamp', message: 'is missing', requirement: 'ENV-1' });
    const kept = keepSettleFrames(passed(), settled(log), 3);
    expect(kept.verdict).toBe('FAIL');
    expect(kept.reason).toBe('while settling after the case, server frame #2 (settle 3): /timestamp is missing [ENV-1]');
    expect(kept.grounds?.map((g) => g.requirement)).toEqual(['ENV-1']);
    expect(kept.wire.map((e) => e.connection)).toEqual(['A', 'settle 3/settle', 'settle 3/settle']);
    expect(kept.schemaErrors).toEqual([{ event: 2, path: '/timestamp', message: 'is missing', requirement: 'ENV-1' }]);
  });

  it('a terminal it could not settle keeps the settle frames, the verdict left to the runner', () => {
    const log = new WireLog();
    log.add('settle', 'received', 'text', '{"messageType":"SCREEN_CHANGE","screen":"PROCESSING"}');
    const kept = keepSettleFrames(passed(), settled(log, { settled: false, shows: 'PROCESSING "T-1"' }), 1);
    expect(kept.verdict).toBe('PASS');
    expect(kept.wire).toHaveLength(2);
  });
});
