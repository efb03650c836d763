import type { TimerHandle } from './clock.js';
import type { SessionContext } from './session-context.js';
import type { TerminalRow } from './store.js';
import { TerminalSession } from './terminal-session.js';

/**
 * The terminal sessions held in memory, one per terminal id. A session of a
 * terminal that left goes after `lingerMs` once nothing runs in it: its
 * state is in the store, so memory stays flat under churn of terminal ids,
 * and a session built again from the store resumes the terminal (RES-3).
 */
export class SessionRegistry implements Iterable<TerminalSession> {
  private readonly sessions = new Map<string, TerminalSession>();
  private evictionTimer: TimerHandle | undefined;
  /** What wraps each session as it is built, before it serves (the server's startup installs them). */
  private readonly decorators: Array<(session: TerminalSession) => void> = [];

  constructor(
    private readonly context: SessionContext,
    private readonly lingerMs: number,
  ) {}

  /** The terminal's session, built from the store on first use. */
  sessionOf(terminalId: string): TerminalSession {
    let session = this.sessions.get(terminalId);
    if (!session) {
      session = new TerminalSession(this.context, terminalId, this.startingRow(terminalId));
      for (const decorate of this.decorators) decorate(session);
      this.sessions.set(terminalId, session);
    }
    return session;
  }

  /** The stored state a terminal's session is built from (RES-3); none for a terminal never seen. */
  startingRow(terminalId: string): TerminalRow | undefined {
    return this.context.store.terminal(terminalId);
  }

  /** Wraps every session built from now on. */
  decorate(decorator: (session: TerminalSession) => void): void {
    this.decorators.push(decorator);
  }

  [Symbol.iterator](): Iterator<TerminalSession> {
    return this.sessions.values();
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
