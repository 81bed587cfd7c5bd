import type { DatabaseSync } from 'node:sqlite';
import { AppError } from '../../../shared/errors.ts';
import type { ImportUndoPreview, ImportUndoResult } from '../../../shared/import-export.ts';
import { englishErrorMessage } from '../../../shared/error-messages.ts';
import { quoteForReport } from '../io/source-record.ts';
import { toStorageError } from './sqlite-errors.ts';
import { inTransaction } from './transaction.ts';

const CONTACT_COLUMNS =
  'id, name, company, notes, favourite, created_at, updated_at, sort_key, search_text, phone_search';
const PHONE_COLUMNS = 'contact_id, position, label, e164, original, extension';
const UPDATED_COLUMNS = CONTACT_COLUMNS.split(', ')
  .filter((column) => column !== 'id' && column !== 'created_at')
  .map((column) => `${column} = excluded.${column}`)
  .join(', ');

/**
 * Makes an import staged by the database worker (`contacts.stageImport`) visible in ONE short
 * transaction on `db` (the jobs worker's write connection, see docs/architecture.md): the contacts the import created or
 * changed (`import_touched`) replace their rows and numbers, the delete-undo window closes, as
 * for any change, and the import's own undo buffer is written (`undoLastImport`): which contacts it
 * added, and the rows and numbers of those it merged into as they were before. All or nothing.
 * Errors: AppError('conflict') when a contact the import merged into was edited or deleted
 * after the import read it (nothing is written; importing again merges into the new state);
 * AppError('storage') when SQLite fails (rolled back).
 */
export function applyStagedImport(
  db: DatabaseSync,
  stagingFile: string,
  undo: { readonly fileName: string; readonly importedAt: string } = {
    fileName: '',
    importedAt: new Date().toISOString(),
  },
): void {
  db.prepare('ATTACH DATABASE ? AS staging').run(stagingFile);
  try {
    inTransaction(db, () => {
      const changedMeanwhile = db
        .prepare(
          `SELECT count(*) AS n FROM staging.import_touched t JOIN staging.import_base b ON b.id = t.id
           LEFT JOIN main.contacts c ON c.id = b.id WHERE c.updated_at IS NOT b.updated_at`,
        )
        .get() as { n: number };
      if (changedMeanwhile.n > 0) {
        throw new AppError(
          'conflict',
          `${changedMeanwhile.n} contact(s) the import would merge into changed while the file was being read, ` +
            'so nothing was imported. Import the file again.',
        );
      }
      recordUndo(db, undo);
      db.exec(`
        DELETE FROM main.contact_phones WHERE contact_id IN (SELECT id FROM staging.import_touched);
        INSERT INTO main.contacts (${CONTACT_COLUMNS})
          SELECT ${CONTACT_COLUMNS} FROM staging.contacts WHERE id IN (SELECT id FROM staging.import_touched)
          ORDER BY id -- in key order: ~2x faster b-tree inserts than random UUID order
          ON CONFLICT (id) DO UPDATE SET ${UPDATED_COLUMNS};
        INSERT INTO main.contact_phones (${PHONE_COLUMNS})
          SELECT ${PHONE_COLUMNS} FROM staging.contact_phones
          WHERE contact_id IN (SELECT id FROM staging.import_touched) ORDER BY contact_id, position;
        DELETE FROM main.contact_undo;
      `);
    });
  } catch (error) {
    if (error instanceof AppError && error.code === 'conflict') throw error;
    const storage = toStorageError(error, 'Importing contacts');
    throw new AppError(
      'storage',
      `${storage.message} The import was rolled back: nothing was imported.`,
      storage.details,
    );
  } finally {
    db.exec('DETACH DATABASE staging');
  }
}

/** Replaces the undo buffer with this import's: run inside applyStagedImport's transaction, before it writes. */
function recordUndo(db: DatabaseSync, undo: { readonly fileName: string; readonly importedAt: string }): void {
  db.exec('DELETE FROM main.import_undo; DELETE FROM main.import_undo_contacts; DELETE FROM main.import_undo_phones;');
  db.prepare('INSERT INTO main.import_undo (slot, imported_at, file_name) VALUES (1, ?, ?)').run(
    undo.importedAt,
    undo.fileName,
  );
  const previous = CONTACT_COLUMNS.split(', ')
    .filter((column) => column !== 'id')
    .map((column) => `c.${column}`)
    .join(', ');
  db.exec(`
    INSERT INTO main.import_undo_contacts (id, added, after_updated_at, ${CONTACT_COLUMNS.replace('id, ', '')})
      SELECT s.id, c.id IS NULL, s.updated_at, ${previous}
      FROM staging.import_touched t JOIN staging.contacts s ON s.id = t.id LEFT JOIN main.contacts c ON c.id = t.id;
    INSERT INTO main.import_undo_phones (${PHONE_COLUMNS})
      SELECT ${PHONE_COLUMNS} FROM main.contact_phones WHERE contact_id IN (SELECT id FROM staging.import_touched);
  `);
}

/** What undoing the last import would do (ImportUndoPreview in shared/import-export.ts), or null when there is none. */
export function lastImportPreview(db: DatabaseSync): ImportUndoPreview | null {
  const slot = db.prepare('SELECT imported_at, file_name FROM import_undo WHERE slot = 1').get() as
    { imported_at: string; file_name: string } | undefined;
  if (!slot) return null;
  const counts = db
    .prepare(
      'SELECT count(*) FILTER (WHERE added = 1) AS added, count(*) FILTER (WHERE added = 0) AS merged FROM import_undo_contacts',
    )
    .get() as { added: number; merged: number };
  const edited = editedSince(db);
  return {
    importedAt: slot.imported_at,
    fileName: slot.file_name,
    added: counts.added,
    merged: counts.merged,
    editedCount: edited.length,
    editedNames: edited.slice(0, EDITED_NAMES_SHOWN).map((row) => quoteForReport(row.name)),
  };
}

/** How many names of edited contacts a preview or refusal lists (the count is exact). */
const EDITED_NAMES_SHOWN = 5;

/**
 * Contacts the last import touched that changed since: edited (another updated_at), or a contact it
 * merged into that was deleted. A contact it added and that was deleted since is no obstacle.
 */
function editedSince(db: DatabaseSync): { name: string }[] {
  return db
    .prepare(
      `SELECT coalesce(c.name, u.name, '') AS name FROM import_undo_contacts u LEFT JOIN contacts c ON c.id = u.id
       WHERE (c.id IS NULL AND u.added = 0) OR (c.id IS NOT NULL AND c.updated_at IS NOT u.after_updated_at)
       ORDER BY coalesce(c.sort_key, u.sort_key), u.id`,
    )
    .all() as { name: string }[];
}

/**
 * Undoes the last import as a whole, in ONE transaction on `db` (the jobs worker's write
 * connection): the contacts it added are deleted, those it merged into get back their previous
 * fields and numbers, and the undo buffer empties (an import is undone once). Ends the
 * delete-undo window, as any change to contacts does.
 * Errors: AppError('not_found', key `import.nothingToUndo`) when there is no import to undo;
 * AppError('conflict', key `import.undoEdited`, params count + names) when a contact it touched
 * was edited since (or a merged one deleted): nothing is changed, so no later edit is lost;
 * AppError('storage') when SQLite fails (rolled back).
 */
export function undoLastImport(db: DatabaseSync): ImportUndoResult {
  try {
    return inTransaction(db, () => {
      const preview = lastImportPreview(db);
      if (!preview) {
        throw new AppError('not_found', englishErrorMessage('import.nothingToUndo'), undefined, {
          key: 'import.nothingToUndo',
        });
      }
      if (preview.editedCount > 0) {
        const params = { count: preview.editedCount, names: preview.editedNames.join(', ') };
        throw new AppError('conflict', englishErrorMessage('import.undoEdited', params), undefined, {
          key: 'import.undoEdited',
          params,
        });
      }
      const restored = CONTACT_COLUMNS.split(', ')
        .filter((column) => column !== 'id')
        .map((column) => `${column} = u.${column}`)
        .join(', ');
      db.exec(`
        DELETE FROM contact_phones WHERE contact_id IN (SELECT id FROM import_undo_contacts);
        DELETE FROM contacts WHERE id IN (SELECT id FROM import_undo_contacts WHERE added = 1);
        UPDATE contacts SET ${restored} FROM import_undo_contacts u WHERE u.id = contacts.id AND u.added = 0;
        INSERT INTO contact_phones (${PHONE_COLUMNS}) SELECT ${PHONE_COLUMNS} FROM import_undo_phones
          ORDER BY contact_id, position;
        DELETE FROM import_undo; DELETE FROM import_undo_contacts; DELETE FROM import_undo_phones;
        DELETE FROM contact_undo;
      `);
      return { removed: preview.added, restored: preview.merged, fileName: preview.fileName };
    });
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw toStorageError(error, 'Undoing the import');
  }
}
