import { describe, expect, it } from 'vitest';
import { CheckFailed } from '../../conformance/case-errors.js';
import { Expectations, type Expecting } from '../../conformance/context/expectations.js';
import { StepRecorder } from '../../conformance/context/step-recorder.js';
import { deriveWaits, resolveTarget } from '../../conformance/target.js';
import type { Arrival } from '../../conformance/certifier-terminal.js';
import type { Screen } from '../../protocol/screen-graph.js';

/** A connection whose inbox is a list: next() takes the first arrival at once, or nothing. */
function inbox(arrivals: Arrival[], shows?: Screen, lastSent?: string): Expecting & { waited: number[] } {
  const waited: number[] = [];
  return {
    label: 'A',
    roundTripMs: 40,
    screen: shows,
    lastSentTransactionId: lastSent,
    waited,
    next: async (ms: number) => {
      waited.push(ms);
      return arrivals.shift();
    },
  } as Expecting & { waited: number[] };
}

let event = 0;
const message = (raw: Record<string, unknown>, extra: Partial<Extract<Arrival, { kind: 'message' }>> = {}): Arrival => ({ kind: 'message', event: event++, at: 0, text: JSON.stringify(raw), raw, valid: true, ...extra });
const screen = (name: string, transactionId = 'T-1'): Arrival => message({ messageType: 'SCREEN_CHANGE', screen: name, transactionId });
const error = (code: string, transactionId: string, on = 'PAYMENT_METHOD'): Arrival => message({ messageType: 'ERROR', screen: on, transactionId, data: { errorCode: code, message: 'no' } });

const waits = deriveWaits(resolveTarget({ url: 'ws://127.0.0.1:1/' }).timings);

describe('the expectations (conformance/context/expectations.ts)', () => {
  it('widens the answer window by the connection\'s round trip', async () => {
    const t = inbox([screen('PAYMENT_METHOD')]);
    const x = new Expectations(new StepRecorder(), waits);
    await x.expectScreen(t, 'PAYMENT_METHOD', { requirements: ['FLOW-5'] });
    expect(t.waited[0]).toBe(waits.answerMs + 40);
  });

  it('passes over STATUS_UPDATEs and re-sends of the shown screen, but not a re-send of the screen it waits for', async () => {
    const resend = screen('AMOUNT_SELECT', 'initial');
    const t = inbox([message({ messageType: 'STATUS_UPDATE' }, { status: true }), { ...(screen('KEYPAD') as object), resend: true } as Arrival, { ...(resend as object), resend: true } as Arrival]);
    const x = new Expectations(new StepRecorder(), waits);
    expect(await x.nextAnswer(t, 1000, 'AMOUNT_SELECT')).toMatchObject({ raw: { screen: 'AMOUNT_SELECT' } });
  });

  it('records the screen step and calls the hook with its outcome first (which may turn a mismatch into an ERROR)', async () => {
    const seen: Array<[string, boolean]> = [];
    const recorder = new StepRecorder();
    const x = new Expectations(recorder, waits, (_t, s, _a, ok) => seen.push([s, ok]));
    await x.expectScreen(inbox([screen('PAYMENT_METHOD')]), 'PAYMENT_METHOD', { requirements: ['FLOW-5'] });
    await expect(x.expectScreen(inbox([screen('LIMIT_ERROR')]), 'PAYMENT_METHOD', { requirements: ['FLOW-5'] })).rejects.toThrow(CheckFailed);
    expect(seen).toEqual([['PAYMENT_METHOD', true], ['PAYMENT_METHOD', false]]);
    expect(recorder.steps.map((s) => s.verdict)).toEqual(['PASS', 'FAIL']);
    const blaming = new Expectations(new StepRecorder(), waits, () => {
      throw new Error('the terminal, not the backend');
    });
    await expect(blaming.expectScreen(inbox([screen('LIMIT_ERROR')]), 'PAYMENT_METHOD', { requirements: ['FLOW-5'] })).rejects.toThrow('the terminal, not the backend');
  });

  it('an allowed code other than ERR-10\'s first is a PASS plus a WARN of ERR-10', async () => {
    const recorder = new StepRecorder();
    const x = new Expectations(recorder, waits);
    await x.expectError(inbox([error('INVALID_MESSAGE', 'T-1')], 'PAYMENT_METHOD'), ['INVALID_AMOUNT', 'INVALID_MESSAGE'], { requirements: ['ERR-1'], txn: 'T-1', preferCode: 'INVALID_AMOUNT' });
    expect(recorder.steps.map((s) => [s.verdict, s.requirements])).toEqual([['PASS', ['ERR-1']], ['WARN', ['ERR-10']]]);
  });

  it('an ERROR carrying the rejected message\'s id instead of the active one passes, with a WARN of TXN-6', async () => {
    const recorder = new StepRecorder();
    const x = new Expectations(recorder, waits);
    await x.expectError(inbox([error('INVALID_TRANSACTION', 'T-other')], 'PAYMENT_METHOD', 'T-other'), 'INVALID_TRANSACTION', { requirements: ['TXN-3'], txn: 'T-1' });
    expect(recorder.steps.map((s) => [s.verdict, s.requirements])).toEqual([['PASS', ['TXN-3']], ['WARN', ['TXN-6']]]);
  });

  it('waits for the close past any frames, and judges silence', async () => {
    const recorder = new StepRecorder();
    const x = new Expectations(recorder, waits);
    await x.expectClose(inbox([screen('PAYMENT_METHOD'), { kind: 'close', event: 9, at: 0, code: 1008, reason: '' }]), 1008, { requirements: ['TRN-4'] });
    await x.expectNoAnswer(inbox([message({ messageType: 'STATUS_UPDATE' }, { status: true })]), 500, { requirements: ['FLOW-8'] });
    expect(recorder.steps.map((s) => [s.verdict, s.event])).toEqual([['PASS', 9], ['PASS', undefined]]);
  });
});
