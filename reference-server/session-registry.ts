import { INITIAL } from './action-rules.js';
import type { TimerHandle } from './clock.js';
import type { TerminalRow } from './store.js';
import { TerminalSession, type SessionContext } from './terminal-session.js';

/**
 * The terminal sessions held in memory, one per terminal id. A session of a
 * terminal that left goes after `lingerMs` once nothing runs in it: its
 * state is in the store, so memory stays flat under churn of terminal ids,
 * and a session built again from the store resumes the terminal (RES-3).
 */
export class SessionRegistry {
  private readonly sessions = new Map<string, TerminalSession>();
  private evictionTimer: TimerHandle | undefined;
  /** The context every session shares: the server's, plus the look-ups across sessions that two faults make. */
  private readonly context: SessionContext;

  constructor(
    shared: Omit<SessionContext, 'sessionWithTransaction' | 'orphanedTerminal'>,
    private readonly lingerMs: number,
  ) {
    this.context = { ...shared, sessionWithTransaction: (id) => this.withTransaction(id), orphanedTerminal: () => this.orphaned() };
  }

  /** The terminal's session, built from the store on first use. */
  sessionOf(terminalId: string): TerminalSession {
    let session = this.sessions.get(terminalId);
    if (!session) {
      session = new TerminalSession(this.context, terminalId);
      this.sessions.set(terminalId, session);
    }
    return session;
  }

  /** The in-memory session whose active transaction has this id (only the cross-terminal-leak fault asks). */
  withTransaction(id: string): TerminalSession | undefined {
    for (const session of this.sessions.values()) if (session.activeTransactionId === id) return session;
    return undefined;
  }

  /** The stored row of a disconnected terminal with an open transaction (only the orphan-handed-over fault asks). */
  orphaned(): TerminalRow | undefined {
    for (const session of this.sessions.values()) if (!session.connected && session.activeTransactionId !== INITIAL) return this.context.store.terminal(session.terminalId);
    return undefined;
  }

  /** Number of sessions in memory. */
  get size(): number {
    return this.sessions.size;
  }

  /**
   * Starts evicting the sessions that may leave memory, looking every quarter
   * of `lingerMs`: a session then leaves between 1 and 1.25 lingers after its
   * terminal, not between 1 and 2 (under id churn the sessions held are what
   * most of the heap is).
   */
  startEviction(): void {
    const every = Math.max(1, Math.floor(this.lingerMs / 4));
    const evict = (): void => {
      for (const [terminalId, session] of this.sessions) {
        if (!session.evictable(this.lingerMs)) continue;
        session.close();
        this.sessions.delete(terminalId);
      }
      this.evictionTimer = this.context.clock.setTimeout(evict, every);
    };
    this.evictionTimer = this.context.clock.setTimeout(evict, every);
  }

  /** Stops evicting (server shutdown). */
  stopEviction(): void {
    this.context.clock.clearTimeout(this.evictionTimer);
  }

  /** Stops every session's timers; with `forget`, drops them from memory too (a failed commit: resume from the store). */
  closeAll(forget = false): void {
    for (const session of this.sessions.values()) session.close();
    if (forget) this.sessions.clear();
  }
}
