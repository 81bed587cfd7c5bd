/**
 * `npm run bench:team`: the team server (a real PostgreSQL started for the run, on 127.0.0.1)
 * with 20 simulated desktops (TeamSync over their own SQLite stores, as in the app). Prints
 * figures; asserts nothing.
 *
 * Measures: seeding 1,000,000 team calls (SQL generate_series); a new desktop joining and
 * catching up on all of them; catch-up of 100,000 changes after a week offline; propagation of
 * one new call to the other 19 desktops (LISTEN/NOTIFY, then a feed batch), p50/p99; rows per
 * second sustained during a burst in which 19 desktops push at once and all 20 pull.
 * Then the shared phonebook's figures (bench/team-contacts.bench.ts, issue 16): 100,000 contacts
 * synced to a new desktop; one contact edit propagated to the other 19 desktops, p50/p99.
 * Flags: --calls <n> (default 1000000), --changes <n> (100000), --rounds <n> (50), --burst <n> (rows per desktop, 1000),
 * --contacts <n> (100000), --edits <n> (30).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openStore, type Store } from '../src/main/core/store/index.ts';
import { TeamLocalStore } from '../src/main/core/team/local-store.ts';
import { TeamSync } from '../src/main/core/team/sync.ts';
import { serverKey } from '../src/main/core/team/config.ts';
import { startTeamServer } from '../test/team/team-server.ts';
import { phonebookBench } from './team-contacts.bench.ts';
import type { TeamServer } from '../src/shared/team.ts';

const { values } = parseArgs({
  options: {
    calls: { type: 'string', default: '1000000' },
    changes: { type: 'string', default: '100000' },
    rounds: { type: 'string', default: '50' },
    burst: { type: 'string', default: '1000' },
    contacts: { type: 'string', default: '100000' },
    edits: { type: 'string', default: '30' },
  },
});
const CALLS = Number(values.calls);
const CHANGES = Number(values.changes);
const ROUNDS = Number(values.rounds);
const BURST = Number(values.burst);
const DESKTOPS = 20;
const ACCOUNT = 'bench-app';

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const ms = (value: number): string => `${value.toFixed(1)} ms`;
const rate = (rows: number, millis: number): string =>
  `${Math.round(rows / (millis / 1000)).toLocaleString('en')} rows/s`;

/** A simulated desktop: its own SQLite store and a TeamSync signed in as its member. */
interface SimDesktop {
  readonly name: string;
  readonly store: Store;
  readonly local: TeamLocalStore;
  readonly sync: TeamSync;
  /** Resolves when the local store holds the team row `id`. */
  waitFor(id: string): Promise<number>;
}

const RECORD_SQL = `jsonb_build_object(
  'id', id, 'txnRef', 'AA-C-' || n, 'mode', 'live', 'dest1', '+6591234567', 'dest2', '+658' || lpad((n % 10000000)::text, 7, '0'),
  'callerId', null, 'tag', id, 'state', 'ended', 'statusDest1', 'answered', 'statusDest2', 'answered', 'outcome', 'connected',
  'finalSource', 'notification', 'createdAt', '2026-11-01T10:00:00.000Z', 'answeredAt', '2026-11-01T10:00:08.000Z',
  'endedAt', '2026-11-01T10:00:38.000Z', 'updatedAt', '2026-11-01T10:00:38.000Z', 'durationMinutes', 1, 'rate', '0.030',
  'debit', '0.030', 'currency', 'USD', 'errorStatus', null, 'errorMessage', null)`;

async function main(): Promise<void> {
  const started = Date.now();
  const server = await startTeamServer();
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'hoiio-bench-team-'));
  const desktops: SimDesktop[] = [];
  try {
    console.log(
      `team bench: PostgreSQL on 127.0.0.1:${server.cluster.port} (fsync off: a throw-away cluster), ${DESKTOPS} desktops`,
    );
    const members: { server: TeamServer; password: string }[] = [];
    for (let i = 0; i < DESKTOPS + 1; i += 1) members.push(await server.addMember(`desk${String(i).padStart(2, '0')}`));
    const seeder = members[DESKTOPS]!;
    const seed = await server.connectAs(seeder.server.user, seeder.password);

    let t = Date.now();
    // The administrator loads the history in one statement, triggers off (as a restore would):
    // each row still gets its member, its transaction id and its place in the feed.
    await server.admin(
      `WITH s AS (SELECT n, gen_random_uuid() AS id FROM generate_series(1, $2::int) n)
       INSERT INTO team.calls (id, account, txn_ref, placed_by, record, change_xid)
       SELECT id, $1, 'AA-C-' || n, $3, ${RECORD_SQL}, pg_current_xact_id() FROM s`,
      [ACCOUNT, CALLS, seeder.server.user],
      { replica: true },
    );
    await server.admin('VACUUM ANALYZE team.calls');
    console.log(
      `seed ${CALLS.toLocaleString('en')} team calls: ${ms(Date.now() - t)} (${rate(CALLS, Date.now() - t)})`,
    );

    const makeDesktop = async (index: number, startAtEnd: boolean, reopen?: Store): Promise<SimDesktop> => {
      const member = members[index]!;
      const store = reopen ?? openStore(path.join(tmp, `desk${index}.db`), { checkpointIntervalMs: 0 });
      const local = new TeamLocalStore(store.db);
      if (startAtEnd) {
        // A desktop that is already caught up: its cursor sits at the current end of the feed.
        const [end] = await server.admin<{ xid: string; id: string }>(
          'SELECT change_xid::text AS xid, id::text AS id FROM team.calls ORDER BY change_xid DESC, id DESC LIMIT 1',
        );
        if (end) local.applyBatch(serverKey(member.server), [], end, true);
      }
      const waiters = new Map<string, () => void>();
      const sync = new TeamSync({
        server: member.server,
        password: member.password,
        local,
        callLog: store.callLog,
        account: () => ACCOUNT,
        onStatus: () => undefined,
        onProgress: () => {
          for (const [id, resolve] of waiters) {
            if (store.db.prepare('SELECT 1 FROM team_calls WHERE id = ?').get(id)) {
              waiters.delete(id);
              resolve();
            }
          }
        },
        tuning: { pullBatch: 5000 },
      });
      sync.start();
      await sync.syncNow();
      return {
        name: member.server.user,
        store,
        local,
        sync,
        waitFor: (id) =>
          new Promise((resolve) => {
            const since = performance.now();
            if (store.db.prepare('SELECT 1 FROM team_calls WHERE id = ?').get(id)) return resolve(0);
            waiters.set(id, () => resolve(performance.now() - since));
          }),
      };
    };

    // A new desktop joins and catches up on the whole history.
    t = Date.now();
    const newcomer = await makeDesktop(0, false);
    const joinMs = Date.now() - t;
    console.log(
      `new desktop joins and catches up on ${newcomer.local.teamCallCount().toLocaleString('en')} calls: ${ms(joinMs)} (${rate(CALLS, joinMs)})`,
    );

    // A week offline: the newcomer closes, 100,000 calls change, it comes back and catches up.
    await newcomer.sync.close();
    await seed.query(
      `UPDATE team.calls SET record = record || '{"state":"ended","finalSource":"history"}'::jsonb
       WHERE id IN (SELECT id FROM team.calls ORDER BY random() LIMIT $1)`,
      [CHANGES],
    );
    t = Date.now();
    const back = await makeDesktop(0, false, newcomer.store);
    const weekMs = Date.now() - t;
    console.log(
      `catch-up of ${CHANGES.toLocaleString('en')} changes after a week offline: ${ms(weekMs)} (${rate(CHANGES, weekMs)})`,
    );
    desktops.push(back);

    // The other 19 desktops, already caught up.
    for (let i = 1; i < DESKTOPS; i += 1) desktops.push(await makeDesktop(i, true));

    // Propagation: desktop k (round robin) writes one call; time until each of the other 19 holds it.
    const samples: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const writer = desktops[round % DESKTOPS]!;
      const id = crypto.randomUUID();
      const waits = desktops.filter((d) => d !== writer).map((d) => d.waitFor(id));
      const sent = performance.now();
      await writer.sync.query(
        "INSERT INTO team.calls (id, account, txn_ref, record) VALUES ($1, $2, $3, jsonb_build_object('id', $4::text))",
        [id, ACCOUNT, `P-${round}`, id],
      );
      const committed = performance.now() - sent;
      for (const wait of await Promise.all(waits)) samples.push(wait + committed);
    }
    samples.sort((a, b) => a - b);
    console.log(
      `propagation of one new call to the other ${DESKTOPS - 1} desktops (${ROUNDS} rounds, ${samples.length} deliveries): ` +
        `p50 ${ms(percentile(samples, 50))}, p99 ${ms(percentile(samples, 99))}, max ${ms(samples.at(-1) ?? NaN)}`,
    );

    // Burst: 19 desktops push BURST calls each in batches of 100 (as the pusher does) while all pull.
    const before = desktops.map((d) => d.local.teamCallCount());
    const writers = desktops.slice(1);
    t = Date.now();
    await Promise.all(
      writers.map(async (writer) => {
        for (let done = 0; done < BURST; done += 100) {
          await writer.sync.query(
            `INSERT INTO team.calls (id, account, txn_ref, record)
             SELECT gen_random_uuid(), $1, $2 || '-' || n, jsonb_build_object('n', n) FROM generate_series(1, 100) n`,
            [ACCOUNT, `B-${writer.name}-${done}`],
          );
        }
      }),
    );
    const written = writers.length * BURST;
    const writeMs = Date.now() - t;
    await Promise.all(
      desktops.map(async (d, i) => {
        while (d.local.teamCallCount() < before[i]! + written) await new Promise((resolve) => setTimeout(resolve, 10));
      }),
    );
    const allMs = Date.now() - t;
    console.log(
      `burst: ${writers.length} desktops pushed ${written.toLocaleString('en')} calls in ${ms(writeMs)} (${rate(written, writeMs)} written); ` +
        `all ${DESKTOPS} desktops held them after ${ms(allMs)} (${rate(written * DESKTOPS, allMs)} applied across desktops, ${rate(written, allMs)} end to end)`,
    );
    await seed.end();
    for (const d of desktops) await d.sync.close();
    await phonebookBench({ contacts: Number(values.contacts), edits: Number(values.edits), server });
    console.log(`total bench time ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    for (const d of desktops) {
      await d.sync.close().catch(() => undefined);
      d.store.close();
    }
    server.destroy();
    rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
