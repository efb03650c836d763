import type Database from 'better-sqlite3';

/** How the group commit runs a callback at the end of the current event-loop turn (setImmediate by default; tests inject their own). */
export type TurnScheduler = (callback: () => void) => void;

/** The default scheduler: after this turn's I/O callbacks and timers, before the next poll. */
export const endOfTurn: TurnScheduler = (callback) => {
  setImmediate(callback);
};

/**
 * Group commit with write-ahead output. Every state change made during one
 * event-loop turn goes into one SQLite transaction (each change in its own
 * savepoint, so each is all or nothing); at the end of the turn the
 * transaction commits, and only then do the callbacks queued with
 * `afterCommit` run: the frames the changes produced and the calls to the
 * outside world (the payment processor). A terminal never sees a screen
 * the store could lose, and the processor is never asked to charge a claim
 * the store could lose.
 *
 * Durability: a turn's commit runs under `synchronous = NORMAL` (in WAL mode
 * the commit is written to the WAL but not fsynced: it survives a process
 * kill, not a power loss) until the turn makes a durable change (a payment's
 * claim or outcome, the processor's own record): then what the turn changed
 * so far commits (still unsent), and the rest of the turn runs in a
 * transaction under `synchronous = FULL`, whose commit fsyncs the WAL and
 * with it every earlier commit. SQLite refuses to change `synchronous`
 * inside a transaction, hence the split; a durable change nested inside a
 * savepoint cannot split it, and its turn ends with a checkpoint instead,
 * which fsyncs the WAL too.
 */
export class GroupCommit {
  private open = false;
  private durable = false;
  /** Whether the open transaction runs under synchronous = FULL. */
  private full = false;
  /** A durable change arrived inside a savepoint of a NORMAL transaction: the commit is followed by a checkpoint. */
  private syncAfterCommit = false;
  /** Savepoints open (nested `write`s). */
  private depth = 0;
  private readonly after: Array<() => void> = [];
  private scheduled = false;
  /** Commits that had to fsync / commits in all, for metrics and benches. */
  readonly counts = { commits: 0, durableCommits: 0 };

  constructor(
    private readonly db: Database.Database,
    /** Whether the database is a file at all (":memory:" has nothing to fsync). */
    private readonly onDisk: boolean,
    private readonly schedule: TurnScheduler = endOfTurn,
    /** Called when a commit fails: its changes are rolled back and its queued output dropped. */
    public onFailure: (error: unknown) => void = (error) => {
      throw error;
    },
  ) {}

  /** Whether changes of this turn wait for their commit. */
  get pending(): boolean {
    return this.open;
  }

  /**
   * Runs `change` inside this turn's transaction, in a savepoint: if it
   * throws, none of its writes stay. `durable` changes make the turn's commit
   * fsync (money: a payment's claim and outcome).
   */
  write<T>(change: () => T, durable = false): T {
    this.begin(durable);
    this.depth++;
    try {
      return this.db.transaction(change)();
    } finally {
      this.depth--;
    }
  }

  /** `write` for one SQL statement, which is atomic by itself: no savepoint needed. */
  single<T>(statement: () => T, durable = false): T {
    this.begin(durable);
    return statement();
  }

  /** Runs `effect` once this turn's changes are committed; right away when none are pending. */
  afterCommit(effect: () => void): void {
    if (!this.open) {
      effect();
      return;
    }
    this.after.push(effect);
  }

  /** Commits this turn's changes now and runs what waited for them (also at shutdown). */
  flush(): void {
    this.scheduled = false;
    if (!this.open) return;
    const effects = this.after.splice(0);
    const durable = this.durable;
    if (!this.commit()) return;
    if (durable) this.counts.durableCommits++;
    if (this.syncAfterCommit) {
      this.syncAfterCommit = false;
      // The WAL is fsynced before its frames are copied back.
      if (this.onDisk) this.db.pragma('wal_checkpoint(PASSIVE)');
    }
    for (const effect of effects) {
      try {
        effect();
      } catch (error) {
        // One terminal's failed send must not keep the frames of the others.
        this.onEffectError(error);
      }
    }
  }

  /** Where an error thrown by an after-commit effect goes (the server logs it). */
  onEffectError: (error: unknown) => void = (error) => {
    queueMicrotask(() => {
      throw error;
    });
  };

  /** Commits the open transaction; false (changes rolled back, output dropped, onFailure told) when it fails. */
  private commit(): boolean {
    this.open = false;
    this.durable = false;
    try {
      this.db.exec('COMMIT');
      this.counts.commits++;
      return true;
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      this.after.length = 0;
      this.syncAfterCommit = false;
      this.onFailure(error);
      return false;
    }
  }

  private begin(durable: boolean): void {
    if (durable && !this.durable) {
      this.durable = true;
      if (this.open && !this.full && this.onDisk) {
        // Split the turn: what it changed so far commits now, without fsync; its output still waits.
        if (this.depth > 0) this.syncAfterCommit = true;
        else if (!this.commit()) return this.begin(durable);
        else this.durable = true;
      }
    }
    if (this.open) return;
    if (this.onDisk && this.full !== this.durable) {
      this.db.pragma(this.durable ? 'synchronous = FULL' : 'synchronous = NORMAL');
      this.full = this.durable;
    }
    this.db.exec('BEGIN');
    this.open = true;
    if (!this.scheduled) {
      this.scheduled = true;
      this.schedule(() => this.flush());
    }
  }
}
