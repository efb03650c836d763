/** The most terminal identities one case uses at once (A and B, the isolation cases of AUTH-5). */
export const IDENTITIES_PER_CASE = 2;

/** A token leased to a case; `reusedFrom` names the finished case that used the terminal before. */
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

/**
 * The bearer tokens of a target's test terminals (AUTH-2), leased to cases.
 * With authentication on, the token decides the terminal, so a case on a
 * token an earlier case used meets that case's state (an open transaction
 * that resumes, RES-3; a daily limit used up, FLOW-6). Fresh tokens go first,
 * in pool order; once they are all leased, a token comes back only after its
 * case finished, the longest-finished first.
 */
export class TerminalPool {
  private readonly fresh: string[];
  /** Tokens whose case finished, oldest first, with that case's id. */
  private readonly returned: Array<{ token: string; from: string }> = [];
  private readonly held = new Map<string, string[]>();
  /** Tokens whose terminal this run may have spent daily limit on (a payment or a test-control scenario). */
  private readonly spent = new Set<string>();
  readonly reuses: TerminalReuse[] = [];

  constructor(readonly tokens: readonly string[]) {
    this.fresh = [...tokens];
  }

  /** Tokens some case has leased. */
  get used(): number {
    return this.tokens.length - this.fresh.length;
  }

  /** How many cases can run at once so that every case finds a token free: at most `wanted`, at least 1. */
  casesAtOnce(wanted: number): number {
    return Math.max(1, Math.min(wanted, Math.floor(this.tokens.length / IDENTITIES_PER_CASE)));
  }

  /** A token for one identity of a case, or undefined when every token is held by a running case. */
  lease(caseId: string, identity: string): TerminalLease | undefined {
    const fresh = this.fresh.shift();
    const lease: TerminalLease | undefined = fresh !== undefined ? { token: fresh } : this.reuse(caseId, identity);
    if (lease) this.held.set(caseId, [...(this.held.get(caseId) ?? []), lease.token]);
    return lease;
  }

  /** Gives a finished case's tokens back for later cases. */
  release(caseId: string): void {
    for (const token of this.held.get(caseId) ?? []) this.returned.push({ token, from: caseId });
    this.held.delete(caseId);
  }

  /** Notes that this run may have changed the token's daily limit: a payment, or a scenario (TC-4 sets the remaining limit). */
  markSpent(token: string): void {
    this.spent.add(token);
  }

  /**
   * Whether this run may have changed the token's daily limit so far. A
   * token this returns false for that shows a spent limit was spent before
   * the run.
   */
  spentThisRun(token: string): boolean {
    return this.spent.has(token);
  }

  /** The token's place in auth.pool, from 1 (how a report names it without printing the secret). */
  numberOf(token: string): number {
    return this.tokens.indexOf(token) + 1;
  }

  private reuse(caseId: string, identity: string): TerminalLease | undefined {
    const back = this.returned.shift();
    if (!back) return undefined;
    this.reuses.push({ case: caseId, identity, from: back.from });
    return { token: back.token, reusedFrom: back.from };
  }
}
