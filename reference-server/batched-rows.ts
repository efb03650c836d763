import type Database from 'better-sqlite3';

/** Row counts with a statement of their own; a batch is cut into these, largest first. */
const SIZES = [64, 16, 4, 1] as const;

/**
 * Writes many rows of one table in few statements: `INSERT ... VALUES
 * (...), (...), ...` with an optional `ON CONFLICT` clause, one prepared
 * statement per batch size. Every statement has a fixed cost (binding,
 * stepping, resetting) beside its rows; the group commit writes the rows of
 * hundreds of terminals at the end of a busy turn.
 */
export class BatchedRows {
  private readonly statements = new Map<number, Database.Statement>();

  constructor(
    private readonly db: Database.Database,
    /** "INSERT INTO table (a, b, c)" */
    private readonly head: string,
    /** Number of columns a row binds. */
    private readonly columns: number,
    /** "ON CONFLICT(...) DO UPDATE SET ..." or "" */
    private readonly tail = '',
  ) {}

  /** Writes `rows` (each `columns` values), in as few statements as the sizes allow. */
  write(rows: ReadonlyArray<ReadonlyArray<unknown>>): void {
    let at = 0;
    while (at < rows.length) {
      const left = rows.length - at;
      const size = SIZES.find((s) => s <= left)!;
      const values: unknown[] = [];
      for (let i = at; i < at + size; i++) for (const value of rows[i]!) values.push(value);
      this.statement(size).run(...values);
      at += size;
    }
  }

  private statement(size: number): Database.Statement {
    let statement = this.statements.get(size);
    if (!statement) {
      const row = `(${Array.from({ length: this.columns }, () => '?').join(', ')})`;
      statement = this.db.prepare(`${this.head} VALUES ${Array.from({ length: size }, () => row).join(', ')} ${this.tail}`);
      this.statements.set(size, statement);
    }
    return statement;
  }
}
