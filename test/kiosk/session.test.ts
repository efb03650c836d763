import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { validateCommand } from '../../cli/commands/validate.js';
import { framesAsJsonl, type LogEntry } from '../../kiosk/page/session.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'paysock-kiosk-session-'));
});
afterEach(async () => {
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

const at = 1_700_000_000_000;
const valid = { messageType: 'SCREEN_CHANGE', screen: 'AMOUNT_SELECT', data: { amounts: [20, 40], currency: '£', showOtherOption: true }, transactionId: 'initial', timestamp: at };

/** Runs `paysock validate` on a file; returns its exit code and what it printed. */
async function validate(text: string, extra: Record<string, unknown> = {}): Promise<{ code: number; out: string }> {
  const file = join(dir, 'frames.jsonl');
  await writeFile(file, text);
  let out = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  const code = await validateCommand.handler({ file, from: 'server', profile: 'strict', ...extra });
  vi.restoreAllMocks();
  return { code, out };
}

describe('the kiosk keeps its session as JSONL that paysock validate reads', () => {
  const entries: LogEntry[] = [
    { dir: 'note', at, text: 'Connected' },
    { dir: 'in', at, text: JSON.stringify(valid, null, 2) },
    { dir: 'out', at, text: '{"ping":true}' },
    { dir: 'out', at, text: JSON.stringify({ messageType: 'USER_ACTION', screen: 'AMOUNT_SELECT', data: { selectedAmount: 20, selectionMethod: 'PRESET_BUTTON' }, transactionId: 'T-1', timestamp: at }) },
    { dir: 'in', at, text: JSON.stringify({ ...valid, data: { ...valid.data, amounts: ['20'] } }) },
    { dir: 'in', at, text: 'not json\nacross lines' },
  ];

  it('server frames: one per line, pretty-printed ones folded, a broken one kept broken', async () => {
    const text = framesAsJsonl(entries, 'in');
    expect(text.split('\n').filter((l) => l !== '')).toHaveLength(3);
    const { code, out } = await validate(text);
    expect(code).toBe(1);
    expect(out).toMatch(/:2: FAIL \/data\/amounts\/0 must be integer \[ENV-11\]/);
    expect(out).toMatch(/:3: FAIL \(message\) is not JSON/);
    expect(out).toMatch(/1 valid, 2 invalid\n$/);
  });

  it('kiosk frames: the actions without the keepalive, valid for --from terminal', async () => {
    const text = framesAsJsonl(entries, 'out');
    expect(text).not.toContain('ping');
    const { code, out } = await validate(text, { from: 'terminal', profile: 'strict' });
    expect(code).toBe(0);
    expect(out).toBe('1 valid, 0 invalid\n');
  });
});
