import { checkServerFrameStructure } from '../../load/terminal/structural-check.js';
import type { TerminalHost, TerminalObserver, TimerHandle } from '../../load/terminal/types.js';
import { VirtualTerminal, terminalDefaults, type VirtualTerminalOptions } from '../../load/terminal/virtual-terminal.js';
import { FakeKiosk, type KioskOptions } from './fake-kiosk.js';

/** Everything the terminal reported, for assertions. */
export class RecordingObserver implements TerminalObserver {
  transitions: Array<{ key: string; latencyMs: number }> = [];
  transactions: Array<{ outcome: string; journey: string; reason: string | undefined }> = [];
  errors: Array<{ kind: string; detail: string }> = [];
  violations: Array<{ kind: string; detail: string }> = [];
  resumptions = 0;
  transition(key: string, latencyMs: number): void { this.transitions.push({ key, latencyMs }); }
  transaction(outcome: string, journey: string, reason: string | undefined): void { this.transactions.push({ outcome, journey, reason }); }
  error(kind: string, detail: string): void { this.errors.push({ kind, detail }); }
  violation(kind: string, detail: string): void { this.violations.push({ kind, detail }); }
  resumption(): void { this.resumptions++; }
}

/**
 * A virtual terminal wired to a FakeKiosk through a fake clock: time only
 * moves when the test calls advance(), so every timing is exact.
 */
export class TerminalHarness implements TerminalHost {
  clock = 0;
  readonly observer = new RecordingObserver();
  readonly sent: Array<Record<string, unknown>> = [];
  readonly reconnects: Array<{ reason: string; newIdentity: boolean }> = [];
  readonly terminal: VirtualTerminal;
  kiosk: FakeKiosk;
  /** Network delay of every server frame, ms. */
  networkMs = 2;
  private timers: Array<{ at: number; seq: number; fn: () => void }> = [];
  private seq = 0;
  private randomValues: number[];
  private connected = false;

  constructor(options: Partial<VirtualTerminalOptions> = {}, kiosk: KioskOptions = {}, random: number[] = [0.5]) {
    this.kiosk = new FakeKiosk(kiosk);
    this.randomValues = random;
    this.terminal = new VirtualTerminal({ ...terminalDefaults, terminalId: 'T1', journey: 'preset', ...options }, this, this.observer);
  }

  now(): number { return this.clock; }
  epochMs(): number { return 1_700_000_000_000 + this.clock; }
  random(): number {
    const value = this.randomValues.length > 1 ? this.randomValues.shift()! : this.randomValues[0]!;
    return value;
  }
  setTimer(ms: number, callback: () => void): TimerHandle {
    const timer = { at: this.clock + ms, seq: this.seq++, fn: callback };
    this.timers.push(timer);
    return timer;
  }
  clearTimer(handle: TimerHandle): void {
    this.timers = this.timers.filter((t) => t !== handle);
  }
  send(text: string): void {
    this.sent.push(JSON.parse(text) as Record<string, unknown>);
    this.deliver(this.kiosk.receive(text));
  }
  reconnect(reason: string, newIdentity: boolean): void {
    this.reconnects.push({ reason, newIdentity });
    this.connected = false;
    this.terminal.closed();
    if (newIdentity) this.kiosk = new FakeKiosk();
    this.setTimer(10, () => this.open());
  }
  validate = checkServerFrameStructure;

  /** Opens the connection. */
  open(): void {
    this.connected = true;
    this.terminal.opened();
    this.deliver(this.kiosk.connect());
  }

  /** Runs the fake clock forward, firing due timers in order. */
  advance(ms: number): void {
    const end = this.clock + ms;
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.timers[0];
      if (!next || next.at > end) break;
      this.timers.shift();
      this.clock = next.at;
      next.fn();
    }
    this.clock = end;
  }

  private deliver(frames: Array<{ delayMs: number; text: string }>): void {
    // Server-driven steps are cumulative: each delay counts from the previous frame.
    let at = 0;
    for (const frame of frames) {
      at += frame.delayMs;
      this.setTimer(at + this.networkMs, () => {
        if (this.connected) this.terminal.receive(frame.text);
      });
    }
  }
}
