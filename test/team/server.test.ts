/**
 * The team server on a real PostgreSQL 15: the administrator SQL, migrations as the migrator
 * role, scram-sha-256 sign-in, forced row-level security with two member roles, the slot
 * functions and the request budget.
 */
import { readdirSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR } from '../../server/migrate.ts';
import { TEAM_SCHEMA_VERSION } from '../../src/main/core/team/config.ts';
import { postgresMissingReason, startTeamServer, type TestTeamServer } from './team-server.ts';

const skipReason = postgresMissingReason();
let server: TestTeamServer;
let alice: pg.Client;
let bob: pg.Client;
const ACCOUNT = 'app-1';
const ids = { alice: '11111111-1111-4111-8111-111111111111', bob: '22222222-2222-4222-8222-222222222222' };

describe.skipIf(skipReason !== null)(`team server${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  beforeAll(async () => {
    server = await startTeamServer();
    const a = await server.addMember('alice');
    const b = await server.addMember('bob');
    alice = await server.connectAs('alice', a.password);
    bob = await server.connectAs('bob', b.password);
  }, 120_000);
  afterAll(async () => {
    await alice?.end().catch(() => undefined);
    await bob?.end().catch(() => undefined);
    server?.destroy();
  });

  it('the app knows the schema version of the last migration file', async () => {
    expect(readdirSync(MIGRATIONS_DIR).filter((name) => name.endsWith('.sql'))).toHaveLength(TEAM_SCHEMA_VERSION);
    expect((await alice.query('SELECT version FROM team.schema_info')).rows).toEqual([
      { version: TEAM_SCHEMA_VERSION },
    ]);
  });

  it('signs in with scram-sha-256 only: a wrong password is refused', async () => {
    const [row] = await server.admin<{ rolpassword: string }>(
      "SELECT rolpassword FROM pg_authid WHERE rolname = 'alice'",
    );
    expect(row?.rolpassword).toMatch(/^SCRAM-SHA-256\$/);
    const wrong = new pg.Client({
      host: '127.0.0.1',
      port: server.cluster.port,
      database: 'hoiio_team',
      user: 'alice',
      password: 'nope',
    });
    await expect(wrong.connect()).rejects.toMatchObject({ code: '28P01' });
  });

  it('members own no tables; the migrator owns the schema', async () => {
    const owners = await server.admin<{ tableowner: string }>(
      "SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'team'",
    );
    expect(owners).toEqual([{ tableowner: 'team_migrator' }]);
    const forced = await server.admin<{ relforcerowsecurity: boolean }>(
      "SELECT relforcerowsecurity FROM pg_class WHERE oid = 'team.calls'::regclass",
    );
    expect(forced).toEqual([{ relforcerowsecurity: true }]);
  });

  it("row-level security: each member writes only their own calls, reads the team's", async () => {
    const insert = (client: pg.Client, id: string, txnRef: string) =>
      client.query(
        "INSERT INTO team.calls (id, account, txn_ref, record, placed_by) VALUES ($1, $2, $3, $4, 'mallory')",
        [id, ACCOUNT, txnRef, { id, note: 'first' }],
      );
    await insert(alice, ids.alice, 'AA-C-1');
    await insert(bob, ids.bob, 'AA-C-2');
    // "Who placed it" is the inserting role, whatever the row claims.
    const rows = (await bob.query('SELECT id, placed_by FROM team.calls ORDER BY txn_ref')).rows;
    expect(rows).toEqual([
      { id: ids.alice, placed_by: 'alice' },
      { id: ids.bob, placed_by: 'bob' },
    ]);
    // Bob cannot change Alice's call: the policy hides it from his UPDATE.
    const update = await bob.query('UPDATE team.calls SET record = \'{"hacked":true}\' WHERE id = $1', [ids.alice]);
    expect(update.rowCount).toBe(0);
    // Nor take it over through an upsert.
    await expect(
      bob.query(
        `INSERT INTO team.calls (id, account, record) VALUES ($1, $2, '{}')
         ON CONFLICT (id) DO UPDATE SET record = EXCLUDED.record`,
        [ids.alice, ACCOUNT],
      ),
    ).rejects.toThrow(/row-level security/);
    await expect(bob.query('DELETE FROM team.calls WHERE id = $1', [ids.alice])).rejects.toMatchObject({
      code: '42501',
    });
    // Alice can update her own, and cannot hand it to Bob.
    await alice.query('UPDATE team.calls SET record = \'{"note":"second"}\', placed_by = \'bob\' WHERE id = $1', [
      ids.alice,
    ]);
    const [mine] = (await alice.query('SELECT placed_by, record, revision FROM team.calls WHERE id = $1', [ids.alice]))
      .rows;
    expect(mine).toEqual({ placed_by: 'alice', record: { note: 'second' }, revision: 2 });
    // Members cannot touch the slot table directly, only through its functions.
    await expect(bob.query('DELETE FROM team.call_slots')).rejects.toMatchObject({ code: '42501' });
  });

  it('call slots: 8 per account, idempotent per call, expired leases freed only when settled', async () => {
    const take = async (client: pg.Client, callId: string) =>
      (await client.query('SELECT team.acquire_slot($1, $2, 8, 1) AS slot', ['slots-account', callId])).rows[0].slot as
        number | null;
    const callIds = Array.from({ length: 9 }, (_, i) => `00000000-0000-4000-8000-00000000000${i}`);
    const slots: (number | null)[] = [];
    for (const [i, id] of callIds.entries()) slots.push(await take(i % 2 ? bob : alice, id));
    expect(slots).toEqual([1, 2, 3, 4, 5, 6, 7, 8, null]);
    expect(await take(alice, callIds[0]!)).toBe(1); // the same call again: its own slot
    // Bob cannot release Alice's slot.
    expect((await bob.query('SELECT team.release_slot($1, $2) AS ok', ['slots-account', callIds[0]])).rows[0].ok).toBe(
      false,
    );
    await new Promise((resolve) => setTimeout(resolve, 1_100)); // leases of 1 s run out
    const expired = (await bob.query('SELECT call_id FROM team.expired_slots($1)', ['slots-account'])).rows;
    expect(expired).toHaveLength(8);
    // Expired but not settled: still held.
    expect(await take(bob, callIds[8]!)).toBeNull();
    // Bob confirmed call 0 still live: it stays held; call 1 final: its slot is free.
    await bob.query('SELECT team.settle_expired_slot($1, $2, true, 60)', ['slots-account', callIds[0]]);
    await bob.query('SELECT team.settle_expired_slot($1, $2, false, 60)', ['slots-account', callIds[1]]);
    expect(await take(bob, callIds[8]!)).toBe(2);
  });

  it('request budget: one window per account and endpoint shared by all members', async () => {
    const take = async (client: pg.Client, wanted: number) =>
      (
        await client.query('SELECT granted, retry_ms FROM team.take_requests($1, $2, $3, 10, 60)', [
          'b',
          'voice/query_status',
          wanted,
        ])
      ).rows[0] as { granted: number; retry_ms: number };
    expect(await take(alice, 6)).toEqual({ granted: 6, retry_ms: 0 });
    expect(await take(bob, 6)).toEqual({ granted: 4, retry_ms: 0 });
    const refused = await take(alice, 1);
    expect(refused.granted).toBe(0);
    expect(refused.retry_ms).toBeGreaterThan(50_000);
  });

  it('migrations run again change nothing', async () => {
    const { migrateTeamServer } = await import('../../server/migrate.ts');
    expect(await migrateTeamServer(server.migratorUrl())).toEqual([]);
  });
});
