/**
 * Child process for crash.test.ts: writes call inserts and updates to the database given as
 * argv[2] as fast as it can, printing one ack line after each committed write, until killed.
 */
import { openStore } from '../../src/main/core/store/index.ts';
import { callRecord } from './support-records.ts';

const [file, runTag] = process.argv.slice(2);
if (!file || !runTag) throw new Error('usage: crash-writer.ts <db file> <run tag>');

const store = openStore(file);
const mine: string[] = [];
const minutes = new Map<string, number>();
process.stdout.write('ready\n');

// Bounded in count and time; the parent kills it long before (within the first 5 s).
const MAX_WRITES = 5_000_000;
const stopAt = Date.now() + 60_000;
for (let write = 0; write < MAX_WRITES && Date.now() < stopAt; write++) {
  if (write % 3 === 0 || mine.length === 0) {
    const id = `${runTag}-${write}`;
    store.callLog.insert(callRecord({ id, createdAt: new Date(Date.UTC(2024, 0, 1) + write * 1000).toISOString() }));
    mine.push(id);
    process.stdout.write(`insert ${id}\n`);
  } else {
    const id = mine[write % mine.length]!;
    const next = (minutes.get(id) ?? 0) + 1;
    store.callLog.update(id, { state: 'live', durationMinutes: next, txnRef: `TX-${id}` });
    minutes.set(id, next);
    process.stdout.write(`update ${id} ${next}\n`);
  }
}
store.close();
