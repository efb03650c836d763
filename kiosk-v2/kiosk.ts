import { randomUuid, type KioskClock, type KioskTimer } from './clock.js';
import { isThrown, nnsmartOf, ScriptedTerminal, type CardCheckResult, type IntegraTerminal, type NnsmartSaleResult, type NnsmartTerminal, type PlanetResult, type Reply } from './card-terminal.js';
import * as frames from './frames.js';
import { MockPaymentManager } from './mock-terminal.js';
import { MoshiError, readSocketMessage, type IncomingMessage } from './moshi-reader.js';
import type { KioskScreen } from './screens.js';
import { SocketManager, type ConnectionState } from './socket-manager.js';
import { currencySymbol, emptyStorage, finalAmountWithFee, formatAmount, isConfiguration, isNnsmartProvider, mergeConfiguration, type DeviceConfig, type KioskStorage } from './storage.js';
import type { KioskTransport } from './transport.js';

/** How a frame the kiosk sent was written (pinto-android-2.md §3.1). */
export type JsonStyle = 'moshi' | 'pretty' | 'keepalive';

/** One frame the kiosk put on the wire. */
export interface SentFrame {
  text: string;
  style: JsonStyle;
  /** Kiosk clock, ms. */
  at: number;
}

/** Where the kiosk reports what it does. Every method is optional. */
export interface KioskObserver {
  sent?(frame: SentFrame): void;
  /** A frame the kiosk wanted to send but could not queue (link down): it is lost unless it was critical (§2.10). */
  notSent?(text: string): void;
  screen?(screen: KioskScreen): void;
  connection?(state: ConnectionState): void;
  log?(line: string): void;
  /** The process died (RESTART_APP, or the host's kill()). */
  killed?(): void;
}

/** The card terminals one kiosk can drive; the stored `paymentProvider` picks one per payment (§5c step 1). */
export interface KioskTerminals {
  integra: IntegraTerminal;
  nnsmart: NnsmartTerminal;
}

/** Settings of one virtual kiosk. */
export interface VirtualKioskOptions {
  /** `ws://host:port` (§2.1). */
  url: string;
  clock: KioskClock;
  transport: KioskTransport;
  /** What survives a restart (device_info row, recovery records); give a relaunched kiosk the same object. */
  storage?: KioskStorage;
  /** The card terminal: a ScriptedTerminal (both interfaces), or one per provider. */
  terminal?: ScriptedTerminal | KioskTerminals;
  /** Uniform [0, 1): UUIDs and the mock provider's delays. Default Math.random. */
  random?: () => number;
  /** K9's value (§5j step 2); default "unknown". */
  deviceIpAddress?: string;
  /** K10's value; default "unknown", the usual case (DeviceInfoUtils.kt:28-39, §8 D11). */
  deviceSerialNumber?: string;
  /**
   * K9 and K10 leave from two concurrent coroutines (PaymentViewModel.kt:2125-2183):
   * either may arrive first. Default 'ip-first'.
   */
  deviceInfoOrder?: 'ip-first' | 'serial-first';
  observer?: KioskObserver;
}

/** The NNSmart fallback PAR (PaymentViewModel.kt:43, M5). */
export const nnsmartDevMockPar = 'V0010013021140394841643193699';
/** The fixed presets that make `selectionMethod` PRESET_BUTTON (PaymentViewModel.kt:436-443, §8 D4). */
const presetAmounts = [20, 40, 60, 80, 100];
/** The idle timeout (TimeoutManager.kt:22). */
export const idleTimeoutMs = 30_000;

type SuccessfulSale = { transactionId: string; amount: number; requesterTransRefNum: string | null };

/**
 * A virtual kiosk that behaves as PintoAndroid d540407 does: the view model
 * (PaymentViewModel.kt), the socket manager (SocketManager.kt), the idle
 * timer (TimeoutManager.kt), the screen's one timer (the LIMIT_ERROR 5 s
 * RESET, PaymentScreen.kt:672-678) and the payment managers, for the three
 * providers. It owns no socket and no clock: the host gives it a transport
 * and a clock, so tests, the certifier, the load driver and the kiosk page
 * run the same behaviour. Customer taps are methods (`tapAmount`, …); they
 * throw when the screen shows no such button.
 *
 * Every timer and branch cites the app's line. Where pinto-android-2.md and
 * the code differ, the code is followed and the comment says so.
 */
export class VirtualKiosk {
  private readonly clock: KioskClock;
  private readonly random: () => number;
  private readonly storage: KioskStorage;
  private readonly terminals: KioskTerminals;
  private readonly mock: MockPaymentManager;
  private readonly socket: SocketManager;
  private readonly observer: KioskObserver;
  private readonly timers = new Set<KioskTimer>();
  private alive = true;
  private started = false;

  private screenState: KioskScreen = { name: 'LOADING' };
  private screensaver = false;
  private onAmountScreen = false;
  private currentTransactionId: string | undefined;
  private currentAmount = 0;
  private lastActiveState: KioskScreen | undefined;
  private pendingCardCheckResult: CardCheckResult | undefined;
  private pendingNnsmartSale: NnsmartSaleResult | undefined;
  private isProcessingPayment = false;
  private isHandlingPaymentLocally = false;
  private allowNavigationFromLimitError = false;
  private lastSuccessfulSale: SuccessfulSale | undefined;
  private disconnectRecoveryJob: KioskTimer | undefined;
  private isRecoveryInProgress = false;
  private idleTimer: KioskTimer | undefined;
  private limitErrorTimer: KioskTimer | undefined;

  constructor(private readonly options: VirtualKioskOptions) {
    this.clock = options.clock;
    this.random = options.random ?? Math.random;
    this.storage = options.storage ?? emptyStorage();
    this.observer = options.observer ?? {};
    const terminal = options.terminal ?? new ScriptedTerminal(options.clock);
    this.terminals = terminal instanceof ScriptedTerminal ? { integra: terminal, nnsmart: nnsmartOf(terminal) } : terminal;
    if (terminal instanceof ScriptedTerminal) terminal.attach({ cutLink: () => this.socket.cutLink() });
    this.mock = new MockPaymentManager(this.clock, this.random);
    this.socket = new SocketManager(options.url, options.transport, this.clock, {
      state: (state) => this.onConnectionState(state),
      message: (text) => this.processSocketMessage(text),
      sent: (text) => this.observer.sent?.({ text, style: styleOf(text), at: this.clock.now() }),
      notSent: (text) => this.observer.notSent?.(text),
      log: (line) => this.log(line),
    });
  }

  // ---- what a host or test reads ----

  /** What the kiosk shows (the screensaver is separate: `screensaverVisible`). */
  get screen(): KioskScreen { return this.screenState; }
  get screensaverVisible(): boolean { return this.screensaver; }
  get connectionState(): ConnectionState { return this.socket.state; }
  /** The "current id" every USER_ACTION carries (§3.4). */
  get transactionId(): string | undefined { return this.currentTransactionId; }
  /** The amount (fee included) of the payment being made (PaymentViewModel.kt:67). */
  get amount(): number { return this.currentAmount; }
  /** The in-memory last sale a reversal request would reverse (M11); gone after a restart. */
  get lastSale(): Readonly<SuccessfulSale> | undefined { return this.lastSuccessfulSale; }
  get isAlive(): boolean { return this.alive; }
  /** The persisted records (shared with a relaunched kiosk). */
  get persisted(): KioskStorage { return this.storage; }

  // ---- life cycle ----

  /**
   * App start: the view model's init (PaymentViewModel.kt:121-200), then
   * `connectToBackend` (:202-216, called by MainActivity.kt's LaunchedEffect).
   */
  start(): this {
    if (this.started) throw new Error('the kiosk is already started');
    this.started = true;
    this.resetIdleTimer(); // TimeoutManager.setup (PaymentViewModel.kt:125-128)
    // viewModelScope runs on Dispatchers.Main.immediate: the connection-state
    // collector (PaymentViewModel.kt:165-191) runs at once inside init and sees
    // the StateFlow's initial DISCONNECTED, so the screen is the connection
    // error before connectToBackend runs, and CONNECTING keeps it there
    // (:176-182). pinto-android-2.md §2.9 assumes the loading screen here.
    this.onConnectionState('DISCONNECTED');
    this.later(1500, () => {
      this.log('Startup recovery check begin');
      this.recoverPendingTransactionIfAny(() => this.recoverPendingTicketNotPrintedIfAny(() => this.log('Startup recovery check complete')));
    });
    this.connectToBackend(this.options.url);
    return this;
  }

  /** The process dies (RESTART_APP or a crash): every timer stops, the TCP connection drops without a close frame. */
  kill(): void {
    if (!this.alive) return;
    this.alive = false;
    for (const t of this.timers) this.clock.clearTimeout(t);
    this.timers.clear();
    this.socket.kill();
    this.observer.killed?.();
  }

  /**
   * The device's kiosk mode relaunches the app (§5k step 3): a new kiosk
   * with the same storage, terminal, transport and settings, started. The
   * old one must be dead.
   */
  relaunch(overrides: Partial<VirtualKioskOptions> = {}): VirtualKiosk {
    if (this.alive) this.kill();
    const terminal = this.options.terminal;
    return new VirtualKiosk({ ...this.options, storage: this.storage, ...(terminal ? { terminal } : {}), ...overrides }).start();
  }

  /** Cuts the link to the backend now, without a close frame (a network failure). */
  loseConnection(): void {
    this.socket.cutLink();
  }

  // ---- what the customer does (MainActivity.kt:313-331 wires each to recordUserInteraction first) ----

  /** Taps a preset amount on AMOUNT_SELECT. */
  tapAmount(amount: number): void {
    const s = this.expectScreen('AMOUNT_SELECT');
    if (!s.amounts.includes(amount)) throw new Error(`AMOUNT_SELECT offers ${s.amounts.join(', ')}, not ${amount}`);
    this.onAmountSelected(amount);
  }

  /** Taps "Other" (PaymentScreen.kt:894): the local keypad (§5b step 1). */
  tapOther(): void {
    const s = this.expectScreen('AMOUNT_SELECT');
    if (!s.showOtherOption) throw new Error('AMOUNT_SELECT shows no "Other" button');
    this.onAmountSelected(-1);
  }

  /**
   * Confirms an amount on the keypad. Outside the keypad's min/max the screen
   * shows a toast and nothing happens (PaymentScreen.kt:1575-1587).
   */
  enterKeypadAmount(amount: number): void {
    const s = this.expectScreen('KEYPAD');
    if (amount < s.minAmount || amount > s.maxAmount) {
      this.log(`keypad toast: ${amount < s.minAmount ? 'Minimum' : 'Maximum'} transaction limit is ${s.currency}${amount < s.minAmount ? s.minAmount : s.maxAmount}`);
      return;
    }
    this.onAmountSelected(amount);
  }

  /** Keypad cancel: RESET with a fresh id, no CANCEL (PaymentScreen.kt:1406-1411, :1598-1603). */
  cancelKeypad(): void {
    this.expectScreen('KEYPAD');
    this.onAmountSelected(-2);
  }

  /** Taps a payment method on PAYMENT_METHOD. */
  tapPaymentMethod(method: string): void {
    const s = this.expectScreen('PAYMENT_METHOD');
    if (!s.methods.includes(method)) throw new Error(`PAYMENT_METHOD offers ${s.methods.join(', ')}, not ${method}`);
    this.recordUserInteraction();
    this.selectPaymentMethod(method);
  }

  /** The cancel button of PAYMENT_METHOD (always shown, §8 D22) or QR_CODE. */
  tapCancel(): void {
    if (this.screensaver) throw new Error('the screensaver is showing');
    if (this.screenState.name !== 'PAYMENT_METHOD' && this.screenState.name !== 'QR_CODE') throw new Error(`no cancel button on ${this.screenState.name}`);
    this.recordUserInteraction();
    this.cancelPayment(false);
  }

  /** Answers the receipt question. */
  answerReceipt(wantsReceipt: boolean): void {
    this.expectScreen('RECEIPT_QUESTION');
    this.recordUserInteraction();
    this.respondToReceiptQuestion(wantsReceipt);
  }

  /** Taps the screensaver (PaymentViewModel.kt:1555-1571). */
  tapScreensaver(): void {
    if (!this.screensaver) throw new Error('the screensaver is not showing');
    this.dismissScreensaver();
  }

  /** A touch anywhere that is not a button: it only restarts the idle timer (MainActivity.kt:207-217). */
  touch(): void {
    this.timeoutManagerRecordInteraction();
  }

  // ---- internals: PaymentViewModel ----

  private expectScreen<N extends KioskScreen['name']>(name: N): Extract<KioskScreen, { name: N }> {
    if (this.screensaver) throw new Error('the screensaver is showing');
    if (this.screenState.name !== name) throw new Error(`the kiosk shows ${this.screenState.name}, not ${name}`);
    return this.screenState as Extract<KioskScreen, { name: N }>;
  }

  private log(line: string): void {
    this.observer.log?.(line);
  }

  /** A coroutine `delay(ms)` then `block`: dies with the process. */
  private later(ms: number, block: () => void): KioskTimer {
    const handle = this.clock.setTimeout(() => {
      this.timers.delete(handle);
      if (this.alive) block();
    }, ms);
    this.timers.add(handle);
    return handle;
  }

  private cancelTimer(handle: KioskTimer | undefined): void {
    if (handle === undefined) return;
    this.clock.clearTimeout(handle);
    this.timers.delete(handle);
  }

  private uuid(): string {
    return randomUuid(this.random);
  }

  private get config(): DeviceConfig | undefined {
    return this.storage.deviceConfig;
  }

  private setScreen(screen: KioskScreen): void {
    const wasLimit = this.screenState.name === 'LIMIT_ERROR';
    this.screenState = screen;
    // PaymentScreen.kt:672-678: `if (state is LimitError) LaunchedEffect(Unit) { delay(5000); onAmountSelected(-2) }`:
    // one effect from entering LIMIT_ERROR, cancelled by leaving it, not restarted by a second LIMIT_ERROR.
    if (screen.name === 'LIMIT_ERROR' && !wasLimit) {
      this.limitErrorTimer = this.later(5000, () => {
        this.limitErrorTimer = undefined;
        this.onAmountSelected(-2);
      });
    } else if (screen.name !== 'LIMIT_ERROR' && wasLimit) {
      this.cancelTimer(this.limitErrorTimer);
      this.limitErrorTimer = undefined;
    }
    this.observer.screen?.(screen);
  }

  /** MainActivity.kt:315-318: `recordUserInteraction()` then `selectAmount(amount)`. */
  private onAmountSelected(amount: number): void {
    this.recordUserInteraction();
    this.selectAmount(amount);
  }

  /** TimeoutManager.recordUserInteraction (TimeoutManager.kt:46-53). */
  private timeoutManagerRecordInteraction(): void {
    this.resetIdleTimer();
  }

  private resetIdleTimer(): void {
    this.cancelTimer(this.idleTimer);
    this.idleTimer = this.later(idleTimeoutMs, () => {
      this.idleTimer = undefined;
      this.handleTimeout();
    });
  }

  private pauseIdleTimer(): void {
    this.cancelTimer(this.idleTimer);
    this.idleTimer = undefined;
  }

  /** PaymentViewModel.kt:221-235. */
  private recordUserInteraction(): void {
    this.timeoutManagerRecordInteraction();
    if (this.screensaver) {
      this.screensaver = false;
      if (this.lastActiveState) this.setScreen(this.lastActiveState);
    }
  }

  /**
   * PaymentViewModel.kt:240-258 with the timeoutOccurred collector (:131-143):
   * on the amount screen, CANCEL (timeout) and the screensaver; elsewhere the
   * timer just starts again, so the 30 s count runs from the last touch or the
   * last expiry, not from the AMOUNT_SELECT's arrival.
   */
  private handleTimeout(): void {
    if (this.onAmountScreen) {
      if (this.screenState.name !== 'DEVICE_ERROR' && this.screenState.name !== 'CONNECTION_ERROR') this.lastActiveState = this.screenState;
      this.cancelPayment(true);
      this.pauseIdleTimer();
      this.screensaver = true;
    } else {
      this.timeoutManagerRecordInteraction();
    }
  }

  /** PaymentViewModel.kt:306-482. */
  private selectAmount(amount: number): void {
    if (amount === -2) {
      const transactionId = this.uuid();
      this.currentTransactionId = transactionId;
      this.allowNavigationFromLimitError = true;
      this.sendMessage(frames.userAction('RESET', null, transactionId, this.clock.now()));
      return;
    }
    const config = this.config;
    if (amount === -1) {
      this.setScreen({
        name: 'KEYPAD',
        currency: currencySymbol(config?.currency ?? 'GBP'),
        minAmount: Math.trunc(config?.minTransactionLimit ?? 10),
        maxAmount: Math.trunc(config?.maxTransactionLimit ?? 300),
      });
      this.onAmountScreen = false;
      return;
    }
    const transactionId = this.currentTransactionId ?? (this.currentTransactionId = this.uuid());
    const min = Math.trunc(config?.minTransactionLimit ?? 10);
    const max = Math.trunc(config?.maxTransactionLimit ?? 300);
    const symbol = currencySymbol(config?.currency ?? 'GBP');
    if (amount < min) return this.localLimitError(`Minimum transaction limit is ${symbol}${min}`);
    if (amount > max) return this.localLimitError(`Maximum transaction limit is ${symbol}${max}`);
    const provider = (config?.paymentProvider ?? 'nnsmart').toLowerCase();
    if (provider === 'mock' && amount === 101) return this.localLimitError('Daily spending limit exceeded');
    const finalAmount = finalAmountWithFee(amount, config);
    if (amount > 0) this.currentAmount = finalAmount;
    const selectionMethod = presetAmounts.includes(amount) ? 'PRESET_BUTTON' : 'CUSTOM';
    const k1 = (): string => frames.userAction('AMOUNT_SELECT', { selectedAmount: finalAmount, selectionMethod }, transactionId, this.clock.now());
    if (!(config?.yaspaEnabled ?? true)) {
      // §5b step 5: TIMEOUT for 3 s, then the card payment as if DEBIT_CARD were tapped.
      this.isHandlingPaymentLocally = true;
      this.sendMessage(k1());
      this.setScreen({ name: 'TIMEOUT' });
      this.onAmountScreen = false;
      this.later(3000, () => this.processLocalPayment(transactionId));
      return;
    }
    this.sendMessage(k1());
  }

  private localLimitError(errorMessage: string): void {
    this.setScreen({ name: 'LIMIT_ERROR', errorMessage });
    this.allowNavigationFromLimitError = false;
  }

  /** PaymentViewModel.kt:484-509. */
  private selectPaymentMethod(method: string): void {
    const transactionId = this.currentTransactionId;
    if (transactionId === undefined) return this.log('Cannot select payment method: No active transaction ID');
    if (method === 'DEBIT_CARD' || method === 'PAY_BY_BANK') return this.processLocalPayment(transactionId);
    this.sendMessage(frames.userAction('PAYMENT_METHOD', { selectionMethod: method }, transactionId, this.clock.now()));
  }

  /** A local failure: FAILED, flags down, RESET 4 s later (e.g. PaymentViewModel.kt:546-559). */
  private failLocally(errorMessage: string | null): void {
    this.setScreen({ name: 'FAILED', errorMessage });
    this.isProcessingPayment = false;
    this.isHandlingPaymentLocally = false;
    this.later(4000, () => this.requestInitialScreen());
  }

  /** PaymentViewModel.kt:522-672. */
  private processLocalPayment(transactionId: string): void {
    if (this.isProcessingPayment) return this.log('Payment already in progress, ignoring duplicate request');
    this.isProcessingPayment = true;
    this.isHandlingPaymentLocally = true;
    this.pendingCardCheckResult = undefined;
    this.pendingNnsmartSale = undefined;
    this.setScreen({ name: 'PROCESSING' });
    this.onAmountScreen = false;
    const config = this.config;
    if (!config) return this.failLocally('Device configuration not found');
    const provider = config.paymentProvider.toLowerCase();
    const amountFormatted = formatAmount(this.currentAmount);
    const currencyCode = config.currency;
    if (isNnsmartProvider(provider)) return this.processNnsmartPayment(transactionId, amountFormatted, currencyCode);
    const onCardCheck = (result: Reply<CardCheckResult>): void => {
      if (isThrown(result)) return this.failLocally(`Payment processing error: ${result.message}`);
      this.pendingCardCheckResult = result;
      if (!result.success) return this.failLocally(result.message ?? 'Card check failed');
      if (provider !== 'mock') {
        // K6, Integra template; sent once, never stored (§2.10).
        this.socket.sendMessage(frames.cardCheckResult('integra', result.token, this.currentAmount, transactionId, this.clock.now()));
      } else {
        // §5e step 2: no CARD_CHECK_RESULT, no LIMIT_CHECK_RESULT on the mock path.
        this.continuePaymentAfterLimitCheck(true, transactionId, '');
      }
    };
    if (provider === 'mock') {
      this.later(2000, () => {
        this.setScreen({ name: 'MOCK_PAYMENT_CARD', amount: this.currentAmount, currency: currencySymbol(currencyCode) });
        this.later(3000, () => this.mock.cardCheck(transactionId, amountFormatted, (r) => this.alive && onCardCheck(r)));
      });
      return;
    }
    this.terminals.integra.cardCheck(transactionId, amountFormatted, (r) => this.alive && onCardCheck(r));
  }

  /** PaymentViewModel.kt:681-781: sale first. */
  private processNnsmartPayment(transactionId: string, amountFormatted: string, currencyCode: string): void {
    this.terminals.nnsmart.sale(amountFormatted, transactionId, currencyCode, (sale) => {
      if (!this.alive) return;
      if (isThrown(sale)) return this.failLocally(`Payment error: ${sale.message}`);
      if (!sale.success) {
        this.setScreen({ name: 'FAILED', errorMessage: sale.message ?? 'Payment failed' });
        this.isProcessingPayment = false;
        this.isHandlingPaymentLocally = false;
        // K7 FAILED under the captured id, BankResultCode "" (PaymentViewModel.kt:705-713).
        this.socket.sendMessage(frames.paymentResultBuilt(false, transactionId, sale.resultCode, sale.message, null, this.clock.now()));
        this.later(4000, () => this.requestInitialScreen());
        return;
      }
      this.pendingNnsmartSale = sale;
      if (sale.originalTrxUniqueId !== null) {
        this.storage.pendingSale = { transactionId, amount: this.currentAmount, originalTrxUniqueId: sale.originalTrxUniqueId, provider: 'nnsmart' };
      }
      const rawPar = sale.par?.trim() ?? '';
      const token = rawPar !== '' ? rawPar : nnsmartDevMockPar;
      this.socket.sendMessage(frames.cardCheckResult('nnsmart', token, this.currentAmount, transactionId, this.clock.now()));
    });
  }

  /** PaymentViewModel.kt:1151-1270. */
  private continueNnsmartPaymentAfterLimitCheck(approved: boolean, transactionId: string, errorMessage: string, sale: NnsmartSaleResult): void {
    if (approved) {
      const ref = sale.originalTrxUniqueId ?? transactionId;
      this.lastSuccessfulSale = { transactionId, amount: this.currentAmount, requesterTransRefNum: ref };
      this.storage.pendingTicket = { transactionId, amount: this.currentAmount, originalRequesterRef: ref, provider: 'nnsmart' };
      this.socket.sendMessage(frames.paymentResultBuilt(true, transactionId, sale.resultCode ?? 'A', sale.message ?? 'APPROVED', '00', this.clock.now()));
      this.setScreen({ name: 'SUCCESS', showReceipt: true });
      this.pendingNnsmartSale = undefined;
      this.storage.pendingSale = undefined;
      this.isProcessingPayment = false;
      this.isHandlingPaymentLocally = false;
      return;
    }
    this.setScreen({ name: 'LIMIT_ERROR', errorMessage });
    this.allowNavigationFromLimitError = false;
    this.later(1200, () => {
      this.setScreen({ name: 'REVERSING', message: 'Limit exceeded. Reversing card transaction...' });
      const finish = (cancelOk: boolean): void => {
        this.socket.sendMessage(frames.reversalResultBuilt({
          success: cancelOk,
          transactionId,
          resultCode: cancelOk ? 'LIMIT_REVERSED' : 'LIMIT_REVERSAL_FAILED',
          message: cancelOk ? 'Limit exceeded - sale reversed' : 'Limit exceeded - REVERSAL FAILED',
          requesterTransRefNum: `REVERSAL_${transactionId}`,
          originalRequesterTransRefNum: sale.originalTrxUniqueId ?? transactionId,
          originalTransactionId: transactionId,
          reversalAmount: this.currentAmount,
        }, this.clock.now()));
        this.storage.pendingTicket = undefined;
        if (cancelOk) {
          this.setScreen({ name: 'REVERSAL_SUCCESS', message: 'Limit exceeded. Card transaction reversed successfully.' });
          this.later(2500, () => this.requestInitialScreen());
        } else {
          this.setScreen({ name: 'FAILED', errorMessage: 'Please contact staff - reversal failed' });
          this.later(6000, () => this.requestInitialScreen());
        }
        this.pendingNnsmartSale = undefined;
        this.storage.pendingSale = undefined;
        this.isProcessingPayment = false;
        this.isHandlingPaymentLocally = false;
      };
      const trxId = sale.originalTrxUniqueId;
      if (trxId === null || trxId.trim() === '') return finish(false);
      this.terminals.nnsmart.cancel(`REVERSAL_${transactionId}`, trxId, (r) => this.alive && finish(!isThrown(r) && r));
    });
  }

  /** PaymentViewModel.kt:1276-1466. */
  private continuePaymentAfterLimitCheck(approved: boolean, transactionId: string, errorMessage = 'Daily spending limit exceeded'): void {
    const nnsmartSale = this.pendingNnsmartSale;
    if (nnsmartSale) return this.continueNnsmartPaymentAfterLimitCheck(approved, transactionId, errorMessage, nnsmartSale);
    if (!approved && !this.isProcessingPayment) {
      this.setScreen({ name: 'LIMIT_ERROR', errorMessage });
      this.allowNavigationFromLimitError = false;
      return;
    }
    if (!this.isProcessingPayment) return this.log('Received limit check result but payment not in progress');
    const cardCheck = this.pendingCardCheckResult;
    if (!cardCheck) {
      if (!approved) {
        this.setScreen({ name: 'LIMIT_ERROR', errorMessage });
        this.allowNavigationFromLimitError = false;
      }
      this.isProcessingPayment = false;
      return;
    }
    if (!approved) {
      const showLimitError = (): void => {
        this.setScreen({ name: 'LIMIT_ERROR', errorMessage });
        this.isProcessingPayment = false;
        this.isHandlingPaymentLocally = false;
        this.allowNavigationFromLimitError = false;
      };
      // Only a provider spelled exactly "integra" cancels the card check (PaymentViewModel.kt:1328).
      if (this.config?.paymentProvider.toLowerCase() === 'integra') {
        this.terminals.integra.cancel(transactionId, cardCheck.sequenceNumber, () => this.alive && showLimitError());
      } else {
        showLimitError();
      }
      return;
    }
    // Step 5: the sale. pendingCardCheckResult is not consumed, so a second APPROVED starts a second sale (M3).
    const config = this.config;
    if (!config) return this.failLocally('Device configuration not found');
    const provider = config.paymentProvider.toLowerCase();
    const amountFormatted = formatAmount(this.currentAmount);
    const onSale = (sale: Reply<PlanetResult>): void => {
      if (!this.alive) return;
      if (isThrown(sale)) return this.failLocally(`Sale transaction error: ${sale.message}`);
      if (sale.success) {
        const ref = sale.requesterTransRefNum ?? transactionId;
        this.lastSuccessfulSale = { transactionId, amount: this.currentAmount, requesterTransRefNum: ref };
        this.storage.pendingTicket = { transactionId, amount: this.currentAmount, originalRequesterRef: ref, provider };
        this.setScreen({ name: 'SUCCESS', showReceipt: true });
      } else {
        this.setScreen({ name: 'FAILED', errorMessage: sale.message ?? 'Payment failed' });
        this.later(4000, () => this.requestInitialScreen());
      }
      this.socket.sendMessage(frames.paymentResultInline(sale, transactionId, this.clock.now()));
      this.isProcessingPayment = false;
      this.isHandlingPaymentLocally = false;
    };
    if (provider === 'mock') this.mock.sale(amountFormatted, transactionId, onSale);
    else this.terminals.integra.sale(amountFormatted, transactionId, onSale);
  }

  /** PaymentViewModel.kt:1468-1530. */
  private cancelPayment(isTimeout: boolean): void {
    const transactionId = this.currentTransactionId;
    if (transactionId === undefined) {
      this.isProcessingPayment = false;
      this.isHandlingPaymentLocally = false;
      if (isTimeout && this.onAmountScreen) this.forceShowScreensaver();
      return;
    }
    this.isProcessingPayment = false;
    this.isHandlingPaymentLocally = false;
    this.pendingCardCheckResult = undefined;
    this.pendingNnsmartSale = undefined;
    this.storage.pendingSale = undefined;
    if (!isTimeout) this.recordUserInteraction();
    this.sendMessage(frames.userAction('CANCEL', { errorMessage: isTimeout ? 'Session timed out due to inactivity' : null }, transactionId, this.clock.now()));
    if (!isTimeout) this.sendMessage(frames.userAction('RESET', null, transactionId, this.clock.now()));
    if (isTimeout && this.onAmountScreen) this.forceShowScreensaver();
  }

  /** PaymentViewModel.kt:1536-1550. */
  private forceShowScreensaver(): void {
    if (this.screenState.name !== 'DEVICE_ERROR' && this.screenState.name !== 'CONNECTION_ERROR') this.lastActiveState = this.screenState;
    this.pauseIdleTimer();
    this.screensaver = true;
  }

  /** PaymentViewModel.kt:1555-1571: ping, then ping + RESET. */
  private dismissScreensaver(): void {
    this.screensaver = false;
    this.resetIdleTimer();
    this.recordUserInteraction();
    this.socket.ensureConnected();
    this.requestInitialScreen();
  }

  /** PaymentViewModel.kt:1577-1639: ping, RESET with a fresh id, loading; the 3 s fallback. */
  private requestInitialScreen(): void {
    this.isProcessingPayment = false;
    this.isHandlingPaymentLocally = false;
    this.pendingNnsmartSale = undefined;
    this.storage.pendingSale = undefined;
    this.socket.ensureConnected();
    const transactionId = this.uuid();
    this.currentTransactionId = transactionId;
    this.sendMessage(frames.userAction('RESET', null, transactionId, this.clock.now()));
    this.setScreen({ name: 'LOADING' });
    this.later(3000, () => {
      if (this.screenState.name !== 'LOADING') return;
      this.socket.disconnect();
      this.later(500, () => {
        this.socket.connect(this.options.url);
        this.later(1000, () => {
          const retryId = this.uuid();
          this.currentTransactionId = retryId;
          this.sendMessage(frames.userAction('RESET', null, retryId, this.clock.now()));
        });
      });
    });
  }

  /** PaymentViewModel.kt:1666-1705: a Moshi-built frame. */
  private sendMessage(json: string): void {
    if (!this.socket.isConnected()) {
      this.socket.connect(this.options.url);
      this.later(1000, () => {
        if (this.socket.isConnected()) this.socket.sendMessage(json);
        else {
          this.observer.notSent?.(json);
          this.setScreen({ name: 'CONNECTION_ERROR' });
        }
      });
      return;
    }
    if (!this.socket.sendMessage(json)) this.socket.ensureConnected();
  }

  /** PaymentViewModel.kt:202-216. */
  private connectToBackend(url: string): void {
    this.socket.connect(url);
    this.later(5000, () => {
      if (this.screenState.name === 'LOADING') this.requestInitialScreen();
    });
  }

  /** The connection-state collector (PaymentViewModel.kt:165-191). */
  private onConnectionState(state: ConnectionState): void {
    this.observer.connection?.(state);
    if (state === 'DISCONNECTED') {
      this.setScreen({ name: 'CONNECTION_ERROR' });
      this.scheduleDisconnectRecoveryIfNeeded();
    } else if (state === 'CONNECTING') {
      if (this.screenState.name !== 'CONNECTION_ERROR') this.setScreen({ name: 'LOADING' });
    } else {
      this.cancelTimer(this.disconnectRecoveryJob);
      this.disconnectRecoveryJob = undefined;
      this.flushPendingCriticalMessages();
    }
  }

  /** PaymentViewModel.kt:1035-1047: the 20 s ticket grace. */
  private scheduleDisconnectRecoveryIfNeeded(): void {
    if (this.disconnectRecoveryJob !== undefined) return;
    if (!this.storage.pendingTicket) return;
    this.disconnectRecoveryJob = this.later(20_000, () => {
      this.disconnectRecoveryJob = undefined;
      if (!this.socket.isConnected() && this.storage.pendingTicket) {
        this.log('Prolonged disconnect threshold reached; protective reversal starts');
        this.recoverPendingTicketNotPrintedIfAny(() => undefined);
      }
    });
  }

  /** PaymentViewModel.kt:995-1016: the one-slot critical sender (§2.10). */
  private sendCriticalReversalResult(json: string): void {
    if (!this.socket.sendMessage(json)) this.storage.pendingCriticalMessage = json;
    else this.storage.pendingCriticalMessage = undefined;
  }

  private flushPendingCriticalMessages(): void {
    const pending = this.storage.pendingCriticalMessage;
    if (pending === undefined || !this.socket.isConnected()) return;
    if (this.socket.sendMessage(pending)) this.storage.pendingCriticalMessage = undefined;
  }

  /** PaymentViewModel.kt:894-958: an NNSmart sale taken before the app died is cancelled. */
  private recoverPendingTransactionIfAny(done: () => void): void {
    const pending = this.storage.pendingSale;
    if (!pending) return done();
    if (pending.transactionId.trim() === '' || pending.originalTrxUniqueId.trim() === '' || !isNnsmartProvider(pending.provider)) {
      this.storage.pendingSale = undefined;
      return done();
    }
    this.setScreen({ name: 'REVERSING', message: 'Recovering previous transaction...' });
    this.socket.ensureConnected();
    const requesterRef = `RECOVERY_REVERSAL_${pending.transactionId}`;
    this.terminals.nnsmart.cancel(requesterRef, pending.originalTrxUniqueId, (r) => {
      if (!this.alive) return;
      const cancelOk = !isThrown(r) && r;
      this.sendCriticalReversalResult(frames.reversalResultBuilt({
        success: cancelOk,
        transactionId: pending.transactionId,
        resultCode: cancelOk ? 'RECOVERY_REVERSED' : 'RECOVERY_REVERSAL_FAILED',
        message: cancelOk ? 'Recovered after app restart - sale reversed' : 'Recovered after app restart - reversal failed',
        requesterTransRefNum: requesterRef,
        originalRequesterTransRefNum: pending.originalTrxUniqueId,
        originalTransactionId: pending.transactionId,
        reversalAmount: pending.amount,
      }, this.clock.now()));
      this.storage.pendingSale = undefined;
      if (cancelOk) this.setScreen({ name: 'REVERSAL_SUCCESS', message: 'Recovered previous transaction successfully.' });
      else this.setScreen({ name: 'FAILED', errorMessage: 'Recovery reversal failed - please contact staff' });
      this.later(cancelOk ? 2200 : 3000, () => {
        this.requestInitialScreen();
        done();
      });
    });
  }

  /** PaymentViewModel.kt:1049-1138: the protective reversal of a paid sale whose ticket was never confirmed. */
  private recoverPendingTicketNotPrintedIfAny(done: () => void): void {
    if (this.isRecoveryInProgress) return done();
    const pending = this.storage.pendingTicket;
    if (!pending) return done();
    if (pending.transactionId.trim() === '' || pending.originalRequesterRef.trim() === '') {
      this.storage.pendingTicket = undefined;
      return done();
    }
    this.isRecoveryInProgress = true;
    this.setScreen({ name: 'REVERSING', message: 'Ticket not confirmed. Reversing transaction...' });
    this.socket.ensureConnected();
    const recoveryRef = `RECOVERY_TICKET_REVERSAL_${pending.transactionId}`;
    const amountFormatted = formatAmount(pending.amount);
    const finish = (reply: Reply<PlanetResult>): void => {
      if (!this.alive) return;
      const result: PlanetResult = isThrown(reply)
        ? { success: false, resultCode: 'TICKET_NOT_PRINTED_RECOVERY_EXCEPTION', bankResultCode: null, message: `Ticket recovery reversal exception: ${reply.message}`, requesterTransRefNum: recoveryRef }
        : reply;
      this.sendCriticalReversalResult(frames.reversalResultBuilt({
        success: result.success,
        transactionId: pending.transactionId,
        resultCode: result.resultCode,
        message: result.message,
        requesterTransRefNum: recoveryRef,
        originalRequesterTransRefNum: pending.originalRequesterRef,
        originalTransactionId: pending.transactionId,
        reversalAmount: pending.amount,
      }, this.clock.now()));
      this.storage.pendingTicket = undefined;
      this.lastSuccessfulSale = undefined;
      if (result.success) this.setScreen({ name: 'REVERSAL_SUCCESS', message: 'Previous transaction reversed (ticket not confirmed).' });
      else this.setScreen({ name: 'FAILED', errorMessage: 'Ticket recovery reversal failed - contact staff' });
      this.later(result.success ? 2200 : 3000, () => {
        this.requestInitialScreen();
        this.isRecoveryInProgress = false;
        done();
      });
    };
    if (pending.provider === 'mock') {
      this.mock.saleReversal(amountFormatted, recoveryRef, pending.originalRequesterRef, finish);
    } else if (isNnsmartProvider(pending.provider)) {
      this.terminals.nnsmart.cancel(recoveryRef, pending.originalRequesterRef, (r) => {
        if (isThrown(r)) return finish(r);
        finish({
          success: r,
          resultCode: r ? 'TICKET_NOT_PRINTED_RECOVERY_REVERSED' : 'TICKET_NOT_PRINTED_RECOVERY_FAILED',
          bankResultCode: r ? '00' : null,
          message: r ? 'Ticket not confirmed after restart - sale reversed' : 'Ticket not confirmed after restart - reversal failed',
          requesterTransRefNum: recoveryRef,
        });
      });
    } else {
      this.terminals.integra.saleReversal(amountFormatted, recoveryRef, pending.originalRequesterRef, finish);
    }
  }

  /** PaymentViewModel.kt:1713-1771. */
  private processSocketMessage(text: string): void {
    if (!this.alive) return;
    let message: IncomingMessage;
    try {
      message = readSocketMessage(text);
    } catch (error) {
      const reason = error instanceof MoshiError ? error.message : String(error);
      this.setScreen({ name: 'DEVICE_ERROR', errorMessage: `Invalid message format: ${reason}` });
      this.onAmountScreen = false;
      return;
    }
    // §3.4.1: every parsed message's id becomes the current id, whatever its type.
    this.currentTransactionId = message.transactionId;
    switch (message.messageType) {
      case 'SCREEN_CHANGE': return this.handleScreenChange(message);
      case 'ERROR': return this.handleError(message);
      case 'STATUS_UPDATE': return this.log(`Received status update: ${JSON.stringify(message.data)}`);
      case 'LIMIT_CHECK_RESULT': return this.handleLimitCheckResult(message);
      case 'DEVICE_INFO': return this.handleDeviceInfo(message);
      case 'RESTART_APP':
        this.later(500, () => this.kill());
        return;
      case 'REFUND_REQUEST':
      case 'REVERSAL_REQUEST':
        return this.handleRefundRequest(message);
      default: return this.log(`Unhandled message type: ${message.messageType}`);
    }
  }

  /** PaymentViewModel.kt:1776-1797. */
  private respondToReceiptQuestion(wantsReceipt: boolean): void {
    const transactionId = this.currentTransactionId;
    if (transactionId === undefined) return this.log('Cannot respond to receipt question: No active transaction ID');
    this.sendMessage(frames.userAction('RECEIPT_RESPONSE', { selectionMethod: wantsReceipt ? 'YES' : 'NO' }, transactionId, this.clock.now()));
  }

  /** PaymentViewModel.kt:1801-1994. */
  private handleScreenChange(message: IncomingMessage): void {
    // §4.2.3: LIMIT_ERROR is sticky until the kiosk's own RESET sets the flag.
    if (this.screenState.name === 'LIMIT_ERROR' && message.screen !== 'LIMIT_ERROR' && !this.allowNavigationFromLimitError) {
      return this.log(`Ignoring screen change to ${message.screen} - LIMIT_ERROR screen is active`);
    }
    if (this.allowNavigationFromLimitError && message.screen === 'AMOUNT_SELECT') this.allowNavigationFromLimitError = false;
    const data = message.data;
    switch (message.screen) {
      case 'INFO_SCREEN': {
        if (data?.requestType !== 'DEVICE_INFO') return this.log(`INFO_SCREEN with unknown requestType: ${String(data?.requestType)}`);
        const ip = (): boolean => this.socket.sendMessage(frames.deviceInfoAnswer('DEVICE_IP', this.options.deviceIpAddress ?? 'unknown', message.transactionId, this.clock.now()));
        const serial = (): boolean => this.socket.sendMessage(frames.deviceInfoAnswer('DEVICE_SERIAL', this.options.deviceSerialNumber ?? 'unknown', message.transactionId, this.clock.now()));
        if (this.options.deviceInfoOrder === 'serial-first') { serial(); ip(); } else { ip(); serial(); }
        return;
      }
      case 'AMOUNT_SELECT':
        this.storage.pendingTicket = undefined;
        if (data && data.amounts != null && data.currency != null) {
          this.setScreen({ name: 'AMOUNT_SELECT', amounts: data.amounts, currency: data.currency, showOtherOption: data.showOtherOption ?? true });
          this.onAmountScreen = true;
        } else {
          this.log(`Invalid data for AMOUNT_SELECT: ${JSON.stringify(data)}`);
          this.onAmountScreen = false;
        }
        return;
      case 'RECEIPT_QUESTION':
        if (this.config?.requireCardReceipt ?? true) this.setScreen({ name: 'RECEIPT_QUESTION' });
        else this.respondToReceiptQuestion(false);
        this.onAmountScreen = false;
        return;
      case 'TIMEOUT': return this.show({ name: 'TIMEOUT' });
      case 'KEYPAD': return this.show({ name: 'KEYPAD', currency: data?.currency ?? '£', minAmount: 10, maxAmount: 300 });
      case 'PAYMENT_METHOD':
        if (this.isHandlingPaymentLocally) return this.log('Ignoring PAYMENT_METHOD screen - handling payment locally');
        return this.show({ name: 'PAYMENT_METHOD', methods: data?.methods ?? ['DEBIT_CARD', 'PAY_BY_BANK'], amount: this.currentAmount, currency: data?.currency ?? '£', allowCancel: data?.allowCancel ?? true });
      case 'QR_CODE': return this.show({ name: 'QR_CODE', paymentUrl: data?.paymentUrl ?? '' });
      case 'PROCESSING': return this.show({ name: 'PROCESSING' });
      case 'SUCCESS': return this.show({ name: 'SUCCESS', showReceipt: true });
      case 'FAILED':
        this.show({ name: 'FAILED', errorMessage: data?.errorMessage ?? null });
        this.later(4000, () => this.requestInitialScreen());
        return;
      case 'LIMIT_ERROR':
        this.show({ name: 'LIMIT_ERROR', errorMessage: data?.errorMessage ?? 'Limit exceeded' });
        this.allowNavigationFromLimitError = false;
        return;
      case 'PRINT_TICKET': return this.show({ name: 'PRINT_TICKET' });
      case 'COLLECT_TICKET':
        this.storage.pendingTicket = undefined;
        return this.show({ name: 'COLLECT_TICKET' });
      case 'THANK_YOU':
        this.storage.pendingTicket = undefined;
        return this.show({ name: 'THANK_YOU' });
      case 'REFUND_PROCESSING': return this.show({ name: 'REFUND_PROCESSING', errorMessage: data?.errorMessage ?? null });
      case 'PRINTER_ERROR': return this.show({ name: 'DEVICE_ERROR', errorMessage: data?.errorMessage ?? 'Printer error occurred' });
      case 'DEVICE_ERROR': return this.show({ name: 'DEVICE_ERROR', errorMessage: data?.errorMessage ?? 'Unknown device error' });
      default:
        // §4.2.1: no else branch, no log line.
        return;
    }
  }

  /** A backend screen that leaves the amount screen. */
  private show(screen: KioskScreen): void {
    this.setScreen(screen);
    this.onAmountScreen = false;
  }

  /** PaymentViewModel.kt:1999-2012: every ERROR ends the flow (§7.1). */
  private handleError(message: IncomingMessage): void {
    this.show({ name: 'FAILED', errorMessage: message.data?.errorMessage ?? null });
    this.later(4000, () => this.requestInitialScreen());
  }

  /** PaymentViewModel.kt:2026-2045: "APPROVED" in any letter case approves; anything else rejects. */
  private handleLimitCheckResult(message: IncomingMessage): void {
    if (message.transactionId !== this.currentTransactionId) this.log('LIMIT_CHECK_RESULT transaction ID mismatch');
    const approved = message.screen.toUpperCase() === 'APPROVED';
    if (approved) this.continuePaymentAfterLimitCheck(true, message.transactionId, '');
    else this.continuePaymentAfterLimitCheck(false, message.transactionId, message.data?.errorMessage ?? 'Daily spending limit exceeded');
  }

  /** PaymentViewModel.kt:2051-2103. */
  private handleDeviceInfo(message: IncomingMessage): void {
    const data = message.data;
    if (!data) return this.log('DEVICE_INFO message has no data, ignoring');
    if (!isConfiguration(data)) return this.log('DEVICE_INFO message is not configuration');
    this.storage.deviceConfig = mergeConfiguration(data, this.storage.deviceConfig);
  }

  /** PaymentViewModel.kt:2190-2391. */
  private handleRefundRequest(message: IncomingMessage): void {
    const lastSale = this.lastSuccessfulSale;
    if (!lastSale) {
      this.socket.sendMessage(frames.reversalNoSale(message.transactionId, this.clock.now()));
      return;
    }
    const provider = (this.config?.paymentProvider ?? 'nnsmart').toLowerCase();
    const data = message.data;
    const originalTransactionId = data?.originalTransactionId ?? lastSale.transactionId;
    const backendRef = data?.originalRequesterTransRefNum ?? null;
    const localRef = lastSale.requesterTransRefNum;
    const nnsmart = isNnsmartProvider(provider);
    // NNSmart prefers its own terminal id; Integra and mock the request's (§5h step 4, M11).
    const originalRequesterRef = nnsmart ? localRef ?? backendRef ?? lastSale.transactionId : backendRef ?? localRef ?? lastSale.transactionId;
    const reversalAmount = data?.reversalAmount ?? lastSale.amount;
    this.screensaver = false;
    this.setScreen({ name: 'REFUND_PROCESSING', errorMessage: 'Processing refund...' });
    const amountFormatted = formatAmount(reversalAmount);
    const reversalRef = message.transactionId.startsWith('REVERSAL_') ? message.transactionId : `REVERSAL_${message.transactionId}`;
    const finish = (reply: Reply<PlanetResult>): void => {
      if (!this.alive) return;
      if (isThrown(reply)) {
        // The catch block (:2372-2389): K8b EXCEPTION, and no timer: the kiosk stays on REFUND_PROCESSING.
        this.socket.sendMessage(frames.reversalException(reply.message, message.transactionId, this.clock.now()));
        return;
      }
      this.socket.sendMessage(frames.reversalResultInline(reply, reversalRef, originalRequesterRef, originalTransactionId, reversalAmount, message.transactionId, this.clock.now()));
      this.screensaver = false;
      this.timeoutManagerRecordInteraction();
      if (reply.success) {
        this.lastSuccessfulSale = undefined;
        this.storage.pendingTicket = undefined;
        this.storage.pendingSale = undefined;
        this.show({ name: 'SUCCESS', showReceipt: false });
        this.later(3000, () => this.requestInitialScreen());
      } else {
        this.show({ name: 'FAILED', errorMessage: reply.message ?? 'Reversal failed' });
        this.later(4000, () => this.requestInitialScreen());
      }
    };
    if (provider === 'mock') {
      this.mock.saleReversal(amountFormatted, reversalRef, originalRequesterRef, finish);
    } else if (nnsmart) {
      this.terminals.nnsmart.cancel(reversalRef, originalRequesterRef, (r) => {
        if (isThrown(r)) return finish(r);
        finish({ success: r, resultCode: r ? 'A' : 'REVERSAL_FAILED', bankResultCode: r ? '00' : null, message: r ? 'REVERSAL_APPROVED' : 'Reversal failed on terminal', requesterTransRefNum: reversalRef });
      });
    } else {
      this.terminals.integra.saleReversal(amountFormatted, reversalRef, originalRequesterRef, finish);
    }
  }
}

/** Which style a kiosk frame was written in: the keepalive, a pretty template (always several lines), or Moshi. */
export function styleOf(text: string): JsonStyle {
  if (text === frames.keepalive) return 'keepalive';
  return text.includes('\n') ? 'pretty' : 'moshi';
}
