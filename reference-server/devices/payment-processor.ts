import type { Scenario } from '../scenario.js';
import type { Store } from '../store.js';
import { systemClock, type Clock, type TimerHandle } from '../clock.js';

/** What the processor decided about a charge. */
export type ChargeDecision = 'approved' | 'declined';

/** A charge request: one per transaction, ever (RES-4). */
export interface ChargeRequest {
  transactionId: string;
  amount: number;
  method: string;
  /** The test-control scenario of the terminal's connection (TC-3). */
  scenario: Scenario;
}

/**
 * A card or bank payment processor. The reference server ships a simulated
 * one; a real adapter implements the same two calls.
 */
export interface PaymentProcessor {
  /** Charges once. May never settle (a processor that does not answer); the caller applies its timeout (FLOW-10). */
  charge(request: ChargeRequest): Promise<ChargeDecision>;
  /**
   * What became of an earlier charge, by transaction id: how the server
   * resolves a payment that was in flight when it crashed, without charging again.
   * 'not-found': the processor never received it; 'no-answer': it never decided.
   */
  outcome(transactionId: string): Promise<ChargeDecision | 'not-found' | 'no-answer'>;
  /** Stops pending timers (server shutdown). */
  close(): void;
}

/**
 * The simulated processor: approves unless the scenario says otherwise, after
 * `processingMs`. It persists each decision in the store when the charge
 * arrives, as a real processor keeps its own ledger, so `outcome` still knows
 * it after the server was killed.
 */
export class SimulatedPaymentProcessor implements PaymentProcessor {
  private readonly timers = new Set<TimerHandle>();

  constructor(
    private readonly store: Store,
    private readonly processingMs: number,
    /** The server's clock: tests run processing times on a fake one. */
    private readonly clock: Clock = systemClock,
  ) {}

  charge(request: ChargeRequest): Promise<ChargeDecision> {
    const { scenario } = request;
    const decision = scenario.name === 'decline' ? 'declined' : scenario.name === 'processor-timeout' ? 'no-answer' : 'approved';
    const delay = scenario.name === 'slow-processing' ? scenario.ms : this.processingMs;
    const readyAt = this.clock.now() + delay;
    this.store.recordCharge(request.transactionId, request.amount, decision, readyAt);
    if (decision === 'no-answer') return new Promise<never>(() => undefined);
    return this.after(delay, decision);
  }

  async outcome(transactionId: string): Promise<ChargeDecision | 'not-found' | 'no-answer'> {
    const charges = this.store.charges(transactionId);
    const last = charges[charges.length - 1];
    if (!last) return 'not-found';
    if (last.decision === 'no-answer') return 'no-answer';
    return this.after(Math.max(0, last.readyAt - this.clock.now()), last.decision as ChargeDecision);
  }

  close(): void {
    for (const timer of this.timers) this.clock.clearTimeout(timer);
    this.timers.clear();
  }

  private after<T>(ms: number, value: T): Promise<T> {
    // No processing time: decided at once, in this turn, not a timer later (a timer of 0 waits a millisecond and a turn).
    if (ms <= 0) return Promise.resolve(value);
    return new Promise((resolve) => {
      const timer = this.clock.setTimeout(() => {
        this.timers.delete(timer);
        resolve(value);
      }, ms);
      this.timers.add(timer);
    });
  }
}
