/**
 * The desktop's side of team call notes (issue 16) on a real SQLite file: a pulled note of this
 * desktop's member becomes the local note unless the local note has an unpushed edit (then the
 * push goes first and the pulled row is not taken as its base), revisions travel with their note,
 * and joining queues the notes written before. No PostgreSQL: the rows are as the feed pulls them.
 */
import { describe, expect, it } from 'vitest';
import { TeamNotesStore, type TeamNoteRow } from '../../src/main/core/team/notes-store.ts';
import { createCallNotesRepository } from '../../src/main/core/store/call-notes.ts';
import { callRecord, endedConnected, freshStore } from '../store/support.ts';

const CURSOR = { xid: '100', id: 'x' };

function setup() {
  const store = freshStore();
  const notes = createCallNotesRepository(store.db);
  const team = new TeamNotesStore(store.db);
  store.callLog.insert(
    callRecord({ id: 'call-1', mode: 'live', tag: 'call-1', ...endedConnected({ txnRef: 'TX-1' }) }),
  );
  // Placed here and pushed: its team row is its own id.
  store.db.exec(
    "INSERT INTO team_call_links (call_id, team_row_id, placed_by, sync_state) VALUES ('call-1', 'call-1', 'ana', 'synced')",
  );
  const dirty = () =>
    (
      store.db.prepare("SELECT count(*) AS n FROM team_note_links WHERE call_id = 'call-1' AND dirty = 1").get() as {
        n: number;
      }
    ).n;
  const teamCopy = (author: string) =>
    store.db
      .prepare("SELECT body, revision FROM team_call_notes WHERE call_id = 'call-1' AND author = ?")
      .get(author) as { body: string; revision: number } | undefined;
  return { store, notes, team, dirty, teamCopy };
}

const row = (author: string, body: string, revision: number, revisionsJson?: string): TeamNoteRow => ({
  callId: 'call-1',
  author,
  body,
  updatedAt: '2026-12-01T10:00:00.000Z',
  revision,
  changeXid: '100',
  ...(revisionsJson ? { revisionsJson } : {}),
});

describe('team call notes on the desktop', () => {
  it("the member's note from another desktop becomes the local note, with its revisions; nothing is left to push", () => {
    const { store, notes, team, dirty } = setup();
    store.db.exec('INSERT INTO team_contacts_tracking (slot) VALUES (1)'); // joined
    const revisions = JSON.stringify([
      { id: 7, body: 'Wants a quote', bodyAt: '2026-12-01T09:00:00.000Z', replacedAt: '2026-12-01T10:00:00.000Z' },
    ]);
    const pulled = team.applyPulled(
      'k#notes',
      [row('ana', 'Call back on Monday', 3, revisions), row('ben', 'Sent the brochure', 1)],
      CURSOR,
      true,
      'ana',
    );
    expect(pulled.ownNotesRewritten).toEqual([{ callId: 'call-1', noteText: 'Call back on Monday' }]);
    expect(notes.get('call-1', 'me')?.body).toBe('Call back on Monday');
    expect(notes.get('call-1', 'ben')).toBeNull(); // another member's note stays the team's copy
    expect(dirty()).toBe(0);
    expect(team.dirtyCount()).toBe(0);
    expect(team.notesFor('call-1', 'ana')).toEqual([
      {
        author: 'ana',
        body: 'Call back on Monday',
        updatedAt: '2026-12-01T10:00:00.000Z',
        mine: true,
        revisions: [
          { id: 7, body: 'Wants a quote', bodyAt: '2026-12-01T09:00:00.000Z', replacedAt: '2026-12-01T10:00:00.000Z' },
        ],
      },
      { author: 'ben', body: 'Sent the brochure', updatedAt: '2026-12-01T10:00:00.000Z', mine: false, revisions: [] },
    ]);
    store.close();
  });

  it('an unpushed local edit is not overwritten by a pulled one, and the pulled row does not become its base', () => {
    const { store, notes, team, dirty, teamCopy } = setup();
    store.db.exec('INSERT INTO team_contacts_tracking (slot) VALUES (1)');
    team.applyPulled('k#notes', [row('ana', 'Wants a quote', 1)], CURSOR, true, 'ana');
    notes.set('call-1', 'me', 'Typed here while apart');
    expect(dirty()).toBe(1);
    const pulled = team.applyPulled('k#notes', [row('ana', 'Call back on Monday', 2)], CURSOR, true, 'ana');
    expect(pulled.ownNotesRewritten).toEqual([]);
    expect(notes.get('call-1', 'me')?.body).toBe('Typed here while apart');
    // The push's base stays revision 1: the server sees the edit was made without "Call back on
    // Monday" and keeps that text as a revision.
    expect(teamCopy('ana')).toEqual({ body: 'Wants a quote', revision: 1 });
    expect(team.nextPushes('ana', 10)).toEqual([
      { localCallId: 'call-1', teamCallId: 'call-1', body: 'Typed here while apart', baseRevision: 1 },
    ]);
    store.close();
  });

  it('joining queues the notes written before, so they push with their calls', () => {
    const { store, notes, team, dirty } = setup();
    notes.set('call-1', 'me', 'Written before the team'); // not joined: nothing is tracked
    expect(dirty()).toBe(0);
    expect(team.shareExisting()).toBe(1);
    expect(team.nextPushes('ana', 10)).toEqual([
      { localCallId: 'call-1', teamCallId: 'call-1', body: 'Written before the team', baseRevision: null },
    ]);
    store.close();
  });
});
