import { describe, expect, it } from 'vitest';
import { TerminalHarness } from './terminal-harness.js';

function run(h: TerminalHarness, ms = 1_000): TerminalHarness {
  h.open();
  h.advance(ms);
  return h;
}

describe('virtual terminal journeys', () => {
  it('preset: pays with the smallest preset and completes cycles without violations', () => {
    const h = run(new TerminalHarness({ journey: 'preset' }), 200);
    expect(h.sent[0]).toMatchObject({ messageType: 'USER_ACTION', screen: 'AMOUNT_SELECT', data: { selectedAmount: 20, selectionMethod: 'PRESET_BUTTON' }, transactionId: 'initial' });
    expect(h.sent[1]).toMatchObject({ screen: 'PAYMENT_METHOD', data: { selectedMethod: 'DEBIT_CARD' } });
    expect(h.sent[1]!.transactionId).toMatch(/^srv-/);
    expect(h.observer.transactions.filter((t) => t.outcome === 'completed').length).toBeGreaterThan(1);
    expect(h.observer.transactions.every((t) => t.outcome === 'completed' && t.journey === 'preset')).toBe(true);
    expect(h.observer.violations).toEqual([]);
    expect(h.observer.errors).toEqual([]);
    expect(h.kiosk.charged).toBeGreaterThanOrEqual(h.observer.transactions.length);
  });

  it('keypad: goes through OTHER and enters the keypad minimum', () => {
    const h = run(new TerminalHarness({ journey: 'keypad' }), 100);
    expect(h.sent[0]!.data).toEqual({ selectedAmount: -1, selectionMethod: 'OTHER' });
    expect(h.sent[1]).toMatchObject({ screen: 'KEYPAD', data: { selectedAmount: 10, selectionMethod: 'KEYPAD' } });
    expect(h.observer.transactions[0]).toEqual({ outcome: 'completed', journey: 'keypad', reason: undefined });
    expect(h.observer.transitions.map((t) => t.key)).toEqual(expect.arrayContaining(['AMOUNT_SELECT>KEYPAD', 'KEYPAD>PAYMENT_METHOD', 'PAYMENT_METHOD>PROCESSING']));
  });

  it('keypad fails its cycle when the server offers no OTHER', () => {
    const h = run(new TerminalHarness({ journey: 'keypad' }, { showOtherOption: false }), 100);
    expect(h.observer.transactions[0]).toMatchObject({ outcome: 'failed', reason: 'keypad-not-offered' });
  });

  it('decline: completes on FAILED CARD_DECLINED and presses OK', () => {
    const h = run(new TerminalHarness({ journey: 'decline' }, { scenario: 'decline' }), 100);
    expect(h.sent.some((m) => m.screen === 'FAILED' && (m.data as { action?: string }).action === 'OK')).toBe(true);
    expect(h.observer.transactions[0]).toEqual({ outcome: 'completed', journey: 'decline', reason: undefined });
    expect(h.kiosk.charged).toBe(0);
  });

  it('decline fails its cycle when the server approves (scenario not applied)', () => {
    const h = run(new TerminalHarness({ journey: 'decline' }), 100);
    expect(h.observer.transactions[0]).toMatchObject({ outcome: 'failed', reason: 'approved-not-declined' });
  });

  it('cancel: cancels on PAYMENT_METHOD, or on KEYPAD once it learned cancel is not allowed there', () => {
    const h = run(new TerminalHarness({ journey: 'cancel' }), 100);
    expect(h.sent[1]).toMatchObject({ screen: 'PAYMENT_METHOD', data: { action: 'CANCEL' } });
    expect(h.observer.transactions[0]).toEqual({ outcome: 'completed', journey: 'cancel', reason: undefined });
    expect(h.kiosk.charged).toBe(0);

    const k = run(new TerminalHarness({ journey: 'cancel' }, { allowCancel: false }), 200);
    // First cycle cannot cancel on PAYMENT_METHOD: it pays and fails; later cycles cancel on KEYPAD.
    expect(k.observer.transactions[0]).toMatchObject({ outcome: 'failed', reason: 'cancel-not-sent' });
    expect(k.sent.some((m) => m.screen === 'KEYPAD' && (m.data as { action?: string }).action === 'CANCEL')).toBe(true);
    expect(k.observer.transactions.slice(1).every((t) => t.outcome === 'completed')).toBe(true);
  });

  it('limit: takes the largest preset, gets LIMIT_ERROR, presses OK', () => {
    const h = run(new TerminalHarness({ journey: 'limit' }, { scenario: 'limit-remaining:0' }), 50);
    expect(h.sent[0]!.data).toMatchObject({ selectedAmount: 100 });
    expect(h.sent[1]).toMatchObject({ screen: 'LIMIT_ERROR', data: { action: 'OK' } });
    expect(h.observer.transactions[0]).toEqual({ outcome: 'completed', journey: 'limit', reason: undefined });
  });

  it('a payment journey that runs out of daily limit reports it (not as a failure) and reconnects as a new terminal', () => {
    const h = run(new TerminalHarness({ journey: 'preset' }, { dailyLimit: 40 }), 200);
    expect(h.observer.transactions.slice(0, 3).map((t) => t.outcome)).toEqual(['completed', 'completed', 'completed']);
    expect(h.observer.errors[0]).toMatchObject({ kind: 'daily-limit-reached' });
    expect(h.reconnects[0]).toEqual({ reason: 'daily-limit', newIdentity: true });
    // The third cycle ran on the fresh identity.
    expect(h.sent.filter((m) => m.screen === 'LIMIT_ERROR')).toHaveLength(1);
  });

  it('idle: connects and never acts', () => {
    const h = run(new TerminalHarness({ journey: 'idle' }), 5_000);
    expect(h.sent).toEqual([]);
    expect(h.observer.errors).toEqual([]);
    expect(h.terminal.currentScreen).toBe('AMOUNT_SELECT');
  });
});

describe('transaction ids', () => {
  it('client mode sends its own id and expects it back (TXN-1, TXN-2)', () => {
    const h = run(new TerminalHarness({ journey: 'preset', transactionIds: 'client', terminalId: 'kiosk-7' }), 100);
    const id = h.sent[0]!.transactionId as string;
    expect(id).not.toBe('initial');
    expect(id).toMatch(/^[A-Za-z0-9._:-]{1,64}$/);
    expect(id).toContain('kiosk-7');
    expect(h.sent[1]!.transactionId).toBe(id);
    expect(h.sent.find((m) => m.transactionId !== id && m.screen !== 'AMOUNT_SELECT')?.transactionId).not.toBe(id);
    const ids = new Set(h.sent.filter((m) => m.screen === 'AMOUNT_SELECT').map((m) => m.transactionId));
    expect(ids.size).toBe(h.sent.filter((m) => m.screen === 'AMOUNT_SELECT').length);
    expect(h.observer.violations).toEqual([]);
  });

  it('flags a server that keeps "initial" after the first action (TXN-1)', () => {
    const h = run(new TerminalHarness({ journey: 'preset' }, { faults: ['initial-in-answer'] }), 30);
    expect(h.observer.violations.some((v) => v.kind === 'transaction-id' && v.detail.includes('TXN-1'))).toBe(true);
  });

  it('flags a server that ignores the client id (TXN-2)', () => {
    const h = run(new TerminalHarness({ journey: 'preset', transactionIds: 'client' }, { faults: ['initial-in-answer'] }), 30);
    expect(h.observer.violations.some((v) => v.kind === 'transaction-id' && v.detail.includes('TXN-2'))).toBe(true);
  });
});

describe('protocol violations', () => {
  it('flags a frame the validator rejects', () => {
    const h = run(new TerminalHarness({ journey: 'preset' }, { faults: ['garbage-frame'] }), 50);
    expect(h.observer.violations[0]).toMatchObject({ kind: 'invalid-frame' });
  });

  it('flags a screen change outside the screen graph (GRAPH-1)', () => {
    const h = run(new TerminalHarness({ journey: 'preset' }, { faults: ['skip-payment-method'] }), 30);
    expect(h.observer.violations).toContainEqual({ kind: 'screen-graph', detail: expect.stringContaining('AMOUNT_SELECT>SUCCESS') });
  });

  it('flags a STATUS_UPDATE naming another screen (SCR-11)', () => {
    const h = run(new TerminalHarness({ journey: 'preset' }, { faults: ['wrong-status-screen'] }), 30);
    expect(h.observer.violations.some((v) => v.kind === 'status-screen')).toBe(true);
  });

  it('counts an unanswered action as answer-timeout, fails the cycle and reconnects', () => {
    const h = run(new TerminalHarness({ journey: 'preset', answerTimeoutMs: 1_000 }, { faults: ['silent-on-method'] }), 1_100);
    expect(h.observer.errors[0]).toMatchObject({ kind: 'answer-timeout' });
    expect(h.reconnects[0]).toMatchObject({ reason: 'stalled' });
    // The kiosk still shows PAYMENT_METHOD for that transaction: the terminal resumes it.
    expect(h.observer.resumptions).toBe(1);
  });

  it('counts a server ERROR answer and recovers with CANCEL', () => {
    const h = new TerminalHarness({ journey: 'keypad' });
    h.open();
    h.advance(3);
    // Force the terminal out of step: the kiosk jumps to KEYPAD behind its back.
    h.kiosk.screen = 'PAYMENT_METHOD';
    h.advance(50);
    expect(h.observer.errors[0]).toMatchObject({ kind: 'server-error:UNEXPECTED_ACTION' });
    expect(h.observer.transactions[0]).toMatchObject({ outcome: 'failed', reason: 'server-error:UNEXPECTED_ACTION' });
  });
});

describe('resumption', () => {
  it('drops on PROCESSING, reconnects and counts the resumed transaction (RES-3)', () => {
    const h = run(new TerminalHarness({ journey: 'decline', dropRate: 1 }, { scenario: 'decline' }), 40);
    expect(h.reconnects[0]).toEqual({ reason: 'drop', newIdentity: false });
    expect(h.observer.resumptions).toBeGreaterThan(0);
    expect(h.observer.transactions[0]).toMatchObject({ outcome: 'completed', journey: 'decline' });
    expect(h.observer.violations).toEqual([]);
  });

  it('flags a server that forgets a transaction on PROCESSING across a reconnect (RES-5)', () => {
    const h = run(new TerminalHarness({ journey: 'decline', dropRate: 1 }, { scenario: 'decline', faults: ['forget-on-reconnect'] }), 40);
    expect(h.observer.violations.some((v) => v.kind === 'resumption')).toBe(true);
    expect(h.observer.transactions[0]).toMatchObject({ outcome: 'failed', reason: 'lost-on-reconnect' });
  });
});

describe('timing bookkeeping', () => {
  it('times each action to the next screen with the injected clock, per transition key', () => {
    const h = new TerminalHarness({ journey: 'preset' });
    h.networkMs = 7;
    run(h, 60);
    const keys = h.observer.transitions.map((t) => t.key);
    expect(keys.slice(0, 2)).toEqual(['AMOUNT_SELECT>PAYMENT_METHOD', 'PAYMENT_METHOD>PROCESSING']);
    expect(h.observer.transitions.every((t) => t.latencyMs === 7)).toBe(true);
  });

  it('waits the think time before each action', () => {
    const h = new TerminalHarness({ journey: 'preset', thinkTime: { minMs: 100, maxMs: 300 } }, {}, [0.5]);
    h.open();
    h.advance(150);
    expect(h.sent).toEqual([]);
    h.advance(60);
    expect(h.sent).toHaveLength(1);
    expect(h.sent[0]!.timestamp).toBe(1_700_000_000_000 + 202);
  });

  it('records no transition for server-driven steps and none after stop()', () => {
    const h = run(new TerminalHarness({ journey: 'preset' }), 40);
    expect(h.observer.transitions.some((t) => t.key.startsWith('PROCESSING>') || t.key.startsWith('SUCCESS>'))).toBe(false);
    const count = h.sent.length;
    h.terminal.stop();
    h.advance(1_000);
    expect(h.sent.length).toBe(count);
  });
});
