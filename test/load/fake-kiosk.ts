/**
 * A small in-memory model of a v1 backend for the load tests: enough of the
 * flow (FLOW-1..14, TXN-1/2, RES-3, TC-3 decline and limit-remaining) to drive
 * every journey, plus deliberate faults to prove the virtual terminal catches
 * them. Not the reference server: it exists so the terminal can be tested
 * without sockets and before the reference server is there.
 */
export type KioskFault = 'initial-in-answer' | 'skip-payment-method' | 'garbage-frame' | 'silent-on-method' | 'forget-on-reconnect' | 'wrong-status-screen';

export interface KioskOptions {
  scenario?: string;
  faults?: KioskFault[];
  showOtherOption?: boolean;
  allowCancel?: boolean;
  dailyLimit?: number;
  stepDelayMs?: number;
  processingMs?: number;
}

interface Outgoing {
  delayMs: number;
  text: string;
}

let idCounter = 0;

export class FakeKiosk {
  screen = 'AMOUNT_SELECT';
  txId = 'initial';
  spent = 0;
  charged = 0;
  private readonly o: Required<Omit<KioskOptions, 'scenario' | 'faults'>> & { scenario: string; faults: KioskFault[] };
  private readonly usedIds = new Set<string>();

  constructor(options: KioskOptions = {}) {
    this.o = {
      scenario: options.scenario ?? 'approve', faults: options.faults ?? [], showOtherOption: options.showOtherOption ?? true,
      allowCancel: options.allowCancel ?? true, dailyLimit: options.dailyLimit ?? 300, stepDelayMs: options.stepDelayMs ?? 5, processingMs: options.processingMs ?? 5,
    };
    const remaining = /^limit-remaining:(\d+)$/.exec(this.o.scenario);
    if (remaining) this.spent = this.o.dailyLimit - Number(remaining[1]);
  }

  /** The frames a (re)connection gets (FLOW-1, RES-3). */
  connect(): Outgoing[] {
    if (this.o.faults.includes('forget-on-reconnect')) {
      this.screen = 'AMOUNT_SELECT';
      this.txId = 'initial';
    }
    return [this.now(0, this.screen, this.lastData ?? this.screenData(this.screen))];
  }

  /** The frames answering one terminal frame. */
  receive(text: string): Outgoing[] {
    const m = JSON.parse(text) as { screen: string; data: Record<string, unknown>; transactionId: string };
    const d = m.data;
    if (m.screen !== this.screen) return [this.error('UNEXPECTED_ACTION')];
    if (this.txId === 'initial') {
      if (m.transactionId !== 'initial' && this.usedIds.has(m.transactionId)) return [this.error('INVALID_TRANSACTION')];
    } else if (m.transactionId !== this.txId) return [this.error('INVALID_TRANSACTION')];
    switch (this.screen) {
      case 'AMOUNT_SELECT': {
        this.txId = m.transactionId === 'initial' ? `srv-${++idCounter}` : m.transactionId;
        this.usedIds.add(this.txId);
        if (d.selectionMethod === 'OTHER') return [this.go(0, 'KEYPAD')];
        return this.amountChosen(Number(d.selectedAmount));
      }
      case 'KEYPAD':
        if (d.action === 'CANCEL') return [this.reset(0)];
        return this.amountChosen(Number(d.selectedAmount));
      case 'PAYMENT_METHOD': {
        if (d.action === 'CANCEL') return [this.reset(0)];
        if (this.o.faults.includes('silent-on-method')) return [];
        const out = [this.go(0, 'PROCESSING')];
        const status = this.now(1, this.o.faults.includes('wrong-status-screen') ? 'KEYPAD' : 'PROCESSING', { status: 'AUTHORISING' }, 'STATUS_UPDATE');
        out.push(status);
        if (this.o.scenario === 'decline') {
          out.push(this.go(this.o.processingMs, 'FAILED', { errorCode: 'CARD_DECLINED', errorMessage: 'Declined' }));
        } else {
          this.charged++;
          this.spent += this.pendingAmount;
          out.push(this.go(this.o.processingMs, 'SUCCESS'), this.go(this.o.stepDelayMs, 'PRINT_TICKET'), this.go(this.o.stepDelayMs, 'COLLECT_TICKET'), this.go(this.o.stepDelayMs, 'THANK_YOU'), this.reset(this.o.stepDelayMs));
        }
        return out;
      }
      case 'FAILED':
      case 'LIMIT_ERROR':
        return [this.reset(0)];
      default:
        return [this.error('UNEXPECTED_ACTION')];
    }
  }

  private pendingAmount = 0;
  private lastData: Record<string, unknown> | undefined;

  private amountChosen(amount: number): Outgoing[] {
    if (amount > this.o.dailyLimit - this.spent) return [this.go(0, 'LIMIT_ERROR', { limit: this.o.dailyLimit, remaining: this.o.dailyLimit - this.spent, currency: '£' })];
    this.pendingAmount = amount;
    if (this.o.faults.includes('skip-payment-method')) return [this.go(0, 'SUCCESS')];
    return [this.go(0, 'PAYMENT_METHOD')];
  }

  private reset(delayMs: number): Outgoing {
    this.txId = 'initial';
    return this.go(delayMs, 'AMOUNT_SELECT');
  }

  private go(delayMs: number, screen: string, data?: Record<string, unknown>): Outgoing {
    this.screen = screen;
    this.lastData = data ?? this.screenData(screen);
    const out = this.now(delayMs, screen, this.lastData);
    if (this.o.faults.includes('initial-in-answer') && screen !== 'AMOUNT_SELECT') out.text = out.text.replace(`"transactionId":"${this.txId}"`, '"transactionId":"initial"');
    if (this.o.faults.includes('garbage-frame') && screen === 'PAYMENT_METHOD') out.text = '{"messageType":"SCREEN_CHANGE"';
    return out;
  }

  private screenData(screen: string): Record<string, unknown> {
    switch (screen) {
      case 'AMOUNT_SELECT': return { amounts: [20, 40, 60, 80, 100], currency: '£', showOtherOption: this.o.showOtherOption };
      case 'KEYPAD': return { currency: '£', minAmount: 10, maxAmount: 300 };
      case 'PAYMENT_METHOD': return { methods: ['DEBIT_CARD', 'PAY_BY_BANK'], allowCancel: this.o.allowCancel, currency: '£' };
      case 'SUCCESS': return { showReceipt: true };
      default: return {};
    }
  }

  private error(code: string): Outgoing {
    return this.now(0, this.screen, { errorCode: code, errorMessage: code }, 'ERROR');
  }

  private now(delayMs: number, screen: string, data: Record<string, unknown>, messageType = 'SCREEN_CHANGE'): Outgoing {
    return { delayMs, text: JSON.stringify({ messageType, screen, data, transactionId: this.txId, timestamp: Date.now() }) };
  }
}
