/**
 * Call notes with the team (issue 16), the desktop's side (store migration 14). While a team is
 * joined, triggers mark this desktop's note writes dirty (team_note_links); the pusher sends the
 * author's notes on calls the team holds (a call placed here and pushed, or one learned from
 * Hoiio history and merged with the team's row), after the calls themselves. The team's notes
 * are pulled into team_call_notes; the server's row-level security lets only the author write.
 */
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { LOCAL_NOTE_AUTHOR, NOTE_MAX_LENGTH } from '../../../shared/history.ts';
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
  /**
   * The note's newest earlier bodies (at most 20, newest first) as JSON text: an array of
   * {id, body, bodyAt, replacedAt} (team.call_note_revisions; times ISO 8601 UTC). Absent: none.
   */
  readonly revisionsJson?: string;
}

/** An earlier body of a note that a later, server-ordered write replaced unseen (store migration 18). */
export interface TeamNoteRevisionView {
  /** The server's id of the revision (team.call_note_revisions.id). */
  readonly id: number;
  readonly body: string;
  /** When that body was written (ISO 8601), if known. */
  readonly bodyAt: string | null;
  /** When the later write replaced it (ISO 8601). */
  readonly replacedAt: string;
}

/** A note of the team on a call, as the call's details list it. */
export interface TeamNoteView {
  readonly author: string;
  readonly body: string;
  readonly updatedAt: string;
  /** Written by this desktop's member (the user's own note: edited here, the others read-only). */
  readonly mine: boolean;
  /** Earlier bodies a later write replaced unseen, newest first. */
  readonly revisions: TeamNoteRevisionView[];
}

/** What a pulled batch changed on this desktop: local calls whose own note the team's copy rewrote. */
export interface PulledNotes {
  readonly ownNotesRewritten: readonly { readonly callId: string; readonly noteText: string | null }[];
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
        `SELECT call_id, author, body, updated_at FROM team_call_notes
         WHERE call_id IN (
           SELECT ? UNION SELECT team_row_id FROM team_call_links WHERE call_id = ? AND team_row_id IS NOT NULL)
         ORDER BY author`,
      ),
      // The local call a team row is (placed here) or is merged with (learned from Hoiio history).
      localCall: prepare(
        `SELECT l.call_id FROM team_call_links l JOIN call_log c ON c.id = l.call_id
         WHERE l.team_row_id = ? LIMIT 1`,
      ),
      isDirty: prepare('SELECT 1 FROM team_note_links WHERE call_id = ? AND author = ? AND dirty = 1'),
      writeLocal: prepare(
        `INSERT INTO call_notes (call_id, author, body, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (call_id, author) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at
         WHERE body IS NOT excluded.body`,
      ),
      removeLocal: prepare('DELETE FROM call_notes WHERE call_id = ? AND author = ?'),
      noteText: prepare('SELECT note_text FROM call_log WHERE id = ?'),
      dropRevisions: prepare('DELETE FROM team_call_note_revisions WHERE call_id = ? AND author = ?'),
      addRevision: prepare(
        `INSERT INTO team_call_note_revisions (call_id, author, id, body, body_at, replaced_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
      ),
      revisionsFor: prepare(
        `SELECT id, body, body_at, replaced_at FROM team_call_note_revisions
         WHERE call_id = ? AND author = ? ORDER BY id DESC`,
      ),
      // Every note written on this desktop: joining a team shares them (pushed with their calls).
      enqueueAll: prepare(
        `INSERT INTO team_note_links (call_id, author, dirty) SELECT call_id, author, 1 FROM call_notes WHERE author = ?
         ON CONFLICT (call_id, author) DO UPDATE SET dirty = 1`,
      ),
      saveCursor: prepare(
        `INSERT INTO team_feed (server_key, cursor_xid, cursor_id, caught_up_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (server_key) DO UPDATE SET cursor_xid = excluded.cursor_xid, cursor_id = excluded.cursor_id,
           caught_up_at = coalesce(excluded.caught_up_at, caught_up_at)`,
      ),
    };
  }

  /**
   * Joined a team: every note written on this desktop so far is queued to push (those on calls the
   * team will hold go with their calls; the others stay here, as nextPushes says).
   */
  shareExisting(): number {
    return Number(this.#s.enqueueAll!.run(LOCAL_NOTE_AUTHOR).changes);
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

  /**
   * Applies a pulled batch of the team's notes (with their revisions) and moves the cursor past it,
   * atomically. A note of `member` (this desktop's member, written on another of their desktops)
   * on a call of this desktop becomes the local note, as the server ordered it, unless the local
   * note has an unpushed edit: then the push goes first (the server keeps the body it replaces
   * unseen as a revision) and its answer becomes the team's copy, so the pulled row is not taken
   * as the next push's base. `member` null: not signed in yet, nothing is rewritten.
   */
  applyPulled(
    key: string,
    rows: readonly TeamNoteRow[],
    next: FeedCursor,
    caughtUp: boolean,
    member: string | null = null,
  ): PulledNotes {
    const rewritten: { callId: string; noteText: string | null }[] = [];
    inTransaction(this.#db, () => {
      for (const row of rows) {
        this.#s.dropRevisions!.run(row.callId, row.author);
        for (const revision of parseRevisions(row.revisionsJson)) {
          this.#s.addRevision!.run(
            row.callId,
            row.author,
            revision.id,
            revision.body,
            revision.bodyAt,
            revision.replacedAt,
          );
        }
        const local =
          member !== null && row.author === member
            ? (this.#s.localCall!.get(row.callId) as { call_id: string } | undefined)?.call_id
            : undefined;
        if (local !== undefined && this.#s.isDirty!.get(local, LOCAL_NOTE_AUTHOR)) continue;
        this.#s.upsert!.run(row.callId, row.author, row.body, row.updatedAt, row.revision);
        // A longer note (written on the server by SQL before schema 3) stays the team's copy only:
        // the local note keeps to the app's limit.
        if (local === undefined || row.body.length > NOTE_MAX_LENGTH) continue;
        const before = this.#s.localBody!.get(local, LOCAL_NOTE_AUTHOR) as { body: string } | undefined;
        if ((before?.body ?? '') === row.body) continue;
        if (row.body === '') this.#s.removeLocal!.run(local, LOCAL_NOTE_AUTHOR);
        else this.#s.writeLocal!.run(local, LOCAL_NOTE_AUTHOR, row.body, row.updatedAt, row.updatedAt);
        // The team's own write is not a local edit: the tracking trigger's mark is taken back.
        this.#s.clean!.run(local, LOCAL_NOTE_AUTHOR);
        const text = this.#s.noteText!.get(local) as { note_text: string | null } | undefined;
        rewritten.push({ callId: local, noteText: text?.note_text ?? null });
      }
      this.#s.saveCursor!.run(key, next.xid, next.id, caughtUp ? new Date().toISOString() : null);
    });
    return { ownNotesRewritten: rewritten };
  }

  /**
   * The team members' notes on a call (a local call id, or a team call id for a call another
   * member placed), by author: this desktop's own note once pushed (`mine`, author = `member`),
   * with each note's earlier bodies. Emptied notes are listed only when they have revisions.
   */
  notesFor(callId: string, member: string | null = null): TeamNoteView[] {
    const rows = this.#s.forCall!.all(callId, callId) as {
      call_id: string;
      author: string;
      body: string;
      updated_at: string;
    }[];
    return rows.flatMap((row) => {
      const revisions = (
        this.#s.revisionsFor!.all(row.call_id, row.author) as {
          id: number;
          body: string;
          body_at: string | null;
          replaced_at: string;
        }[]
      ).map((revision) => ({
        id: Number(revision.id),
        body: revision.body,
        bodyAt: revision.body_at,
        replacedAt: revision.replaced_at,
      }));
      if (row.body === '' && revisions.length === 0) return [];
      return [
        { author: row.author, body: row.body, updatedAt: row.updated_at, mine: row.author === member, revisions },
      ];
    });
  }
}

/** The pulled revisions' JSON text, read defensively: a malformed entry is skipped, not fatal. */
function parseRevisions(json: string | undefined): TeamNoteRevisionView[] {
  if (!json) return [];
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return [];
  }
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry: unknown) => {
    const item = entry as Partial<Record<keyof TeamNoteRevisionView, unknown>> | null;
    if (!item || typeof item.id !== 'number' || typeof item.body !== 'string' || typeof item.replacedAt !== 'string') {
      return [];
    }
    return [
      {
        id: item.id,
        body: item.body,
        bodyAt: typeof item.bodyAt === 'string' ? item.bodyAt : null,
        replacedAt: item.replacedAt,
      },
    ];
  });
}
