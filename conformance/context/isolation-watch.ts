import type { Screen } from '../../protocol/screen-graph.js';
import type { WireEvent } from '../results.js';
import type { Arrival } from '../certifier-terminal.js';
import type { IsolationBreach, TransactionRegistry } from '../transaction-registry.js';
import type { CaseIdentities, Labelled } from './identities.js';

/** What the watch needs of a connection: its label, and the screen of the last action it sent. */
export interface Watched extends Labelled {
  readonly lastSentScreen: string | undefined;
}

/**
 * Watches a case's connections for isolation breaches (AUTH-5): every frame
 * carrying a transaction id goes to the run-wide registry under the name of
 * its terminal; one on a terminal that neither sent that id nor started the
 * cycle that got it is a breach, which makes the case FAIL whatever else
 * happened (runner.ts).
 */
export class IsolationWatch<C extends Watched = Watched> {
  readonly breaches: IsolationBreach[] = [];
  /** A settle step before any case of the run (settle.ts): the ids it sees are from before the run. */
  preRun = false;

  constructor(
    private readonly caseId: string,
    private readonly identities: CaseIdentities<C>,
    private readonly registry: TransactionRegistry,
    private readonly log: { readonly events: readonly WireEvent[] },
  ) {}

  /** Checks a frame that arrived on `connection` (its observer), with the screen shown before it. */
  observe(connection: C, arrival: Arrival, shownBefore: Screen | undefined): void {
    if (arrival.kind !== 'message') return;
    const raw = arrival.raw as { messageType?: unknown; screen?: unknown; transactionId?: unknown } | undefined;
    const id = raw?.transactionId;
    const as = this.identities.identityOf(connection);
    const terminal = as === undefined ? undefined : this.identities.terminalName(as);
    if (raw === undefined || typeof id !== 'string' || terminal === undefined) return;
    const where = { connection: connection.label, event: arrival.event };
    const breach = this.registry.observe(terminal, id, this.caseId, raw, where, () => this.claims(connection, id, raw, shownBefore), this.preRun);
    if (breach) this.breaches.push(breach);
  }

  /**
   * Whether the connection's terminal made `id` its own: it sent that id
   * itself, or the frame answers its first action of a cycle on
   * AMOUNT_SELECT (the backend names the new transaction; the sources do not
   * say ids are unique across terminals).
   */
  private claims(connection: C, id: string, raw: { messageType?: unknown; screen?: unknown }, shownBefore: Screen | undefined): boolean {
    if (raw.messageType === 'SCREEN_CHANGE' && raw.screen !== 'AMOUNT_SELECT' && shownBefore === 'AMOUNT_SELECT' && connection.lastSentScreen === 'AMOUNT_SELECT') return true;
    const as = this.identities.identityOf(connection);
    const labels = as === undefined ? new Set([connection.label]) : this.identities.labelsOf(as);
    const field = `"transactionId":${JSON.stringify(id)}`;
    return this.log.events.some((e) => e.direction === 'sent' && e.kind === 'text' && labels.has(e.connection) && e.data.includes(field));
  }
}
