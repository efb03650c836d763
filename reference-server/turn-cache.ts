/**
 * Rows of one table kept in memory beside SQLite, so the hot path of a
 * payment reads nothing back and writes each row once per turn.
 *
 * - `remember` holds a value the database has (read from it, or written to
 *   it just now): write-through.
 * - `change` holds a value the database does not have yet: write-behind;
 *   the store writes every changed row just before the turn commits
 *   (`takeChanged`), so the commit holds it, and so does every frame sent
 *   after it.
 * - A savepoint that rolls back undoes what was held inside it
 *   (`savepointEnded`), and a commit that fails forgets everything
 *   (`forgetAll`): the database is then the only truth again.
 * - At most `limit` unchanged rows are kept; the first held go first.
 */
export class TurnCache<Value> {
  private readonly rows = new Map<string, Value>();
  private readonly changed = new Set<string>();
  /** What the values set inside the running savepoint replaced, oldest first: key, value before, whether it was changed. */
  private readonly undo: Array<[string, Value | undefined, boolean]> = [];

  constructor(private readonly limit: number) {}

  /** The value held for `key`, if any. */
  get(key: string): Value | undefined {
    return this.rows.get(key);
  }

  /** Holds a value the database already has. */
  remember(key: string, value: Value, inSavepoint: boolean): void {
    if (inSavepoint) this.undo.push([key, this.rows.get(key), this.changed.has(key)]);
    // First held, first let go (a Map keeps insertion order); a row let go too soon is only read again.
    this.rows.set(key, value);
  }

  /** Holds a value the database gets when the turn commits. */
  change(key: string, value: Value, inSavepoint: boolean): void {
    this.remember(key, value, inSavepoint);
    this.changed.add(key);
  }

  /** Drops what is held for `key` (a write went to the database another way). */
  drop(key: string, inSavepoint: boolean): void {
    if (inSavepoint) this.undo.push([key, this.rows.get(key), this.changed.has(key)]);
    this.rows.delete(key);
    this.changed.delete(key);
  }

  /** The values changed since the last call, to be written now; they count as written from here on. */
  takeChanged(): Array<[string, Value]> {
    const out: Array<[string, Value]> = [];
    for (const key of this.changed) out.push([key, this.rows.get(key) as Value]);
    this.changed.clear();
    return out;
  }

  /** The outermost savepoint ended: a rollback puts back what was held before it. */
  savepointEnded(rolledBack: boolean): void {
    if (rolledBack) {
      for (let i = this.undo.length - 1; i >= 0; i--) {
        const [key, before, wasChanged] = this.undo[i]!;
        if (before === undefined) this.rows.delete(key);
        else this.rows.set(key, before);
        if (wasChanged) this.changed.add(key);
        else this.changed.delete(key);
      }
    }
    this.undo.length = 0;
  }

  /** The turn's commit failed and was rolled back: nothing held can be trusted. */
  forgetAll(): void {
    this.rows.clear();
    this.changed.clear();
    this.undo.length = 0;
  }

  /** Lets go of the oldest unchanged values beyond the limit (after a commit). */
  trim(): void {
    if (this.rows.size <= this.limit) return;
    for (const key of this.rows.keys()) {
      if (this.rows.size <= this.limit) return;
      if (!this.changed.has(key)) this.rows.delete(key);
    }
  }
}
