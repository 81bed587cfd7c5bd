import path from 'node:path';
import { openStore } from '../../src/main/core/store/index.ts';
import { refillCallLogSideTables, SEQ_PER_MS } from '../../src/main/core/store/migrations.ts';

const FIRST = ['Ada', 'Alan', 'Grace', 'Linus', 'Margaret', 'Tim', 'Barbara', 'Ken', 'Frances', 'Dennis'];
const LAST = ['Tan', 'Lim', 'Ng', 'Wong', 'Smith', 'Okafor', 'Müller', 'Rossi', 'Ito', 'Kaur'];
export const CALL_SPACING_MS = 5 * 60_000;

/** The seeded contact `index`: its name and number (+65 81xx xxxx, unique per contact). */
export function seededContact(index: number): { name: string; e164: string; shown: string } {
  const digits = String(index).padStart(6, '0');
  return {
    name: `${FIRST[index % 10]} ${LAST[Math.floor(index / 10) % 10]} ${String(index).padStart(5, '0')}`,
    e164: `+6581${digits}`,
    shown: `+65 81${digits.slice(0, 2)} ${digits.slice(2)}`,
  };
}

/**
 * Fills `<dataDir>/hoiio.db` (created and migrated by the store) with `contacts` contacts and
 * `calls` calls straight through SQL (recursive CTEs, one transaction),
 * the way the app stores them: every third call is to a contact (call j to contact (j / 3) % contacts),
 * the rest to +1 415 555 xxxx; call j was placed j * 5 minutes before `now`, so the log starts today.
 * The triggers keep the search index and side tables as the app would.
 */
export function seedLargeDataDir(dataDir: string, options: { calls: number; contacts: number; now?: number }): void {
  const now = options.now ?? Date.now();
  const store = openStore(path.join(dataDir, 'hoiio.db'), { checkpointIntervalMs: 0 });
  const db = store.db;
  // Bulk load: the per-row triggers (search indexes, side tables) are set aside and everything they
  // keep is rebuilt once at the end, in the same transaction, from the same definitions.
  const triggers = db
    .prepare(`SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND tbl_name IN ('call_log', 'contacts')`)
    .all() as { name: string; sql: string }[];
  db.exec('BEGIN');
  try {
    for (const trigger of triggers) db.exec(`DROP TRIGGER ${trigger.name}`);
    const at = new Date(now).toISOString();
    db.prepare(
      `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ? - 1),
         f(k, v) AS (SELECT value ->> 0, value ->> 1 FROM json_each(?)),
         l(k, v) AS (SELECT value ->> 0, value ->> 1 FROM json_each(?))
       INSERT INTO contacts (id, name, company, notes, favourite, created_at, updated_at, sort_key, search_text, phone_search)
       SELECT printf('contact-%05d', i), name, '', '', 0, ?, ?, lower(name), lower(name),
         printf('6581%06d 81%06d', i, i)
       FROM (SELECT i, (SELECT v FROM f WHERE k = i % 10) || ' ' || (SELECT v FROM l WHERE k = (i / 10) % 10) || ' ' ||
               printf('%05d', i) AS name FROM n)`,
    ).run(
      options.contacts,
      JSON.stringify(FIRST.map((name, index) => [index, name])),
      JSON.stringify(LAST.map((name, index) => [index, name])),
      at,
      at,
    );
    db.exec(
      `INSERT INTO contact_phones (contact_id, position, label, e164, original, extension)
       SELECT id, 0, 'mobile', printf('+6581%06d', CAST(substr(id, 9) AS INTEGER)),
         printf('+6581%06d', CAST(substr(id, 9) AS INTEGER)), '' FROM contacts`,
    );
    db.prepare(
      `WITH RECURSIVE n(j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM n WHERE j < ? - 1),
       calls AS (
         SELECT j, ? - j * ${CALL_SPACING_MS} AS ms,
           CASE WHEN j % 3 = 0 THEN (j / 3) % ? END AS contact,
           j % 4 AS kind FROM n)
       INSERT INTO call_log (seq, id, txn_ref, mode, dest1, dest2, caller_id, tag, contact_id, contact_name, state,
         status_dest1, status_dest2, outcome, final_source, created_at, created_ms, answered_at, ended_at, updated_at,
         duration_minutes, rate_milli, debit_milli, currency, error_status, error_message, search_text)
       SELECT ms * ${SEQ_PER_MS}, printf('call-%06d', j), printf('TX%08d', j), 'live', '+6590000000',
         CASE WHEN contact IS NULL THEN printf('+1415555%04d', j % 10000) ELSE printf('+6581%06d', contact) END,
         NULL, printf('call-%06d', j),
         CASE WHEN contact IS NULL THEN NULL ELSE printf('contact-%05d', contact) END,
         CASE WHEN contact IS NULL THEN NULL ELSE (SELECT name FROM contacts WHERE id = printf('contact-%05d', contact)) END,
         'ended', 'answered', CASE kind WHEN 0 THEN 'busy' WHEN 1 THEN 'unanswered' ELSE 'answered' END,
         CASE kind WHEN 0 THEN 'busy' WHEN 1 THEN 'no_answer' ELSE 'connected' END, 'notification',
         strftime('%Y-%m-%dT%H:%M:%fZ', ms / 1000.0, 'unixepoch'), ms,
         CASE WHEN kind >= 2 THEN strftime('%Y-%m-%dT%H:%M:%fZ', (ms + 15000) / 1000.0, 'unixepoch') END,
         strftime('%Y-%m-%dT%H:%M:%fZ', (ms + 60000 * (1 + j % 7)) / 1000.0, 'unixepoch'),
         strftime('%Y-%m-%dT%H:%M:%fZ', (ms + 60000 * (1 + j % 7)) / 1000.0, 'unixepoch'),
         CASE WHEN kind >= 2 THEN 1 + j % 7 ELSE 0 END, 50, CASE WHEN kind >= 2 THEN 50 * (1 + j % 7) ELSE 0 END, 'SGD',
         NULL, NULL,
         CASE WHEN contact IS NULL THEN printf('1415555%04d 415555%04d', j % 10000, j % 10000)
              ELSE printf('6581%06d 81%06d', contact, contact) END || printf(' TX%08d', j)
       FROM calls`,
    ).run(options.calls, now, options.contacts);
    db.exec(`INSERT INTO call_log_fts (call_log_fts) VALUES ('rebuild')`);
    db.exec(`INSERT INTO contacts_fts (rowid, id, words, digits)
      SELECT rowid, id, search_text || '  ', phone_search || '  ' FROM contacts`);
    refillCallLogSideTables(db);
    for (const trigger of triggers) db.exec(trigger.sql);
    db.exec('COMMIT');
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  } finally {
    store.close();
  }
}
