import type { TimerHandle } from './clock.js';
import { approve } from './scenario.js';
import { screenErrorData } from './screens.js';
import type { ServerSteps } from './server-steps.js';
import type { SessionState } from './session-context.js';
import type { PaymentStatus } from './store.js';

/** What the payment reads of its terminal session, and how it moves it. */
export interface PaymentSession extends SessionState {
  readonly terminalId: string;
  readonly steps: ServerSteps;
}

/**
 * The payment of one terminal's transaction (docs/protocol.md FLOW-7..10,
 * RES-2, RES-4, RES-5): claim it once, charge it once, recover it after a
 * crash without charging again, settle it to SUCCESS or FAILED. The claim
 * and the outcome are the writes money depends on: each commits durably,
 * together with the screen that shows it.
 */
export class PaymentFlow {
  /**
   * Transaction ids whose payment this process is waiting for; none while
   * nothing is in flight, which is how the sessions of terminals that left
   * wait for eviction (a used Set keeps its table, about 200 bytes).
   */
  private inFlight: Set<string> | undefined;

  constructor(private readonly session: PaymentSession) {}

  /** Whether no payment of this session is in flight. */
  get quiet(): boolean {
    return this.inFlight === undefined;
  }

  private wait(id: string): void {
    (this.inFlight ??= new Set()).add(id);
  }

  private done(id: string): void {
    this.inFlight?.delete(id);
    if (this.inFlight?.size === 0) this.inFlight = undefined;
  }

  /**
   * Whose output a money change of this session concerns: the session (the
   * processor waits on it) and the connections its screens go to. Only their
   * output waits for the change's fsync; other terminals' answers committed in
   * the same turn leave without it.
   */
  private moneyKeys(): object[] {
    const s = this.session;
    return s.outlet ? [s, s.outlet] : [s];
  }

  /** Resolves a payment this process is not waiting for (one that was in flight when the server died). */
  resume(): void {
    const s = this.session;
    if (s.screen === 'PROCESSING' && !this.inFlight?.has(s.transactionId)) void this.recover();
  }

  /** Claims the one payment of the transaction, shows PROCESSING, asks the processor (FLOW-7, RES-4). */
  start(id: string, method: string): void {
    const s = this.session;
    const { store, clock } = s.ctx;
    const now = clock.now();
    const amount = store.transactionAmount(id);
    if (amount == null) throw new Error(`transaction ${id} has no amount`);
    let claimed = false;
    // The claim and the PROCESSING screen commit together, durably: after a crash, either both or neither exist.
    store.atomically(() => {
      claimed = store.beginPayment(id, s.terminalId, amount, method, now);
      if (claimed) s.show('PROCESSING', { amount, method }, id, { send: false });
    }, true, this.moneyKeys());
    if (!claimed) {
      // RES-4: never a second charge.
      s.output.sendCurrent();
      return;
    }
    s.output.sendCurrent();
    s.output.status('AUTHORISING', 'Authorising payment');
    void this.charge(id, amount, method);
  }

  /** Sends the charge and waits for its outcome or the processor timeout (FLOW-8..10). */
  async charge(id: string, amount: number, method: string): Promise<void> {
    const s = this.session;
    const { store, clock, config, metrics, processor } = s.ctx;
    this.wait(id);
    metrics.charges.inc();
    s.log.info({ transactionId: id, amount, method }, 'charge sent to processor');
    let timer: TimerHandle | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = clock.setTimeout(() => resolve('timeout'), config.processorTimeoutMs);
    });
    try {
      const scenario = s.outlet?.scenario ?? approve;
      // Write-ahead: the processor hears of a charge only once its claim is committed (and fsynced).
      // Keyed by the session: its own turn's commit is all it waits for.
      await new Promise<void>((resolve) => store.afterCommit(resolve, s));
      if (s.closed) return;
      const decision = await Promise.race([processor.charge({ transactionId: id, amount, method, scenario }), timeout]);
      this.settle(id, decision === 'approved' ? 'approved' : decision === 'declined' ? 'declined' : 'timeout');
    } catch (error) {
      s.log.error({ err: error, transactionId: id }, 'processor failed');
      this.settle(id, 'error');
    } finally {
      if (timer !== undefined) clock.clearTimeout(timer);
      this.done(id);
    }
  }

  /** A payment in flight when the server died: ask the processor what became of it, never charge again (RES-2, RES-4). */
  private async recover(): Promise<void> {
    const s = this.session;
    const id = s.transactionId;
    const payment = s.ctx.store.payment(id);
    if (!payment) {
      this.settleScreen(id, 'error');
      return;
    }
    if (payment.status !== 'pending') {
      this.settleScreen(id, payment.status);
      return;
    }
    this.wait(id);
    try {
      const outcome = await s.ctx.processor.outcome(id);
      s.log.info({ transactionId: id, outcome }, 'recovered payment outcome from processor');
      this.settle(id, outcome === 'approved' ? 'approved' : outcome === 'declined' ? 'declined' : outcome === 'no-answer' ? 'timeout' : 'error');
    } finally {
      this.done(id);
    }
  }

  /** Records the outcome and shows SUCCESS or FAILED, atomically (RES-5: also while the terminal is away). */
  settle(id: string, status: Exclude<PaymentStatus, 'pending'>): void {
    const s = this.session;
    if (s.closed) return;
    const { store, clock } = s.ctx;
    const before = s.screen;
    store.atomically(() => {
      store.finishPayment(id, status, clock.now());
      this.settleScreen(id, status, false);
    }, true, this.moneyKeys());
    s.log.info({ transactionId: id, status }, 'payment settled');
    if (s.transactionId === id && before === 'PROCESSING' && s.screen !== before) {
      s.output.sendCurrent();
      s.steps.arm();
    }
  }

  /** FLOW-8..10: SUCCESS for an approved payment, FAILED with the reason otherwise; only while the terminal shows its PROCESSING. */
  private settleScreen(id: string, status: PaymentStatus, send = true): void {
    const s = this.session;
    if (s.transactionId !== id || s.screen !== 'PROCESSING') return;
    const { metrics, config } = s.ctx;
    if (status === 'approved') {
      metrics.transactions.inc({ outcome: 'paid' });
      s.show('SUCCESS', { showReceipt: config.showReceipt }, id, { send });
    } else {
      metrics.transactions.inc({ outcome: status });
      const code = status === 'declined' ? 'CARD_DECLINED' : status === 'timeout' ? 'PAYMENT_TIMEOUT' : 'PAYMENT_ERROR';
      s.show('FAILED', screenErrorData(code), id, { send });
    }
  }
}
