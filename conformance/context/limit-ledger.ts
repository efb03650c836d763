import type { Screen } from '../../protocol/screen-graph.js';
import { CouldNotRun } from '../case-errors.js';
import { blameLimit, lastSelectedAmount, limitErrorState, paidOnTerminal, type LimitKnowledge } from '../daily-limit.js';
import type { WireEvent } from '../results.js';
import type { Arrival } from '../certifier-terminal.js';
import type { CaseIdentities, Identity, Labelled } from './identities.js';

/** The scenarios of the clarifications that leave the daily limit alone (only successful payments count). */
const LEAVES_LIMIT = /^(approve|decline|processor-timeout|printer-fault|out-of-service|slow-processing:\d+)$/;

/**
 * A case's daily-limit ledger (FLOW-6, TC-4): per identity, what is surely
 * left of its terminal's limit and from which wire event the case's payments
 * count against it; what blames a LIMIT_ERROR on a spent limit rather than on
 * the backend; and what the case tells the pool it may have paid.
 */
export class LimitLedger<C extends Labelled = Labelled> {
  /**
   * Per identity, what its last scenario did to the daily limit (TC-4) and
   * the wire event from which the case's payments count against it: `left`
   * for an accepted limit-remaining, undefined for a scenario whose effect is
   * not known (sent is enough: a backend may apply a scenario it does not
   * acknowledge).
   */
  private readonly limitSet = new Map<Identity, { left?: number; from: number }>();

  constructor(
    private readonly identities: CaseIdentities<C>,
    /** The limit the target declares (dailyLimit). */
    private readonly declared: number,
    private readonly log: { readonly events: readonly WireEvent[] },
  ) {}

  /** Notes a scenario sent on an identity's connection, and whether the backend accepted it (TC-2). */
  noteScenario(as: Identity, scenario: string, accepted: boolean): void {
    const remaining = /^limit-remaining:(\d{1,10})$/.exec(scenario);
    const from = this.log.events.length;
    if (remaining && accepted) this.limitSet.set(as, { left: Number(remaining[1]), from });
    else if (remaining || !LEAVES_LIMIT.test(scenario)) this.limitSet.set(as, { from });
  }

  /**
   * Notes that `left` of the identity's daily limit is surely left from now
   * on (a ledger case spent the declared limit down to it, or a fresh
   * terminal with the declared limit): what the case pays after this counts
   * against it.
   */
  knownFromHere(as: Identity, left: number): void {
    this.limitSet.set(as, { left, from: this.log.events.length });
  }

  /**
   * What the run knows of the daily limit of an identity's terminal: a pool
   * terminal's what the runner reset it to (test control), a terminal id of
   * this case's own (no authentication) the whole declared limit, or what a
   * limit-remaining scenario of the case set; minus what the case may have
   * paid since (an upper bound).
   */
  knowledgeOf(as: Identity): LimitKnowledge {
    const lease = this.identities.leaseOf(as);
    const set = this.limitSet.get(as);
    const known: LimitKnowledge = {
      terminal: this.identities.terminalName(as) ?? `terminal id ${this.identities.terminalId(as)}`,
      declared: this.declared,
      paidSince: this.paidSince(as),
    };
    const left = set ? set.left : lease ? this.identities.pool.knownLeft(lease.token) : this.identities.byToken ? undefined : this.declared;
    if (left !== undefined) known.leftAtStart = left;
    return known;
  }

  /** What is surely left of the identity's limit now; undefined when the run cannot know it (no test control on a pool token). */
  left(as: Identity): number | undefined {
    const known = this.knowledgeOf(as);
    return known.leftAtStart === undefined ? undefined : Math.max(0, known.leftAtStart - known.paidSince);
  }

  /**
   * A LIMIT_ERROR where an amount should lead to PAYMENT_METHOD, well formed
   * and explaining itself (the amount is above what it says is left): a
   * spent limit is never a FAIL of the backend. Only when the run knows that
   * the amount fits (the terminal's limit was reset or fresh, and the case's
   * own payments leave enough, daily-limit.ts) does the FAIL stand;
   * otherwise ERROR, naming the terminal and what its limit shows.
   */
  blameSpentLimit(connection: C, screen: Screen, arrival: Arrival | undefined): void {
    const as = this.identities.identityOf(connection);
    if (screen !== 'PAYMENT_METHOD' || as === undefined) return;
    const selected = lastSelectedAmount(this.log.events, connection.label);
    const state = limitErrorState(arrival, selected);
    if (!state || selected === undefined) return;
    const why = blameLimit(state, selected, this.knowledgeOf(as));
    if (why !== undefined) throw new CouldNotRun(why);
  }

  /**
   * Tells the pool what the case may have paid on each leased terminal or
   * done to its limit, for the daily-limit budget of the cases after it.
   */
  settleInto(): void {
    const pool = this.identities.pool;
    for (const [as, lease] of this.identities.leased()) {
      const set = this.limitSet.get(as);
      if (set?.left !== undefined) pool.markReset(lease.token, set.left);
      else if (set) pool.markSpent(lease.token);
      pool.markPaid(lease.token, this.paidSince(as));
    }
  }

  private paidSince(as: Identity): number {
    return paidOnTerminal(this.log.events, this.identities.labelsOf(as), this.limitSet.get(as)?.from ?? 0);
  }
}
