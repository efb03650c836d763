import { describe, expect, it } from 'vitest';
import type { Clock, TimerHandle } from '../../reference-server/clock.js';
import { useReferenceServer } from './terminal-client.js';

const reference = useReferenceServer();

/** A clock that moves only when the test says so; no global timer is touched. */
class ManualClock implements Clock {
  private time = Date.UTC(2026, 11, 2, 12);
  private readonly timers = new Map<number, { at: number; callback: () => void }>();
  private next = 1;

  now(): number {
    return this.time;
  }

  setTimeout(callback: () => void, ms: number): TimerHandle {
    const handle = this.next++;
    this.timers.set(handle, { at: this.time + ms, callback });
    return handle;
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers.delete(handle as number);
  }

  /** Moves on by `ms`, firing what falls due in time order. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const due = [...this.timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.time = due[1].at;
      due[1].callback();
    }
    this.time = end;
  }
}

describe('the clock given to startReferenceServer runs every timer of the server', () => {
  it('the simulated processor takes its processing time on that clock (FLOW-8)', async () => {
    const clock = new ManualClock();
    await reference.start({ clock, config: { processingMs: 20_000, processorTimeoutMs: 60_000, stepDelayMs: 0 } });
    const t = await reference.connect({ terminalId: 'clocked', awaitScreen: 'AMOUNT_SELECT' });
    t.act('AMOUNT_SELECT', { selectedAmount: 20, selectionMethod: 'PRESET_BUTTON' }, 'initial');
    const pm = await t.screen('PAYMENT_METHOD');
    t.act('PAYMENT_METHOD', { selectedMethod: 'DEBIT_CARD' }, pm.transactionId);
    await t.screen('PROCESSING');
    // 20 s on the manual clock, no real 20 s: a processor on the global timers would still be waiting.
    clock.advance(20_000);
    expect((await t.until('SUCCESS')).transactionId).toBe(pm.transactionId);
  });

  it('no processing time decides the charge at once, without a timer (the bench configuration)', async () => {
    const clock = new ManualClock();
    await reference.start({ clock, config: { processingMs: 0, stepDelayMs: 0 } });
    const t = await reference.connect({ terminalId: 'instant', awaitScreen: 'AMOUNT_SELECT' });
    t.act('AMOUNT_SELECT', { selectedAmount: 20, selectionMethod: 'PRESET_BUTTON' }, 'initial');
    const pm = await t.screen('PAYMENT_METHOD');
    t.act('PAYMENT_METHOD', { selectedMethod: 'DEBIT_CARD' }, pm.transactionId);
    // The manual clock never moves: SUCCESS and the steps after it come on I/O alone.
    expect((await t.until('SUCCESS')).transactionId).toBe(pm.transactionId);
    expect((await t.until('AMOUNT_SELECT')).transactionId).toBe('initial');
  });

  it('the heartbeat pings on that clock and drops a peer that missed two pongs (TRN-8)', async () => {
    const clock = new ManualClock();
    const server = await reference.start({ clock, config: { pingIntervalMs: 30_000 } });
    const t = await reference.connect({ terminalId: 'silent', awaitScreen: 'AMOUNT_SELECT', autoPong: false });
    expect(server.connections()).toBe(1);
    // Two unanswered pings, then the third tick drops the peer; no real 90 s pass.
    clock.advance(30_000);
    clock.advance(30_000);
    clock.advance(30_000);
    expect(await t.closedWith()).toBe(1006);
  });
});
