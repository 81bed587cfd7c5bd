import { Worker } from 'node:worker_threads';

/** Handshake states shared with the worker, so stop() knows when the file is let go. */
const NOT_STARTED = 0;
const OPENING = 1;
const OPEN = 2;
const CLOSED = 3;
const CANCELLED = 4;

/**
 * Copies committed WAL pages into the database file from a worker thread, on its own
 * connection, every `intervalMs`. SQLite's automatic checkpoint would run inside whichever
 * commit crosses the threshold and make that write ~10x slower (and block the main process);
 * a PASSIVE checkpoint elsewhere never blocks writers. Plain JS, evaluated, so no bundler
 * has to know about a worker file.
 *
 * PASSIVE alone lets the WAL grow without bound under continuous writes with readers open
 * (the database worker threads hold read connections): the log is only rewound from its
 * start when a writer finds every frame copied back and no reader still using the log, which
 * never lines up. So when the -wal file passes `restartBytes`, a RESTART checkpoint waits out
 * the readers, and the next commit rewinds the log (and `journal_size_limit` on the writer's
 * connection cuts the file back). RESTART (like TRUNCATE) holds the write lock while it waits
 * for readers; the app's writer used to fail "database is locked" at that moment because its
 * deferred transactions (read, then write) get SQLITE_BUSY without the busy handler. Writers
 * now BEGIN IMMEDIATE (transaction.ts) and wait; RESTART waits at most 250 ms, then gives up
 * (busy=1) and is tried again next tick; PASSIVE runs with no busy timeout at all.
 */
const CHECKPOINT_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { DatabaseSync } = require('node:sqlite');
const state = new Int32Array(workerData.state);
if (Atomics.compareExchange(state, 0, ${NOT_STARTED}, ${OPENING}) !== ${NOT_STARTED}) {
  parentPort.close(); // stopped before it began: never touch the file
} else {
  let db;
  const { statSync } = require('node:fs');
  try { db = new DatabaseSync(workerData.file, { timeout: 0 }); } catch { db = undefined; }
  Atomics.store(state, 0, ${OPEN});
  const walSize = () => { try { return statSync(workerData.file + '-wal').size; } catch { return 0; } };
  const timer = setInterval(() => {
    try {
      db?.exec('PRAGMA wal_checkpoint(PASSIVE)');
      if (walSize() > workerData.restartBytes) {
        db?.exec('PRAGMA busy_timeout = 250');
        try { db?.exec('PRAGMA wal_checkpoint(RESTART)'); } finally { db?.exec('PRAGMA busy_timeout = 0'); }
      }
    } catch { /* busy: try next time */ }
  }, workerData.intervalMs);
  parentPort.on('message', () => {
    clearInterval(timer);
    try { db?.close(); } finally {
      Atomics.store(state, 0, ${CLOSED});
      Atomics.notify(state, 0);
      parentPort.close();
    }
  });
}
`;

/** How long stop() waits for the worker to let go of the file (it may be mid-checkpoint). */
const STOP_TIMEOUT_MS = 2_000;

export interface Checkpointer {
  /** Synchronous: when it returns, the worker's connection is closed (or never opened, or the wait timed out). */
  stop(): void;
}

/** Size of the -wal file (bytes) past which the checkpointer also runs a RESTART checkpoint. */
export const WAL_RESTART_BYTES = 4 * 1024 * 1024;

/**
 * Starts the checkpoint worker on `file` (ms between checkpoints; `restartBytes`: see
 * WAL_RESTART_BYTES). Never throws for a failed checkpoint: the cost is a larger WAL.
 */
export function startCheckpointer(file: string, intervalMs: number, restartBytes = WAL_RESTART_BYTES): Checkpointer {
  const shared = new SharedArrayBuffer(4);
  const state = new Int32Array(shared);
  const workerData = { file, intervalMs, restartBytes, state: shared };
  const worker = new Worker(CHECKPOINT_WORKER, { eval: true, workerData });
  worker.unref(); // never keeps the app (or a test) alive
  worker.on('error', () => undefined); // a failed checkpointer only means a larger WAL
  return {
    stop() {
      if (Atomics.compareExchange(state, 0, NOT_STARTED, CANCELLED) === NOT_STARTED) return;
      worker.postMessage('stop');
      const deadline = Date.now() + STOP_TIMEOUT_MS;
      for (
        let current = Atomics.load(state, 0);
        current !== CLOSED && Date.now() < deadline;
        current = Atomics.load(state, 0)
      ) {
        Atomics.wait(state, 0, current, Math.max(1, deadline - Date.now()));
      }
    },
  };
}
