/**
 * What the load tools know about the money of a v2 run, from the kiosks'
 * side of the wire: every card check a kiosk sent (K6), the backend's
 * answers (LIMIT_CHECK_RESULT) and what the kiosks reported afterwards
 * (K7, K8a). From that alone it finds the money rules a backend broke
 * under load (pinto-android-2.md §6). Runtime-neutral: the Node driver and
 * the k6 bundle both keep one per group of kiosks that share cards.
 *
 * It never over-reports. It keeps two views of each card. The LOW one
 * releases a reservation when the kiosk SENDS the frame that releases it
 * (K7 FAILED, a successful reversal), which is before the backend can have
 * released it, and counts an approval when it ARRIVES, after the backend
 * decided it; so it is never above the backend's count at the moment of a
 * decision, and a card it sees over its limit is over it (M1, M4). The HIGH
 * one counts every card check from the moment it is SENT (the backend may
 * approve it) and forgets a check only once the backend must have booked its
 * end: a rejection of a card-check-first provider at once; a FAILED sale or a
 * successful reversal when the same kiosk, on the same connection, gets the
 * answer to a card check it sent after it (a backend books one kiosk's frames
 * in the order the kiosk sent them). A check never answered, a connection
 * lost or a failed reversal keeps counting. So the high view is never below
 * the backend's count, and a card it sees with room that the backend rejects
 * is a card whose limit the backend did not release (M8).
 */

import type { ReceivedApproval } from './books-audit.js';

/** The money rules the load tools check. */
export type MoneyViolationKind =
  /** M1, M4: the approved amounts of a card exceed its daily limit. */
  | 'over-limit'
  /** M3, M6: one card check led to two sales on the card (a duplicate APPROVED starts a second sale). */
  | 'sale-counted-twice'
  /** M3: a second LIMIT_CHECK_RESULT for one card check. */
  | 'limit-check-answered-twice'
  /** M2, M7: money taken and the backend never decided: a sale-first card check unanswered, or a paid kiosk left waiting. */
  | 'sale-without-outcome'
  /** M8: a card check rejected although, counting everything the backend may still count, the card had room: a reversed or failed sale still counts. */
  | 'limit-not-released'
  /** M14: the ticket of a paid sale failed to print and the backend handed out the ticket (COLLECT_TICKET, THANK_YOU) instead of asking for a reversal. */
  | 'print-failure-not-refunded';

export const moneyViolationKinds: readonly MoneyViolationKind[] = ['over-limit', 'sale-counted-twice', 'limit-check-answered-twice', 'sale-without-outcome', 'limit-not-released', 'print-failure-not-refunded'];

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
  /** Amount still reserved by this check (the low view). */
  holding: number;
  /** Amount the backend may still count for this check (the high view). */
  possible: number;
  /** The kiosk's card-check number: a release is confirmed by the answer to a later one. */
  seq: number;
  paid: number;
  done: boolean;
}

/** A release the kiosk sent that the backend has not yet shown it booked. */
interface PendingRelease {
  check: Check;
  /** The kiosk's card-check count when it sent the release. */
  afterSeq: number;
}

/** Checks remembered per kiosk: a kiosk has one payment at a time; a few back covers late and repeated answers. */
const checksKeptPerKiosk = 4;

/** One ledger per group of kiosks sharing cards. */
export class MoneyLedger {
  readonly counts: CardCounts = { checks: 0, approved: 0, rejected: 0, approvedAmount: 0 };
  private readonly reserved = new Map<string, number>();
  /** The high view: per day and card, what the backend may be counting. */
  private readonly possible = new Map<string, number>();
  private readonly kiosks = new Map<string, Map<string, Check>>();
  private readonly pending = new Map<string, PendingRelease[]>();
  private readonly seqs = new Map<string, number>();

  /** Each APPROVED received, in order, when kept (`keepApprovals`): what the books audit looks for on the books. */
  readonly approvals: ReceivedApproval[] = [];

  /**
   * @param dailyLimit the per-card limit the backend declared (whole units)
   * @param report called once per violation found
   * @param keepApprovals keep every APPROVED received in `approvals` (a books audit follows the run: load --books)
   */
  constructor(private readonly dailyLimit: number, private readonly report: (kind: MoneyViolationKind, detail: string) => void, private readonly keepApprovals = false) {}

  /** A kiosk sent K6 for `card` and `amount` (epoch ms `at`). */
  checkSent(kioskId: string, transactionId: string, card: string, amount: number, saleFirst: boolean, at: number): void {
    this.counts.checks++;
    let checks = this.kiosks.get(kioskId);
    if (!checks) this.kiosks.set(kioskId, (checks = new Map()));
    // A kiosk reusing an id (§3.4: "initial") starts a new check; the old one is over.
    checks.delete(transactionId);
    const seq = (this.seqs.get(kioskId) ?? 0) + 1;
    this.seqs.set(kioskId, seq);
    const dayCard = `${new Date(at).toISOString().slice(0, 10)}|${card}`;
    checks.set(transactionId, { card, amount, dayCard, saleFirst, answers: 0, approved: false, holding: 0, possible: amount, seq, paid: 0, done: false });
    this.possible.set(dayCard, (this.possible.get(dayCard) ?? 0) + amount);
    // A check dropped from the window keeps what it may hold in the high view: dropping it can only hide a violation, never invent one.
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
    this.confirmReleases(kioskId, check.seq);
    if (!approved) {
      this.counts.rejected++;
      const others = (this.possible.get(check.dayCard) ?? 0) - check.possible;
      if (others + check.amount <= this.dailyLimit) {
        this.report('limit-not-released', `card ${check.card}: ${check.amount} rejected for kiosk ${kioskId} (${transactionId}) with at most ${others} still counting, limit ${this.dailyLimit}: a released sale still counts (M8)`);
      }
      // A sale-first rejection was captured: it may count until its limit reversal is booked (a failed one counts for good).
      if (!check.saleFirst) this.forget(check);
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
    if (this.keepApprovals) this.approvals.push({ kioskId, transactionId, card: check.card, amount: check.amount });
  }

  /** The kiosk sent K7 for `transactionId`. */
  paymentReported(kioskId: string, transactionId: string, success: boolean): void {
    const check = this.kiosks.get(kioskId)?.get(transactionId);
    if (!check) return;
    check.done = true;
    if (!success) return this.release(kioskId, check);
    check.paid++;
    if (check.paid > 1) this.report('sale-counted-twice', `kiosk ${kioskId}: card ${check.card} charged ${check.paid} times for card check ${transactionId} (M3, M6)`);
  }

  /** The kiosk sent K8a for `originalTransactionId`; `reversed`: the money went back to the card. */
  reversalReported(kioskId: string, originalTransactionId: string, reversed: boolean): void {
    const check = this.kiosks.get(kioskId)?.get(originalTransactionId);
    if (!check) return;
    check.done = true;
    if (reversed) this.release(kioskId, check);
  }

  /** The kiosk's connection closed: releases it sent and the backend has not confirmed may never have arrived, so they keep counting. */
  connectionLost(kioskId: string): void {
    this.pending.delete(kioskId);
  }

  /** The ticket of a paid sale failed to print and the backend went on to hand it out, with no reversal request (M14). */
  printFailureNotRefunded(kioskId: string, transactionId: string): void {
    const check = this.kiosks.get(kioskId)?.get(transactionId);
    this.report('print-failure-not-refunded', `kiosk ${kioskId}: sale ${transactionId}${check ? ` of ${check.amount} on card ${check.card}` : ''} paid, its ticket failed, and the backend sent COLLECT_TICKET / THANK_YOU instead of a reversal request (M14)`);
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

  private release(kioskId: string, check: Check): void {
    if (check.possible > 0) {
      let list = this.pending.get(kioskId);
      if (!list) this.pending.set(kioskId, (list = []));
      list.push({ check, afterSeq: this.seqs.get(kioskId) ?? 0 });
    }
    if (check.holding === 0) return;
    this.reserved.set(check.dayCard, (this.reserved.get(check.dayCard) ?? 0) - check.holding);
    check.holding = 0;
  }

  /** The answer to the kiosk's card check `seq` arrived: every release it sent before that check is booked. */
  private confirmReleases(kioskId: string, seq: number): void {
    const list = this.pending.get(kioskId);
    if (!list) return;
    const left = list.filter((p) => {
      if (p.afterSeq >= seq) return true;
      this.forget(p.check);
      return false;
    });
    if (left.length > 0) this.pending.set(kioskId, left);
    else this.pending.delete(kioskId);
  }

  /** The backend no longer counts this check (high view). */
  private forget(check: Check): void {
    if (check.possible === 0) return;
    this.possible.set(check.dayCard, (this.possible.get(check.dayCard) ?? 0) - check.possible);
    check.possible = 0;
  }
}
