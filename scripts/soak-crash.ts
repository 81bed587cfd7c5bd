/**
 * `npm run soak:crash [-- --kills N]` (default 100; not part of `npm test`): SIGKILLs the store's
 * writer N times at random moments over its first 5 s of writing (past the periodic checkpoint),
 * checking after each kill what a restart sees (test/store/crash-harness.ts). Prints the figures:
 * kills, acknowledged writes, acknowledged writes lost (target 0), acknowledged inserts and how
 * many of them the file holds at the end, integrity failures (target 0), the largest -wal file a
 * kill left behind (bounded by the writer's rewind, checkpointer.ts), and the time taken. Exit 1 if anything was lost or damaged.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openStore } from '../src/main/core/store/index.ts';
import { checkAfterRestart, KILL_WINDOW_MS, killMoments, runAndKill, type Acks } from '../test/store/crash-harness.ts';

const { values } = parseArgs({ options: { kills: { type: 'string', default: '100' } } });
const kills = Number(values.kills);
if (!Number.isInteger(kills) || kills < 1 || kills > 10_000) {
  process.stderr.write('soak:crash: --kills must be a whole number from 1 to 10000\n');
  process.exit(2);
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'hoiio-soak-crash-'));
const file = path.join(dir, 'crash.db');
openStore(file).close();
const all: Acks = { inserted: new Set(), minutes: new Map() };
const figures = {
  kills,
  killWindowMs: KILL_WINDOW_MS,
  acknowledgedWrites: 0,
  lostWrites: 0,
  integrityFailures: 0,
  maxWalBytes: 0,
};
// Shuffled, so kills early and late alternate over the run.
const moments = killMoments(kills).sort(() => Math.random() - 0.5);
const started = Date.now();
for (const [round, moment] of moments.entries()) {
  const acks: Acks = { inserted: new Set(), minutes: new Map() };
  figures.acknowledgedWrites += await runAndKill(file, `k${round}`, acks, moment);
  const restart = checkAfterRestart(file, acks);
  if (restart.integrity !== 'ok') figures.integrityFailures += 1;
  figures.lostWrites += restart.lost.length;
  figures.maxWalBytes = Math.max(figures.maxWalBytes, restart.walBytes);
  for (const id of acks.inserted) all.inserted.add(id);
  for (const [id, minutes] of acks.minutes) all.minutes.set(id, minutes);
  if ((round + 1) % 10 === 0) process.stderr.write(`[soak:crash] ${round + 1}/${kills} kills\n`);
}
const final = checkAfterRestart(file, all);
figures.lostWrites += final.lost.length;
const store = openStore(file);
// Rows present may exceed the acknowledged inserts: a write can commit just before its ack is printed.
const present = {
  rows: store.callLog.count(),
  acknowledgedInsertsPresent: all.inserted.size - final.lost.filter((id) => id.startsWith('insert ')).length,
};
store.close();
rmSync(dir, { recursive: true, force: true });

process.stdout.write(
  [
    `kills: ${figures.kills} (random moments over the first ${KILL_WINDOW_MS} ms of writing)`,
    `acknowledged writes: ${figures.acknowledgedWrites}; lost: ${figures.lostWrites}`,
    `acknowledged inserts: ${all.inserted.size}; present after the last restart: ${present.acknowledgedInsertsPresent} (call rows in the file: ${present.rows})`,
    `integrity failures: ${figures.integrityFailures}`,
    `largest WAL left by a kill: ${figures.maxWalBytes} bytes`,
    `time: ${Math.round((Date.now() - started) / 1000)} s`,
    JSON.stringify({ ...figures, acknowledgedInserts: all.inserted.size, ...present }),
    '',
  ].join('\n'),
);
process.exit(figures.lostWrites === 0 && figures.integrityFailures === 0 ? 0 : 1);
