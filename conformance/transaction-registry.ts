/** Who a transaction id belongs to: the terminal it was first seen on, and the case (or settle step) that saw it. */
export interface TransactionOwner {
  /** The terminal, as a report names it: "auth.pool token 3", or the terminal id of a case without authentication. */
  terminal: string;
  seenIn: string;
}

/** A frame on one terminal carrying a transaction id the run saw on another terminal (AUTH-5). */
export interface IsolationBreach {
  terminal: string;
  transactionId: string;
  owner: TransactionOwner;
  /** What carried it: e.g. `SCREEN_CHANGE PROCESSING`. */
  frame: string;
  /** The connection label and wire event in the case or settle log. */
  connection: string;
  event: number;
}

/**
 * Every transaction id a run saw on the wire, and which terminal it belonged
 * to. A terminal never sees another terminal's transaction (AUTH-5), so a
 * frame on terminal X carrying an id first seen on terminal Y is an
 * isolation breach: a FAIL of the backend, never an ERROR of the pool. The
 * one exception is an ERROR echoing an id X itself sent (a case acting on
 * another terminal's id on purpose: the rejection may carry the rejected
 * message's id), and a cycle X itself started under that id (ids are the
 * terminal's to choose, TXN-1; whether they are unique across terminals is
 * the project's reading, TXN-7, not a source rule).
 */
export class TransactionRegistry {
  /** Each id: the terminal it was first seen on, and every terminal that may carry it. */
  private readonly ids = new Map<string, { first: TransactionOwner; terminals: Set<string> }>();

  /** The terminal an id was first seen on, if the run saw it. */
  ownerOf(transactionId: string): TransactionOwner | undefined {
    return this.ids.get(transactionId)?.first;
  }

  /**
   * Notes a frame received on `terminal` carrying `transactionId`; returns
   * the breach when the id belongs to other terminals only and `claims`
   * (this terminal sent the id itself, or the frame answers its own start of
   * a cycle) does not explain it. `preRun`: a sighting while the runner
   * settles the pool before any case (ids from before the run: two terminals
   * may resume equal ids of their own when the backend numbers them per
   * terminal, so these never breach each other).
   */
  observe(terminal: string, transactionId: string, seenIn: string, frame: { messageType?: unknown; screen?: unknown }, where: { connection: string; event: number }, claims: () => boolean, preRun = false): IsolationBreach | undefined {
    if (transactionId === 'initial' || transactionId === '') return undefined;
    const known = this.ids.get(transactionId);
    if (!known) {
      this.ids.set(transactionId, { first: { terminal, seenIn }, terminals: new Set([terminal]) });
      return undefined;
    }
    if (known.terminals.has(terminal)) return undefined;
    if (preRun || claims()) {
      known.terminals.add(terminal);
      return undefined;
    }
    return { terminal, transactionId, owner: known.first, frame: `${String(frame.messageType)}${frame.screen !== undefined ? ` ${String(frame.screen)}` : ''}`, ...where };
  }
}

/** One line for a report: what the breach was and why it is AUTH-5. */
export function describeBreach(b: IsolationBreach): string {
  return `isolation breach (AUTH-5): the terminal of ${b.terminal} received ${b.frame} carrying transaction "${b.transactionId}", which this run saw first on the terminal of ${b.owner.terminal} (${b.owner.seenIn}) (${b.connection} #${b.event}${b.terminal.startsWith('auth.pool') ? '; unless both tokens are one terminal: auth.pool must list distinct terminals' : ''})`;
}
