/**
 * The WAL stays bounded under continuous writes while other connections keep reading (issue 10:
 * a crash soak left a 382 MB WAL). Real SQLite files; readers run in worker threads on their own
 * read-only connections, as the database worker threads do (src/main/core/workers).
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/main/core/store/index.ts';
import { JOURNAL_SIZE_LIMIT_BYTES } from '../../src/main/core/store/database.ts';
import { WAL_RESTART_BYTES } from '../../src/main/core/store/checkpointer.ts';
import { callRecord, tempDir } from './support.ts';

/** Reads in a loop (short read transactions, like the app's workers) until told to stop. */
const READER = `
const { parentPort, workerData } = require('node:worker_threads');
const { DatabaseSync } = require('node:sqlite');
const db = new DatabaseSync(workerData.file, { readOnly: true, timeout: 5000 });
const query = db.prepare('SELECT count(*) AS n, max(created_at) AS last FROM call_log');
let stop = false;
parentPort.on('message', () => { stop = true; });
let reads = 0;
const tick = () => {
  for (let i = 0; i < 20 && !stop; i++) { query.get(); reads++; }
  if (stop) { db.close(); parentPort.postMessage(reads); parentPort.close(); } else setImmediate(tick);
};
tick();
`;

const WRITE_MS = 6_000;
const MAX_WRITES = 400_000;

let store: Store | undefined;
afterEach(() => store?.close());

describe('WAL size under continuous writes with readers open', () => {
  it('stays under a bound, and every write succeeds (no "database is locked")', async () => {
    const file = path.join(tempDir(), 'calls.sqlite');
    store = openStore(file, { checkpointIntervalMs: 50 });
    const readers = [0, 1].map(() => new Worker(READER, { eval: true, workerData: { file } }));
    const readCounts = readers.map((worker) => new Promise<number>((resolve) => worker.once('message', resolve)));
    let maxWal = 0;
    let writes = 0;
    const stopAt = Date.now() + WRITE_MS;
    while (Date.now() < stopAt && writes < MAX_WRITES) {
      for (let i = 0; i < 200; i++, writes++) {
        store.callLog.insert(
          callRecord({ id: `w-${writes}`, createdAt: new Date(Date.UTC(2024, 0, 1) + writes * 1000).toISOString() }),
        );
      }
      if (existsSync(`${file}-wal`)) maxWal = Math.max(maxWal, statSync(`${file}-wal`).size);
      await new Promise((resolve) => setImmediate(resolve)); // let the readers' and checkpointer's messages run
    }
    readers.forEach((worker) => worker.postMessage('stop'));
    const reads = await Promise.all(readCounts);

    expect(reads.every((count) => count > 0)).toBe(true);
    expect(store.callLog.getById(`w-${writes - 1}`)).not.toBeNull();
    // Bound: the restart threshold plus what writing adds while readers hold RESTART off (each
    // insert writes ~40 KB of WAL: row, indexes, search text). Without the fix: 70-130 MiB in 6 s.
    expect(maxWal).toBeLessThan(WAL_RESTART_BYTES + 8 * JOURNAL_SIZE_LIMIT_BYTES);
    console.log(`wal-bound: ${writes} writes, ${reads.join('+')} reads, max WAL ${(maxWal / 2 ** 20).toFixed(1)} MiB`);
  }, 30_000);
});
