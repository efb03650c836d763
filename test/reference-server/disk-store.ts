import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { GroupCommit, type Syncer } from '../../reference-server/group-commit.js';
import { Store } from '../../reference-server/store.js';

/** A store on disk whose turns end when the test says so, and a second connection that sees only what is committed. */
export interface DiskStore {
  store: Store;
  endTurn: () => void;
  reader: Database.Database;
  dir: string;
}

/**
 * Registers an afterEach that closes and removes every store it made;
 * returns the function that makes one (`prefix` names its folder), or
 * opens another store on the folder `dir` of an earlier one (a restarted server).
 */
export function useDiskStores(prefix: string): (dir?: string) => DiskStore {
  const dirs: string[] = [];
  const stores: Store[] = [];
  const readers: Database.Database[] = [];
  afterEach(() => {
    for (const r of readers.splice(0)) r.close();
    for (const s of stores.splice(0)) s.close();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  return (existing?: string) => {
    const dir = existing ?? mkdtempSync(join(tmpdir(), `paysock-${prefix}-`));
    if (existing === undefined) dirs.push(dir);
    const turns: Array<() => void> = [];
    const store = new Store(dir, (callback) => turns.push(callback));
    stores.push(store);
    const reader = new Database(join(dir, 'paysock.sqlite'), { readonly: true });
    readers.push(reader);
    return { store, endTurn: () => turns.splice(0).forEach((t) => t()), reader, dir };
  };
}

/** A group commit on `store`'s database whose turns end and whose fsyncs finish when the test says so. */
export function manualGroup(
  store: Store,
  sync?: Syncer['sync'],
): { group: GroupCommit; endTurn: () => void; pendingSyncs: Array<(error: Error | null) => void>; change: (id: string, durable?: boolean) => void } {
  const turns: Array<() => void> = [];
  const pendingSyncs: Array<(error: Error | null) => void> = [];
  const group = new GroupCommit(store.db, (callback) => turns.push(callback), {
    sync: sync ?? ((done) => pendingSyncs.push(done)),
    syncNow: () => undefined,
    close: () => undefined,
  });
  // One row written through the group: a change of the turn, durable when it stands for money.
  const change = (id: string, durable = false): void =>
    void group.write(() => store.db.prepare('INSERT INTO daily_totals (terminal_id, day, total) VALUES (?, ?, 1)').run(id, 'd'), durable);
  return { group, endTurn: () => turns.splice(0).forEach((t) => t()), pendingSyncs, change };
}
