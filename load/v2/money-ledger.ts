/**
 * What the load tools know about the money of a v2 run, from the kiosks'
 * side of the wire: every card check a kiosk sent (K6), the backend's
 * answers (LIMIT_CHECK_RESULT) and what the kiosks reported afterwards
 * (K7, K8a). From that alone it finds the money rules a backend broke
 * under load (pinto-android-2.md §6). Runtime-neutral: the Node driver and
 * the k6 bundle both keep one per group of kiosks that share cards.
 *
 * It never over-reports: a reservation is released here when the kiosk
 * SENDS the frame that releases it (K7 FAILED, a successful reversal), which
 * is before the backend can have released it, and an approval is counted
 * when it ARRIVES, after the backend decided it; so the driver's view of a
 * card's reserved amount is never above the backend's at the moment of a
 * decision, and a card it sees over its limit is over it.
 */

/** The money rules the load tools check. */
export type MoneyViolationKind =
  /** M1, M4: the approved amounts of a card exceed its daily limit. */
  | 'over-limit'
  /** M3, M6: one card check led to two sales on the card (a duplicate APPROVED starts a second sale). */
  | 'sale-counted-twice'
  /** M3: a second LIMIT_CHECK_RESULT for one card check. */
  | 'limit-check-answered-twice'
  /** M2, M7: money taken and the backend never decided: a sale-first card check unanswered, or a paid kiosk left waiting. */
  | 'sale-without-outcome';

export const moneyViolationKinds: readonly MoneyViolationKind[] = ['over-limit', 'sale-counted-twice', 'limit-check-answered-twice', 'sale-without-outcome'];

/** What the ledger counts besides violations. */
export interface CardCounts {
  checks: number;
  approved: number;
  rejected: number;
  approvedAmount: number;
}

interface Check {
  card: string;
  amount: number;
  /** The card's key in `reserved`: the UTC day of the check and the card (the backend's day boundary, V2-M-1). */
  dayCard: string;
  /** The sale is taken before the check (NNSmart / Newland, §5f). */
  saleFirst: boolean;
  answers: number;
  approved: boolean;
  /** Amount still reserved by this check. */
  holding: number;
  paid: number;
  done: boolean;
}

/** Checks remembered per kiosk: a kiosk has one payment at a time; a few back covers late and repeated answers. */
const checksKeptPerKiosk = 4;

/** One ledger per group of kiosks sharing cards. */
export class MoneyLedger {
  readonly counts: CardCounts = { checks: 0, approved: 0, rejected: 0, approvedAmount: 0 };
  private readonly reserved = new Map<string, number>();
  private readonly kiosks = new Map<string, Map<string, Check>>();

  /**
   * @param dailyLimit the per-card limit the backend declared (whole units)
   * @param report called once per violation found
   */
  constructor(private readonly dailyLimit: number, private readonly report: (kind: MoneyViolationKind, detail: string) => void) {}

  /** A kiosk sent K6 for `card` and `amount` (epoch ms `at`). */
  checkSent(kioskId: string, transactionId: string, card: string, amount: number, saleFirst: boolean, at: number): void {
    this.counts.checks++;
    let checks = this.kiosks.get(kioskId);
    if (!checks) this.kiosks.set(kioskId, (checks = new Map()));
    // A kiosk reusing an id (§3.4: "initial") starts a new check; the old one is over.
    checks.delete(transactionId);
    checks.set(transactionId, { card, amount, dayCard: `${new Date(at).toISOString().slice(0, 10)}|${card}`, saleFirst, answers: 0, approved: false, holding: 0, paid: 0, done: false });
    while (checks.size > checksKeptPerKiosk) checks.delete(checks.keys().next().value as string);
  }

  /** A LIMIT_CHECK_RESULT reached the kiosk. */
  limitAnswered(kioskId: string, transactionId: string, approved: boolean): void {
    const check = this.kiosks.get(kioskId)?.get(transactionId);
    if (!check) return;
    check.answers++;
    if (check.answers > 1) {
      this.report('limit-check-answered-twice', `kiosk ${kioskId}: LIMIT_CHECK_RESULT #${check.answers} for card check ${transactionId} (M3)`);
      return;
    }
    if (!approved) {
      this.counts.rejected++;
      return;
    }
    this.counts.approved++;
    this.counts.approvedAmount += check.amount;
    check.approved = true;
    const before = this.reserved.get(check.dayCard) ?? 0;
    if (before + check.amount > this.dailyLimit) {
      this.report('over-limit', `card ${check.card}: ${check.amount} approved for kiosk ${kioskId} (${transactionId}) with ${before} already approved, limit ${this.dailyLimit} (M1, M4)`);
    }
    this.reserved.set(check.dayCard, before + check.amount);
    check.holding = check.amount;
  }

  /** The kiosk sent K7 for `transactionId`. */
  paymentReported(kioskId: string, transactionId: string, success: boolean): void {
    const check = this.kiosks.get(kioskId)?.get(transactionId);
    if (!check) return;
    check.done = true;
    if (!success) return this.release(check);
    check.paid++;
    if (check.paid > 1) this.report('sale-counted-twice', `kiosk ${kioskId}: card ${check.card} charged ${check.paid} times for card check ${transactionId} (M3, M6)`);
  }

  /** The kiosk sent K8a for `originalTransactionId`; `reversed`: the money went back to the card. */
  reversalReported(kioskId: string, originalTransactionId: string, reversed: boolean): void {
    const check = this.kiosks.get(kioskId)?.get(originalTransactionId);
    if (!check) return;
    check.done = true;
    if (reversed) this.release(check);
  }

  /**
   * The kiosk's card check had no answer within the driver's deadline. On a
   * sale-first provider the money is taken (M2): a sale without outcome.
   * Returns whether it was a money violation.
   */
  checkUnanswered(kioskId: string, transactionId: string, waitedMs: number): boolean {
    const check = this.kiosks.get(kioskId)?.get(transactionId);
    if (!check || check.answers > 0 || !check.saleFirst) return false;
    this.report('sale-without-outcome', `kiosk ${kioskId}: card ${check.card} charged ${check.amount} (sale first) and card check ${transactionId} unanswered after ${waitedMs} ms (M2, M7)`);
    return true;
  }

  /** A paid kiosk waited `waitedMs` on SUCCESS and the backend never went on (§5g): the sale has no outcome. */
  saleStranded(kioskId: string, transactionId: string, waitedMs: number): void {
    const check = this.kiosks.get(kioskId)?.get(transactionId);
    this.report('sale-without-outcome', `kiosk ${kioskId}: sale ${transactionId}${check ? ` of ${check.amount} on card ${check.card}` : ''} paid and left on SUCCESS for ${waitedMs} ms (M7, M12)`);
  }

  private release(check: Check): void {
    if (check.holding === 0) return;
    this.reserved.set(check.dayCard, (this.reserved.get(check.dayCard) ?? 0) - check.holding);
    check.holding = 0;
  }
}
