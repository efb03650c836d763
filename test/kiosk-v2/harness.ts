import { parseV2Frame } from '../../protocol/v2/frame.js';
import { ScriptedTerminal, VirtualKiosk, styleOf, type KioskScreen, type KioskSocketListener, type KioskStorage, type KioskTransport, type SentFrame, type VirtualKioskOptions } from '../../kiosk-v2/index.js';
import { emptyStorage } from '../../kiosk-v2/storage.js';

/** A clock that moves only when the test says so. */
export class ManualClock {
  time = Date.UTC(2026, 0, 15, 12);
  private timers = new Map<number, { at: number; seq: number; callback: () => void }>();
  private next = 1;
  now(): number { return this.time; }
  setTimeout(callback: () => void, ms: number): number {
    const handle = this.next++;
    this.timers.set(handle, { at: this.time + Math.max(0, ms), seq: handle, callback });
    return handle;
  }
  clearTimeout(handle: unknown): void { this.timers.delete(handle as number); }
  /** Moves on by `ms`, firing what falls due in time order. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      let due: [number, { at: number; seq: number; callback: () => void }] | undefined;
      for (const entry of this.timers) if (entry[1].at <= end && (!due || entry[1].at < due[1].at || (entry[1].at === due[1].at && entry[1].seq < due[1].seq))) due = entry;
      if (!due) break;
      this.timers.delete(due[0]);
      this.time = due[1].at;
      due[1].callback();
    }
    this.time = end;
  }
}

/** A frame the backend received, parsed. */
export interface Received { text: string; at: number; value: Record<string, unknown> | undefined }

/** One connection as the scripted backend sees it. */
export class BackendConnection {
  open = true;
  readonly received: Received[] = [];
  constructor(private readonly clock: ManualClock, private readonly listener: KioskSocketListener, readonly backend: ScriptedBackend) {}
  /** Sends one frame to the kiosk; it arrives 1 ms later. */
  send(frame: Record<string, unknown> | string): void {
    const text = typeof frame === 'string' ? frame : JSON.stringify(frame);
    this.clock.setTimeout(() => { if (this.open) this.listener.onMessage(text); }, 1);
  }
  /** The backend's clean close: the kiosk gets the close frame (onClosing) and ignores it. */
  closeCleanly(): void {
    this.open = false;
    this.clock.setTimeout(() => this.listener.onClosing(1000, 'bye'), 1);
  }
}

type Handler = (frame: Record<string, unknown>, conn: BackendConnection) => void;

/**
 * A tiny backend that sends the frames pinto-android-2.md §5 says, with
 * hooks a test overrides. Fresh ids per AMOUNT_SELECT (§3.4.5).
 */
export class ScriptedBackend implements KioskTransport {
  readonly connections: BackendConnection[] = [];
  /** Every frame from the kiosk, all connections. */
  readonly received: Received[] = [];
  /** Set false to refuse connections (the link is down). */
  reachable = true;
  /** Configuration pushed on connect (null: none). */
  config: Record<string, unknown> | null = { minTransactionLimit: 10.0, maxTransactionLimit: 300.0, currency: 'GBP', transactionFeeType: 'FIXED', transactionFeeValue: 1.0, yaspaEnabled: true, paymentProvider: 'integra', requireCardReceipt: true };
  /** Send AMOUNT_SELECT on every connection (§2.8). */
  greet = true;
  /** How LIMIT_CHECK_RESULT answers a card check: its screen, or null for no answer. */
  limitVerdict: (frame: Record<string, unknown>) => string | null = () => 'APPROVED';
  /** Drive post-payment screens after K5 automatically. */
  finishTickets = true;
  /** Extra handler run before the default one; return true to skip the default. */
  intercept: ((frame: Record<string, unknown>, conn: BackendConnection) => boolean) | undefined;
  private ids = 0;

  constructor(private readonly clock: ManualClock) {}

  get last(): BackendConnection { return this.connections[this.connections.length - 1]!; }

  fresh(prefix = 'T'): string { return `${prefix}${++this.ids}`; }

  envelope(messageType: string, screen: string, data: unknown, transactionId: string): Record<string, unknown> {
    return { messageType, screen, data, transactionId, timestamp: this.clock.now() };
  }

  amountSelect(conn: BackendConnection): void {
    conn.send(this.envelope('SCREEN_CHANGE', 'AMOUNT_SELECT', { amounts: [20, 40, 60, 80, 100], currency: '£', showOtherOption: true }, this.fresh()));
  }

  open(_url: string, listener: KioskSocketListener) {
    const conn = new BackendConnection(this.clock, listener, this);
    const clock = this.clock;
    clock.setTimeout(() => {
      if (!this.reachable) { conn.open = false; listener.onFailure('connection refused'); return; }
      this.connections.push(conn);
      listener.onOpen();
      if (this.config) conn.send(this.envelope('DEVICE_INFO', '', this.config, this.fresh('config-')));
      if (this.greet) this.amountSelect(conn);
    }, 5);
    return {
      send: (text: string): boolean => {
        if (!conn.open) return false;
        clock.setTimeout(() => this.onFrame(conn, text), 1);
        return true;
      },
      close: (code: number, reason: string): void => {
        conn.open = false;
        clock.setTimeout(() => listener.onClosed(code, reason), 1);
      },
      abort: (): void => {
        if (!conn.open) return;
        conn.open = false;
        clock.setTimeout(() => listener.onFailure('connection reset'), 1);
      },
    };
  }

  /** The backend side of §5's flows. */
  private onFrame(conn: BackendConnection, text: string): void {
    let value: Record<string, unknown> | undefined;
    try { value = JSON.parse(text) as Record<string, unknown>; } catch { value = undefined; }
    const r = { text, at: this.clock.now(), value };
    conn.received.push(r);
    this.received.push(r);
    if (!value || !('messageType' in value)) return; // keepalive: never answered (§2.5)
    if (this.intercept?.(value, conn)) return;
    const type = value.messageType;
    const screen = value.screen;
    const id = String(value.transactionId);
    if (type === 'USER_ACTION' && screen === 'RESET') return this.amountSelect(conn);
    if (type === 'USER_ACTION' && screen === 'AMOUNT_SELECT') {
      if (this.config?.yaspaEnabled === false) return;
      return conn.send(this.envelope('SCREEN_CHANGE', 'PAYMENT_METHOD', { methods: ['DEBIT_CARD', 'PAY_BY_BANK', 'QR_CODE'], currency: '£', allowCancel: true }, id));
    }
    if (type === 'CARD_CHECK_RESULT') {
      const verdict = this.limitVerdict(value);
      if (verdict === null) return;
      return conn.send(this.envelope('LIMIT_CHECK_RESULT', verdict, verdict === 'APPROVED' ? {} : { errorMessage: 'Daily limit reached' }, id));
    }
    if (type === 'PAYMENT_RESULT' && screen === 'SUCCESS') return conn.send(this.envelope('SCREEN_CHANGE', 'RECEIPT_QUESTION', {}, id));
    if (type === 'USER_ACTION' && screen === 'RECEIPT_RESPONSE' && this.finishTickets) {
      conn.send(this.envelope('SCREEN_CHANGE', 'PRINT_TICKET', {}, id));
      this.clock.setTimeout(() => conn.send(this.envelope('SCREEN_CHANGE', 'COLLECT_TICKET', {}, id)), 1000);
      this.clock.setTimeout(() => conn.send(this.envelope('SCREEN_CHANGE', 'THANK_YOU', {}, id)), 2000);
      this.clock.setTimeout(() => this.amountSelect(conn), 3000);
    }
  }
}

/** A kiosk, its backend, terminal and clock, with everything it sent. */
export class KioskRig {
  readonly clock = new ManualClock();
  readonly backend = new ScriptedBackend(this.clock);
  readonly terminal = new ScriptedTerminal(this.clock);
  readonly storage: KioskStorage = emptyStorage();
  readonly sent: SentFrame[] = [];
  readonly notSent: string[] = [];
  readonly screens: KioskScreen[] = [];
  readonly logs: string[] = [];
  kiosk: VirtualKiosk;
  private seed = 1;

  constructor(options: Partial<VirtualKioskOptions> = {}) {
    this.kiosk = this.make(options);
  }

  /** Deterministic random numbers. */
  random = (): number => {
    this.seed = (this.seed * 16807) % 2147483647;
    return (this.seed - 1) / 2147483646;
  };

  private make(options: Partial<VirtualKioskOptions>): VirtualKiosk {
    return new VirtualKiosk({
      url: 'ws://127.0.0.1:5001',
      clock: this.clock,
      transport: this.backend,
      storage: this.storage,
      terminal: this.terminal,
      random: this.random,
      observer: {
        sent: (f) => this.sent.push(f),
        notSent: (t) => this.notSent.push(t),
        screen: (s) => this.screens.push(s),
        log: (l) => this.logs.push(l),
      },
      ...options,
    });
  }

  start(): this { this.kiosk.start(); return this; }
  advance(ms: number): this { this.clock.advance(ms); return this; }

  /** The app is killed and relaunched by kiosk mode. */
  restart(): void { this.kiosk = this.kiosk.relaunch(); }

  /** Frames the kiosk sent, parsed (the keepalive included). */
  get frames(): Array<Record<string, unknown>> { return this.sent.map((f) => JSON.parse(f.text) as Record<string, unknown>); }

  /** Sent frames of one messageType (and screen). */
  of(messageType: string, screen?: string): Array<Record<string, unknown>> {
    return this.frames.filter((f) => f.messageType === messageType && (screen === undefined || f.screen === screen));
  }

  /** messageType/screen of every frame sent, keepalives as "ping". */
  get trail(): string[] {
    return this.frames.map((f) => ('ping' in f ? 'ping' : `${String(f.messageType)}/${String(f.screen)}`));
  }
}

/**
 * Every frame validates against the v2 kiosk->backend schema (issue 25a) and
 * is written in the style d540407 uses for its messageType (§3.1).
 */
export function checkFrames(sent: readonly SentFrame[]): string[] {
  const problems: string[] = [];
  for (const frame of sent) {
    const result = parseV2Frame(frame.text, { from: 'terminal' });
    if (!result.ok) problems.push(`${frame.text}: ${result.problems.map((p) => `${p.path} ${p.message} (${p.requirement})`).join('; ')}`);
    const value = JSON.parse(frame.text) as Record<string, unknown>;
    const expected = 'ping' in value ? 'keepalive' : value.messageType === 'USER_ACTION' ? 'moshi' : 'pretty';
    if (styleOf(frame.text) !== expected || frame.style !== expected) problems.push(`${frame.text}: written ${frame.style}, d540407 writes ${expected}`);
    if (expected === 'moshi' && (/\s/.test(frame.text.replace(/"(?:[^"\\]|\\.)*"/g, '')) || frame.text.includes(':null'))) problems.push(`${frame.text}: not Moshi-compact`);
    if (expected === 'pretty' && !frame.text.startsWith('{\n    "messageType": ')) problems.push(`${frame.text}: not the trimIndent layout`);
  }
  return problems;
}
