import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * Copies the WAL into the database file on a worker thread, with a
 * connection of its own, so the event loop never does it.
 *
 * Left to itself SQLite checkpoints inside the COMMIT that crosses 1,000
 * WAL pages: the reference server measured 2% of its commits taking 7 to
 * 19 ms, 59% of all commit time, every terminal's frames waiting meanwhile.
 * The main connection sets `wal_autocheckpoint = 0` and asks this worker
 * instead. A PASSIVE checkpoint never blocks the writer; it copies every
 * frame no reader still needs and fsyncs the database file (SQLite's own
 * ordering, so a crash at any point leaves a consistent database).
 *
 * The WAL starts over only when a transaction begins with every frame
 * copied, and a busy writer commits while the worker copies: the worker
 * alone never catches up (a one-hour soak grew the WAL to 25 GB). So after
 * each of the worker's checkpoints the writer copies the tail itself, just
 * after its next commit (`tailDue`): only the frames committed while the
 * worker ran, then its next transaction starts the WAL over.
 */
export interface WalCheckpointer {
  /** A commit was made; every `commitsPerCheckpoint` commits one checkpoint is asked for (at most one runs at a time). */
  committed(): void;
  /** Whether a worker checkpoint ended since the last call: the writer should now copy the tail itself (once). */
  tailDue(): boolean;
  /** The writer's tail checkpoint did not copy everything: it is due again after the next commit. */
  tailAgain(): void;
  /** Stops the worker and waits for it (up to 5 s) to close its connection: the caller can then truncate the WAL. */
  close(): void;
  /** Checkpoints asked for and checkpoints finished, for tests and benches. */
  readonly counts: { asked: number; done: number };
  /** Settles when the worker has opened its connection (starting a thread takes a while; tests wait for it). */
  readonly ready: Promise<void>;
}

/** How many commits between two checkpoints: at the ~10 pages of a busy commit, about the 1,000 pages of SQLite's own default. */
export const COMMITS_PER_CHECKPOINT = 100;

// CommonJS on purpose: an eval'd worker has no module resolution of its own, so it gets better-sqlite3's path.
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 5000');
db.pragma('synchronous = NORMAL');
const stopped = new Int32Array(workerData.stopped);
parentPort.postMessage({ ready: true });
parentPort.on('message', (message) => {
  if (message === 'stop') {
    db.close();
    Atomics.store(stopped, 0, 1);
    Atomics.notify(stopped, 0);
    parentPort.close();
    return;
  }
  let error = null;
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (e) {
    error = String(e && e.message || e);
  }
  parentPort.postMessage({ done: true, error });
});
`;

/**
 * Starts the checkpoint worker of the SQLite database at `file` (WAL mode).
 * `onError` hears of a checkpoint that failed (the WAL then just grows until the next one works).
 */
export function startWalCheckpointer(file: string, onError: (message: string) => void, commitsPerCheckpoint = COMMITS_PER_CHECKPOINT): WalCheckpointer {
  const stopped = new SharedArrayBuffer(4);
  const worker = new Worker(workerSource, {
    eval: true,
    workerData: { file, driver: createRequire(import.meta.url).resolve('better-sqlite3'), stopped },
  });
  // A checkpoint is housekeeping: it must not keep the process alive.
  worker.unref();
  let running = false;
  let since = 0;
  let tail = false;
  let closed = false;
  const counts = { asked: 0, done: 0 };
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  worker.on('message', (message: { ready?: boolean; done?: boolean; error?: string | null }) => {
    if (message.ready) return markReady();
    running = false;
    tail = true;
    counts.done++;
    if (message.error) onError(message.error);
  });
  worker.on('error', (error) => onError(error.message));
  return {
    counts,
    ready,
    committed() {
      if (closed || ++since < commitsPerCheckpoint || running) return;
      since = 0;
      running = true;
      counts.asked++;
      worker.postMessage('checkpoint');
    },
    tailDue() {
      const due = tail;
      tail = false;
      return due;
    },
    tailAgain() {
      tail = true;
    },
    close() {
      if (closed) return;
      closed = true;
      worker.postMessage('stop');
      // Synchronous on purpose: the store closes synchronously, and its final TRUNCATE checkpoint must not race this connection.
      Atomics.wait(new Int32Array(stopped), 0, 0, 5000);
    },
  };
}
