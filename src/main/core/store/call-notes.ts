import type { DatabaseSync } from 'node:sqlite';
import { AppError } from '../../../shared/errors.ts';
import { NOTE_MAX_LENGTH, type CallNote } from '../../../shared/history.ts';
import { toStorageError } from './sqlite-errors.ts';
import { inTransaction } from './transaction.ts';

/**
 * Notes on a call (table `call_notes`, migration 10): one per call and author. The call's
 * `note_text` (full-text search, CSV) follows through triggers, so this is the only writer.
 */
export type CallNotesRepository = ReturnType<typeof createCallNotesRepository>;

interface NoteRow {
  call_id: string;
  author: string;
  body: string;
  created_at: string;
  updated_at: string;
}

const toNote = (row: NoteRow): CallNote => ({
  callId: row.call_id,
  author: row.author,
  body: row.body,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export function createCallNotesRepository(db: DatabaseSync, options: { now?: () => Date } = {}) {
  const now = (): string => (options.now?.() ?? new Date()).toISOString();
  const statements = {
    get: db.prepare('SELECT * FROM call_notes WHERE call_id = ? AND author = ?'),
    callExists: db.prepare('SELECT 1 FROM call_log WHERE id = ?'),
    upsert: db.prepare(
      `INSERT INTO call_notes (call_id, author, body, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (call_id, author) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at
       WHERE body IS NOT excluded.body`,
    ),
    remove: db.prepare('DELETE FROM call_notes WHERE call_id = ? AND author = ?'),
    noteText: db.prepare('SELECT note_text FROM call_log WHERE id = ?'),
  };

  /** The author's note on the call, or null. */
  function get(callId: string, author: string): CallNote | null {
    const row = statements.get.get(callId, author) as NoteRow | undefined;
    return row ? toNote(row) : null;
  }

  /**
   * Sets the author's note on the call to `body` (already trimmed and checked by the contract);
   * an empty body deletes it. Returns the note (null when deleted) and the call's note text
   * (every author's notes, a line each) for the log. AppError 'not_found' when the call is not in the log.
   * `baseUpdatedAt` (the revision the editor started from, null: no note then): when the stored
   * note is another revision, nothing is written and AppError 'conflict' carries the stored note
   * (`details.current`, NoteConflictDetails). Each write's `updatedAt` is later than the one it
   * replaces (at least 1 ms), so two writes never share a revision.
   */
  function set(
    callId: string,
    author: string,
    body: string,
    baseUpdatedAt?: string | null,
  ): { note: CallNote | null; noteText: string | null } {
    // The contract checks this too; the store holds the line for every other writer.
    if (body.length > NOTE_MAX_LENGTH) {
      throw new AppError(
        'invalid_input',
        `A note is at most ${NOTE_MAX_LENGTH} characters; this one has ${body.length}.`,
        {
          field: 'body',
          maxLength: NOTE_MAX_LENGTH,
          length: body.length,
        },
      );
    }
    try {
      return inTransaction(db, () => {
        if (!statements.callExists.get(callId)) {
          throw new AppError('not_found', `No call with id ${callId} is in the log.`, { id: callId });
        }
        const current = get(callId, author);
        if (baseUpdatedAt !== undefined && (current?.updatedAt ?? null) !== baseUpdatedAt) {
          throw new AppError(
            'conflict',
            'This note was changed in another window since you started editing it; nothing was saved.',
            { current },
            { key: 'note.changedElsewhere' },
          );
        }
        if (body === '') statements.remove.run(callId, author);
        else {
          const stamp = laterThan(now(), current?.updatedAt);
          statements.upsert.run(callId, author, body, stamp, stamp);
        }
        const text = statements.noteText.get(callId) as { note_text: string | null } | undefined;
        return { note: get(callId, author), noteText: text?.note_text ?? null };
      });
    } catch (error) {
      throw toStorageError(error, 'Saving the note');
    }
  }

  return { get, set };
}

/** `stamp`, or 1 ms after `previous` when the clock has not moved past it (ISO 8601 instants). */
function laterThan(stamp: string, previous: string | undefined): string {
  if (previous === undefined || stamp > previous) return stamp;
  return new Date(Date.parse(previous) + 1).toISOString();
}
