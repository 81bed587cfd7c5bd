/**
 * Real SQLite files at an older schema version, as an earlier version of the app left them (the
 * upgrade tests, unit and e2e). Versions come from the migration list, never hard-coded.
 */
import { DatabaseSync } from 'node:sqlite';
import { openDatabase } from '../../src/main/core/store/database.ts';
import { MIGRATIONS } from '../../src/main/core/store/migrations.ts';

/** The schema version right after the step that creates the call log: the oldest that holds calls. */
export const FIRST_CALL_LOG_VERSION =
  MIGRATIONS.findIndex((step) => typeof step === 'string' && step.includes('CREATE TABLE call_log (')) + 1;

/** The dest2 of old call `index` (E.164, Singapore mobile range). */
export function oldCallNumber(index: number): string {
  return `+6590${String(index).padStart(6, '0')}`;
}

/** A contact as an older version stored it: its numbers' labels as that version wrote them ("手机", "Work"). */
export interface OlderContact {
  readonly id: string;
  readonly name: string;
  readonly phones: readonly { readonly label: string; readonly e164: string }[];
}

/**
 * Writes `file` at schema `version` (the first `version` migration steps) holding `calls` ended
 * calls (ids `old-<i>`, dest2 oldCallNumber(i), one a minute from 2023-11-14) and `contacts`, written
 * with the columns every version since the call log has, and closes it cleanly (no WAL left).
 */
export function olderSchemaDatabase(
  file: string,
  options: { version?: number; calls?: number; contacts?: readonly OlderContact[] } = {},
): void {
  const version = options.version ?? FIRST_CALL_LOG_VERSION;
  const db = openDatabase(file, { migrations: MIGRATIONS.slice(0, version) });
  try {
    db.exec('BEGIN');
    const at = '2023-11-14T22:13:20.000Z';
    for (const contact of options.contacts ?? []) {
      db.prepare(
        'INSERT INTO contacts (id, name, created_at, updated_at, sort_key, search_text) VALUES (?, ?, ?, ?, ?, ?)',
      ).run(contact.id, contact.name, at, at, contact.name.toLowerCase(), contact.name.toLowerCase());
      for (const [position, phone] of contact.phones.entries()) {
        db.prepare(
          'INSERT INTO contact_phones (contact_id, position, label, e164, original) VALUES (?, ?, ?, ?, ?)',
        ).run(contact.id, position, phone.label, phone.e164, phone.e164);
      }
    }
    db.prepare(
      `WITH RECURSIVE n(i) AS (SELECT 0 WHERE ? > 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?)
       INSERT INTO call_log (id, txn_ref, mode, dest1, dest2, state, outcome, created_at, created_ms, updated_at,
         duration_minutes, contact_name, search_text)
       SELECT 'old-' || i, 'TX' || i, 'live', '+6581234567', '+6590' || printf('%06d', i), 'ended', 'connected',
         strftime('%Y-%m-%dT%H:%M:%fZ', (1700000000000 + i * 60000) / 1000.0, 'unixepoch'), 1700000000000 + i * 60000,
         strftime('%Y-%m-%dT%H:%M:%fZ', (1700000060000 + i * 60000) / 1000.0, 'unixepoch'),
         1 + i % 5, CASE WHEN i % 10 = 0 THEN 'Tan ' || (i % 50) END, '6590' || printf('%06d', i) || ' TX' || i
       FROM n`,
    ).run(options.calls ?? 0, options.calls ?? 0);
    db.exec('COMMIT');
  } finally {
    db.close();
  }
}

/** `PRAGMA user_version` of a closed file. */
export function fileSchemaVersion(file: string): number {
  const db = new DatabaseSync(file, { readOnly: true });
  try {
    return (db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version;
  } finally {
    db.close();
  }
}

/**
 * Makes the upgrade of `file` fail at the latest migration step that creates a table or trigger: an
 * object of that name is put there first (a function step's source holds its SQL too). Every step
 * of an upgrade runs in one transaction, so the whole upgrade fails there; later steps that create
 * nothing (an UPDATE such as step 20's) are never reached. Throws when no step creates either.
 */
export function makeUpgradeFail(file: string): void {
  const created = MIGRATIONS.toReversed()
    .map((step) => /CREATE (?:VIRTUAL )?(TABLE|TRIGGER) (\w+)/.exec(String(step)))
    .find((match) => match !== null);
  if (!created) throw new Error('no migration step creates a table or trigger: teach this helper another kind');
  const [, kind, name] = created;
  const db = new DatabaseSync(file);
  db.exec(
    kind === 'TABLE'
      ? `CREATE TABLE ${name} (x)`
      : `CREATE TRIGGER ${name} AFTER INSERT ON call_log BEGIN SELECT 1; END`,
  );
  db.close();
}
