/**
 * Issue 9 item 5 backfill (migration step 6): calls and contacts written at schema 5, before the
 * digit-search rule, are found by digits exactly as new ones after the upgrade.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase, schemaVersion } from '../../src/main/core/store/database.ts';
import { openStore } from '../../src/main/core/store/index.ts';
import { MIGRATIONS, SCHEMA_VERSION } from '../../src/main/core/store/migrations.ts';
import { numberSearchDigits } from '../../src/main/core/store/search-text.ts';
import { tempDir } from './support.ts';

const OLD_VERSION = 5;

/** A database at schema 5 with rows whose search text follows older rules (national digits without trunk prefix, or none). */
function oldDatabase(): string {
  const file = path.join(tempDir(), 'old.db');
  const db = openDatabase(file, { migrations: MIGRATIONS.slice(0, OLD_VERSION) });
  const rows: [id: string, e164: string, oldDigits: string][] = [
    ['a', '+6581230001', '6581230001 81230001'],
    ['b', '+6561234567', ''],
    ['c', '+442079460018', '442079460018 2079460018'],
    ['d', '+14155551000', '14155551000'],
  ];
  const at = '2024-05-01T10:00:00.000Z';
  for (const [id, e164, oldDigits] of rows) {
    db.prepare(
      `INSERT INTO contacts (id, name, created_at, updated_at, sort_key, search_text, phone_search)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ).run(id, `Person ${id}`, at, at, `person ${id}`, `person ${id}`, oldDigits);
    db.prepare('INSERT INTO contact_phones (contact_id, position, label, e164, original) VALUES (?, 0, ?, ?, ?)').run(
      id,
      'mobile',
      e164,
      e164,
    );
    db.prepare(
      `INSERT INTO call_log (id, txn_ref, mode, dest1, dest2, tag, state, created_at, created_ms, updated_at, search_text)
       VALUES (?, ?, 'sandbox', '+6590000000', ?, ?, 'ended', ?, ?, ?, ?)`,
    ).run(`call-${id}`, `TXN-${id}`, e164, `call-${id}`, at, Date.parse(at), at, `${oldDigits} TXN-${id}`.trim());
  }
  expect(schemaVersion(db)).toBe(OLD_VERSION);
  db.close();
  return file;
}

describe('digit-search backfill of old rows', () => {
  it('old calls and contacts get the new search forms, and "0001" / "020 7946" find exactly their numbers', () => {
    const store = openStore(oldDatabase());
    expect(schemaVersion(store.db)).toBe(SCHEMA_VERSION);
    const calls = (search: string): string[] =>
      store.callLog
        .query({ search, limit: 50 })
        .items.map((call) => call.dest2)
        .sort();
    const contacts = (search: string): string[] =>
      store.contacts
        .list({ search, limit: 50 })
        .items.flatMap((contact) => contact.phones.map((phone) => phone.e164))
        .sort();
    expect(calls('0001')).toEqual(['+6581230001']);
    expect(contacts('0001')).toEqual(['+6581230001']);
    expect(calls('020 7946')).toEqual(['+442079460018']);
    expect(contacts('020 7946')).toEqual(['+442079460018']);
    expect(contacts('6123 4567')).toEqual(['+6561234567']); // its phone_search was empty
    expect(calls('TXN-d')).toEqual(['+14155551000']); // the rest of the search text is kept
    store.close();
  });

  it('the stored columns equal what new rows get', () => {
    const store = openStore(oldDatabase());
    const rows = store.db.prepare('SELECT dest2, search_text FROM call_log ORDER BY seq').all() as {
      dest2: string;
      search_text: string;
    }[];
    for (const row of rows) expect(row.search_text).toMatch(new RegExp(`^${numberSearchDigits(row.dest2)} TXN-`));
    const phones = store.db
      .prepare('SELECT phone_search, e164 FROM contacts JOIN contact_phones ON contact_id = id')
      .all() as { phone_search: string; e164: string }[];
    for (const row of phones) expect(row.phone_search).toBe(numberSearchDigits(row.e164));
    store.close();
  });
});
