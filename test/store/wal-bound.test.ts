/**
 * The WAL stays bounded under continuous writes while other connections keep reading (issue 10:
 * a crash soak left a 382 MB WAL, bench:store a 215 MB one). Real SQLite files; readers run in
 * worker threads on their own read-only connections, reading back to back, as the database
 * worker threads do at their busiest (src/main/core/workers).
 *
 * Two ways of writing: with the event loop turning between batches (the app), and one
 * synchronous loop that never yields (bench:store): there the checkpointer thread's own
 * RESTART never got the write lock, which is why the writer now rewinds the log itself.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/main/core/store/index.ts';
import { JOURNAL_SIZE_LIMIT_BYTES } from '../../src/main/core/store/database.ts';
import { WAL_RESTART_BYTES } from '../../src/main/core/store/checkpointer.ts';
import { callRecord, tempDir } from './support.ts';

/** Reads back to back (short read transactions) until told to stop; says 'ready' after its first read. */
const READER = `
const { parentPort, workerData } = require('node:worker_threads');
const { DatabaseSync } = require('node:sqlite');
const db = new DatabaseSync(workerData.file, { readOnly: true, timeout: 5000 });
const query = db.prepare('SELECT count(*) AS n, max(created_at) AS last FROM call_log');
let stop = false;
parentPort.on('message', () => { stop = true; });
let reads = 0;
query.get();
parentPort.postMessage('ready');
const tick = () => {
  for (let i = 0; i < 20 && !stop; i++) { query.get(); reads++; }
  if (stop) { db.close(); parentPort.postMessage(reads); parentPort.close(); } else setImmediate(tick);
};
tick();
`;

/**
 * Writes enough for an unbounded WAL to pass ~140 MiB (each insert adds ~40 KB of WAL: row,
 * indexes, search text), bounded in time as well so a starved machine still ends.
 */
const WRITES = 3_500;
const MAX_WRITE_MS = 60_000;
/**
 * The bound: the rewind threshold plus what writing adds while readers hold the log (these
 * readers read back to back, and on a loaded 2-core machine a reader thread descheduled
 * mid-read holds its snapshot for tens of ms; seen: 4-35 MiB). Without the writer's rewind the
 * log passes 100 MiB.
 */
const WAL_BOUND_BYTES = WAL_RESTART_BYTES + 12 * JOURNAL_SIZE_LIMIT_BYTES;

let store: Store | undefined;
let readers: Worker[] = [];
afterEach(async () => {
  store?.close();
  store = undefined;
  await Promise.all(readers.map((worker) => worker.terminate()));
  readers = [];
});

function walBytes(file: string): number {
  return existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0;
}

/** Opens the store and two reading threads; resolves once both are reading. */
async function storeWithReaders(): Promise<{ file: string; reads: Promise<number[]> }> {
  const file = path.join(tempDir(), 'calls.sqlite');
  store = openStore(file, { checkpointIntervalMs: 2_000 }); // the app's default interval
  readers = [0, 1].map(() => new Worker(READER, { eval: true, workerData: { file } }));
  await Promise.all(readers.map((worker) => new Promise((resolve) => worker.once('message', resolve))));
  const reads = Promise.all(readers.map((worker) => new Promise<number>((resolve) => worker.once('message', resolve))));
  return { file, reads };
}

function insert(target: Store, index: number): void {
  target.callLog.insert(
    callRecord({ id: `w-${index}`, createdAt: new Date(Date.UTC(2024, 0, 1) + index * 1000).toISOString() }),
  );
}

describe('WAL size under continuous writes with readers open', () => {
  it('stays under a bound when the event loop turns between batches, every write succeeding', async () => {
    const { file, reads } = await storeWithReaders();
    let maxWal = 0;
    let writes = 0;
    const stopAt = Date.now() + MAX_WRITE_MS;
    while (writes < WRITES && Date.now() < stopAt) {
      for (let i = 0; i < 50; i++, writes++) insert(store!, writes);
      maxWal = Math.max(maxWal, walBytes(file));
      await new Promise((resolve) => setImmediate(resolve));
    }
    readers.forEach((worker) => worker.postMessage('stop'));
    const readCounts = await reads;

    console.info(`wal-bound (yielding): ${writes} writes, ${readCounts.join('+')} reads, max WAL ${mib(maxWal)} MiB`);
    expect(writes).toBe(WRITES);
    expect(readCounts.every((count) => count > 0)).toBe(true);
    expect(store!.callLog.count()).toBe(WRITES);
    expect(maxWal).toBeLessThan(WAL_BOUND_BYTES); // without the writer's rewind: ~140 MiB
  }, 90_000);

  it('stays under a bound when one synchronous loop writes without ever yielding (bench:store)', async () => {
    const { file, reads } = await storeWithReaders();
    let maxWal = 0;
    let writes = 0;
    const stopAt = Date.now() + MAX_WRITE_MS;
    for (; writes < WRITES && Date.now() < stopAt; writes++) {
      insert(store!, writes);
      if (writes % 25 === 0) maxWal = Math.max(maxWal, walBytes(file));
    }
    readers.forEach((worker) => worker.postMessage('stop'));
    const readCounts = await reads;

    console.info(`wal-bound (no yield): ${writes} writes, ${readCounts.join('+')} reads, max WAL ${mib(maxWal)} MiB`);
    expect(writes).toBe(WRITES);
    expect(store!.callLog.count()).toBe(WRITES);
    expect(maxWal).toBeLessThan(WAL_BOUND_BYTES);
  }, 90_000);

  it('truncates a log left by a burst once writing stops', async () => {
    const { file, reads } = await storeWithReaders();
    store!.close();
    // A store with a short interval, so "still for one interval" comes quickly.
    store = openStore(file, { checkpointIntervalMs: 200 });
    for (let writes = 0; writes < 300; writes++) insert(store, writes);
    expect(walBytes(file)).toBeGreaterThan(0);
    const deadline = Date.now() + 10_000;
    while (walBytes(file) > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    readers.forEach((worker) => worker.postMessage('stop'));
    await reads;
    expect(walBytes(file)).toBe(0);
  }, 30_000);
});

function mib(bytes: number): string {
  return (bytes / 2 ** 20).toFixed(1);
}
