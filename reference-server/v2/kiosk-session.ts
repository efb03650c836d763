import type { Logger } from 'pino';
import type { Clock, TimerHandle } from '../clock.js';
import type { Books, Sale } from './books.js';
import { deviceConfig, type DeviceConfig, type V2Config } from './config.js';
import type { KioskPhase } from './control-rules.js';
import type { KioskConnection, V2Outbound } from './kiosk-connection.js';
import { integer, paymentDetails, readKioskFrame, text, type KioskEnvelope } from './kiosk-frame.js';
import { LIMIT_MESSAGE, type LimitVerdict } from './limit-rules.js';
import type { ReversalFields } from './reversal-rules.js';
import type { V2Metrics } from './metrics.js';
import type { V2Choices } from './open-answers.js';
import type { V2Rules } from './rules.js';
import type { ReversalKind, V2Scenario } from './scenario.js';

/** What every v2 session shares. */
export interface V2SessionContext {
  config: V2Config;
  books: Books;
  rules: V2Rules;
  /** Where the sources leave several answers, the server's (open-answers.ts). */
  choices: V2Choices;
  clock: Clock;
  logger: Logger;
  /** What the session counts for /metrics (metrics.ts). */
  metrics: V2Metrics;
  /** A fresh transaction id for an AMOUNT_SELECT (V2-TXN-4: never "initial"). */
  newTransactionId(): string;
}

/** What a control request did: sent, or refused and why. */
export type ControlOutcome = { sent: V2Outbound } | { refused: string };

/** The `errorMessage` of the idle CANCEL (pinto-android-2.md §3.2 K3). */
const IDLE_CANCEL = 'Session timed out due to inactivity';

/**
 * The backend's side of one kiosk connection in protocol v2: the flows (a) to
 * (m) of pinto-android-2.md §5 as the backend plays them. Money goes to the
 * books (books.ts) and every answer leaves after the commit that records what
 * it answers. The kiosk runs its card payments itself; the session only
 * knows the phase it can infer (control-rules.ts) and never sends a screen
 * that would break a payment (V2-M-13): there is no idle timer.
 */
export class KioskSession {
  phase: KioskPhase = 'idle';
  /** The backend's current cycle of this kiosk: one per AMOUNT_SELECT (V2-M-15). */
  cycle = 0;
  /** The id the kiosk was last told (V2-TXN-1). */
  currentId = '';
  /** The amount of this cycle's K1, for a sale reported without a card check (the mock provider). */
  selectedAmount: number | null = null;
  /** The sale of this cycle, once the books have one. */
  saleNo: number | undefined;
  /** Whether this cycle's ticket was sent to print (a later RECEIPT_RESPONSE prints nothing more). */
  private ticketStarted = false;
  /**
   * Where a failed reversal leaves the kiosk: a sale whose ticket was never
   * confirmed stays held (§5h step 6: "the last sale and the pending-ticket
   * marker stay"), until AMOUNT_SELECT reaches the kiosk (V2-M-12).
   */
  private phaseIfReversalFails: KioskPhase = 'idle';
  private readonly timers = new Set<TimerHandle>();
  private closed = false;

  constructor(
    readonly ctx: V2SessionContext,
    readonly kioskId: string,
    readonly connection: KioskConnection,
    /** The kiosk's connection number in the books (V2-M-11). */
    readonly connectionNo: number,
    readonly scenario: V2Scenario,
    /** The configuration this kiosk is sent (V2-FLOW-20). */
    public device: DeviceConfig,
  ) {}

  private get log(): Logger {
    return this.connection.log;
  }

  /** Keys of this kiosk's output: a money change of this session holds only this connection's frames for its fsync. */
  private get keys(): readonly object[] {
    return [this.connection];
  }

  /**
   * Flow (a): the configuration, then AMOUNT_SELECT with a fresh id (V2-FLOW-1,
   * V2-FLOW-2, V2-TRN-9). The configuration carries the same id, or its own
   * (V2-OPEN-13: the kiosk may apply the two in either order).
   */
  greet(): void {
    const id = this.openCycle();
    this.send({ messageType: 'DEVICE_INFO', screen: '', data: { ...this.device }, transactionId: this.ctx.choices.configId === 'own' ? `config-${this.ctx.clock.now()}` : id });
    this.showAmounts(id);
    for (const request of this.scenario.onConnect) {
      if (request === 'device-info-request') this.requestDeviceInfo();
      else this.restart();
    }
  }

  /** A new cycle and its fresh id (V2-TXN-4, V2-M-15). */
  private openCycle(): string {
    this.cancelTimers();
    this.cycle = this.ctx.books.nextCycle(this.kioskId);
    this.phase = 'idle';
    this.saleNo = undefined;
    this.selectedAmount = null;
    this.ticketStarted = false;
    return this.ctx.newTransactionId();
  }

  private showAmounts(id: string): void {
    const { amounts, currency, showOtherOption } = this.ctx.config;
    const { minTransactionLimit: min, maxTransactionLimit: max } = this.device;
    this.show('AMOUNT_SELECT', { amounts: amounts.filter((a) => a >= min && a <= max), currency, showOtherOption }, id);
  }

  /** A new cycle on AMOUNT_SELECT (V2-FLOW-13, V2-FLOW-22). */
  newCycle(): void {
    this.showAmounts(this.openCycle());
  }

  /** Sends a SCREEN_CHANGE. */
  show(screen: string, data: Record<string, unknown>, id = this.currentId): void {
    this.send({ messageType: 'SCREEN_CHANGE', screen, data, transactionId: id });
  }

  /** Sends a message; the kiosk adopts its id (V2-TXN-1). */
  send(message: V2Outbound): void {
    this.currentId = message.transactionId;
    this.connection.send(message);
  }

  /** One text frame from the kiosk. */
  receive(frameText: string): void {
    const frame = readKioskFrame(frameText);
    this.ctx.metrics.frameIn(frame.kind === 'message' || frame.kind === 'off-schema' ? frame.message.messageType : frame.kind);
    switch (frame.kind) {
      case 'keepalive':
        return; // V2-TRN-6: never answered.
      case 'foreign':
        this.log.warn({ frame: frameText.slice(0, 2000), reason: frame.reason }, 'frame the kiosk never writes: logged, not answered');
        return;
      case 'unparsed':
        this.unparsedFrame(frameText, frame);
        return;
      case 'off-schema':
        this.log.warn({ frame: frameText.slice(0, 2000), problems: frame.problems }, 'kiosk frame the v2 schemas refuse: handled, not answered with ERROR');
        this.handle(frame.message, frameText);
        return;
      case 'message':
        this.log.info({ direction: 'in', frame: frameText.slice(0, 2000) }, 'message received');
        this.handle(frame.message, frameText);
    }
  }

  /** V2-ERR-5: a frame that is not JSON is logged raw and kept; a payment result in it is booked from what it names. */
  unparsedFrame(frameText: string, recovered: { messageType: string | undefined; screen: string | undefined; transactionId: string | undefined }): void {
    this.log.warn({ frame: frameText.slice(0, 2000), recovered }, 'kiosk frame is not JSON: kept in the books');
    this.ctx.books.unparsedFrame(this.kioskId, frameText, recovered, this.keys);
    const { messageType, screen, transactionId } = recovered;
    if (messageType === 'PAYMENT_RESULT' && (screen === 'SUCCESS' || screen === 'FAILED') && transactionId !== undefined) {
      this.paymentResult({ messageType, screen, transactionId, timestamp: 0, data: { paymentDetails: { RequesterTransRefNum: transactionId } } }, frameText);
    }
  }

  /** A kiosk message (pinto-android-2.md §3.2). */
  handle(message: KioskEnvelope, frameText: string): void {
    switch (message.messageType) {
      case 'USER_ACTION':
        return this.userAction(message);
      case 'CARD_CHECK_RESULT':
        return this.cardCheck(message);
      case 'PAYMENT_RESULT':
        return this.paymentResult(message, frameText);
      case 'REVERSAL_RESULT':
        return this.reversalResult(message, frameText);
      case 'DEVICE_INFO':
        return this.deviceInfo(message);
      default:
        this.log.warn({ messageType: message.messageType }, 'message type the kiosk never sends: logged, not answered');
    }
  }

  private userAction(message: KioskEnvelope): void {
    switch (message.screen) {
      case 'AMOUNT_SELECT':
        return this.amountSelected(message);
      case 'PAYMENT_METHOD':
        return this.otherMethod(message);
      case 'CANCEL':
        return this.cancelled(message);
      case 'RESET':
        return this.reset();
      case 'RECEIPT_RESPONSE':
        return this.receiptAnswered();
      default:
        this.log.warn({ screen: message.screen }, 'USER_ACTION the kiosk never sends: logged, not answered');
    }
  }

  /** Flow (b): K1. No limit here (V2-FLOW-3); PAYMENT_METHOD with yaspaEnabled, nothing without (V2-FLOW-5). */
  amountSelected(message: KioskEnvelope): void {
    this.selectedAmount = integer(message.data, 'selectedAmount');
    if (this.device.yaspaEnabled) {
      this.phase = 'method';
      this.show('PAYMENT_METHOD', { methods: this.ctx.config.methods, currency: this.ctx.config.currency, allowCancel: true }, message.transactionId);
    } else this.phase = 'payment';
  }

  /**
   * Flow (c) step 3: K2, a method other than the card ones. The reference
   * server runs no payment for one (V2-OPEN-11): FAILED, and the kiosk's
   * RESET 4 s later brings AMOUNT_SELECT, or a new AMOUNT_SELECT at once.
   */
  otherMethod(message: KioskEnvelope): void {
    this.phase = 'idle';
    if (this.ctx.choices.otherMethod === 'AMOUNT_SELECT') this.newCycle();
    else this.show('FAILED', { errorMessage: `Payment method ${text(message.data, 'selectionMethod') ?? '(none)'} is not available` }, message.transactionId);
  }

  /** Flow (l): a customer CANCEL is followed by RESET (answered then); the idle CANCEL is answered with nothing or AMOUNT_SELECT (V2-FLOW-23, V2-OPEN-14). */
  cancelled(message: KioskEnvelope): void {
    if (text(message.data, 'errorMessage') !== IDLE_CANCEL) return;
    this.log.info('idle timeout on the kiosk');
    if (this.ctx.choices.idleCancel === 'AMOUNT_SELECT' && this.phase === 'idle') this.newCycle();
  }

  /** V2-FLOW-22: every RESET gets AMOUNT_SELECT, in any state; it cancels nothing already reported (V2-M-7). */
  reset(): void {
    this.newCycle();
  }

  /** Flow (d) step 4, flow (f) step 5: exactly one LIMIT_CHECK_RESULT per K6, after the books recorded and decided it (V2-M-2..V2-M-4). */
  cardCheck(message: KioskEnvelope): void {
    const cardToken = text(message.data, 'cardToken') ?? 'null';
    const amount = integer(message.data, 'selectedAmount') ?? this.selectedAmount ?? 0;
    this.phase = 'payment';
    const result = this.ctx.books.checkCard(
      { kioskId: this.kioskId, cycle: this.cycle, connection: this.connectionNo, transactionId: message.transactionId, provider: this.device.paymentProvider, cardToken, amount, limit: this.ctx.config.dailyLimit,
        fee: { transactionFeeType: this.device.transactionFeeType, transactionFeeValue: this.device.transactionFeeValue } },
      this.keys,
    );
    this.saleNo = result.saleNo;
    this.ctx.metrics.cardChecks.inc({ verdict: result.duplicate ? 'duplicate' : result.verdict });
    if (result.duplicate) {
      // V2-M-3: a second answer would start a second sale or a second reversal on the kiosk.
      this.log.warn({ transactionId: message.transactionId }, 'duplicate CARD_CHECK_RESULT: recorded, not answered again');
      return;
    }
    this.answerCardCheck(message.transactionId, result.verdict);
    if (result.verdict !== 'APPROVED' && this.ctx.books.sale(result.saleNo)?.captured !== true) this.phase = 'idle';
  }

  /** The LIMIT_CHECK_RESULT of one K6, with its id (V2-TXN-3); a rejection says REJECTED or LIMIT_ERROR (V2-OPEN-3) with the message. */
  answerCardCheck(transactionId: string, verdict: LimitVerdict): void {
    const screen = verdict === 'APPROVED' ? verdict : this.ctx.choices.rejectionScreen;
    this.send({ messageType: 'LIMIT_CHECK_RESULT', screen, data: verdict === 'APPROVED' ? {} : { errorMessage: LIMIT_MESSAGE }, transactionId });
  }

  /** K7: booked once (V2-M-6); a first SUCCESS leads to the receipt question, a FAILED to the kiosk's own RESET. */
  paymentResult(message: KioskEnvelope, frameText: string): void {
    const ref = paymentDetails(message.data).RequesterTransRefNum || message.transactionId;
    const record = this.ctx.books.paymentResult(
      { kioskId: this.kioskId, cycle: this.cycle, connection: this.connectionNo, provider: this.device.paymentProvider, transactionId: message.transactionId, screen: message.screen, ref, timestamp: message.timestamp, frame: frameText, amount: this.selectedAmount },
      this.keys,
    );
    this.ctx.metrics.paymentResults.inc({ screen: message.screen === 'SUCCESS' || message.screen === 'FAILED' ? message.screen : 'other', recorded: record.recorded });
    if (record.recorded !== 'first') {
      this.log.warn({ transactionId: message.transactionId, recorded: record.recorded }, 'PAYMENT_RESULT seen before');
      return;
    }
    this.saleNo = record.saleNo;
    if (message.screen !== 'SUCCESS') {
      this.phase = 'idle';
      return;
    }
    this.phase = 'holding-sale';
    const afterSale = this.scenario.afterSale;
    this.later(() => {
      if (afterSale !== undefined) this.requestReversal(afterSale);
      else if (this.ctx.choices.afterSale === 'PRINT_TICKET') this.printTicket(message.transactionId);
      else this.show('RECEIPT_QUESTION', {}, message.transactionId);
    });
  }

  /** Flow (g) step 4: PRINT_TICKET, then the ticket is printed or not (V2-OPEN-9: the answer does not change the ticket). */
  receiptAnswered(): void {
    if (this.phase !== 'holding-sale' || this.ticketStarted) return;
    this.printTicket(this.currentId);
  }

  /** PRINT_TICKET, after the receipt question or straight after the sale (V2-OPEN-9: the kiosk accepts both). */
  printTicket(id: string): void {
    this.ticketStarted = true;
    this.show('PRINT_TICKET', {}, id);
    this.later(() => (this.scenario.printerFault !== undefined ? this.printFailed() : this.printed()));
  }

  /** V2-M-12: COLLECT_TICKET as soon as the ticket is printed, then THANK_YOU and a new AMOUNT_SELECT (V2-FLOW-13). */
  printed(): void {
    if (this.saleNo !== undefined) this.ctx.books.ticket(this.saleNo, 'printed');
    this.phase = 'finishing';
    this.show('COLLECT_TICKET', {});
    this.later(() => {
      this.show('THANK_YOU', {});
      this.later(() => this.newCycle());
    });
  }

  /** V2-M-14, flow (h): the ticket failed: PRINTER_ERROR, then a reversal request, and no COLLECT_TICKET or THANK_YOU. */
  printFailed(): void {
    if (this.saleNo !== undefined) this.ctx.books.ticket(this.saleNo, 'not-printed');
    this.show('PRINTER_ERROR', { errorMessage: 'Ticket could not be printed: your payment will be refunded' });
    this.requestReversal(this.scenario.printerFault ?? 'REVERSAL_REQUEST');
  }

  /** K8a / K8b: booked (V2-M-8..V2-M-10), never answered (the kiosk RESETs by itself; V2-M-9: never ERROR). */
  reversalResult(message: KioskEnvelope, frameText: string): void {
    const details = paymentDetails(message.data);
    const fields: ReversalFields = {
      transactionId: message.transactionId,
      screen: message.screen,
      errorCode: text(message.data, 'errorCode'),
      requesterRef: details.RequesterTransRefNum || null,
      originalRef: details.OriginalRequesterTransRefNum || null,
      originalTransactionId: text(message.data, 'originalTransactionId'),
      reversalAmount: integer(message.data, 'reversalAmount'),
    };
    const result = this.ctx.books.reversalResult(this.kioskId, fields, frameText, this.keys);
    this.ctx.metrics.reversalResults.inc({ effect: result.effect ?? 'duplicate' });
    if (result.duplicate) this.log.warn({ transactionId: message.transactionId }, 'REVERSAL_RESULT seen before');
    const released = fields.screen === 'SUCCESS' || fields.errorCode === 'NO_SALE_FOUND';
    if (this.phase === 'reversing') this.phase = released ? 'idle' : this.phaseIfReversalFails;
    else if (this.phase === 'payment') this.phase = 'idle';
  }

  /** K9 / K10 (V2-FLOW-19): kept on the kiosk's record. */
  deviceInfo(message: KioskEnvelope): void {
    if (message.screen === 'DEVICE_IP') this.ctx.books.deviceInfo(this.kioskId, 'ip', text(message.data, 'deviceIpAddress') ?? 'unknown');
    else if (message.screen === 'DEVICE_SERIAL') this.ctx.books.deviceInfo(this.kioskId, 'serial', text(message.data, 'deviceSerialNumber') ?? 'unknown');
  }

  /** V2-FLOW-19: INFO_SCREEN asks for the kiosk's IP and serial; the display does not change. */
  requestDeviceInfo(): ControlOutcome {
    const sent: V2Outbound = { messageType: 'SCREEN_CHANGE', screen: 'INFO_SCREEN', data: { requestType: 'DEVICE_INFO' }, transactionId: `info-${this.ctx.clock.now()}` };
    this.send(sent);
    return { sent };
  }

  /** V2-FLOW-20: pushes configuration (kept for this kiosk's later connections by the caller). */
  pushConfig(overrides: Partial<DeviceConfig>): ControlOutcome {
    this.device = { ...this.device, ...overrides };
    const sent: V2Outbound = { messageType: 'DEVICE_INFO', screen: '', data: { ...this.device }, transactionId: `config-${this.ctx.clock.now()}` };
    this.send(sent);
    return { sent };
  }

  /** V2-FLOW-21: RESTART_APP, never during a payment or while the kiosk holds a sale (V2-M-12, V2-M-13). */
  restart(): ControlOutcome {
    const refused = this.ctx.rules.restartRefusal(this.phase);
    if (refused !== undefined) return { refused };
    const sent: V2Outbound = { messageType: 'RESTART_APP', screen: '', data: null, transactionId: `restart-${this.ctx.clock.now()}` };
    this.send(sent);
    return { sent };
  }

  /**
   * Flow (h): a reversal or refund request for the kiosk's most recent sale
   * only (V2-M-11), kept in the books so its answer finds the sale.
   */
  requestReversal(kind: ReversalKind, saleNo?: number): ControlOutcome {
    const { books, rules } = this.ctx;
    const latest = books.latestSale(this.kioskId, this.connectionNo);
    const target: Sale | undefined = saleNo === undefined ? latest : books.sale(saleNo);
    const refused = rules.reversalRequestRefusal(target, latest, this.connectionNo, this.phase);
    if (refused !== undefined || target === undefined) return { refused: refused ?? 'no such sale' };
    const prior = books.requests().filter((r) => r.kiosk_id === this.kioskId && r.sale_no === target.saleNo).length;
    const id = `REVERSAL_${target.transactionId}${prior > 0 ? `_${prior + 1}` : ''}`;
    const data = { originalTransactionId: target.transactionId, originalRequesterTransRefNum: target.terminalRef ?? target.transactionId, reversalAmount: target.amount };
    books.requestSent(this.kioskId, kind, id, target.saleNo, data, this.keys);
    this.phaseIfReversalFails = this.phase === 'holding-sale' ? 'holding-sale' : 'idle';
    this.phase = 'reversing';
    this.cancelTimers();
    const sent: V2Outbound = { messageType: kind, screen: '', data, transactionId: id };
    this.send(sent);
    return { sent };
  }

  /** Runs `step` after the configured pace, unless the connection closed or a new cycle began (V2-OPEN-12). */
  later(step: () => void): void {
    const handle = this.ctx.clock.setTimeout(() => {
      this.timers.delete(handle);
      if (!this.closed) step();
    }, this.ctx.config.stepDelayMs);
    this.timers.add(handle);
  }

  private cancelTimers(): void {
    for (const handle of this.timers) this.ctx.clock.clearTimeout(handle);
    this.timers.clear();
  }

  /** The connection closed: the session's steps stop; the books keep every sale as it is (V2-M-7). */
  close(): void {
    this.closed = true;
    this.cancelTimers();
  }
}
