/**
 * The change feed never skips a committed row, even when transactions commit in another order
 * than they took their ids (the case a plain sequence gets wrong): a row written by a transaction
 * still open when a batch is read is delivered by a later batch, after its commit.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { openStore, type Store } from '../../src/main/core/store/index.ts';
import { TeamLocalStore } from '../../src/main/core/team/local-store.ts';
import { TeamSync } from '../../src/main/core/team/sync.ts';
import { eventually, tempDir } from '../calls/helpers.ts';
import { postgresMissingReason, startTeamServer, type TestTeamServer } from './team-server.ts';

const skipReason = postgresMissingReason();
let server: TestTeamServer;

describe.skipIf(skipReason !== null)(`change feed${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  beforeAll(async () => {
    server = await startTeamServer();
  }, 120_000);
  afterAll(() => server?.destroy());

  it('a row of an older transaction that commits late is still delivered, once', async () => {
    const writer = await server.addMember('writer');
    const reader = await server.addMember('reader');
    const early = await server.connectAs('writer', writer.password);
    const late = await server.connectAs('writer', writer.password);
    const dir = tempDir('hoiio-feed-');
    const store: Store = openStore(`${dir.path}/hoiio.db`, { checkpointIntervalMs: 0 });
    const local = new TeamLocalStore(store.db);
    const statuses: string[] = [];
    const sync = new TeamSync({
      server: reader.server,
      password: reader.password,
      local,
      callLog: store.callLog,
      account: () => null,
      onStatus: (status) => statuses.push(status.state),
      tuning: { pullBatch: 2, reconnectMs: 100 },
    });
    const insert = (client: pg.Client, id: string) =>
      client.query("INSERT INTO team.calls (id, account, txn_ref, record) VALUES ($1, 'acct', $2, '{}')", [id, id]);
    try {
      sync.start();
      await sync.syncNow();
      // `early` takes its transaction id first but commits last.
      const first = randomUUID();
      const second = randomUUID();
      await early.query('BEGIN');
      await insert(early, first);
      await insert(late, second); // autocommit: a higher xid, committed now, NOTIFY sent
      await sync.syncNow();
      // The committed row is held back behind the open older transaction, never skipped past.
      expect(local.teamCallCount()).toBe(0);
      await early.query('COMMIT');
      await eventually(() => (local.teamCallCount() === 2 ? true : undefined), 5_000, 'both rows');
      // More rows in several batches, then a full re-read changes nothing.
      for (let i = 0; i < 5; i += 1) await insert(late, randomUUID());
      await eventually(() => (local.teamCallCount() === 7 ? true : undefined), 5_000, 'seven rows');
      await sync.syncNow();
      expect(local.teamCallCount()).toBe(7);
      expect(local.listTeamCalls({ limit: 10 }).map((call) => call.placedBy)).toEqual(Array(7).fill('writer'));

      // Records and times arrive exactly as the server holds them (kept as text, never re-serialised),
      // across batch boundaries, and a changed row replaces the older revision.
      const record = {
        id: 'x',
        dest2: '+6581230000',
        note: 'naïve “quotes” \\ and 😀',
        nested: { n: 1.5, list: [1, null] },
      };
      const ids = [randomUUID(), randomUUID(), randomUUID()];
      for (const id of ids) {
        await late.query(
          "INSERT INTO team.calls (id, account, txn_ref, record) VALUES ($1::uuid, 'acct', $1::text, $2)",
          [id, record],
        );
      }
      await late.query(`UPDATE team.calls SET record = record || '{"state":"ended"}' WHERE id = $1`, [ids[0]]);
      await eventually(() => (local.teamCallCount() === 10 ? true : undefined), 5_000, 'ten rows');
      await sync.syncNow();
      const [held] = await server.admin<{ created_at: Date; record: unknown; revision: number }>(
        'SELECT created_at, record, revision FROM team.calls WHERE id = $1',
        [ids[0]],
      );
      const stored = store.db
        .prepare('SELECT record_json, created_at, revision FROM team_calls WHERE id = ?')
        .get(ids[0]!) as { record_json: string; created_at: string; revision: number };
      expect(JSON.parse(stored.record_json)).toEqual(held!.record);
      expect(JSON.parse(stored.record_json)).toMatchObject({ ...record, state: 'ended' });
      expect(stored.created_at).toBe(held!.created_at.toISOString());
      expect(stored.revision).toBe(2);
      // Newest first by created_at, as before (the text sorts as the times do).
      const listed = local.listTeamCalls({ limit: 3 }).map((call) => call.id);
      expect(new Set(listed)).toEqual(new Set(ids));
    } finally {
      await sync.close();
      await early.end();
      await late.end();
      store.close();
      dir.remove();
    }
  });
});
