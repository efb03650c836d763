import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { packagePath } from '../../protocol/package-root.js';
import { formatProblem } from '../../protocol/problems.js';
import { parseV2Frame, splitV2Frames } from '../../protocol/v2/frame.js';
import { validateV2BackendMessage, validateV2KioskMessage } from '../../protocol/v2/validator.js';

const document = readFileSync(packagePath('docs', 'sources', 'pinto-android-2.md'), 'utf8');
const lines = document.split('\n');

/** The ```json fenced blocks of pinto-android-2.md, with the line of their opening fence. */
function jsonBlocks(): Array<{ line: number; text: string }> {
  const blocks: Array<{ line: number; text: string }> = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.trim() !== '```json') continue;
    const close = lines.findIndex((l, j) => j > i && l.trim() === '```');
    if (close < 0) throw new Error(`pinto-android-2.md:${i + 1}: fence is never closed`);
    blocks.push({ line: i + 1, text: lines.slice(i + 1, close).join('\n') });
    i = close;
  }
  return blocks;
}

/** Every inline code span that is a JSON object (`{...}`, possibly wrapped over lines), with its line. */
function inlineObjects(): Array<{ line: number; text: string; value: Record<string, unknown> }> {
  const found: Array<{ line: number; text: string; value: Record<string, unknown> }> = [];
  const outsideFences = document.replace(/```[\s\S]*?```/g, (block) => block.replace(/[^\n]/g, ' '));
  for (const match of outsideFences.matchAll(/`([^`]*)`/g)) {
    const text = match[1]!;
    if (!text.trim().startsWith('{')) continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      continue; // placeholders such as {"selectedAmount": f, ...} are templates, not examples
    }
    found.push({ line: outsideFences.slice(0, match.index).split('\n').length, text: text.replace(/\s+/g, ' '), value: value as Record<string, unknown> });
  }
  return found;
}

const blocks = jsonBlocks();
const T = 1714000000000;
const kiosk = (messageType: string, screen: string, data: unknown, transactionId = 'T1'): { from: 'terminal'; message: unknown } => ({ from: 'terminal', message: data === undefined ? { messageType, screen, transactionId, timestamp: T } : { messageType, screen, data, transactionId, timestamp: T } });
const backend = (messageType: string, screen: string, data: unknown, transactionId = 'T1'): { from: 'server'; message: unknown } => ({ from: 'server', message: { messageType, screen, data, transactionId, timestamp: T } });

/**
 * The message each inline example of the source belongs to, by its text: the source shows `data`
 * payloads inline, so each is wrapped in the envelope the sentence around it names.
 */
function envelopeFor(text: string, line: string, value: Record<string, unknown>): { from: 'server' | 'terminal'; message: unknown } {
  if (text === '{"ping":true}') return { from: 'terminal', message: value };
  if (text === '{}') return line.includes('paymentDetails')
    ? kiosk('REVERSAL_RESULT', 'FAILED', { errorCode: 'NO_SALE_FOUND', errorMessage: 'No successful sale transaction found to reverse', paymentDetails: value }, 'REVERSAL_T')
    : kiosk('USER_ACTION', 'CANCEL', value);
  if ('amounts' in value) return backend('SCREEN_CHANGE', 'AMOUNT_SELECT', value, 'T');
  if ('selectionMethod' in value) return kiosk('USER_ACTION', 'RECEIPT_RESPONSE', value);
  if ('originalTransactionId' in value) return backend('REVERSAL_REQUEST', '', value, 'REVERSAL_T');
  if ('requestType' in value) return backend('SCREEN_CHANGE', 'INFO_SCREEN', value, 'info-1714000000000');
  if ('deviceIpAddress' in value) return kiosk('DEVICE_INFO', 'DEVICE_IP', value, 'info-1714000000000');
  if ('deviceSerialNumber' in value) return kiosk('DEVICE_INFO', 'DEVICE_SERIAL', value, 'info-1714000000000');
  if ('minTransactionLimit' in value) return backend('DEVICE_INFO', '', value, 'config-1714000000000');
  if ('errorMessage' in value) return kiosk('USER_ACTION', 'CANCEL', value);
  throw new Error(`no envelope known for the example ${text}`);
}

const validate = (from: 'server' | 'terminal', message: unknown) => (from === 'terminal' ? validateV2KioskMessage(message) : validateV2BackendMessage(message));

describe('JSON examples of pinto-android-2.md', () => {
  it('finds the 3 fenced json blocks: the two Moshi lines of 3.1.1 and the two pretty results of 3.2', () => {
    expect(blocks).toHaveLength(3);
    expect(blocks[0]!.text.split('\n')).toHaveLength(2);
  });

  const fencedFrames = blocks.flatMap((block) => splitV2Frames(block.text).map((frame) => ({ ...frame, line: block.line + frame.line })));
  it('the fenced blocks hold 4 kiosk frames: 2 compact one-liners and 2 pretty multi-line ones', () => {
    expect(fencedFrames).toHaveLength(4);
    expect(fencedFrames.map((f) => f.text.includes('\n'))).toEqual([false, false, true, true]);
  });

  it.each(fencedFrames.map((f) => [`line ${f.line}`, f] as const))('fenced kiosk frame at %s is valid as it stands (its JSON style included)', (_name, frame) => {
    const result = parseV2Frame(frame.text, { from: 'terminal' });
    expect(result.ok ? [] : result.problems.map(formatProblem)).toEqual([]);
    expect(result.warnings).toEqual([]);
  });

  const inline = inlineObjects();
  it('finds every inline JSON object of the source (placeholder templates aside)', () => {
    expect(inline.length).toBe(21);
    expect(new Set(inline.map((i) => i.text))).toEqual(new Set([
      '{"ping":true}', '{}', '{"amounts":[20,40,60,80,100], "currency":"£","showOtherOption":true}', '{"selectionMethod":"YES"}',
      '{"originalTransactionId":"T", "originalRequesterTransRefNum":"T","reversalAmount":61}', '{"requestType":"DEVICE_INFO"}',
      '{"deviceIpAddress": "192.168.1.20"}', '{"deviceSerialNumber": "…"}',
      '{"minTransactionLimit":10.0,"maxTransactionLimit":300.0,"currency":"GBP", "transactionFeeType":"FIXED","transactionFeeValue":0.5, "yaspaEnabled":true,"paymentProvider":"nnsmart","requireCardReceipt":true}',
      '{"errorMessage":"Session timed out due to inactivity"}',
    ]));
  });

  it.each(inline.map((i) => [`line ${i.line}: ${i.text}`, i] as const))('inline example %s validates in its envelope', (_name, example) => {
    const { from, message } = envelopeFor(example.text, lines[example.line - 1]!, example.value);
    const result = validate(from, message);
    expect(result.ok ? [] : result.problems.map(formatProblem), JSON.stringify(message)).toEqual([]);
    expect(result.warnings).toEqual([]);
  });

  it('the RESTART_APP example of 5 (k), completed where it says "…", validates; as written it is no JSON', () => {
    const line = lines.find((l) => l.includes('"messageType":"RESTART_APP"'))!;
    const text = /`(\{"messageType":"RESTART_APP"[^`]*)`/.exec(line)![1]!;
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
    const completed = text.replace(',…}', ',"transactionId":"restart-1","timestamp":1714000000000}');
    const result = parseV2Frame(completed);
    expect(result.ok ? [] : result.problems.map(formatProblem)).toEqual([]);
  });
});

describe('both JSON styles (V2-ENV-4, V2-ENV-5)', () => {
  const pretty = splitV2Frames(blocks[1]!.text)[0]!.text;
  const compact = splitV2Frames(blocks[0]!.text)[1]!.text;

  it('a recording that mixes compact lines and pretty frames splits into its frames, each valid', () => {
    const recording = [compact, pretty, '{"ping":true}', compact].join('\n');
    const frames = splitV2Frames(recording);
    expect(frames.map((f) => f.line)).toEqual([1, 2, 2 + pretty.split('\n').length, 3 + pretty.split('\n').length]);
    for (const frame of frames) expect(parseV2Frame(frame.text, { from: 'terminal' }).ok, frame.text).toBe(true);
    expect(parseV2Frame('{"ping":true}', { from: 'terminal' })).toMatchObject({ ok: true, keepalive: true });
  });

  it('the pretty PAYMENT_RESULT keeps its explicit nulls: errorCode and errorMessage null with empty Result and Message are valid', () => {
    const value = JSON.parse(pretty) as { data: Record<string, unknown> & { paymentDetails: Record<string, string> } };
    value.data.errorCode = null;
    value.data.errorMessage = null;
    value.data.paymentDetails.Result = '';
    value.data.paymentDetails.Message = '';
    expect(validateV2KioskMessage(value).ok).toBe(true);
    expect(parseV2Frame(JSON.stringify(value, null, 4), { from: 'terminal' }).ok).toBe(true);
  });

  it('the Moshi style leaves nulls out: a CANCEL with "errorMessage": null, or a RESET with "data": null, is not d540407\'s', () => {
    const cancel = JSON.parse(compact) as Record<string, unknown>;
    expect(validateV2KioskMessage({ ...cancel, data: { errorMessage: null } })).toMatchObject({ ok: false, problems: [{ path: '/data/errorMessage', requirement: 'V2-KIO-3', code: 'LOGGED' }] });
    const reset = JSON.parse(splitV2Frames(blocks[0]!.text)[0]!.text) as Record<string, unknown>;
    expect(validateV2KioskMessage({ ...reset, data: null })).toMatchObject({ ok: false, problems: [{ path: '/data', requirement: 'V2-KIO-4' }] });
  });

  it('the pretty style always writes both error fields: a PAYMENT_RESULT without errorCode is not d540407\'s', () => {
    const value = JSON.parse(pretty) as { data: Record<string, unknown> };
    delete value.data.errorCode;
    expect(validateV2KioskMessage(value)).toMatchObject({ ok: false, problems: [{ path: '/data/errorCode', requirement: 'V2-KIO-7' }] });
  });
});
