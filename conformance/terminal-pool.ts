import { TransactionRegistry } from './transaction-registry.js';

/** The most terminal identities one case uses at once (A and B, the isolation cases of AUTH-5). */
export const IDENTITIES_PER_CASE = 2;

/** A token leased to a case; `reusedFrom` names the finished case that used the terminal before (and after which it was settled). */
export interface TerminalLease {
  token: string;
  reusedFrom?: string;
}

/** One reuse of a terminal: which case got which identity's terminal after which case. */
export interface TerminalReuse {
  case: string;
  identity: string;
  from: string;
}

/** What the run knows of one test terminal of the pool. */
export interface PoolTerminal {
  token: string;
  /** Its place in auth.pool, from 1: how reports name it without printing the secret. */
  number: number;
  /** The case (or settle step) holding it now. */
  holder?: string;
  /** The last case that used it. */
  lastCase?: string;
  /** Why the run stopped using it (it could not be settled); undefined while usable. */
  withdrawn?: string;
  /**
   * What this run may have paid on it since its daily limit was last known:
   * an upper bound (every payment that may have completed counts).
   */
  paid: number;
  /** What was left of its daily limit when it was last reset with test control (limit-remaining), if ever. */
  resetTo?: number;
  /** A scenario or a payment since the last reset: what is left is not known exactly. */
  dirty: boolean;
  /** The smallest amount its AMOUNT_SELECT offered, once seen. */
  smallestAmount?: number;
  /**
   * Kept back from settling for a first-contact case (needs.firstContact):
   * the backend has not seen it in this run until that case connects. Settled
   * after that case like any other.
   */
  keptBack?: boolean;
  /** Not settled yet (settling stopped early at a broken first screen): no case gets it. */
  waiting?: boolean;
}

/**
 * The bearer tokens of a target's test terminals (AUTH-2), leased to cases.
 * With authentication on, the token decides the terminal, so a case on a
 * token an earlier case used would meet that case's state: the runner
 * settles every terminal back to AMOUNT_SELECT "initial" after each case and
 * before its first use, and budgets each token's daily limit. The pool only
 * says which terminal is free and what the run knows of it; the runner
 * decides which case gets which.
 *
 * Without authentication the pool has no tokens: the cases' terminal ids
 * (AUTH-6) are fresh every case. It still holds the run-wide transaction
 * registry (which terminal each transaction id belongs to, AUTH-5).
 */
export class TerminalPool {
  readonly terminals: PoolTerminal[];
  /** Tokens each case holds, in identity order (A, then B). */
  private readonly held = new Map<string, string[]>();
  /** Tokens some case or settle step has leased. */
  private readonly touched = new Set<string>();
  readonly reuses: TerminalReuse[] = [];
  /** Every transaction id the run saw and whose terminal it was (AUTH-5). */
  readonly transactions = new TransactionRegistry();

  constructor(readonly tokens: readonly string[]) {
    this.terminals = tokens.map((token, i) => ({ token, number: i + 1, paid: 0, dirty: false }));
  }

  /** Tokens some case has leased. */
  get used(): number {
    return [...this.touched].filter((token) => !token.startsWith('settle')).length;
  }

  /** Terminals the run can still use (not withdrawn). */
  get usable(): PoolTerminal[] {
    return this.terminals.filter((t) => t.withdrawn === undefined);
  }

  /** Terminals free now: usable and held by no case; those no case used yet first, then the longest free (spreads the daily limit). */
  free(): PoolTerminal[] {
    return this.usable.filter((t) => t.holder === undefined && t.keptBack !== true && t.waiting !== true).sort((a, b) => (this.releasedAt.get(a.token) ?? -1) - (this.releasedAt.get(b.token) ?? -1));
  }

  /** When each token was last given back (a counter): the order free() hands them out. */
  private readonly releasedAt = new Map<string, number>();
  private releases = 0;

  /** The terminal of a token. */
  terminalOf(token: string): PoolTerminal | undefined {
    return this.terminals.find((t) => t.token === token);
  }

  /**
   * Gives a case (or a settle step, holder `settle#<n>`) these terminals, in
   * identity order; records a reuse for each terminal an earlier case used.
   */
  hold(holder: string, terminals: readonly PoolTerminal[]): void {
    const identities = ['A', 'B'];
    terminals.forEach((t, i) => {
      t.holder = holder;
      this.touched.add(t.token);
      if (!holder.startsWith('settle') && t.lastCase !== undefined) this.reuses.push({ case: holder, identity: identities[i] ?? String(i), from: t.lastCase });
    });
    this.held.set(holder, terminals.map((t) => t.token));
  }

  /**
   * The token of a case's identity (0 for A, 1 for B). A case the runner gave
   * no terminals to (a case run on its own) takes a free one; undefined when
   * there is none, or when the runner gave the case fewer terminals than the
   * identity needs.
   */
  lease(holder: string, identity: string): TerminalLease | undefined {
    const index = identity === 'B' ? 1 : 0;
    const mine = this.held.get(holder);
    if (mine !== undefined && mine.length > index) return this.leaseOf(mine[index] as string);
    if (mine !== undefined && this.assigned.has(holder)) return undefined;
    const t = this.free()[0];
    if (!t) return undefined;
    const from = t.lastCase;
    t.holder = holder;
    this.touched.add(t.token);
    this.held.set(holder, [...(mine ?? []), t.token]);
    if (from !== undefined) this.reuses.push({ case: holder, identity, from });
    return from !== undefined ? { token: t.token, reusedFrom: from } : { token: t.token };
  }

  /** Holders whose terminals the runner chose (a case that asks for more gets none). */
  private readonly assigned = new Set<string>();

  /** Gives a case exactly these terminals: it may lease no other (see lease). */
  assign(holder: string, terminals: readonly PoolTerminal[]): void {
    this.hold(holder, terminals);
    this.assigned.add(holder);
  }

  /**
   * Lets a settle step (holder `settle#...`) open connections on a terminal a
   * case holds, without changing who holds it.
   */
  lend(holder: string, token: string): void {
    this.held.set(holder, [token]);
    this.assigned.add(holder);
  }

  /** Ends a lend. */
  unlend(holder: string): void {
    this.held.delete(holder);
    this.assigned.delete(holder);
  }

  /** The tokens a holder has, in identity order. */
  heldBy(holder: string): string[] {
    return this.held.get(holder) ?? [];
  }

  private leaseOf(token: string): TerminalLease {
    const from = this.terminalOf(token)?.lastCase;
    return from !== undefined ? { token, reusedFrom: from } : { token };
  }

  /** Gives a holder's terminals back; a case's becomes the terminals' last case. */
  release(holder: string): void {
    for (const token of this.held.get(holder) ?? []) {
      const t = this.terminalOf(token);
      if (!t) continue;
      t.holder = undefined;
      this.releasedAt.set(token, ++this.releases);
      if (!holder.startsWith('settle')) t.lastCase = holder;
    }
    this.held.delete(holder);
    this.assigned.delete(holder);
  }

  /**
   * Keeps the last `count` terminals of the pool back from settling, for the
   * first-contact cases: the first token is the preflight's, so it is never
   * one of them. Returns them, first kept first.
   */
  keepBack(count: number): PoolTerminal[] {
    const kept = count > 0 ? this.terminals.slice(-count) : [];
    for (const t of kept) t.keptBack = true;
    return kept;
  }

  /** Stops using a terminal that could not be settled. */
  withdraw(token: string, why: string): void {
    const t = this.terminalOf(token);
    if (t) t.withdrawn = why;
  }

  /** Notes that this run may have changed the token's daily limit in a way it cannot count: a scenario (TC-4 sets the remaining limit). */
  markSpent(token: string): void {
    const t = this.terminalOf(token);
    if (t) t.dirty = true;
  }

  /** Notes a payment this run may have made on the token (an upper bound: it may also have failed). */
  markPaid(token: string, amount: number): void {
    const t = this.terminalOf(token);
    if (t) t.paid += amount;
  }

  /** Notes a reset of the token's daily limit with test control (limit-remaining:<left>). */
  markReset(token: string, left: number): void {
    const t = this.terminalOf(token);
    if (!t) return;
    t.resetTo = left;
    t.paid = 0;
    t.dirty = false;
  }

  /**
   * Whether this run may have changed the token's daily limit so far. A
   * token this returns false for that shows a spent limit was spent before
   * the run.
   */
  spentThisRun(token: string): boolean {
    const t = this.terminalOf(token);
    return t !== undefined && (t.dirty || t.paid > 0 || t.resetTo !== undefined);
  }

  /**
   * What is surely left of the token's daily limit, when the run knows it: it
   * was reset with test control and nothing but this run's own payments
   * (counted in `paid`, an upper bound) changed it since.
   */
  knownLeft(token: string): number | undefined {
    const t = this.terminalOf(token);
    if (!t || t.resetTo === undefined || t.dirty) return undefined;
    return Math.max(0, t.resetTo - t.paid);
  }

  /** The token's place in auth.pool, from 1 (how a report names it without printing the secret). */
  numberOf(token: string): number {
    return this.tokens.indexOf(token) + 1;
  }
}
