/**
 * Team desktops against one real PostgreSQL 15 and one standalone sandbox shared by all, as a
 * team shares one Hoiio account: call history replication over LISTEN/NOTIFY, the team-wide limit
 * of 8 live calls, a desktop SIGKILLed mid-call, and the refusals that leave the local store
 * untouched. Keychain tests: run under scripts/with-keyring.sh.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import keytar from 'keytar';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type SandboxHandle } from '../../src/sandbox/index.ts';
import { CredentialVault } from '../../src/main/core/secrets/vault.ts';
import { TEAM_SCHEMA_VERSION } from '../../src/main/core/team/config.ts';
import { TeamPasswordVault } from '../../src/main/core/team/vault.ts';
import type { CallRecord } from '../../src/shared/calls.ts';
import type { TeamServer } from '../../src/shared/team.ts';
import {
  eventually,
  requireTestKeyring,
  sandboxControl,
  tempDir,
  uniqueKeychainService,
  type SandboxCall,
} from '../calls/helpers.ts';
import { startChildDesktop, startDesktop, teamCallOn, type Desktop } from './desktops.ts';
import { postgresMissingReason, startTeamServer, type TestTeamServer } from './team-server.ts';

const TOKEN = 'team-test-token-0123456789abcdef';
const skipReason = postgresMissingReason();
let server: TestTeamServer;
let sandbox: SandboxHandle;
const open: Desktop[] = [];
const members = new Map<string, { server: TeamServer; password: string }>();

/** The member `name` (created once) as a join input. */
async function member(name: string): Promise<{ server: TeamServer; password: string }> {
  let entry = members.get(name);
  if (!entry) {
    entry = await server.addMember(name);
    members.set(name, entry);
  }
  return entry;
}

async function desktop(name: string | null): Promise<Desktop> {
  const d = await startDesktop(sandbox, TOKEN, name === null ? null : await member(name));
  open.push(d);
  return d;
}

async function sandboxCalls(): Promise<SandboxCall[]> {
  return (await sandboxControl<{ calls: SandboxCall[] }>(sandbox.controlUrl, 'GET', 'calls')).calls;
}
async function liveAtHoiio(): Promise<number> {
  return (await sandboxControl<{ liveCalls: number }>(sandbox.controlUrl, 'GET', 'state')).liveCalls;
}
/** Ends every live sandbox call (their desktops learn it by polling). */
async function hangUpAll(): Promise<void> {
  for (const call of await sandboxCalls()) {
    if ((call as unknown as { state: string }).state === 'live') {
      await sandboxControl(sandbox.controlUrl, 'POST', `calls/${call.txn_ref}/hangup`).catch(() => undefined);
    }
  }
}
async function slotsInUse(): Promise<number> {
  const [row] = await server.admin<{ n: number }>('SELECT team.slots_in_use($1) AS n', [sandbox.appId]);
  return row!.n;
}

describe.skipIf(skipReason !== null)(`team desktops${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  beforeAll(async () => {
    requireTestKeyring();
    server = await startTeamServer();
    // Calls stay live (talk time of days at 100x) until the test hangs them up through the control API.
    sandbox = await startSandbox({ timeScale: 0.01, talkSeconds: 1_000_000, rateLimit: 0, accessToken: TOKEN });
  }, 120_000);
  afterEach(async () => {
    await hangUpAll();
    // The open desktops learn their calls ended (by polling) and give their slots back.
    await eventually(
      async () => ((await slotsInUse()) === 0 ? true : undefined),
      10_000,
      'every slot to be free',
    ).catch(() => undefined);
    for (const d of open.splice(0)) await d.close().catch(() => undefined);
    // Slots of killed desktops are settled only when someone needs one: start the next test clean.
    await server.admin('DELETE FROM team.call_slots');
  });
  afterAll(async () => {
    await sandbox?.close();
    server?.destroy();
  });

  it('two desktops: a call placed on one appears on the other, with who placed it, and follows it to its end', async () => {
    const a = await desktop('alice');
    const b = await desktop('bob');
    const placed = await a.ok<CallRecord>('calls:place', { dest2: '+6581234567' });
    const seen = await teamCallOn(b, placed.id);
    expect(seen).toMatchObject({ placedBy: 'alice', call: { dest2: '+6581234567', mode: 'live' } });
    expect(seen.localCallId).toBeNull();
    await sandboxControl(sandbox.controlUrl, 'POST', `calls/${placed.txnRef ?? seen.txnRef}/hangup`);
    const ended = await teamCallOn(b, placed.id, (call) => call.call.state === 'ended');
    expect(ended.call.endedAt).not.toBeNull();
    // "My calls" on Bob's desktop does not hold Alice's call; on Alice's it does.
    expect((await b.teamCalls('mine')).map((call) => call.id)).not.toContain(placed.id);
    expect((await a.teamCalls('mine')).map((call) => call.id)).toContain(placed.id);
    // Its own push's NOTIFY starts one more pull round: wait for it to settle rather than read mid-round.
    const settled = await eventually(
      async () => ((await a.teamStatus()).state === 'synced' ? a.teamStatus() : undefined),
      10_000,
      'alice synced',
    );
    expect(settled).toMatchObject({ state: 'synced', member: 'alice', pending: 0 });
  });

  it('five desktops: calls spread across them reach all; the 9th concurrent call is refused before Hoiio', async () => {
    const names = ['alice', 'bob', 'carol', 'dave', 'erin'];
    const desktops: Desktop[] = [];
    for (const name of names) desktops.push(await desktop(name));
    const before = (await sandboxCalls()).length;
    const placed: CallRecord[] = [];
    for (let i = 0; i < 8; i += 1) {
      placed.push(await desktops[i % 5]!.ok<CallRecord>('calls:place', { dest2: `+658123${String(4000 + i)}` }));
    }
    expect(await liveAtHoiio()).toBe(8);
    for (const d of desktops) {
      const ids = await eventually(
        async () => {
          const seen = new Set((await d.teamCalls()).map((call) => call.id));
          return placed.every((call) => seen.has(call.id)) ? true : undefined;
        },
        15_000,
        'all 8 calls on every desktop',
      );
      expect(ids).toBe(true);
    }
    // Desktop 4 has placed only one call itself: its local limit would let it through.
    const refused = await desktops[3]!.call('calls:place', { dest2: '+6581239999' });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'hoiio', details: { status: 'error_concurrent_call_limit_reached' } },
    });
    expect((await sandboxCalls()).length).toBe(before + 8); // never reached Hoiio
    // One call ends: its desktop learns it, frees the slot, and the next call goes through.
    await sandboxControl(sandbox.controlUrl, 'POST', `calls/${placed[0]!.txnRef}/hangup`);
    await desktops[0]!.waitForCall(placed[0]!.id, (record) => record.state === 'ended', 15_000);
    await eventually(async () => ((await slotsInUse()) === 7 ? true : undefined), 10_000, 'the slot to be freed');
    const ninth = await desktops[3]!.ok<CallRecord>('calls:place', { dest2: '+6581239999' });
    expect(ninth.state).toBe('live');
  });

  it('a desktop SIGKILLed mid-call frees its slot only after another desktop confirmed the call ended', async () => {
    const a = await desktop('alice');
    const dir = tempDir('hoiio-team-child-');
    const service = uniqueKeychainService();
    const child = await startChildDesktop({
      dataDir: dir.path,
      keychainService: service,
      baseUrl: sandbox.baseUrl,
      appId: sandbox.appId,
      accessToken: TOKEN,
      team: await member('frank'),
    });
    try {
      const orphan = await child.place('+6581235555');
      expect(orphan.ok).toBe(true);
      for (let i = 0; i < 7; i += 1) await a.ok('calls:place', { dest2: `+658123${String(6000 + i)}` });
      await child.kill();
      const calls = (await sandboxCalls()).length;
      expect(await a.call('calls:place', { dest2: '+6581236999' })).toMatchObject({ ok: false });
      // The lease (1 s) runs out; Alice asks Hoiio, sees the orphan still live: the slot stays held.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(await a.call('calls:place', { dest2: '+6581236999' })).toMatchObject({
        ok: false,
        error: { details: { status: 'error_concurrent_call_limit_reached' } },
      });
      expect(await liveAtHoiio()).toBe(8);
      // The orphan's call ends at Hoiio. Alice's check renewed its lease, so once that runs out
      // the next attempt asks Hoiio again, sees it ended, and reuses the slot.
      await sandboxControl(sandbox.controlUrl, 'POST', `calls/${orphan.value!.txnRef}/hangup`);
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      const reused = await a.ok<CallRecord>('calls:place', { dest2: '+6581236999' });
      expect(reused.state).toBe('live');
      expect((await sandboxCalls()).length).toBe(calls + 1);
      expect(await liveAtHoiio()).toBe(8);
    } finally {
      await child.kill();
      await new TeamPasswordVault(service).clear();
      await new CredentialVault({ service }).clear();
      dir.remove();
    }
  });

  it('a desktop killed with pushes pending resumes after restart and converges', async () => {
    const watcher = await desktop('bob');
    const dir = tempDir('hoiio-team-child-');
    const service = uniqueKeychainService();
    const options = {
      dataDir: dir.path,
      keychainService: service,
      baseUrl: sandbox.baseUrl,
      appId: sandbox.appId,
      accessToken: TOKEN,
      team: await member('grace'),
    };
    const child = await startChildDesktop(options);
    try {
      server.cluster.stopServer(); // pushes cannot go out
      const ids: string[] = [];
      for (let i = 0; i < 3; i += 1) {
        const result = await child.place(`+658124${String(1000 + i)}`);
        expect(result.ok).toBe(true); // offline: the local limit decides
        ids.push(result.value!.id);
      }
      await child.kill();
      server.cluster.start();
      const restarted = await startDesktop(sandbox, TOKEN, null, { dataDir: dir.path, keychainService: service });
      open.push(restarted);
      for (const id of ids) await teamCallOn(watcher, id, (call) => call.placedBy === 'grace', 20_000);
      const rows = await server.admin<{ n: string }>(
        'SELECT count(*) AS n FROM team.calls WHERE id = ANY($1::uuid[])',
        [ids],
      );
      expect(Number(rows[0]!.n)).toBe(3);
    } finally {
      server.cluster.start();
      await child.kill();
      await new TeamPasswordVault(service).clear();
      await new CredentialVault({ service }).clear();
      dir.remove();
    }
  });

  it('server stopped during a sync and restarted: nothing lost, nothing duplicated', async () => {
    const b = await desktop('bob');
    await b.ok('team:syncNow');
    // 20,000 calls of another member appear at once; Bob pulls them in batches.
    const heidi = await member('heidi');
    const client = await server.connectAs('heidi', heidi.password);
    await client.query(
      `INSERT INTO team.calls (id, account, txn_ref, record)
       SELECT gen_random_uuid(), $1, 'BULK-' || n, jsonb_build_object('n', n) FROM generate_series(1, 20000) n`,
      [sandbox.appId],
    );
    await client.end();
    await eventually(async () => ((await b.teamStatus()).state === 'syncing' ? true : undefined), 10_000, 'syncing');
    server.cluster.stopServer();
    await eventually(async () => ((await b.teamStatus()).state === 'offline' ? true : undefined), 10_000, 'offline');
    expect((await b.teamStatus()).offlineSince).not.toBeNull();
    server.cluster.start();
    await eventually(
      async () => ((await b.teamStatus()).state === 'synced' ? true : undefined),
      30_000,
      'synced again',
    );
    const { DatabaseSync } = await import('node:sqlite');
    const db = new DatabaseSync(path.join(b.dataDir, 'hoiio.db'), { readOnly: true });
    try {
      const local = db
        .prepare("SELECT count(*) AS n, count(DISTINCT id) AS d FROM team_calls WHERE txn_ref LIKE 'BULK-%'")
        .get() as {
        n: number;
        d: number;
      };
      expect(local).toEqual({ n: 20000, d: 20000 });
    } finally {
      db.close();
    }
  });

  it('calls learned from Hoiio history are never pushed and merge with the team row; sandbox calls stay local', async () => {
    const a = await desktop('alice');
    const placed = await a.ok<CallRecord>('calls:place', { dest2: '+6581237777' });
    await eventually(
      async () => {
        const rows = await server.admin('SELECT 1 FROM team.calls WHERE id = $1', [placed.id]);
        return rows.length === 1 ? true : undefined;
      },
      10_000,
      'the call on the server',
    );
    // Carol's desktop starts later: its start-up reconciliation learns Alice's call from voice/get_history.
    const c = await desktop('carol');
    const merged = await teamCallOn(c, placed.id, (call) => call.localCallId !== null);
    expect(merged.placedBy).toBe('alice');
    expect(merged.localCallId).not.toBe(placed.id);
    const learned = await c.ok<CallRecord>('calls:get', { id: merged.localCallId });
    expect(learned.txnRef).toBe(merged.txnRef);
    await c.ok('team:syncNow');
    const rows = await server.admin<{ placed_by: string }>('SELECT placed_by FROM team.calls WHERE txn_ref = $1', [
      merged.txnRef,
    ]);
    expect(rows).toEqual([{ placed_by: 'alice' }]);

    // A desktop in sandbox mode joined to the team: its simulated calls never leave it.
    const s = await startDesktop(sandbox, TOKEN, await member('sam'), undefined, 'sandbox');
    open.push(s);
    const simulated = await s.ok<CallRecord>('calls:place', { dest2: '+6581238888' });
    expect(simulated.mode).toBe('sandbox');
    await s.waitForCall(simulated.id, (record) => record.state === 'live');
    await s.ok('team:syncNow');
    expect(await server.admin("SELECT 1 FROM team.calls WHERE placed_by = 'sam'")).toEqual([]);
  });

  it('wrong password, unreachable server, newer schema: a clear message, nothing saved', async () => {
    const d = await desktop(null);
    const good = await member('ivan');
    const before = await d.ok<{ total: number }>('callLog:query', { limit: 1 });
    const attempts: [string, unknown, RegExp][] = [
      ['wrong password', { ...good, password: 'wrong' }, /wrong user name or password/],
      ['unreachable', { ...good, server: { ...good.server, port: 1 } }, /cannot be reached/],
    ];
    for (const [, input, message] of attempts) {
      const result = await d.call('team:join', input);
      expect(result).toMatchObject({ ok: false, error: { message: expect.stringMatching(message) } });
    }
    await server.admin('UPDATE team.schema_info SET version = 99');
    try {
      const result = await d.call('team:join', good);
      expect(result).toMatchObject({
        ok: false,
        error: { message: expect.stringMatching(/schema version 99, newer than this app knows/) },
      });
    } finally {
      await server.admin('UPDATE team.schema_info SET version = $1', [TEAM_SCHEMA_VERSION]);
    }
    expect(await d.teamStatus()).toMatchObject({ state: 'off', server: null });
    expect(existsSync(path.join(d.dataDir, 'team.json'))).toBe(false);
    expect(await keytar.findCredentials(`${d.keychainService} Team`)).toEqual([]);
    expect(await d.ok('callLog:query', { limit: 1 })).toEqual(before);
  });

  it('a joined desktop that finds a newer schema at start stops syncing and says why', async () => {
    const d = await desktop('judy');
    await d.ok('team:syncNow');
    const { dataDir, keychainService } = d;
    await d.core.close();
    open.splice(open.indexOf(d), 1);
    await server.admin('UPDATE team.schema_info SET version = $1', [TEAM_SCHEMA_VERSION + 1]);
    try {
      const again = await startDesktop(sandbox, TOKEN, null, { dataDir, keychainService });
      open.push(again);
      const status = await eventually(
        async () => {
          const s = await again.teamStatus();
          return s.state === 'refused' ? s : undefined;
        },
        10_000,
        'refused',
      );
      expect(status.message).toMatch(
        new RegExp(`schema version ${TEAM_SCHEMA_VERSION + 1}, newer than this app knows`),
      );
    } finally {
      await server.admin('UPDATE team.schema_info SET version = $1', [TEAM_SCHEMA_VERSION]);
    }
  });
});
