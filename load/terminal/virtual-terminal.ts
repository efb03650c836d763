import { isLegalTransition, screens } from '../../protocol/screen-graph.js';
import { sampleThinkTime, type JourneyName, type ThinkTime } from './journey.js';
import type { Screen, ServerFrame, TerminalHost, TerminalObserver, TimerHandle } from './types.js';

/** How the terminal starts a cycle's transaction (TXN-1). */
export type TransactionIdMode = 'initial' | 'client';

/** The settings of one virtual terminal. */
export interface VirtualTerminalOptions {
  /** The terminal's id; part of client-generated transaction ids. */
  terminalId: string;
  journey: JourneyName;
  /** `initial`: echo "initial" and take the server's id (the shipped client, DIA-6). `client`: generate ids (the document's examples). */
  transactionIds: TransactionIdMode;
  thinkTime: ThinkTime;
  /** How long to wait for the answer to an action before counting `answer-timeout` and reconnecting. */
  answerTimeoutMs: number;
  /** How long to wait on a server-driven screen (PROCESSING, SUCCESS, ...) before counting `stalled` and reconnecting. */
  stallTimeoutMs: number;
  /** Chance (0..1), on PROCESSING, to drop the connection and reconnect: exercises resumption (RES-3, RES-5). */
  dropRate: number;
}

/** Sensible defaults for the optional settings. */
export const terminalDefaults = {
  transactionIds: 'initial' as TransactionIdMode,
  thinkTime: { minMs: 0, maxMs: 0 },
  answerTimeoutMs: 10_000,
  stallTimeoutMs: 60_000,
  dropRate: 0,
};

/** One journey cycle: from the first action on AMOUNT_SELECT back to AMOUNT_SELECT. */
interface Cycle {
  journey: JourneyName;
  /** The id the server confirmed (TXN-1); undefined until the first answer. */
  id: string | undefined;
  /** The id this terminal generated (client mode). */
  proposedId: string | undefined;
  success: boolean;
  failedCode: string | undefined;
  limited: boolean;
  cancelSent: boolean;
  /** First thing that went wrong, if anything. */
  failure: string | undefined;
  /** host.now() when the first action was sent, and when the result screen came. */
  startedAt: number | undefined;
  resultAt: number | undefined;
}

/** Screens that wait for the server, not for the terminal (FLOW-16). */
const serverDriven: ReadonlySet<Screen> = new Set<Screen>(['PROCESSING', 'SUCCESS', 'PRINT_TICKET', 'COLLECT_TICKET', 'THANK_YOU', 'DEVICE_ERROR']);
const screenNames: ReadonlyMap<string, Screen> = new Map(screens.map((s) => [s, s]));
/** How many finished transaction ids to remember for the TXN-5 check. */
const rememberedIds = 8;
/** Errors in a row after which the terminal gives up on the connection. */
const maxConsecutiveErrors = 3;

/**
 * A virtual payment terminal: a state machine that reads server frames,
 * decides the next action of its journey, checks the protocol rules a
 * terminal can see (schemas through the injected validator, GRAPH-1, TXN-1,
 * TXN-2, TXN-5, TXN-6, ENV-4, SCR-11, RES-3) and times every action -> next
 * screen transition. It owns no socket and no clock: the host gives it both,
 * so the Node driver, k6 and unit tests run the same logic.
 */
export class VirtualTerminal {
  private screen: Screen | undefined;
  private data: Record<string, unknown> = {};
  private awaitingFirstFrame = false;
  private pending: { from: Screen; sentAt: number } | undefined;
  private cycle: Cycle | undefined;
  /** Created with the first finished transaction: an idle terminal never needs it. */
  private finishedIds: string[] | undefined;
  private cycleCount = 0;
  private timer: TimerHandle | undefined;
  private stopped = false;
  private droppedOnProcessing = false;
  private rotateIdentity = false;
  private consecutiveErrors = 0;
  /** Learned from the last PAYMENT_METHOD: whether cancel is allowed there (SCR-3). */
  private cancelAllowedOnMethod = true;
  private readonly nonce: string;

  constructor(
    private readonly options: VirtualTerminalOptions,
    private readonly host: TerminalHost,
    private readonly observer: TerminalObserver,
  ) {
    this.nonce = Math.floor(host.random() * 36 ** 6).toString(36);
  }

  /** The screen the terminal shows (undefined before the first frame). */
  get currentScreen(): Screen | undefined {
    return this.screen;
  }

  /**
   * Whether a planned close now loses nothing: no action awaits its answer
   * and the screen waits for the terminal, not the server (FLOW-16). On a
   * server-driven screen the next frame may already be on its way, and a
   * closing socket drops it (k6 delivers nothing after close()).
   */
  get safeToClose(): boolean {
    return this.pending === undefined && (this.screen === undefined || !serverDriven.has(this.screen));
  }

  /** The id of the open transaction, or "initial" when there is none. */
  get transactionId(): string {
    return this.cycle?.id ?? 'initial';
  }

  /** The connection opened: the server owes the first screen (FLOW-1). */
  opened(): void {
    if (this.stopped) return;
    this.awaitingFirstFrame = true;
    this.pending = undefined;
    this.watch(this.options.answerTimeoutMs);
  }

  /** The connection closed (by either side). */
  closed(): void {
    this.clearTimer();
    if (this.pending && !this.stopped) {
      this.observer.error('connection-lost', `connection closed while waiting for the answer on ${this.pending.from}`);
      this.cycle && (this.cycle.failure ??= 'connection-lost');
    }
    this.pending = undefined;
  }

  /**
   * The host is closing the connection on purpose: no further action until
   * the next opened(). Without it a think-time timer could fire between the
   * host's close and the close event, and the action it cannot send would
   * count as lost.
   */
  closing(): void {
    this.clearTimer();
  }

  /** Stops acting: no more actions, timers cleared. Open cycles are not counted. */
  stop(): void {
    this.stopped = true;
    this.clearTimer();
  }

  /** One incoming text frame. */
  receive(text: string): void {
    if (this.stopped) return;
    const check = this.host.validate(text);
    if (!check.ok) {
      this.observer.violation('invalid-frame', check.problems.join('; '));
      if (!check.frame) return;
    }
    const frame = check.frame!;
    if (frame.messageType === 'SCREEN_CHANGE') this.onScreen(frame);
    else if (frame.messageType === 'ERROR') this.onError(frame);
    else this.onStatus(frame);
  }

  private onScreen(frame: ServerFrame): void {
    const from = this.screen;
    const first = this.awaitingFirstFrame;
    this.awaitingFirstFrame = false;
    this.clearTimer();
    if (this.pending) {
      this.observer.transition(`${this.pending.from}>${frame.screen}`, this.host.now() - this.pending.sentAt);
      this.pending = undefined;
      this.consecutiveErrors = 0;
    }
    if (!first && !isLegalTransition(from, frame.screen)) {
      this.observer.violation('screen-graph', `${from}>${frame.screen} is not in the screen graph (GRAPH-1)`);
    }
    if (first) this.checkResumption(frame);
    this.checkTransactionId(frame);
    // One shared string per screen name instead of each frame's own copy, for thousands of terminals.
    this.screen = screenNames.get(frame.screen) ?? frame.screen;
    this.data = frame.data;
    this.act(frame);
  }

  private checkResumption(frame: ServerFrame): void {
    const dropped = this.droppedOnProcessing;
    this.droppedOnProcessing = false;
    const open = this.cycle?.id;
    if (open === undefined) return;
    if (frame.transactionId === open) {
      this.observer.resumption();
      return;
    }
    if (dropped && frame.screen === 'AMOUNT_SELECT') {
      // A payment in PROCESSING has a result to deliver (RES-5), never a fresh start.
      this.observer.violation('resumption', `transaction ${open} was on PROCESSING but reconnect got AMOUNT_SELECT (RES-3, RES-5)`);
      this.cycle!.failure ??= 'lost-on-reconnect';
    }
  }

  private checkTransactionId(frame: ServerFrame): void {
    const id = frame.transactionId;
    if (frame.screen === 'AMOUNT_SELECT') {
      if (id !== 'initial') this.observer.violation('transaction-id', `AMOUNT_SELECT carries "${id}", not "initial" (FLOW-1, FLOW-11, FLOW-13, FLOW-14)`);
      return;
    }
    const cycle = this.cycle;
    if (!cycle) {
      // The first screen of a connection resumed a transaction this terminal did not start here (an earlier run): adopt it.
      this.cycle = this.newCycle();
      this.cycle.id = id;
      return;
    }
    if (cycle.id === undefined) {
      if (this.options.transactionIds === 'client') {
        if (id !== cycle.proposedId) this.observer.violation('transaction-id', `answer carries "${id}", not the terminal's id "${cycle.proposedId}" (TXN-1, TXN-2)`);
      } else if (id === 'initial') {
        this.observer.violation('transaction-id', 'the answer to the first action still carries "initial": the server must assign an id (TXN-1)');
      } else if (this.finishedIds?.includes(id)) {
        this.observer.violation('transaction-id', `the server assigned "${id}" again (TXN-5)`);
      }
      cycle.id = id;
      return;
    }
    if (id !== cycle.id) this.observer.violation('transaction-id', `${frame.screen} carries "${id}", not the open transaction "${cycle.id}" (TXN-2)`);
  }

  private act(frame: ServerFrame): void {
    const cycle = this.cycle;
    switch (frame.screen) {
      case 'AMOUNT_SELECT':
        if (cycle) this.finishCycle(cycle);
        if (this.rotateIdentity) {
          this.rotateIdentity = false;
          this.host.reconnect('daily-limit', true);
          return;
        }
        if (this.options.journey !== 'idle') this.think(() => this.startCycle());
        return;
      case 'KEYPAD':
        this.think(() => {
          if (this.cycle?.journey === 'cancel') this.sendCancel();
          else this.sendAction({ selectedAmount: this.keypadAmount(), selectionMethod: 'KEYPAD' });
        });
        return;
      case 'PAYMENT_METHOD':
        this.cancelAllowedOnMethod = this.data.allowCancel === true;
        this.think(() => {
          if (this.cycle?.journey === 'cancel' && this.cancelAllowedOnMethod) this.sendCancel();
          else this.sendAction({ selectedMethod: firstMethod(this.data) });
        });
        return;
      case 'PROCESSING':
        if (this.options.dropRate > 0 && this.host.random() < this.options.dropRate) {
          this.droppedOnProcessing = true;
          this.host.reconnect('drop', false);
          return;
        }
        this.watch(this.options.stallTimeoutMs);
        return;
      case 'SUCCESS':
        if (cycle) {
          cycle.success = true;
          cycle.resultAt ??= this.host.now();
        }
        this.watch(this.options.stallTimeoutMs);
        return;
      case 'FAILED':
        if (cycle) {
          cycle.failedCode = String(this.data.errorCode);
          cycle.resultAt ??= this.host.now();
        }
        this.think(() => this.sendAction({ action: 'OK' }));
        return;
      case 'LIMIT_ERROR':
        if (cycle) {
          cycle.limited = true;
          cycle.resultAt ??= this.host.now();
        }
        this.think(() => this.sendAction({ action: 'OK' }));
        return;
      case 'DEVICE_ERROR':
        if (cycle) cycle.failure ??= `device-error:${String(this.data.errorCode)}`;
        this.watch(this.options.stallTimeoutMs);
        return;
      default:
        this.watch(this.options.stallTimeoutMs);
    }
  }

  private startCycle(): void {
    const cycle = this.newCycle();
    this.cycle = cycle;
    const amounts = Array.isArray(this.data.amounts) ? (this.data.amounts as number[]) : [];
    const wantsKeypad = cycle.journey === 'keypad' || (cycle.journey === 'cancel' && !this.cancelAllowedOnMethod);
    if (wantsKeypad && this.data.showOtherOption === true) {
      this.sendAction({ selectedAmount: -1, selectionMethod: 'OTHER' });
      return;
    }
    if (wantsKeypad) cycle.failure = 'keypad-not-offered';
    // Smallest amount: the daily limit (FLOW-6) lasts longest; the limit journey takes the largest.
    const amount = cycle.journey === 'limit' ? Math.max(...amounts) : Math.min(...amounts);
    this.sendAction({ selectedAmount: amount, selectionMethod: 'PRESET_BUTTON' });
  }

  private newCycle(): Cycle {
    this.cycleCount++;
    const proposedId = this.options.transactionIds === 'client'
      ? `t${this.nonce}.${this.cycleCount}.${this.options.terminalId}`.slice(0, 64)
      : undefined;
    return { journey: this.options.journey, id: undefined, proposedId, success: false, failedCode: undefined, limited: false, cancelSent: false, failure: undefined, startedAt: undefined, resultAt: undefined };
  }

  private finishCycle(cycle: Cycle): void {
    this.cycle = undefined;
    if (cycle.id !== undefined) {
      const ids = (this.finishedIds ??= []);
      ids.push(cycle.id);
      if (ids.length > rememberedIds) ids.shift();
    }
    if (cycle.id === undefined && cycle.proposedId === undefined && cycle.failure === undefined && !cycle.limited) {
      // A cycle that never got an answer and never failed: nothing happened to count.
      return;
    }
    if (cycle.failure === undefined && cycle.limited && cycle.journey !== 'limit') {
      // The server did right (FLOW-6): this terminal's money ran out. Not a failed
      // transaction; come back as a fresh terminal so the run goes on.
      this.observer.error('daily-limit-reached', `terminal ${this.options.terminalId} used up its daily limit`);
      this.rotateIdentity = true;
      return;
    }
    const reason = cycle.failure ?? expectationMissed(cycle);
    // A cancel's result is the AMOUNT_SELECT that ends the cycle (now); so is the end of a cycle that never got one.
    const durationMs = cycle.startedAt === undefined ? undefined : (cycle.resultAt ?? this.host.now()) - cycle.startedAt;
    this.observer.transaction(reason === undefined ? 'completed' : 'failed', cycle.journey, reason, durationMs);
  }

  private onError(frame: ServerFrame): void {
    const code = String(frame.data.errorCode);
    const answered = this.pending !== undefined;
    this.clearTimer();
    this.pending = undefined;
    this.observer.error(`server-error:${code}`, `ERROR ${code} on ${frame.screen}: ${String(frame.data.errorMessage)}`);
    if (this.screen !== undefined && frame.screen !== this.screen) {
      this.observer.violation('error-screen', `ERROR names ${frame.screen} while the terminal shows ${this.screen} (ENV-4)`);
    }
    const expectedId = this.cycle?.id ?? 'initial';
    if (frame.transactionId !== expectedId) {
      this.observer.violation('transaction-id', `ERROR carries "${frame.transactionId}", not the active "${expectedId}" (TXN-6)`);
    }
    if (this.cycle) this.cycle.failure ??= code === 'TIMEOUT' ? 'idle-timeout' : `server-error:${code}`;
    if (code === 'TIMEOUT' || !answered) {
      // The server moves on by itself (FLOW-15) or this was unsolicited: wait for its next screen.
      this.watch(this.options.stallTimeoutMs);
      return;
    }
    if (++this.consecutiveErrors >= maxConsecutiveErrors) {
      this.consecutiveErrors = 0;
      this.host.reconnect('stuck', false);
      return;
    }
    this.recover();
  }

  /** After an ERROR answer (the screen stays, FLOW-5): leave the cycle the cheapest legal way. */
  private recover(): void {
    switch (this.screen) {
      case 'AMOUNT_SELECT':
        if (this.cycle) this.finishCycle(this.cycle);
        this.think(() => this.startCycle());
        return;
      case 'KEYPAD':
        this.think(() => this.sendCancel());
        return;
      case 'PAYMENT_METHOD':
        if (this.cancelAllowedOnMethod) this.think(() => this.sendCancel());
        else this.think(() => this.sendAction({ selectedMethod: firstMethod(this.data) }));
        return;
      case 'FAILED':
      case 'LIMIT_ERROR':
        this.think(() => this.sendAction({ action: 'OK' }));
        return;
      default:
        this.watch(this.options.stallTimeoutMs);
    }
  }

  private onStatus(frame: ServerFrame): void {
    if (frame.screen !== this.screen) {
      this.observer.violation('status-screen', `STATUS_UPDATE names ${frame.screen} while the terminal shows ${String(this.screen)} (SCR-11)`);
    }
    const id = this.cycle?.id;
    if (id !== undefined && frame.transactionId !== id) {
      this.observer.violation('transaction-id', `STATUS_UPDATE carries "${frame.transactionId}", not "${id}" (TXN-2)`);
    }
    // Progress on a server-driven screen: the server is alive, restart the stall watch.
    if (this.screen !== undefined && serverDriven.has(this.screen) && this.pending === undefined) this.watch(this.options.stallTimeoutMs);
  }

  private sendCancel(): void {
    if (this.cycle) this.cycle.cancelSent = true;
    this.sendAction({ action: 'CANCEL' });
  }

  private sendAction(data: Record<string, unknown>): void {
    if (this.stopped || this.screen === undefined) return;
    const cycle = this.cycle;
    const transactionId = cycle?.id ?? cycle?.proposedId ?? 'initial';
    const message = { messageType: 'USER_ACTION', screen: this.screen, data, transactionId, timestamp: Math.floor(this.host.epochMs()) };
    this.pending = { from: this.screen, sentAt: this.host.now() };
    if (cycle) cycle.startedAt ??= this.pending.sentAt;
    this.watch(this.options.answerTimeoutMs);
    this.host.send(JSON.stringify(message));
  }

  private keypadAmount(): number {
    const min = Number(this.data.minAmount);
    const max = Number(this.data.maxAmount);
    // The smallest amount keeps the daily limit (FLOW-6) for the most cycles.
    return Number.isInteger(min) && min > 0 ? min : Number.isInteger(max) ? max : 10;
  }

  private think(then: () => void): void {
    this.clearTimer();
    const delay = sampleThinkTime(this.options.thinkTime, () => this.host.random());
    this.timer = this.host.setTimer(delay, () => {
      this.timer = undefined;
      if (!this.stopped) then();
    });
  }

  private watch(ms: number): void {
    this.clearTimer();
    this.timer = this.host.setTimer(ms, () => {
      this.timer = undefined;
      this.onWatchdog();
    });
  }

  private onWatchdog(): void {
    if (this.stopped) return;
    const kind = this.pending ? 'answer-timeout' : 'stalled';
    const where = this.pending ? `no answer to the action on ${this.pending.from}` : `no frame on ${String(this.screen ?? '(open)')}`;
    this.observer.error(kind, `${where} within the deadline`);
    if (this.cycle) this.cycle.failure ??= kind;
    this.pending = undefined;
    this.host.reconnect('stalled', false);
  }

  private clearTimer(): void {
    if (this.timer !== undefined) {
      this.host.clearTimer(this.timer);
      this.timer = undefined;
    }
  }
}

/** The reason a cycle without an explicit failure missed its journey's goal, or undefined when it met it. */
function expectationMissed(cycle: Cycle): string | undefined {
  switch (cycle.journey) {
    case 'preset':
    case 'keypad':
      if (cycle.success) return undefined;
      return cycle.failedCode !== undefined ? `payment-failed:${cycle.failedCode}` : 'no-success';
    case 'decline':
      if (cycle.failedCode === 'CARD_DECLINED') return undefined;
      return cycle.success ? 'approved-not-declined' : `expected-decline:${cycle.failedCode ?? 'none'}`;
    case 'cancel':
      return cycle.cancelSent ? undefined : 'cancel-not-sent';
    case 'limit':
      return cycle.limited ? undefined : 'no-limit-error';
    case 'idle':
      return undefined;
  }
}

function firstMethod(data: Record<string, unknown>): string {
  const methods = data.methods;
  return Array.isArray(methods) && typeof methods[0] === 'string' ? methods[0] : 'DEBIT_CARD';
}
