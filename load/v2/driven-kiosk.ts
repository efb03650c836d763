import { ScriptedTerminal, VirtualKiosk, webSocketTransport, type KioskClock, type KioskScreen, type KioskSocketListener, type KioskTransport, type WebSocketLike } from '../../kiosk-v2/index.js';
import { sampleThinkTime, type ThinkTime } from '../terminal/journey.js';
import type { TerminalObserver } from '../terminal/types.js';
import { asksPrinterFault, scenarioOfJourney, type KioskJourney } from './kiosk-journeys.js';
import type { MoneyLedger } from './money-ledger.js';
import { isSaleFirstProvider, type KioskProvider } from './providers.js';

/** What a driven kiosk reports besides the terminal observer's counters: its connections. */
export interface KioskFleetObserver extends TerminalObserver {
  connectionOpened(): void;
  connectionClosed(): void;
}

/** What the kiosks of one group (a worker share, a k6 VU) share. */
export interface KioskFleet {
  /** The backend's URL; `?terminalId=<kiosk id>` is added (the v2 server's load-tool identity, V2-OPEN-7). */
  url: string;
  clock: KioskClock;
  random: () => number;
  /**
   * Opens one WebSocket with upgrade headers (X-Test-Scenario names the kiosk's provider), from a local address when given;
   * `upgraded` gets the handshake's response headers where the runtime shows them (Node's ws does, k6's WebSocket does not).
   */
  openWebSocket(url: string, headers: Record<string, string>, sourceAddress: string | undefined, upgraded?: (headers: Record<string, string | string[] | undefined>) => void): WebSocketLike;
  /**
   * Whether `openWebSocket` reports the handshake's headers, so a kiosk can tell a backend that honoured its
   * X-Test-Scenario (it echoes X-Test-Scenario-Accepted) from one that ignored it. Without, the backend is
   * taken to honour it (the k6 v2 workloads need test control).
   */
  seesUpgradeHeaders: boolean;
  /**
   * Problems of one backend frame against the v2 schemas (empty: valid).
   * Node passes the full validators, k6 the kiosk's own reader.
   */
  validate(text: string): string[];
  observer: KioskFleetObserver;
  ledger: MoneyLedger;
  /** The card tokens this group's kiosks present; each payment picks one at random, so kiosks share them. */
  cards: readonly string[];
  thinkTime: ThinkTime;
  /** Deadline for a LIMIT_CHECK_RESULT after the kiosk's card check (K6). */
  answerTimeoutMs: number;
  /** A kiosk that waits on the backend this long is stalled: counted, then its app is restarted. */
  stallTimeoutMs: number;
  /** How long the scripted card terminal takes per operation. */
  terminalMs: number;
  /** Extra X-Test-Scenario names for every kiosk. */
  testScenario?: string | undefined;
}

/** Screens on which the kiosk waits for the backend (or its terminal), not for the customer. */
const waitingScreens = new Set<KioskScreen['name']>(['LOADING', 'CONNECTION_ERROR', 'PROCESSING', 'SUCCESS', 'PRINT_TICKET', 'COLLECT_TICKET', 'THANK_YOU', 'DEVICE_ERROR', 'TIMEOUT', 'FAILED', 'REFUND_PROCESSING', 'QR_CODE']);

interface Payment {
  startedAt: number;
  /** Set when the kiosk showed SUCCESS: the card was charged. */
  paid: boolean;
  limitRejected: boolean;
  failedReason: string | undefined;
  /** The id the kiosk's K6 or K7 carried. */
  transactionId: string | undefined;
  /** The ticket failed: PRINTER_ERROR after PRINT_TICKET, or PRINT_TICKET on a kiosk that asked for a printer fault. */
  printFailed: boolean;
  /** The backend sent REVERSAL_REQUEST or REFUND_REQUEST during this payment. */
  reversalRequested: boolean;
  /** The driver cut the link or killed the app on purpose (lost-connection, restart): what follows is recovery, not failure. */
  interrupted: boolean;
  /** The M14 violation of this payment was counted. */
  ticketReported: boolean;
}

interface K6Sent {
  transactionId: string;
  at: number;
  timer: unknown;
}

/**
 * One v2 kiosk under load: the virtual kiosk (kiosk-v2/, d540407's
 * behaviour) on a real WebSocket, a scripted card terminal that approves
 * with one of the group's shared card tokens, and a customer who picks a
 * preset, taps DEBIT_CARD and answers the receipt question after a think
 * time. It does not re-implement the kiosk: it taps its buttons and reads
 * what it sends and receives, to time the backend, validate its frames and
 * keep the money ledger.
 */
export class DrivenKiosk {
  private kiosk: VirtualKiosk | undefined;
  private readonly terminal: ScriptedTerminal;
  private payment: Payment | undefined;
  private k6: K6Sent | undefined;
  private k1At: number | undefined;
  private actionTimer: unknown;
  private stallTimer: unknown;
  private stopped = false;
  private lastScreen: KioskScreen['name'] = 'LOADING';
  /** The next connection failure is the driver's own doing (lost-connection, restart): not counted as an error. */
  private expectingLoss = false;
  /** Whether the backend echoed this kiosk's X-Test-Scenario on a connection (undefined: not seen yet, or the runtime cannot see it). */
  private scenarioAccepted: boolean | undefined;
  /** Until when a LOADING is the kiosk's own RESET after a recovery reversal (REVERSAL_SUCCESS, then 2.2-2.5 s, PaymentViewModel.kt). */
  private recoveryResetUntil = 0;

  constructor(private readonly fleet: KioskFleet, readonly kioskId: string, readonly provider: KioskProvider, readonly journey: KioskJourney = 'sale', private readonly sourceAddress?: string) {
    this.terminal = new ScriptedTerminal(fleet.clock);
    this.terminal.defaultMs = fleet.terminalMs;
  }

  /** Starts the app (it connects, and reconnects by itself after failures, as d540407 does). */
  start(): void {
    this.stopped = false;
    this.lastScreen = 'LOADING';
    const f = this.fleet;
    const target = `${f.url}${f.url.includes('?') ? '&' : '?'}terminalId=${encodeURIComponent(this.kioskId)}`;
    const scenario = [`provider:${this.provider}`, ...scenarioOfJourney(this.journey), ...(f.testScenario ? [f.testScenario] : [])].join(',');
    this.kiosk = new VirtualKiosk({
      url: target,
      clock: f.clock,
      random: f.random,
      terminal: this.terminal,
      transport: this.observedTransport(webSocketTransport((url) => f.openWebSocket(url, { 'X-Test-Scenario': scenario }, this.sourceAddress, (headers) => {
        this.scenarioAccepted = typeof headers['x-test-scenario-accepted'] === 'string';
      }))),
      observer: {
        sent: (frame) => this.sent(frame.text),
        screen: (screen) => this.onScreen(screen),
      },
    }).start();
  }

  /** Ends the kiosk: the app dies (no close frame), its timers stop. */
  stop(): void {
    this.stopped = true;
    this.clear();
    this.kiosk?.kill();
  }

  private clear(): void {
    const { clock } = this.fleet;
    if (this.actionTimer !== undefined) clock.clearTimeout(this.actionTimer);
    if (this.stallTimer !== undefined) clock.clearTimeout(this.stallTimer);
    if (this.k6) clock.clearTimeout(this.k6.timer);
    this.actionTimer = this.stallTimer = this.k6 = undefined;
  }

  /** The kiosk's transport, with every backend frame validated and read before the kiosk sees it. */
  private observedTransport(inner: KioskTransport): KioskTransport {
    const o = this.fleet.observer;
    return {
      open: (url: string, listener: KioskSocketListener) => {
        let open = false;
        const closed = (): void => {
          if (!open) return;
          open = false;
          o.connectionClosed();
          this.fleet.ledger.connectionLost(this.kioskId);
        };
        return inner.open(url, {
          onOpen: () => {
            open = true;
            o.connectionOpened();
            listener.onOpen();
          },
          onMessage: (text) => {
            this.received(text);
            listener.onMessage(text);
          },
          onClosing: (code, reason) => listener.onClosing(code, reason),
          onClosed: (code, reason) => {
            closed();
            listener.onClosed(code, reason);
          },
          onFailure: (error) => {
            if (this.expectingLoss) this.expectingLoss = false;
            else if (!open && !this.stopped) o.error('connect-failed', error);
            else if (!this.stopped) o.error('connection-lost', error);
            closed();
            listener.onFailure(error);
          },
        });
      },
    };
  }

  private received(text: string): void {
    const f = this.fleet;
    for (const problem of f.validate(text)) f.observer.violation('invalid-frame', `kiosk ${this.kioskId}: ${problem}`);
    const message = parseObject(text);
    if ((message?.messageType === 'REVERSAL_REQUEST' || message?.messageType === 'REFUND_REQUEST') && this.payment) {
      this.payment.reversalRequested = true;
      if (this.journey === 'reversal-declined') this.declineNextReversal();
    }
    if (message?.messageType !== 'LIMIT_CHECK_RESULT' || typeof message.transactionId !== 'string') return;
    const id = message.transactionId;
    if (this.k6?.transactionId === id) {
      f.clock.clearTimeout(this.k6.timer);
      f.observer.transition('CARD_CHECK_RESULT>LIMIT_CHECK_RESULT', f.clock.now() - this.k6.at);
      this.k6 = undefined;
    }
    f.ledger.limitAnswered(this.kioskId, id, message.screen === 'APPROVED');
    if (this.payment && message.screen !== 'APPROVED') this.payment.limitRejected = true;
    // The worst moment: the card check is approved, the sale runs, and the K7 that reports it meets a dead link (M7).
    if (this.journey === 'lost-connection' && message.screen === 'APPROVED' && this.payment && !this.payment.interrupted) this.cutLink();
    // The sale about to run throws (scripted at the payment's start): its FAILED screen is the journey's, not the backend's.
    if (this.journey === 'sale-exception' && this.provider === 'integra' && message.screen === 'APPROVED' && this.payment) this.payment.interrupted = true;
  }

  /** Whether the backend fails this kiosk's tickets when asked: it echoed the scenario, or the runtime cannot tell (then it must, k6). */
  private testControlHonoured(): boolean {
    return this.fleet.seesUpgradeHeaders ? this.scenarioAccepted === true : true;
  }

  /** The card terminal declines the reversal the backend asked for (the mock provider cannot: its reversals always succeed). */
  private declineNextReversal(): void {
    if (this.provider === 'integra') this.terminal.reversals.push({ outcome: 'decline', message: 'REVERSAL_DECLINED' });
    else if (isSaleFirstProvider(this.provider)) this.terminal.nnsmartCancels.push({ outcome: 'fail' });
  }

  /** Cuts the kiosk's link to the backend now, as a network failure would. */
  private cutLink(): void {
    if (!this.kiosk?.isAlive || this.kiosk.connectionState !== 'CONNECTED') return;
    if (this.payment) this.payment.interrupted = true;
    this.expectingLoss = true;
    this.kiosk.loseConnection();
  }

  /** The app dies (no close frame) and the device relaunches it a moment later: the kiosk's startup recovery runs (§5k). */
  private restartApp(): void {
    const f = this.fleet;
    if (!this.kiosk?.isAlive || this.stopped) return;
    if (this.payment) this.payment.interrupted = true;
    // The card check dies with the app: its missing answer is the driver's doing, not the backend's.
    if (this.k6) f.clock.clearTimeout(this.k6.timer);
    this.k6 = undefined;
    this.expectingLoss = this.kiosk.connectionState === 'CONNECTED';
    this.kiosk.kill();
    const dead = this.kiosk;
    f.clock.setTimeout(() => {
      if (this.stopped || this.kiosk !== dead) return;
      this.expectingLoss = false;
      this.kiosk = dead.relaunch();
    }, 500);
  }

  private sent(text: string): void {
    const f = this.fleet;
    const message = parseObject(text);
    if (!message || typeof message.transactionId !== 'string') return;
    const data = (message.data ?? {}) as Record<string, unknown>;
    const now = f.clock.now();
    switch (message.messageType) {
      case 'USER_ACTION':
        if (message.screen === 'AMOUNT_SELECT') this.k1At = now;
        return;
      case 'CARD_CHECK_RESULT': {
        const id = message.transactionId;
        if (this.payment) this.payment.transactionId = id;
        f.ledger.checkSent(this.kioskId, id, String(data.cardToken), Number(data.selectedAmount), isSaleFirstProvider(this.provider), now);
        if (this.k6) f.clock.clearTimeout(this.k6.timer);
        const timer = f.clock.setTimeout(() => {
          if (this.k6?.transactionId !== id) return;
          this.k6 = undefined;
          if (!f.ledger.checkUnanswered(this.kioskId, id, f.answerTimeoutMs)) f.observer.error('answer-timeout', `kiosk ${this.kioskId}: no LIMIT_CHECK_RESULT for ${id}`);
        }, f.answerTimeoutMs);
        this.k6 = { transactionId: id, at: now, timer };
        // Outside the kiosk's call stack: the app dies after the frame left, as a crash would.
        if (this.journey === 'restart' && this.payment && !this.payment.interrupted) f.clock.setTimeout(() => this.restartApp(), 0);
        return;
      }
      case 'PAYMENT_RESULT':
        if (this.payment) this.payment.transactionId = message.transactionId;
        f.ledger.paymentReported(this.kioskId, message.transactionId, message.screen === 'SUCCESS');
        return;
      case 'REVERSAL_RESULT':
        if (typeof data.originalTransactionId === 'string') f.ledger.reversalReported(this.kioskId, data.originalTransactionId, message.screen === 'SUCCESS');
        return;
    }
  }

  private onScreen(screen: KioskScreen): void {
    const f = this.fleet;
    const now = f.clock.now();
    const from = this.lastScreen;
    this.lastScreen = screen.name;
    if (screen.name === 'PAYMENT_METHOD' && this.k1At !== undefined) {
      f.observer.transition('AMOUNT_SELECT>PAYMENT_METHOD', now - this.k1At);
      this.k1At = undefined;
    }
    if (screen.name === 'REVERSAL_SUCCESS') this.recoveryResetUntil = now + 3_000;
    const p = this.payment;
    if (p) {
      if (screen.name === 'SUCCESS' && !p.paid) {
        p.paid = true;
        // The mock provider has no card check to cut after: its K7 follows this screen (PaymentViewModel.kt onSale).
        if (this.journey === 'lost-connection' && this.provider === 'mock' && !p.interrupted) this.cutLink();
        // Nor a card check to die after: the app dies here, before its K7 leaves.
        else if (this.journey === 'restart' && this.provider === 'mock' && !p.interrupted) this.restartApp();
      }
      // The kiosk's own recovery (a protective or recovery reversal, §5k) takes over the screen: what happens to this payment is its doing.
      // So is the RESET that follows it, which may land in the customer's next payment.
      else if (screen.name === 'REVERSING' || screen.name === 'REVERSAL_SUCCESS' || (screen.name === 'LOADING' && now <= this.recoveryResetUntil)) p.interrupted = true;
      else if (screen.name === 'PRINT_TICKET' && asksPrinterFault(this.journey) && this.testControlHonoured()) p.printFailed = true;
      else if (screen.name === 'DEVICE_ERROR' && from === 'PRINT_TICKET') p.printFailed = true;
      else if ((screen.name === 'COLLECT_TICKET' || screen.name === 'THANK_YOU') && p.paid && p.printFailed && !p.reversalRequested && !p.ticketReported) {
        p.ticketReported = true;
        p.failedReason ??= 'ticket-after-print-failure';
        f.ledger.printFailureNotRefunded(this.kioskId, p.transactionId ?? '?');
      }
      // After a reversal request FAILED is the terminal's answer to the reversal (reversal-declined), not a failed payment.
      else if (screen.name === 'FAILED' && !p.reversalRequested && !p.interrupted) p.failedReason ??= 'payment-failed';
      else if (screen.name === 'DEVICE_ERROR') p.failedReason ??= 'device-error';
      else if (screen.name === 'LIMIT_ERROR' && !p.limitRejected) p.failedReason ??= `limit-error:${from}`;
      if (screen.name === 'AMOUNT_SELECT') this.endPayment(now);
    }
    this.armStall(screen);
    if (this.stopped) return;
    if (screen.name === 'AMOUNT_SELECT' || screen.name === 'PAYMENT_METHOD' || screen.name === 'RECEIPT_QUESTION') this.later(() => this.act(screen.name));
  }

  private endPayment(now: number): void {
    const p = this.payment!;
    this.payment = undefined;
    // A card the backend stopped at its limit is the backend doing its job: a completed journey, not a failure.
    // A payment the driver interrupted on purpose is completed when the kiosk recovered to AMOUNT_SELECT.
    const name = this.journey === 'sale' ? this.provider : this.journey;
    if (p.failedReason === undefined && (p.paid || p.limitRejected || p.interrupted)) this.fleet.observer.transaction('completed', name, undefined, now - p.startedAt);
    else this.fleet.observer.transaction('failed', name, p.failedReason ?? 'no-outcome', now - p.startedAt);
  }

  private later(action: () => void): void {
    const f = this.fleet;
    if (this.actionTimer !== undefined) f.clock.clearTimeout(this.actionTimer);
    this.actionTimer = f.clock.setTimeout(() => {
      this.actionTimer = undefined;
      if (!this.stopped) action();
    }, sampleThinkTime(f.thinkTime, f.random));
  }

  /** The customer's next tap, if the kiosk still shows the screen it was planned for. */
  private act(planned: KioskScreen['name']): void {
    const kiosk = this.kiosk;
    if (!kiosk?.isAlive) return;
    if (kiosk.screensaverVisible) kiosk.tapScreensaver();
    const screen = kiosk.screen;
    if (screen.name !== planned) return;
    if (screen.name === 'AMOUNT_SELECT') {
      const f = this.fleet;
      const card = f.cards[Math.floor(f.random() * f.cards.length)]!;
      this.terminal.defaultToken = card;
      this.terminal.defaultPar = card;
      // A step left by an earlier payment (a card rejected before its sale, a reversal request with no sale) must not fall on this one.
      this.terminal.sales.length = 0;
      this.terminal.reversals.length = 0;
      this.terminal.nnsmartCancels.length = 0;
      if (this.journey === 'sale-exception' && this.provider === 'integra') this.terminal.sales.push({ outcome: 'throw', message: 'terminal connection lost' });
      this.payment = { startedAt: f.clock.now(), paid: false, limitRejected: false, failedReason: undefined, transactionId: undefined, printFailed: false, reversalRequested: false, interrupted: false, ticketReported: false };
      const amounts = screen.amounts.filter((a) => a > 0);
      kiosk.tapAmount(amounts[Math.floor(f.random() * amounts.length)]!);
    } else if (screen.name === 'PAYMENT_METHOD') {
      kiosk.tapPaymentMethod(screen.methods.includes('DEBIT_CARD') ? 'DEBIT_CARD' : screen.methods[0]!);
    } else if (screen.name === 'RECEIPT_QUESTION') {
      kiosk.answerReceipt(this.fleet.random() < 0.5);
    }
  }

  /** A waiting screen held for the stall timeout: counted, then the app restarts (as a kiosk's watchdog or staff would). */
  private armStall(screen: KioskScreen): void {
    const f = this.fleet;
    if (this.stallTimer !== undefined) f.clock.clearTimeout(this.stallTimer);
    this.stallTimer = undefined;
    if (!waitingScreens.has(screen.name) || this.stopped) return;
    this.stallTimer = f.clock.setTimeout(() => {
      this.stallTimer = undefined;
      if (this.stopped || !this.kiosk) return;
      const p = this.payment;
      if (screen.name === 'SUCCESS' && p?.paid) f.ledger.saleStranded(this.kioskId, p.transactionId ?? '?', f.stallTimeoutMs);
      f.observer.error('stalled', `kiosk ${this.kioskId}: ${screen.name} for ${f.stallTimeoutMs} ms`);
      if (p) {
        p.failedReason ??= `stalled:${screen.name}`;
        this.endPayment(f.clock.now());
      }
      this.k6 = undefined;
      this.kiosk = this.kiosk.relaunch();
    }, f.stallTimeoutMs);
  }
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
