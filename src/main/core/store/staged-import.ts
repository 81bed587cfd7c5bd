import type { DatabaseSync } from 'node:sqlite';
import { AppError } from '../../../shared/errors.ts';
import { toStorageError } from './sqlite-errors.ts';
import { inTransaction } from './transaction.ts';

const CONTACT_COLUMNS =
  'id, name, company, notes, favourite, created_at, updated_at, sort_key, search_text, phone_search';
const UPDATED_COLUMNS = CONTACT_COLUMNS.split(', ')
  .filter((column) => column !== 'id' && column !== 'created_at')
  .map((column) => `${column} = excluded.${column}`)
  .join(', ');

/**
 * Makes an import staged by the database worker (`contacts.stageImport`) visible in ONE short
 * transaction on `db` (the jobs worker's write connection, see docs/architecture.md): the contacts the import created or
 * changed (`import_touched`) replace their rows and numbers, and the undo window closes, as
 * for any import. All or nothing.
 * Errors: AppError('conflict') when a contact the import merged into was edited or deleted
 * after the import read it (nothing is written; importing again merges into the new state);
 * AppError('storage') when SQLite fails (rolled back).
 */
export function applyStagedImport(db: DatabaseSync, stagingFile: string): void {
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
      db.exec(`
        DELETE FROM main.contact_phones WHERE contact_id IN (SELECT id FROM staging.import_touched);
        INSERT INTO main.contacts (${CONTACT_COLUMNS})
          SELECT ${CONTACT_COLUMNS} FROM staging.contacts WHERE id IN (SELECT id FROM staging.import_touched)
          ORDER BY id -- in key order: ~2x faster b-tree inserts than random UUID order
          ON CONFLICT (id) DO UPDATE SET ${UPDATED_COLUMNS};
        INSERT INTO main.contact_phones (contact_id, position, label, e164, original)
          SELECT contact_id, position, label, e164, original FROM staging.contact_phones
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
