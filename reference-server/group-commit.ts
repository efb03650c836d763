import type Database from 'better-sqlite3';
import { closeSync, fdatasync, fdatasyncSync, fsyncSync, openSync } from 'node:fs';
import { dirname } from 'node:path';

/** fsyncs of the WAL that may run at once (each covers every commit made before it started). */
const MAX_SYNCS_RUNNING = 2;

/** How the group commit runs a callback at the end of the current event-loop turn (setImmediate by default; tests inject their own). */
export type TurnScheduler = (callback: () => void) => void;

/** The default scheduler: after this turn's I/O callbacks and timers, before the next poll. */
export const endOfTurn: TurnScheduler = (callback) => {
  setImmediate(callback);
};

/** Makes everything committed so far survive a power loss. */
export interface Syncer {
  /** Starts an fsync; calls back when it is done (off the event loop). */
  sync(done: (error: Error | null) => void): void;
  /** The same, on this thread (shutdown). */
  syncNow(): void;
  /** Releases its file descriptors. */
  close(): void;
}

/** One thing to do after a commit, and whose order it keeps (a connection); none: everything's. */
interface Effect {
  run: () => void;
  key: object | undefined;
}

/** The output of one commit, released once the commit is as durable as it needs, in commit order per key. */
interface Release {
  effects: Effect[];
  /** Sequence number of the commit; a durable one waits until `synced` reaches it. */
  seq: number;
  durable: boolean;
  /**
   * Whose output waits for the fsync of a durable commit: the keys its money
   * changes named (a terminal's session and connections); undefined when a
   * durable change named none, and then all of its output waits.
   */
  durableKeys?: Set<object>;
  /** The keys of its effects, and whether one has none: gathered once, when it first waits for its fsync. */
  keys?: Set<object>;
  keyless?: boolean;
}

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
 * Durability: commits run under `synchronous = NORMAL`: in WAL mode a
 * commit is written to the WAL before anything waits on it, so it survives
 * a process kill, not necessarily a power loss. A turn that made a durable
 * change (a payment's claim or outcome) also waits for an fsync of the WAL,
 * made on the libuv thread pool so the event loop goes on reading and
 * committing the next turns meanwhile; one fsync covers every commit before
 * it (fsyncs group too). Output keeps commit order per key (a connection):
 * a frame never overtakes one of the same connection from an earlier turn
 * still waiting for its fsync, but another terminal's answer that changed no
 * money does not wait for that fsync, even when it was committed in the same
 * turn: a durable change names the keys whose output depends on it (the
 * terminal's session and connections), and only those wait (its own commit
 * is in the WAL; what a power loss may take from it,
 * docs/reference-server-durability.md says). A durable change that names no
 * keys holds all of its turn's output. Output without a key keeps the order
 * of everything.
 */
export class GroupCommit {
  private open = false;
  private durable = false;
  /** The keys this turn's durable changes named; undefined once one named none (all of the turn's output waits). */
  private durableKeys: Set<object> | undefined = new Set();
  /** The keys the running outermost write names for its durable changes (nested writes inherit them). */
  private scopeKeys: readonly object[] | undefined;
  private readonly after: Effect[] = [];
  private epochs = 0;

  /**
   * Names the release an effect queued now would join: it changes when a turn
   * commits and with every effect queued outside a turn. Effects queued under
   * one epoch run together, in order (a connection batches a turn's frames).
   */
  get epoch(): number {
    return this.epochs;
  }

  /** Whether drain() is running (an effect that asks for another one only queues it). */
  private draining = false;
  private scheduled = false;
  /** Savepoints open (nested `write`s). */
  private depth = 0;
  /** Whether the outermost running write has opened its SQL savepoint (`atomically` opens it on demand). */
  private sqlSavepoint = false;
  /** Output of committed turns not yet released, oldest first. */
  private readonly releases: Release[] = [];
  private committed = 0;
  /** Every commit up to this sequence number is fsynced. */
  private synced = 0;
  /** fsyncs running now, and the last commit the latest of them covers. */
  private syncsRunning = 0;
  private syncingUpTo = 0;
  private closed = false;
  private readonly sql: { savepoint: Database.Statement; release: Database.Statement; rollbackTo: Database.Statement };
  /** Commits, commits that waited for an fsync, fsyncs made. */
  readonly counts = { commits: 0, durableCommits: 0, fsyncs: 0 };

  constructor(
    private readonly db: Database.Database,
    private readonly schedule: TurnScheduler = endOfTurn,
    /** The fsync of durable turns; undefined when nothing can be fsynced (":memory:"): durable turns are released at once. */
    private readonly sync: Syncer | undefined = db.memory ? undefined : walSyncer(db),
  ) {
    // Savepoints of one name nest as a stack: RELEASE and ROLLBACK TO act on the innermost.
    this.sql = { savepoint: db.prepare('SAVEPOINT change'), release: db.prepare('RELEASE change'), rollbackTo: db.prepare('ROLLBACK TO change') };
  }

  /** Runs inside the turn's transaction just before it commits (the store writes its deferred rows). */
  beforeCommit: (() => void) | undefined;
  /** Runs after every successful COMMIT (the store counts commits towards a WAL checkpoint). */
  afterCommitted: (() => void) | undefined;
  /** Runs after a failed commit was rolled back (the store drops its deferred rows). */
  afterRollback: (() => void) | undefined;
  /** Runs when the outermost savepoint is released or rolled back (the store undoes its deferred rows with it). */
  savepointEnded: ((rolledBack: boolean) => void) | undefined;

  /** Called when a commit or an fsync fails: the output waiting for it is dropped. */
  onFailure: (error: unknown) => void = (error) => {
    queueMicrotask(() => {
      throw error;
    });
  };

  /** Where an error thrown by an after-commit effect goes (the server logs it). */
  onEffectError: (error: unknown) => void = (error) => {
    queueMicrotask(() => {
      throw error;
    });
  };

  /**
   * Runs `change` inside this turn's transaction, in a savepoint: if it
   * throws, none of its writes stay. `durable` changes make the turn's
   * output wait for an fsync (money: a payment's claim and outcome).
   */
  write<T>(change: () => T, durable = false, keys?: readonly object[]): T {
    return this.savepointed(change, durable, true, keys);
  }

  /**
   * `write` for a change whose SQL all goes through `single` (the store's
   * own methods): its rows are mostly held in memory until the commit, so
   * the SQL savepoint opens only before its first statement run at once,
   * and a change that runs none costs no SAVEPOINT and RELEASE (two of a
   * payment's statements each, when every row of it is written at the
   * commit). What it held in memory is undone by `savepointEnded`.
   *
   * `keys` name whose output a durable change concerns (a terminal's session
   * and connections): only effects with those keys wait for the turn's
   * fsync, and the rest of the turn's output leaves once it is committed
   * (docs/reference-server-durability.md: an answer that changed no money
   * does not wait for another terminal's fsync). Without keys, all of the
   * turn's output waits.
   */
  atomically<T>(change: () => T, durable = false, keys?: readonly object[]): T {
    return this.savepointed(change, durable, false, keys);
  }

  private savepointed<T>(change: () => T, durable: boolean, eager: boolean, keys: readonly object[] | undefined): T {
    // Durable changes made inside this write (the store's own) concern the keys it names.
    if (this.depth === 0) this.scopeKeys = keys;
    this.begin(durable);
    // Nested in another write: its savepoint covers this one (an error rolls both back; nobody catches in between).
    if (this.depth > 0) {
      if (eager) this.openSavepoint();
      return change();
    }
    // Savepoints by hand: better-sqlite3's db.transaction() builds a wrapper per call, a tenth of a busy server's CPU.
    this.depth++;
    try {
      if (eager) this.openSavepoint();
      const result = change();
      if (this.sqlSavepoint) this.sql.release.run();
      this.savepointEnded?.(false);
      return result;
    } catch (error) {
      if (this.sqlSavepoint && this.db.inTransaction) {
        this.sql.rollbackTo.run();
        this.sql.release.run();
      }
      this.savepointEnded?.(true);
      throw error;
    } finally {
      this.depth--;
      this.sqlSavepoint = false;
      this.scopeKeys = undefined;
    }
  }

  /** Opens the SQL savepoint of the running write, if it has none yet: before its first statement, so it covers them all. */
  private openSavepoint(): void {
    if (this.depth === 0 || this.sqlSavepoint) return;
    this.sql.savepoint.run();
    this.sqlSavepoint = true;
  }

  /** Whether a `write` (a savepoint, in memory at least) is running. */
  get inSavepoint(): boolean {
    return this.depth > 0;
  }

  /**
   * Runs one SQL statement of this turn, which is atomic by itself; inside a
   * write it runs within the write's savepoint (opened now if need be).
   */
  single<T>(statement: () => T, durable = false): T {
    this.begin(durable);
    this.openSavepoint();
    return statement();
  }

  /** Opens this turn for a change held in memory and written when the turn commits (`beforeCommit`). */
  deferred(durable = false): void {
    this.begin(durable);
  }

  /**
   * Runs `effect` once this turn's changes are committed (and fsynced, for a
   * durable turn); right away when nothing is pending; never before the
   * output of an earlier turn with the same `key`, nor, without a key,
   * before any earlier output (and then later output waits for it).
   */
  afterCommit(effect: () => void, key?: object): void {
    const entry: Effect = { run: effect, key };
    if (this.open) {
      this.after.push(entry);
      return;
    }
    // Outside a turn each effect is a release of its own: what is queued after it belongs to another.
    this.epochs++;
    if (this.releases.length > 0) {
      this.releases.push({ effects: [entry], seq: this.committed, durable: false });
      if (!this.draining) this.drain();
    } else this.run(entry);
  }

  /** Commits this turn's changes now and releases what may go (the end of every turn, and shutdown). */
  flush(): void {
    this.scheduled = false;
    if (!this.open) return;
    this.epochs++;
    const effects = this.after.splice(0);
    const durable = this.durable && this.sync !== undefined;
    const durableKeys = this.durableKeys;
    this.open = false;
    this.durable = false;
    this.durableKeys = new Set();
    try {
      this.beforeCommit?.();
      this.db.exec('COMMIT');
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      this.afterRollback?.();
      this.onFailure(error);
      return;
    }
    this.counts.commits++;
    this.afterCommitted?.();
    const seq = ++this.committed;
    if (durable) this.counts.durableCommits++;
    this.releases.push(durable ? { effects, seq, durable, durableKeys } : { effects, seq, durable });
    if (durable) this.startSync();
    this.drain();
  }

  /** Commits and fsyncs everything now, on this thread, and releases all output (shutdown). */
  close(): void {
    this.flush();
    if (this.sync !== undefined && this.synced < this.committed) {
      this.sync.syncNow();
      this.synced = this.committed;
    }
    this.drain();
    this.closed = true;
    this.sync?.close();
  }

  /**
   * Starts an fsync for the commits no running one covers. Two may run at
   * once: a durable commit made while one runs waits for one fsync of its
   * own, not for the rest of the running one and then another (1.5 fsyncs
   * on average with one at a time, twice per payment).
   */
  private startSync(): void {
    if (this.sync === undefined || this.committed <= this.syncingUpTo || this.syncsRunning >= MAX_SYNCS_RUNNING) return;
    this.syncsRunning++;
    const upTo = this.committed;
    this.syncingUpTo = upTo;
    this.counts.fsyncs++;
    this.sync.sync((error) => {
      this.syncsRunning--;
      if (this.closed) return;
      if (error) {
        // What waited for this fsync cannot be promised durable: it is never sent.
        this.releases.splice(0);
        this.onFailure(error);
        return;
      }
      this.synced = Math.max(this.synced, upTo);
      // Durable commits made while this fsync ran, and not covered by one still running, need the next one.
      if (this.releases.some((r) => r.durable && r.seq > this.syncingUpTo)) this.startSync();
      this.drain();
    });
  }

  /** Runs every effect whose commit is durable enough and that nothing earlier with its key (or without one) holds back. */
  private drain(): void {
    this.draining = true;
    try {
      this.release();
    } finally {
      this.draining = false;
    }
  }

  private release(): void {
    // Releases still waiting for their fsync hold back their keys; their effects are not looked at one by
    // one on every call (a busy server calls this at every turn with thousands of frames waiting).
    const waiting: Set<object>[] = [];
    let keptKeys: Set<object> | undefined;
    let kept = 0;
    for (const release of this.releases) {
      const unsynced = release.durable && release.seq > this.synced;
      // A durable change that named no keys: all of the turn's output waits for the fsync.
      if (unsynced && release.durableKeys === undefined) {
        if (release.keys === undefined) {
          release.keys = new Set();
          for (const effect of release.effects) {
            if (effect.key === undefined) release.keyless = true;
            else release.keys.add(effect.key);
          }
        }
        // Output without a key keeps the order of everything: nothing after it may go.
        if (release.keyless) break;
        waiting.push(release.keys);
        kept += release.effects.length;
        continue;
      }
      const durableKeys = unsynced ? release.durableKeys : undefined;
      let write = 0;
      let barrier = false;
      for (const effect of release.effects) {
        const key = effect.key;
        const waits =
          barrier ||
          // Output of the keys whose money changed waits for the fsync; output without a key, for everything.
          (durableKeys !== undefined && (key === undefined || durableKeys.has(key))) ||
          (key === undefined ? kept > 0 : keptKeys?.has(key) === true || waiting.some((keys) => keys.has(key)));
        if (waits) {
          release.effects[write++] = effect;
          kept++;
          if (key === undefined) barrier = true;
          else (keptKeys ??= new Set()).add(key);
        } else this.run(effect);
      }
      release.effects.length = write;
      if (barrier) break;
    }
    let write = 0;
    for (const release of this.releases) if (release.effects.length > 0) this.releases[write++] = release;
    this.releases.length = write;
  }

  private run(effect: Effect): void {
    try {
      effect.run();
    } catch (error) {
      // One terminal's failed send must not keep the frames of the others.
      this.onEffectError(error);
    }
  }

  private begin(durable: boolean): void {
    if (durable) {
      this.durable = true;
      if (this.scopeKeys === undefined) this.durableKeys = undefined;
      else if (this.durableKeys !== undefined) for (const key of this.scopeKeys) this.durableKeys.add(key);
    }
    if (this.open) return;
    this.db.exec('BEGIN');
    this.open = true;
    if (!this.scheduled) {
      this.scheduled = true;
      this.schedule(() => this.flush());
    }
  }
}

/**
 * Syncs the database's WAL file: every frame committed before the call is
 * on disk when it calls back (the sync is per file, whatever the descriptor).
 * fdatasync, as SQLite itself syncs its WAL on Linux: it writes the data and
 * the file's size, not its times, which spares a journal commit whenever the
 * WAL is being reused after a checkpoint (measured here: half the CPU of an
 * fsync). The folder is fsynced once, so the WAL file's own entry survives too.
 */
function walSyncer(db: Database.Database): Syncer {
  const path = `${db.name}-wal`;
  let fd: number | undefined;
  const open = (): number => {
    if (fd === undefined) {
      fd = openSync(path, 'r');
      const dir = openSync(dirname(db.name), 'r');
      try {
        fsyncSync(dir);
      } finally {
        closeSync(dir);
      }
    }
    return fd;
  };
  return {
    sync(done) {
      let descriptor: number;
      try {
        descriptor = open();
      } catch (error) {
        done(error as Error);
        return;
      }
      fdatasync(descriptor, (error) => done(error));
    },
    syncNow() {
      fdatasyncSync(open());
    },
    close() {
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
    },
  };
}
