/**
 * Call notes with the team (issue 16), the desktop's side (store migration 14). While a team is
 * joined, triggers mark this desktop's note writes dirty (team_note_links); the pusher sends the
 * author's notes on calls the team holds (a call placed here and pushed, or one learned from
 * Hoiio history and merged with the team's row), after the calls themselves. The team's notes
 * are pulled into team_call_notes; the server's row-level security lets only the author write.
 */
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { LOCAL_NOTE_AUTHOR } from '../../../shared/history.ts';
import { inTransaction } from '../store/transaction.ts';
import type { FeedCursor } from './local-store.ts';

/** One note to push: the team row of its call, the body ('' when deleted here), its synced revision. */
export interface NotePush {
  readonly localCallId: string;
  readonly teamCallId: string;
  readonly body: string;
  /** The note's revision on the server when this desktop last synced it; null: never. */
  readonly baseRevision: number | null;
}

/** One team.call_notes row as pulled. */
export interface TeamNoteRow {
  readonly callId: string;
  readonly author: string;
  readonly body: string;
  readonly updatedAt: string;
  readonly revision: number;
  readonly changeXid: string;
}

/** A note of the team on a call, as the call page lists it. */
export interface TeamNoteView {
  readonly author: string;
  readonly body: string;
  readonly updatedAt: string;
}

/** The cursor's `id` for notes: call id and author (the feed's order after change_xid). */
export function noteCursorId(callId: string, author: string): string {
  return `${callId}\n${author}`;
}

export class TeamNotesStore {
  readonly #db: DatabaseSync;
  readonly #s: Record<string, StatementSync>;

  constructor(db: DatabaseSync) {
    this.#db = db;
    const prepare = (sql: string): StatementSync => db.prepare(sql);
    this.#s = {
      // Pushable (the team holds the call) or to be left here (not a live call placed here);
      // a note on a live call of this desktop not pushed yet waits for its call.
      dirty: prepare(
        `SELECT l.call_id, n.body, coalesce(tl.team_row_id, tc.id) AS team_id, tn.revision AS base_revision
         FROM team_note_links l
         LEFT JOIN call_notes n ON n.call_id = l.call_id AND n.author = l.author
         LEFT JOIN team_call_links tl ON tl.call_id = l.call_id AND tl.team_row_id IS NOT NULL
         LEFT JOIN team_calls tc ON tc.id = l.call_id
         LEFT JOIN call_log c ON c.id = l.call_id
         LEFT JOIN team_call_notes tn ON tn.call_id = coalesce(tl.team_row_id, tc.id) AND tn.author = ?
         WHERE l.dirty = 1 AND l.author = ?
           AND (tl.team_row_id IS NOT NULL OR tc.id IS NOT NULL OR c.id IS NULL OR c.mode <> 'live' OR c.tag IS NOT c.id)
         ORDER BY l.call_id LIMIT ?`,
      ),
      dirtyCount: prepare('SELECT count(*) AS n FROM team_note_links WHERE dirty = 1'),
      localBody: prepare('SELECT body FROM call_notes WHERE call_id = ? AND author = ?'),
      clean: prepare('DELETE FROM team_note_links WHERE call_id = ? AND author = ?'),
      upsert: prepare(
        `INSERT INTO team_call_notes (call_id, author, body, updated_at, revision) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (call_id, author) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at,
           revision = excluded.revision
         WHERE excluded.revision >= team_call_notes.revision`,
      ),
      // The team's notes on a local call: on its own id, or on the team row it was merged with.
      forCall: prepare(
        `SELECT author, body, updated_at FROM team_call_notes
         WHERE body <> '' AND call_id IN (
           SELECT ? UNION SELECT team_row_id FROM team_call_links WHERE call_id = ? AND team_row_id IS NOT NULL)
         ORDER BY author`,
      ),
      saveCursor: prepare(
        `INSERT INTO team_feed (server_key, cursor_xid, cursor_id, caught_up_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (server_key) DO UPDATE SET cursor_xid = excluded.cursor_xid, cursor_id = excluded.cursor_id,
           caught_up_at = coalesce(excluded.caught_up_at, caught_up_at)`,
      ),
    };
  }

  dirtyCount(): number {
    return Number((this.#s.dirtyCount!.get() as { n: number }).n);
  }

  /**
   * The author's dirty notes whose call the team holds. A note on a call the team will not hold
   * (a sandbox call, or one learned from Hoiio history the team has not seen) stays on this
   * desktop: its mark is cleared.
   */
  nextPushes(member: string, limit: number): NotePush[] {
    for (;;) {
      const rows = this.#s.dirty!.all(member, LOCAL_NOTE_AUTHOR, limit) as {
        call_id: string;
        body: string | null;
        team_id: string | null;
        base_revision: number | null;
      }[];
      if (rows.length === 0) return [];
      const pushes = rows.flatMap((row) =>
        row.team_id === null
          ? []
          : [
              {
                localCallId: row.call_id,
                teamCallId: row.team_id,
                body: row.body ?? '',
                baseRevision: row.base_revision === null ? null : Number(row.base_revision),
              },
            ],
      );
      const stays = rows.filter((row) => row.team_id === null);
      inTransaction(this.#db, () => stays.forEach((row) => this.#s.clean!.run(row.call_id, LOCAL_NOTE_AUTHOR)));
      if (pushes.length > 0) return pushes;
    }
  }

  /**
   * These notes reached the server at these revisions: the team's copy (the next push's base)
   * follows, and the note is clean unless it changed again while the push was in flight.
   */
  markPushed(member: string, pushes: readonly NotePush[], revisions: ReadonlyMap<string, number>): void {
    const at = new Date().toISOString();
    inTransaction(this.#db, () => {
      for (const push of pushes) {
        const revision = revisions.get(push.teamCallId);
        if (revision !== undefined) this.#s.upsert!.run(push.teamCallId, member, push.body, at, revision);
        const now = this.#s.localBody!.get(push.localCallId, LOCAL_NOTE_AUTHOR) as { body: string } | undefined;
        if ((now?.body ?? '') === push.body) this.#s.clean!.run(push.localCallId, LOCAL_NOTE_AUTHOR);
      }
    });
  }

  /** Applies a pulled batch of the team's notes and moves the cursor past it, atomically. */
  applyPulled(key: string, rows: readonly TeamNoteRow[], next: FeedCursor, caughtUp: boolean): void {
    inTransaction(this.#db, () => {
      for (const row of rows) this.#s.upsert!.run(row.callId, row.author, row.body, row.updatedAt, row.revision);
      this.#s.saveCursor!.run(key, next.xid, next.id, caughtUp ? new Date().toISOString() : null);
    });
  }

  /** The team members' notes on a call (this desktop's own note included once pushed), by author. */
  notesFor(callId: string): TeamNoteView[] {
    return (this.#s.forCall!.all(callId, callId) as { author: string; body: string; updated_at: string }[]).map(
      (row) => ({ author: row.author, body: row.body, updatedAt: row.updated_at }),
    );
  }
}
