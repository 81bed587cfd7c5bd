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
 */
const CHECKPOINT_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { DatabaseSync } = require('node:sqlite');
const state = new Int32Array(workerData.state);
if (Atomics.compareExchange(state, 0, ${NOT_STARTED}, ${OPENING}) !== ${NOT_STARTED}) {
  parentPort.close(); // stopped before it began: never touch the file
} else {
  let db;
  try { db = new DatabaseSync(workerData.file, { timeout: 1000 }); } catch { db = undefined; }
  Atomics.store(state, 0, ${OPEN});
  const timer = setInterval(() => {
    try { db?.exec('PRAGMA wal_checkpoint(PASSIVE)'); } catch { /* busy: try next time */ }
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

export function startCheckpointer(file: string, intervalMs: number): Checkpointer {
  const shared = new SharedArrayBuffer(4);
  const state = new Int32Array(shared);
  const worker = new Worker(CHECKPOINT_WORKER, { eval: true, workerData: { file, intervalMs, state: shared } });
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
