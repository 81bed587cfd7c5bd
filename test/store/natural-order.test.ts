/**
 * Contacts in natural name order (numbers in names by value, as Finder and Explorer sort them):
 * contactSortKey (store/search-text.ts) is the one sort key; keyset pages, the offset list, a search
 * and the export's pages all follow it, and the upgrade step recomputes the keys stored before.
 * Real SQLite files.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase, schemaVersion } from '../../src/main/core/store/database.ts';
import { openStore, type Store } from '../../src/main/core/store/index.ts';
import { MIGRATIONS, recomputeContactSortKeys, SCHEMA_VERSION } from '../../src/main/core/store/migrations.ts';
import { contactSortKey, foldText } from '../../src/main/core/store/search-text.ts';
import type { ContactAnchor } from '../../src/shared/contacts.ts';
import { freshStore, tempDir } from './support.ts';

/** Names as a person expects them listed. */
const NATURAL = [
  'Bulk Person',
  'Bulk Person 0',
  'Bulk Person 1',
  'Bulk Person 2',
  'Bulk Person 9',
  'Bulk Person 10',
  'Bulk Person 11',
  'Bulk Person 99',
  'Bulk Person 100',
  'Bulk Person 1000',
  'Bulk Person 1000 b',
  'Bulk Person 1000a',
  'Bulk Person 12345678901234567890',
  'Bulk Personnel',
  'Room 2 desk 3',
  'Room 2 desk 20',
  'room 10 desk 1',
];

/** NATURAL's names, inserted in a shuffled order. */
function shuffled(): string[] {
  return NATURAL.map((_, index) => NATURAL[(index * 7) % NATURAL.length]!);
}

function walk(store: Store, start: ContactAnchor, forward: boolean): string[] {
  const seen: string[] = [];
  let anchor: ContactAnchor | null = start;
  for (let pages = 0; anchor && pages < 100; pages++) {
    const page = store.contacts.page({ anchor, limit: 3 });
    seen.push(...(forward ? page.items : [...page.items].reverse()).map((item) => item.name));
    anchor = forward ? page.next : page.previous;
  }
  return seen;
}

describe('contacts in natural name order', () => {
  it('lists numbers in names by value, in keyset pages both ways, the offset list, a search and the export pages', () => {
    expect(new Set(shuffled()).size).toBe(NATURAL.length);
    const store = freshStore();
    for (const name of shuffled()) store.contacts.create({ name });
    expect(walk(store, { kind: 'first' }, true)).toEqual(NATURAL);
    expect(walk(store, { kind: 'last' }, false)).toEqual([...NATURAL].reverse());
    expect(store.contacts.list({ limit: 100 }).items.map((contact) => contact.name)).toEqual(NATURAL);
    expect(store.contacts.page({ search: 'bulk', limit: 100 }).items.map((contact) => contact.name)).toEqual(
      NATURAL.filter((name) => name.startsWith('Bulk')),
    );
    const exported: string[] = [];
    let cursor: Parameters<Store['contacts']['pageByName']>[0] = null;
    for (let pages = 0; pages < 100; pages++) {
      const page = store.contacts.pageByName(cursor, 4);
      exported.push(...page.items.map((contact) => contact.name));
      cursor = page.next;
      if (!cursor) break;
    }
    expect(exported).toEqual(NATURAL);
    store.close();
  });

  it('the upgrade step recomputes the sort keys stored as plain folded text', () => {
    const before = MIGRATIONS.indexOf(recomputeContactSortKeys);
    expect(before).toBeGreaterThan(0);
    const file = path.join(tempDir(), 'old.db');
    const db = openDatabase(file, { migrations: MIGRATIONS.slice(0, before) });
    const at = '2024-05-01T10:00:00.000Z';
    const insert = db.prepare(
      `INSERT INTO contacts (id, name, company, notes, favourite, created_at, updated_at, sort_key, search_text, phone_search)
       VALUES (?, ?, '', '', 0, ?, ?, ?, ?, '')`,
    );
    for (const [index, name] of shuffled().entries()) {
      insert.run(`id-${index}`, name, at, at, foldText(name), foldText(`${name} `));
    }
    // As the old key sorted them: by text ("Bulk Person 1000" before "Bulk Person 2").
    const textOrder = db.prepare('SELECT name FROM contacts ORDER BY sort_key, id').all() as { name: string }[];
    expect(textOrder.map((row) => row.name)).not.toEqual(NATURAL);
    // An import's Undo buffer holding a merged contact's earlier row, with the old key: Undo copies it back.
    db.prepare(
      `INSERT INTO import_undo_contacts (id, added, after_updated_at, name, company, notes, favourite, created_at,
         updated_at, sort_key, search_text, phone_search) VALUES ('id-0', 0, ?, 'Bulk Person 10', '', '', 0, ?, ?, ?, ?, '')`,
    ).run(at, at, at, foldText('Bulk Person 10'), foldText('Bulk Person 10 '));
    db.close();

    const store = openStore(file);
    expect(schemaVersion(store.db)).toBe(SCHEMA_VERSION);
    expect(walk(store, { kind: 'first' }, true)).toEqual(NATURAL);
    const kept = store.db.prepare("SELECT sort_key FROM import_undo_contacts WHERE id = 'id-0'").get() as {
      sort_key: string;
    };
    expect(kept.sort_key).toBe(contactSortKey('Bulk Person 10'));
    store.close();
  });
});
