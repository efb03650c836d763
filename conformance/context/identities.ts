import type { Screen } from '../../protocol/screen-graph.js';
import { CouldNotRun } from '../case-errors.js';
import type { WireEvent } from '../results.js';
import type { Arrival } from '../certifier-terminal.js';
import type { TerminalLease, TerminalPool } from '../terminal-pool.js';

/** Which terminal identity a connection uses: the case's own ("A"), a second one ("B") for isolation cases. */
export type Identity = 'A' | 'B';

/** What the identities need of a connection: its wire-log label. */
export interface Labelled {
  readonly label: string;
}

/** An identity a new connection speaks for, and its lease when authentication is on. */
export interface Claim {
  as: Identity;
  lease?: TerminalLease;
  /** The identity had no lease before this connection. */
  firstLease: boolean;
}

/**
 * A case's terminal identities (A, B): the terminal id each one uses without
 * authentication, the pool token each one leases with it, which connection
 * speaks for which identity, and whether the case has judged a screen on a
 * leased terminal yet (what it shows first is the terminal's state, not the
 * case's doing).
 */
export class CaseIdentities<C extends Labelled = Labelled> {
  private readonly leases = new Map<Identity, TerminalLease>();
  private readonly identities = new Map<C, Identity>();
  /** Connections on a terminal an earlier case used, with that case's id. */
  private readonly reused = new Map<C, string>();
  /** Leased identities on which no screen was judged yet. */
  private readonly unjudged = new Map<Identity, TerminalLease>();

  constructor(
    private readonly caseId: string,
    private readonly runId: string,
    readonly pool: TerminalPool,
    /** Authentication by token (target auth.mode "tokens"): identities lease pool tokens. */
    readonly byToken: boolean,
  ) {}

  /** The case's terminal id for an identity (AUTH-6): unique per run and case, within ENV-6's alphabet. */
  terminalId(as: Identity = 'A'): string {
    const slug = this.caseId.replace(/[^A-Za-z0-9]+/g, '.');
    return `ps-${this.runId}-${slug}-${as}`.slice(0, 64);
  }

  /** The identity's terminal token, leased from the pool on first use; an ERROR when the pool has none free. */
  leaseFor(as: Identity): TerminalLease {
    let lease = this.leases.get(as);
    if (!lease) {
      lease = this.pool.lease(this.caseId, as);
      if (!lease && as === 'B' && this.pool.heldBy(this.caseId).length === 1) throw new CouldNotRun('the case uses a second test terminal (identity B) but does not declare needs.terminals: 2');
      if (!lease) throw new CouldNotRun(`no terminal left for identity ${as}: the ${this.pool.tokens.length} token(s) of auth.pool are all in use by this case; declare more tokens in auth.pool`);
      this.leases.set(as, lease);
    }
    return lease;
  }

  /** The identity's lease, if it has one. */
  leaseOf(as: Identity): TerminalLease | undefined {
    return this.leases.get(as);
  }

  /** Every lease of the case, by identity. */
  leased(): [Identity, TerminalLease][] {
    return [...this.leases];
  }

  /** Claims an identity for a connection about to open: leases its token first when authentication is on. */
  claim(as: Identity): Claim {
    const firstLease = !this.leases.has(as);
    return this.byToken ? { as, lease: this.leaseFor(as), firstLease } : { as, firstLease };
  }

  /** Ties an opened connection to the identity it claimed. */
  attach(connection: C, claim: Claim): void {
    this.identities.set(connection, claim.as);
    if (claim.lease?.reusedFrom !== undefined) this.reused.set(connection, claim.lease.reusedFrom);
    if (claim.lease && claim.firstLease) this.unjudged.set(claim.as, claim.lease);
  }

  /** The identity a connection speaks for; undefined for one opened without its identity's credentials. */
  identityOf(connection: C): Identity | undefined {
    return this.identities.get(connection);
  }

  /** The labels of the case's connections on an identity's terminal. */
  labelsOf(as: Identity): Set<string> {
    return new Set([...this.identities].filter(([, identity]) => identity === as).map(([c]) => c.label));
  }

  /** How reports and the transaction registry name an identity's terminal; undefined for a token identity without a lease. */
  terminalName(as: Identity): string | undefined {
    const lease = this.leases.get(as);
    if (lease) return `auth.pool token ${this.pool.numberOf(lease.token)}`;
    return this.byToken ? undefined : `terminal id ${this.terminalId(as)}`;
  }

  /**
   * The lease of a connection's terminal when this is the first screen the
   * case judges on it and the case has not acted on it yet: what the
   * terminal shows then is what the case found, not what it did. Asking
   * marks the identity judged.
   */
  firstScreenOf(connection: C, events: readonly WireEvent[]): TerminalLease | undefined {
    const as = this.identities.get(connection);
    const lease = as === undefined ? undefined : this.unjudged.get(as);
    if (as === undefined || lease === undefined) return undefined;
    this.unjudged.delete(as);
    const labels = this.labelsOf(as);
    return events.some((e) => e.direction === 'sent' && e.kind !== 'ping' && labels.has(e.connection)) ? undefined : lease;
  }

  /**
   * The runner settles every pool terminal on AMOUNT_SELECT "initial" before
   * a case gets it (settle.ts). A first screen that is not that, where the
   * case expects it and has not acted yet, is the terminal's state and not
   * the case's doing: ERROR, naming the token and what it showed. A
   * transaction another terminal had is an isolation breach instead
   * (isolation-watch.ts, `breached`): that FAIL stands.
   */
  blameReuse(connection: C, screen: Screen, arrival: Arrival | undefined, first: TerminalLease | undefined, breached: boolean): void {
    const from = this.reused.get(connection);
    const m = arrival?.kind === 'message' ? (arrival.raw as { messageType?: unknown; screen?: unknown; transactionId?: unknown } | undefined) : undefined;
    if (m?.messageType !== 'SCREEN_CHANGE' || !first || screen !== 'AMOUNT_SELECT') return;
    // AMOUNT_SELECT under another id than "initial" is no state a terminal can be left in: the backend's first screen is wrong (FLOW-1, ENV-7).
    if (m.screen === 'AMOUNT_SELECT' || breached) return;
    const shown = `${String(m.screen)} "${String(m.transactionId)}"`;
    const n = this.pool.numberOf(first.token);
    if (this.pool.terminalOf(first.token)?.keptBack === true) {
      throw new CouldNotRun(`terminal of auth.pool token ${n} was kept back from settling for this first-contact case, and ${connection.label} opened on ${shown}, a transaction this run never saw: left by an earlier run or another user of the token (settle it, or use fresh tokens)`);
    }
    const when = from !== undefined ? `after case ${from}` : 'before its first case';
    throw new CouldNotRun(`terminal of auth.pool token ${n} was settled on AMOUNT_SELECT "initial" ${when}, but ${connection.label} opened on ${shown}`);
  }
}
