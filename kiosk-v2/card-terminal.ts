import type { KioskClock } from './clock.js';

/**
 * The card terminals the kiosk drives, and a scriptable one for tests, the
 * certifier, the load driver and the kiosk page. The kiosk's link to a real
 * terminal is out of scope (pinto-android-2.md §1.4); what matters is what
 * each manager hands back to PaymentViewModel, reproduced here field for
 * field. Calls are callback-style so that one manual clock moves everything.
 */

/** `CardCheckResult` (PlanetPaymentManager.kt:42-49). `token` null makes K6 carry the text "null" (M5). */
export interface CardCheckResult {
  success: boolean;
  token: string | null;
  resultCode: string | null;
  message: string | null;
  sequenceNumber: string | null;
}

/** `PlanetPaymentResult` (PlanetPaymentManager.kt:33-40): Integra and mock sales and reversals. */
export interface PlanetResult {
  success: boolean;
  resultCode: string | null;
  bankResultCode: string | null;
  message: string | null;
  requesterTransRefNum: string | null;
}

/** The parts of `NNSmartPaymentResult` the kiosk reads (NNSmartPaymentManager.kt:28-42). */
export interface NnsmartSaleResult {
  success: boolean;
  resultCode: string | null;
  message: string | null;
  /** The terminal's transaction id (`trxData.id`): what a cancellation needs. */
  originalTrxUniqueId: string | null;
  /** The Payment Account Reference; null or blank makes the kiosk send its fixed dev PAR (M5). */
  par: string | null;
}

/** A manager call that threw: the view model's catch blocks see `e.message` (null when the exception had none). */
export interface Thrown {
  thrown: true;
  message: string | null;
}

export type Reply<T> = T | Thrown;
export const isThrown = <T>(reply: Reply<T>): reply is Thrown => typeof reply === 'object' && reply !== null && (reply as Thrown).thrown === true;

/** Planet Integra (PlanetPaymentManager.kt); also what the kiosk calls for any provider that is not mock or NNSmart (§5c step 1). */
export interface IntegraTerminal {
  cardCheck(requesterRef: string, amount: string, done: (r: Reply<CardCheckResult>) => void): void;
  sale(amount: string, requesterRef: string, done: (r: Reply<PlanetResult>) => void): void;
  cancel(requesterRef: string, sequenceNumber: string | null, done: (r: Reply<boolean>) => void): void;
  saleReversal(amount: string, requesterRef: string, originalRequesterRef: string, done: (r: Reply<PlanetResult>) => void): void;
}

/** NNSmart / Newland (NNSmartPaymentManager.kt): sale first, cancellation by the terminal's transaction id. */
export interface NnsmartTerminal {
  sale(amount: string, requesterRef: string, currency: string, done: (r: Reply<NnsmartSaleResult>) => void): void;
  cancel(requesterRef: string, originalTrxUniqueId: string, done: (r: Reply<boolean>) => void): void;
}

/** Options every scripted step takes. */
export interface StepTiming {
  /** How long the terminal takes (default: the terminal's `defaultMs`). Ignored by `timeout`, which takes the manager's own limit. */
  afterMs?: number;
  /**
   * Cut the kiosk's link to the backend just before the answer reaches the
   * kiosk: the frame the kiosk sends next (K6, K7, K8a) meets a dead
   * socket (M7, §2.10).
   */
  loseConnection?: boolean;
}

/** A scripted Integra card check. */
export type CardCheckStep = StepTiming & (
  | { outcome: 'approve'; /** The card's token; null: the terminal returned none (K6 says "null"). */ token?: string | null }
  | { outcome: 'decline'; resultCode?: string; message?: string }
  /** No answer within 60 s: TX_TIMEOUT "Card check timed out" (PlanetPaymentManager.kt:973-984). */
  | { outcome: 'timeout' }
  | { outcome: 'throw'; message?: string }
);

/** A scripted Integra sale or sale reversal. */
export type PlanetStep = StepTiming & (
  | { outcome: 'approve'; message?: string; bankResultCode?: string }
  | { outcome: 'decline'; resultCode?: string; bankResultCode?: string; message?: string }
  /** Outcome unknown: no answer within 120 s, TX_TIMEOUT (PlanetPaymentManager.kt:481-492, :1448-1459); the card may have been charged. */
  | { outcome: 'timeout' }
  | { outcome: 'throw'; message?: string }
);

/** A scripted NNSmart sale. */
export type NnsmartSaleStep = StepTiming & (
  | { outcome: 'approve'; /** null or "": no PAR on the response. */ par?: string | null; trxId?: string; responseCode?: string; message?: string }
  | { outcome: 'decline'; responseCode?: string; message?: string }
  /** An `error` block, e.g. -7 "Reference already exists" (NNSmartPaymentManager.kt:383-392). */
  | { outcome: 'error'; errorId?: number; reason?: string }
  /** A reply without trxData: NO_TRX_DATA (NNSmartPaymentManager.kt:405-413). */
  | { outcome: 'no-trx-data' }
  /** Outcome unknown: no reply within 120 s, TX_TIMEOUT (NNSmartPaymentManager.kt:160-169). */
  | { outcome: 'timeout' }
  | { outcome: 'throw'; message?: string }
);

/** A scripted cancellation (Integra card-check cancel, NNSmart cancellation). */
export type CancelStep = StepTiming & (
  | { outcome: 'ok' }
  | { outcome: 'fail' }
  /** No answer: Integra counts it as done after 10 s (PlanetPaymentManager.kt:1182-1193), NNSmart as failed after 30 s (NNSmartPaymentManager.kt:215-218). */
  | { outcome: 'timeout' }
  | { outcome: 'throw'; message?: string }
);

/** One operation the terminal carried out, for tests and books: what really happened to the card. */
export interface TerminalRecord {
  at: number;
  operation: 'card-check' | 'sale' | 'cancel' | 'sale-reversal' | 'nnsmart-sale' | 'nnsmart-cancel';
  requesterRef: string;
  amount?: string;
  /** The step that decided it. */
  outcome: string;
  /** Money moved on the card: + for a sale taken (or possibly taken: timeout), - for a reversal done. */
  charged?: 'taken' | 'maybe-taken' | 'reversed';
  trxId?: string;
}

/** Link hooks the kiosk gives its terminal. */
export interface TerminalLink {
  /** Kills the backend connection now (`loseConnection`). */
  cutLink(): void;
}

type Step = { outcome: string } & StepTiming;

/**
 * A card terminal whose answers a test writes in advance: one queue per
 * operation, consumed in order; an empty queue approves. It speaks both the
 * Integra and the NNSmart interface (the kiosk uses the one its configured
 * provider selects, §5c step 1). Like NNSmart's manager it runs one
 * operation at a time (NNSmartPaymentManager.kt:99-100; Planet has its own
 * mutex too).
 */
export class ScriptedTerminal implements IntegraTerminal {
  readonly cardChecks: CardCheckStep[] = [];
  readonly sales: PlanetStep[] = [];
  readonly reversals: PlanetStep[] = [];
  readonly cancels: CancelStep[] = [];
  readonly nnsmartSales: NnsmartSaleStep[] = [];
  readonly nnsmartCancels: CancelStep[] = [];
  /** Everything the terminal did, in order. */
  readonly records: TerminalRecord[] = [];
  /** Default time an operation takes. */
  defaultMs = 1000;
  /** The token an approving card check returns when its step names none. */
  defaultToken = 'CARD-TOKEN-0001';
  /** The PAR an approving NNSmart sale returns when its step names none. */
  defaultPar = 'V0010013021140394841600000001';
  private link: TerminalLink | undefined;
  private busy = false;
  private readonly waiting: Array<() => void> = [];
  private trxCount = 0;
  private sequence = 0;

  constructor(private readonly clock: KioskClock) {}

  /** Called by the kiosk that owns this terminal (again after each restart). */
  attach(link: TerminalLink | undefined): void {
    this.link = link;
  }

  cardCheck(requesterRef: string, amount: string, done: (r: Reply<CardCheckResult>) => void): void {
    const step: CardCheckStep = this.cardChecks.shift() ?? { outcome: 'approve' };
    this.run(step, 60_000, (record) => {
      record({ operation: 'card-check', requesterRef, amount, outcome: step.outcome });
      const sequenceNumber = String(++this.sequence);
      switch (step.outcome) {
        case 'approve': return { success: true, token: step.token === undefined ? this.defaultToken : step.token, resultCode: 'A', message: 'APPROVED', sequenceNumber };
        case 'decline': return { success: false, token: null, resultCode: step.resultCode ?? 'D', message: step.message ?? 'DECLINED', sequenceNumber };
        case 'timeout': return { success: false, token: null, resultCode: 'TX_TIMEOUT', message: 'Card check timed out', sequenceNumber: null };
        case 'throw': return { thrown: true, message: step.message ?? null };
      }
    }, done);
  }

  sale(amount: string, requesterRef: string, done: (r: Reply<PlanetResult>) => void): void {
    const step: PlanetStep = this.sales.shift() ?? { outcome: 'approve' };
    this.run(step, 120_000, (record) => {
      record({ operation: 'sale', requesterRef, amount, outcome: step.outcome, ...chargeOf(step.outcome) });
      return planetResult(step, requesterRef, 'Payment timed out');
    }, done);
  }

  cancel(requesterRef: string, sequenceNumber: string | null, done: (r: Reply<boolean>) => void): void {
    const step: CancelStep = this.cancels.shift() ?? { outcome: 'ok' };
    this.run(step, 10_000, (record) => {
      record({ operation: 'cancel', requesterRef, outcome: step.outcome, ...(sequenceNumber !== null ? { trxId: sequenceNumber } : {}) });
      if (step.outcome === 'throw') return { thrown: true, message: step.message ?? null };
      // PlanetPaymentManager.kt:1187-1193: an unanswered cancel counts as done.
      return step.outcome !== 'fail';
    }, done);
  }

  saleReversal(amount: string, requesterRef: string, originalRequesterRef: string, done: (r: Reply<PlanetResult>) => void): void {
    const step: PlanetStep = this.reversals.shift() ?? { outcome: 'approve' };
    this.run(step, 120_000, (record) => {
      record({ operation: 'sale-reversal', requesterRef, amount, outcome: step.outcome, trxId: originalRequesterRef, ...(step.outcome === 'approve' ? { charged: 'reversed' as const } : {}) });
      return planetResult(step, requesterRef, 'Reversal timed out', 'REVERSAL_APPROVED');
    }, done);
  }

  /** NNSmart SALE (NNSmartPaymentManager.kt:121-173): amount in minor units on the terminal, fresh request id. */
  nnsmartSale(amount: string, requesterRef: string, done: (r: Reply<NnsmartSaleResult>) => void): void {
    const step: NnsmartSaleStep = this.nnsmartSales.shift() ?? { outcome: 'approve' };
    this.run(step, 120_000, (record) => {
      const trxId = step.outcome === 'approve' ? step.trxId ?? `NN-TRX-${++this.trxCount}` : undefined;
      record({ operation: 'nnsmart-sale', requesterRef, amount, outcome: step.outcome, ...chargeOf(step.outcome), ...(trxId ? { trxId } : {}) });
      switch (step.outcome) {
        case 'approve': {
          const par = step.par === undefined ? this.defaultPar : step.par;
          return { success: true, resultCode: step.responseCode ?? '00', message: step.message ?? 'APPROVED', originalTrxUniqueId: trxId!, par: par === null || par.trim() === '' ? null : par };
        }
        case 'decline': return { success: false, resultCode: step.responseCode ?? '05', message: step.message ?? 'DECLINED', originalTrxUniqueId: null, par: null };
        case 'error': return { success: false, resultCode: String(step.errorId ?? -7), message: step.reason ?? 'NNSmart error', originalTrxUniqueId: null, par: null };
        case 'no-trx-data': return { success: false, resultCode: 'NO_TRX_DATA', message: 'No trxData in NNSmart response', originalTrxUniqueId: null, par: null };
        case 'timeout': return { success: false, resultCode: 'TX_TIMEOUT', message: 'NNSmart sale timed out', originalTrxUniqueId: null, par: null };
        case 'throw': return { thrown: true, message: step.message ?? null };
      }
    }, done);
  }

  /** NNSmart CANCELLATION of `originalTrxUniqueId` (NNSmartPaymentManager.kt:184-224). */
  nnsmartCancel(requesterRef: string, originalTrxUniqueId: string, done: (r: Reply<boolean>) => void): void {
    const step: CancelStep = this.nnsmartCancels.shift() ?? { outcome: 'ok' };
    this.run(step, 30_000, (record) => {
      record({ operation: 'nnsmart-cancel', requesterRef, outcome: step.outcome, trxId: originalTrxUniqueId, ...(step.outcome === 'ok' && originalTrxUniqueId.trim() !== '' ? { charged: 'reversed' as const } : {}) });
      if (step.outcome === 'throw') return { thrown: true, message: step.message ?? null };
      // A blank id is refused by the manager without asking the terminal (NNSmartPaymentManager.kt:196-199).
      return step.outcome === 'ok' && originalTrxUniqueId.trim() !== '';
    }, done);
  }

  private run<T>(step: Step, timeoutMs: number, answer: (record: (r: Omit<TerminalRecord, 'at'>) => void) => Reply<T>, done: (r: Reply<T>) => void): void {
    const start = (): void => {
      this.busy = true;
      const ms = step.outcome === 'timeout' ? timeoutMs : step.afterMs ?? this.defaultMs;
      this.clock.setTimeout(() => {
        const reply = answer((r) => this.records.push({ at: this.clock.now(), ...r }));
        this.busy = false;
        const next = this.waiting.shift();
        if (step.loseConnection) this.link?.cutLink();
        done(reply);
        next?.();
      }, ms);
    };
    if (this.busy) this.waiting.push(start);
    else start();
  }
}

/** The NNSmart interface of a ScriptedTerminal (its method names differ from Integra's). */
export function nnsmartOf(terminal: ScriptedTerminal): NnsmartTerminal {
  return {
    sale: (amount, ref, _currency, done) => terminal.nnsmartSale(amount, ref, done),
    cancel: (ref, trxId, done) => terminal.nnsmartCancel(ref, trxId, done),
  };
}

function chargeOf(outcome: string): Pick<TerminalRecord, 'charged'> {
  if (outcome === 'approve') return { charged: 'taken' };
  if (outcome === 'timeout') return { charged: 'maybe-taken' };
  return {};
}

function planetResult(step: PlanetStep, requesterRef: string, timeoutMessage: string, approvedMessage = 'APPROVED'): Reply<PlanetResult> {
  switch (step.outcome) {
    case 'approve': return { success: true, resultCode: 'A', bankResultCode: step.bankResultCode ?? '00', message: step.message ?? approvedMessage, requesterTransRefNum: requesterRef };
    case 'decline': return { success: false, resultCode: step.resultCode ?? 'D', bankResultCode: step.bankResultCode ?? '05', message: step.message ?? 'DECLINED', requesterTransRefNum: requesterRef };
    case 'timeout': return { success: false, resultCode: 'TX_TIMEOUT', bankResultCode: null, message: timeoutMessage, requesterTransRefNum: null };
    case 'throw': return { thrown: true, message: step.message ?? null };
  }
}
