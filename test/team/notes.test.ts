/**
 * Call notes with the team (issue 16) against a real PostgreSQL 15 and the standalone sandbox:
 * the author's note on a call reaches the team with its call, edits follow, and row-level
 * security keeps every other member from rewriting it (two roles, asserted on the server).
 * Keychain tests: run under scripts/with-keyring.sh.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type SandboxHandle } from '../../src/sandbox/index.ts';
import type { CallRecord } from '../../src/shared/calls.ts';
import type { TeamCallNote, TeamServer } from '../../src/shared/team.ts';
import { eventually, requireTestKeyring, sandboxControl } from '../calls/helpers.ts';
import { startDesktop, teamCallOn, type Desktop } from './desktops.ts';
import { postgresMissingReason, startTeamServer, type TestTeamServer } from './team-server.ts';

const TOKEN = 'team-notes-token-0123456789abcdef';
const skipReason = postgresMissingReason();
let server: TestTeamServer;
let sandbox: SandboxHandle;
const open: Desktop[] = [];

async function desktop(join: { server: TeamServer; password: string }): Promise<Desktop> {
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
  afterAll(async () => {
    while (open.length > 0) await open.pop()!.close();
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
});
