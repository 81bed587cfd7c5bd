import type { DatabaseSync } from 'node:sqlite';
import { statSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

/** Handshake states shared with the worker, so stop() knows when the file is let go. */
const NOT_STARTED = 0;
const OPENING = 1;
const OPEN = 2;
const CLOSED = 3;
const CANCELLED = 4;

/**
 * The checkpoint worker (a thread of its own, on its own connection). Plain JS, evaluated, so
 * no bundler has to know about a worker file.
 *
 * Why the WAL is bounded the way it is (issue 10, "the WAL grows without bound"): a checkpoint
 * only copies WAL pages into the database file; the -wal file is rewound to its start only when
 * a writer begins a transaction at a moment when every frame has been copied back and no reader
 * still uses the log. Under continuous writes that moment never comes: PASSIVE checkpoints
 * (which never block anyone) are always a few frames behind, and a RESTART/TRUNCATE checkpoint
 * from another connection, which takes the write lock to close that gap, never gets it:
 * SQLite's locks are not queued, its busy handler polls with sleeps of 1-100 ms, and the app's
 * writer takes the lock back within microseconds of each commit (writer starvation; measured:
 * 100-125 MB of WAL after 6 s of writes with two reader threads, 215 MB in bench:store, with a
 * RESTART from this worker tried on every tick).
 *
 * So this worker does the bulk copy (PASSIVE, off the writer's thread: every `pollMs` while the
 * log moves, slowing to `intervalMs` when it is still, so an idle app is not woken needlessly),
 * and the WRITER rewinds (this worker stands aside meanwhile): rewindWalIfDue(), called on the writer's connection before each
 * outermost transaction, runs a short RESTART checkpoint there once the -wal file passes
 * `restartBytes`, where the write lock is free by construction; the commit that follows writes
 * from the start of the log and `journal_size_limit` cuts the file back. A log left still for
 * `intervalMs` is truncated here (TRUNCATE, waiting at most 10 ms for readers).
 */
const CHECKPOINT_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { DatabaseSync } = require('node:sqlite');
const { statSync } = require('node:fs');
const state = new Int32Array(workerData.state);
if (Atomics.compareExchange(state, 0, ${NOT_STARTED}, ${OPENING}) !== ${NOT_STARTED}) {
  parentPort.close(); // stopped before it began: never touch the file
} else {
  let db;
  try { db = new DatabaseSync(workerData.file, { timeout: 0 }); } catch { db = undefined; }
  Atomics.store(state, 0, ${OPEN});
  const checkpoint = (mode) => { try { return db?.prepare('PRAGMA wal_checkpoint(' + mode + ')').get(); } catch { return undefined; } };
  let lastLog = -1;
  let stillSince = Date.now();
  let delay = workerData.pollMs;
  let timer;
  const wal = () => statSync(workerData.file + '-wal', { throwIfNoEntry: false });
  const tick = () => {
    const now = Date.now();
    // Past the threshold, while writes go on, the writer is about to rewind: a PASSIVE here would
    // hold the checkpoint lock it needs (its RESTART would find the log busy and back off while
    // the log grows). A log left still past the threshold is this worker's again.
    const info = wal();
    if (info && info.size > workerData.restartBytes && now - info.mtimeMs < workerData.intervalMs) {
      timer = setTimeout(tick, workerData.pollMs);
      return;
    }
    const log = checkpoint('PASSIVE')?.log ?? -1;
    if (log !== lastLog) { lastLog = log; stillSince = now; delay = workerData.pollMs; }
    else delay = Math.min(workerData.intervalMs, delay * 2);
    if (log > 0 && now - stillSince >= workerData.intervalMs) {
      try { db?.exec('PRAGMA busy_timeout = 10'); checkpoint('TRUNCATE'); } finally { db?.exec('PRAGMA busy_timeout = 0'); }
      lastLog = -1;
    }
    timer = setTimeout(tick, delay);
  };
  timer = setTimeout(tick, workerData.pollMs);
  parentPort.on('message', () => {
    clearTimeout(timer);
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

/** Size of the -wal file (bytes) past which the writer rewinds the log. */
export const WAL_RESTART_BYTES = 4 * 1024 * 1024;

/** How often the worker looks at the -wal file's size (ms): bounds how far past the threshold a burst of writes gets. */
const WAL_POLL_MS = 25;

/**
 * How long the writer's rewind may take in all (ms) before giving up until REWIND_BACKOFF_MS
 * later, per multiple of the threshold the -wal file has reached (4 MiB over: 50 ms; 8 MiB: 100
 * ms), at most REWIND_MAX_BUDGET_MS.
 */
export const REWIND_BUDGET_MS = 50;
const REWIND_MAX_BUDGET_MS = 250;
/** From this multiple of the threshold on, a failed rewind is tried again at the very next transaction. */
const REWIND_NO_BACKOFF_OVERRUN = 4;

/** The busy timeout of each RESTART try within REWIND_BUDGET_MS (ms). */
const REWIND_TRY_WAIT_MS = 5;

/** After a rewind found the log held (a reader, or this worker mid-copy), how long before the next try (ms). */
const REWIND_BACKOFF_MS = 100;

export interface Checkpointer {
  /** Synchronous: when it returns, the worker's connection is closed (or never opened, or the wait timed out). */
  stop(): void;
}

/** Per writer connection with a checkpointer: its -wal file, threshold, and when it may next try to rewind. */
interface RewindState {
  readonly walFile: string;
  readonly restartBytes: number;
  retryAfter: number;
}
const rewinds = new WeakMap<DatabaseSync, RewindState>();

/**
 * Starts the checkpoint worker on `file`: PASSIVE checkpoints every WAL_POLL_MS (ms) while the
 * log moves and at most every `intervalMs` (ms) when it is still. With `writer` (the connection
 * the app writes through), that connection also rewinds the log once the -wal file passes
 * `restartBytes` (bytes): see rewindWalIfDue. Never throws for a failed checkpoint: the cost is
 * a larger WAL.
 */
export function startCheckpointer(
  file: string,
  intervalMs: number,
  writer?: DatabaseSync,
  restartBytes = WAL_RESTART_BYTES,
): Checkpointer {
  const shared = new SharedArrayBuffer(4);
  const state = new Int32Array(shared);
  const pollMs = Math.max(1, Math.min(intervalMs, WAL_POLL_MS));
  const worker = new Worker(CHECKPOINT_WORKER, {
    eval: true,
    workerData: { file, intervalMs, pollMs, restartBytes, state: shared },
  });
  worker.unref(); // never keeps the app (or a test) alive
  worker.on('error', () => undefined); // a failed checkpointer only means a larger WAL
  if (writer) rewinds.set(writer, { walFile: `${file}-wal`, restartBytes, retryAfter: 0 });
  return {
    stop() {
      if (writer) rewinds.delete(writer);
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

/** A 4-byte cell to sleep on between rewind tries (Atomics.wait with nothing ever notifying it). */
const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * Called on the writer's connection before it opens an outermost transaction (transaction.ts;
 * one stat of the -wal file, ~µs). Once the file passes its threshold, runs
 * `PRAGMA wal_checkpoint(RESTART)` here: this connection holds no transaction, so the write
 * lock is free; the pages left to copy are the few since the worker's last PASSIVE. A try
 * that finds a reader on an older snapshot (or the worker mid-copy) gives up at once, so it is
 * tried again, 1 ms apart, within a budget that grows with the overrun (REWIND_BUDGET_MS per
 * multiple of the threshold, at most 250 ms); then not before REWIND_BACKOFF_MS, unless the file
 * is past 4x the threshold. The writer's wait is the back-pressure that bounds the log when
 * readers keep holding it.
 * After a successful RESTART the next commit writes from the start of the -wal file, cut back
 * to `journal_size_limit`. A failure only means a larger WAL for now: never throws.
 */
export function rewindWalIfDue(db: DatabaseSync): void {
  const rewind = rewinds.get(db);
  if (rewind === undefined) return;
  const started = performance.now();
  try {
    const size = statSync(rewind.walFile, { throwIfNoEntry: false })?.size ?? 0;
    if (size <= rewind.restartBytes) return;
    // Back-pressure that grows with the overrun: the further past the threshold, the longer the
    // writer waits for readers to let go, and past 4x it no longer backs off at all.
    const overrun = size / rewind.restartBytes;
    if (started < rewind.retryAfter && overrun < REWIND_NO_BACKOFF_OVERRUN) return;
    const budget = Math.min(REWIND_BUDGET_MS * overrun, REWIND_MAX_BUDGET_MS);
    const previous = (db.prepare('PRAGMA busy_timeout').get() as { timeout: number } | undefined)?.timeout ?? 0;
    db.exec(`PRAGMA busy_timeout = ${REWIND_TRY_WAIT_MS}`);
    try {
      const restart = db.prepare('PRAGMA wal_checkpoint(RESTART)');
      while ((restart.get() as { busy: number } | undefined)?.busy !== 0) {
        if (performance.now() - started >= budget) {
          rewind.retryAfter = performance.now() + REWIND_BACKOFF_MS;
          return;
        }
        Atomics.wait(pause, 0, 0, 1);
      }
    } finally {
      db.exec(`PRAGMA busy_timeout = ${previous}`);
    }
  } catch {
    // I/O trouble: the write itself reports real faults; the rewind is tried again later
    rewind.retryAfter = performance.now() + REWIND_BACKOFF_MS;
  }
}
