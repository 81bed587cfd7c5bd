/**
 * Call notes with the team (issue 16) against a real PostgreSQL 15 and the standalone sandbox:
 * the author's note on a call reaches the team with its call, edits follow, and row-level
 * security keeps every other member from rewriting it (two roles, asserted on the server).
 * Keychain tests: run under scripts/with-keyring.sh.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type SandboxHandle } from '../../src/sandbox/index.ts';
import type { CallRecord } from '../../src/shared/calls.ts';
import type { CallNote } from '../../src/shared/history.ts';
import type { TeamCall, TeamCallNote, TeamServer } from '../../src/shared/team.ts';
import { eventually, requireTestKeyring, sandboxControl } from '../calls/helpers.ts';
import { startDesktop, teamCallOn, type Desktop } from './desktops.ts';
import { postgresMissingReason, startTeamServer, type TestTeamServer } from './team-server.ts';

const TOKEN = 'team-notes-token-0123456789abcdef';
const skipReason = postgresMissingReason();
let server: TestTeamServer;
let sandbox: SandboxHandle;
const open: Desktop[] = [];

async function desktop(join: { server: TeamServer; password: string } | null): Promise<Desktop> {
  const d = await startDesktop(sandbox, TOKEN, join);
  open.push(d);
  return d;
}

describe.skipIf(skipReason !== null)(`team call notes${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  beforeAll(async () => {
    requireTestKeyring();
    server = await startTeamServer();
    sandbox = await startSandbox({ timeScale: 0.01, talkSeconds: 1_000_000, rateLimit: 0, accessToken: TOKEN });
  }, 120_000);
  afterEach(async () => {
    while (open.length > 0) await open.pop()!.close();
  });
  afterAll(async () => {
    await sandbox?.close();
    server?.destroy();
  });

  it("the author's note reaches the team with its call; another member cannot rewrite it", async () => {
    const ana = await server.addMember('ana');
    const ben = await server.addMember('ben');
    const a = await desktop(ana);
    const b = await desktop(ben);
    const placed = await a.ok<CallRecord>('calls:place', { dest2: '+6581234567' });
    await a.ok('notes:set', { callId: placed.id, body: 'Wants a quote by Friday' });
    await teamCallOn(b, placed.id);
    const notesOn = (d: Desktop, body: string) =>
      eventually(
        async () => {
          const notes = await d.ok<TeamCallNote[]>('team:callNotes', { callId: placed.id });
          return notes.some((note) => note.author === 'ana' && note.body === body) ? notes : undefined;
        },
        20_000,
        `the note "${body}" on a desktop`,
      );
    expect((await notesOn(b, 'Wants a quote by Friday')).map((note) => note.author)).toEqual(['ana']);
    await a.ok('notes:set', { callId: placed.id, body: 'Quote sent' });
    await notesOn(b, 'Quote sent');

    // Row-level security, asserted with both roles on the server itself.
    const asBen = await server.connectAs('ben', ben.password);
    try {
      const update = await asBen.query("UPDATE team.call_notes SET body = 'rewritten' WHERE call_id = $1", [placed.id]);
      expect(update.rowCount).toBe(0);
      // An insert naming Ana as author is Ben's own note: the server sets the author.
      await asBen.query("INSERT INTO team.call_notes (call_id, author, body) VALUES ($1, 'ana', 'mine')", [placed.id]);
      await expect(
        asBen.query("UPDATE team.call_notes SET author = 'ben' WHERE call_id = $1 AND author = 'ana'", [placed.id]),
      ).resolves.toMatchObject({ rowCount: 0 });
      await expect(asBen.query('DELETE FROM team.call_notes WHERE call_id = $1', [placed.id])).rejects.toThrow(
        /permission denied/,
      );
    } finally {
      await asBen.end();
    }
    const rows = await server.admin<{ author: string; body: string }>(
      'SELECT author, body FROM team.call_notes WHERE call_id = $1 ORDER BY author',
      [placed.id],
    );
    expect(rows).toEqual([
      { author: 'ana', body: 'Quote sent' },
      { author: 'ben', body: 'mine' },
    ]);
    // The team reads both members' notes on the call.
    await eventually(
      async () =>
        (await a.ok<TeamCallNote[]>('team:callNotes', { callId: placed.id })).length === 2 ? true : undefined,
      20_000,
      "ben's note on ana's desktop",
    );

    // The revision rule for notes: Ana on another desktop writes from an older revision; the body
    // she had not seen ("Quote sent") is kept as a revision, not lost. Ben cannot add revisions to hers.
    const [current] = await server.admin<{ revision: number }>(
      "SELECT revision FROM team.call_notes WHERE call_id = $1 AND author = 'ana'",
      [placed.id],
    );
    const asAna = await server.connectAs('ana', ana.password);
    const asBen2 = await server.connectAs('ben', ben.password);
    try {
      const push = (body: string, baseRevision: number) =>
        asAna.query('SELECT o_revision FROM team.push_notes($1::jsonb)', [
          JSON.stringify([{ teamCallId: placed.id, body, baseRevision }]),
        ]);
      const written = await push('Call back on Monday', current!.revision - 1);
      expect(written.rows).toEqual([{ o_revision: current!.revision + 1 }]);
      // Written from the latest revision: an ordinary edit, no revision.
      await push('Call back on Tuesday', current!.revision + 1);
      await expect(
        asBen2.query("INSERT INTO team.call_note_revisions (call_id, author, body) VALUES ($1, 'ana', 'x')", [
          placed.id,
        ]),
      ).rejects.toThrow(/row-level security|foreign key/);
    } finally {
      await asAna.end();
      await asBen2.end();
    }
    const revisions = await server.admin<{ body: string; author: string }>(
      'SELECT body, author FROM team.call_note_revisions WHERE call_id = $1 ORDER BY id',
      [placed.id],
    );
    expect(revisions).toEqual([{ body: 'Quote sent', author: 'ana' }]);
    await notesOn(b, 'Call back on Tuesday');
    await sandboxControl(sandbox.controlUrl, 'POST', `calls/${placed.txnRef}/hangup`).catch(() => undefined);
  }, 90_000);
  it('notes written before joining are pushed when the desktop joins; another member reads them on the call', async () => {
    const cara = await server.addMember('cara');
    const dan = await server.addMember('dan');
    const a = await desktop(null);
    const placed = await a.ok<CallRecord>('calls:place', { dest2: '+6581230001' });
    await a.ok('notes:set', { callId: placed.id, body: 'Written before the team' });
    await a.ok('team:join', cara);
    const b = await desktop(dan);
    await eventually(
      async () =>
        (
          await server.admin<{ body: string }>(
            "SELECT body FROM team.call_notes WHERE call_id = $1 AND author = 'cara'",
            [placed.id],
          )
        )[0]?.body === 'Written before the team'
          ? true
          : undefined,
      20_000,
      'the pre-team note on the server',
    );
    // Dan's desktop has no local row for Cara's call: its details come from the team.
    await teamCallOn(b, placed.id);
    const call = await b.ok<TeamCall>('team:getCall', { callId: placed.id });
    // (localCallId is set if Dan's desktop also learned the call from the shared Hoiio account's history.)
    expect(call).toMatchObject({ id: placed.id, placedBy: 'cara' });
    expect(call.call.dest2).toBe('+6581230001');
    const notes = await eventually(
      async () => {
        const list = await b.ok<TeamCallNote[]>('team:callNotes', { callId: placed.id });
        return list.length > 0 ? list : undefined;
      },
      20_000,
      "Cara's note on Dan's desktop",
    );
    expect(notes).toEqual([
      { author: 'cara', body: 'Written before the team', updatedAt: expect.any(String), mine: false, revisions: [] },
    ]);
    // On Cara's own desktop the note is hers.
    await eventually(
      async () => {
        const own = await a.ok<TeamCallNote[]>('team:callNotes', { callId: placed.id });
        return own.some((note) => note.mine && note.author === 'cara') ? true : undefined;
      },
      20_000,
      "Cara's note as hers on her desktop",
    );
    expect(await b.call('team:getCall', { callId: '00000000-0000-4000-8000-000000000000' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    await sandboxControl(sandbox.controlUrl, 'POST', `calls/${placed.txnRef}/hangup`).catch(() => undefined);
  }, 90_000);

  it("an edit from the author's other desktop, ordered later by the server, keeps the replaced text as a revision that Restore puts back", async () => {
    const eve = await server.addMember('eve');
    const a = await desktop(eve);
    const placed = await a.ok<CallRecord>('calls:place', { dest2: '+6581230002' });
    await a.ok('notes:set', { callId: placed.id, body: 'Wants a quote' });
    const serverNote = async () =>
      (
        await server.admin<{ body: string; revision: number }>(
          "SELECT body, revision FROM team.call_notes WHERE call_id = $1 AND author = 'eve'",
          [placed.id],
        )
      )[0];
    await eventually(
      async () => ((await serverNote())?.body === 'Wants a quote' ? true : undefined),
      20_000,
      'the note on the server',
    );
    // Eve's other desktop wrote from an older revision (it had not seen "Wants a quote").
    const first = (await serverNote())!;
    const asEve = await server.connectAs('eve', eve.password);
    let later: number;
    try {
      [{ o_revision: later }] = (
        await asEve.query<{ o_revision: number }>('SELECT o_revision FROM team.push_notes($1::jsonb)', [
          JSON.stringify([{ teamCallId: placed.id, body: 'Call back on Monday', baseRevision: first.revision - 1 }]),
        ])
      ).rows as [{ o_revision: number }];
    } finally {
      await asEve.end();
    }
    // This desktop takes the server's latest text as its own note, and lists the replaced one.
    await eventually(
      async () =>
        (await a.ok<CallNote | null>('notes:get', { callId: placed.id }))?.body === 'Call back on Monday'
          ? true
          : undefined,
      20_000,
      'the later text as the note on the first desktop',
    );
    const mine = await eventually(
      async () =>
        (await a.ok<TeamCallNote[]>('team:callNotes', { callId: placed.id })).find(
          (note) => note.mine && note.revisions.length > 0,
        ),
      20_000,
      'the revision on the first desktop',
    );
    expect(mine.revisions).toEqual([
      { id: expect.any(Number), body: 'Wants a quote', bodyAt: expect.any(String), replacedAt: expect.any(String) },
    ]);
    // The pulled text is not a local edit: once this desktop's queue is empty (the live call's own
    // updates are pushed too, so the count alone can be 1 for a while), the server's note is still
    // the other desktop's revision: this desktop pushed no note of its own.
    await eventually(async () => ((await a.teamStatus()).pending === 0 ? true : undefined), 20_000, 'an empty queue');
    expect((await serverNote())?.revision).toBe(later);

    // Restore: an ordinary edit of the note, pushed from the latest revision (no new revision).
    await a.ok('notes:set', { callId: placed.id, body: mine.revisions[0]!.body });
    await eventually(
      async () => ((await serverNote())?.body === 'Wants a quote' ? true : undefined),
      20_000,
      'the restored text on the server',
    );
    const revisions = await server.admin<{ body: string }>(
      "SELECT body FROM team.call_note_revisions WHERE call_id = $1 AND author = 'eve' ORDER BY id",
      [placed.id],
    );
    expect(revisions).toEqual([{ body: 'Wants a quote' }]);
    await sandboxControl(sandbox.controlUrl, 'POST', `calls/${placed.txnRef}/hangup`).catch(() => undefined);
  }, 90_000);

  it('a note over 2,000 characters is refused at every boundary: the contract, team.push_notes and the table', async () => {
    const fay = await server.addMember('fay');
    const a = await desktop(fay);
    const placed = await a.ok<CallRecord>('calls:place', { dest2: '+6581230003' });
    const tooLong = 'x'.repeat(2_001);
    expect(await a.call('notes:set', { callId: placed.id, body: tooLong })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    await a.ok('notes:set', { callId: placed.id, body: 'Short' });
    await teamCallOn(a, placed.id);
    await eventually(
      async () =>
        (await server.admin('SELECT 1 FROM team.call_notes WHERE call_id = $1', [placed.id])).length === 1
          ? true
          : undefined,
      20_000,
      'the note on the server',
    );
    const asFay = await server.connectAs('fay', fay.password);
    try {
      const push = (body: string) =>
        asFay.query('SELECT o_revision FROM team.push_notes($1::jsonb)', [
          JSON.stringify([{ teamCallId: placed.id, body, baseRevision: null }]),
        ]);
      await expect(push(tooLong)).rejects.toMatchObject({
        code: '22001',
        message: 'A call note is at most 2000 characters; this one has 2001 characters.',
      });
      await expect(
        asFay.query("UPDATE team.call_notes SET body = repeat('y', 2001) WHERE call_id = $1", [placed.id]),
      ).rejects.toThrow(/call_note_body_at_most_2000_characters/);
      await push('z'.repeat(2_000));
    } finally {
      await asFay.end();
    }
    const [held] = await server.admin<{ length: number }>(
      'SELECT length(body) AS length FROM team.call_notes WHERE call_id = $1',
      [placed.id],
    );
    expect(held).toEqual({ length: 2_000 });
    await sandboxControl(sandbox.controlUrl, 'POST', `calls/${placed.txnRef}/hangup`).catch(() => undefined);
  }, 90_000);
});
