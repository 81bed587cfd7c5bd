/**
 * The one user-text rule (shared/user-text.ts): names, companies, notes, labels and search queries
 * lose their meaningless invisible characters and are trimmed, so what is stored and searched is
 * what the user sees; a name of spaces and zero-width spaces is no name. Real SQLite files.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCallNotesRepository } from '../../src/main/core/store/call-notes.ts';
import { openDatabase, schemaVersion } from '../../src/main/core/store/database.ts';
import { openStore } from '../../src/main/core/store/index.ts';
import { cleanStoredUserText, MIGRATIONS, SCHEMA_VERSION } from '../../src/main/core/store/migrations.ts';
import { ContactCreateSchema } from '../../src/shared/contacts.ts';
import { SetNoteInputSchema } from '../../src/shared/history.ts';
import { cleanUserText } from '../../src/shared/user-text.ts';
import { callRecord, endedConnected, errorOf, freshStore, tempDir } from './support.ts';

describe('cleanUserText', () => {
  it('removes zero-width spaces, word joiners, BOMs, soft hyphens and bidi controls, then trims', () => {
    expect(cleanUserText(' \u200B \u200B ')).toBe('');
    expect(cleanUserText('invoice\u200B42')).toBe('invoice42');
    expect(cleanUserText('\uFEFFBob\u2060 Tan\u00A0')).toBe('Bob Tan');
    expect(cleanUserText('\u202Eabc\u202C \u200Eдом\u200F')).toBe('abc дом');
    expect(cleanUserText('\u3164')).toBe('');
  });

  it('keeps joiners inside words and emoji, and emoji tag sequences, but not stray joiners', () => {
    expect(cleanUserText('می\u200Cخواهم')).toBe('می\u200Cخواهم');
    expect(cleanUserText('क्\u200Dष')).toBe('क्\u200Dष');
    expect(cleanUserText('👩\u200D💻')).toBe('👩\u200D💻');
    expect(cleanUserText('❤\uFE0F\u200D🔥')).toBe('❤\uFE0F\u200D🔥');
    const england = '\u{1F3F4}\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}';
    expect(cleanUserText(` ${england} `)).toBe(england);
    expect(cleanUserText('\u200Dab \u200C cd\u200C')).toBe('ab  cd');
    expect(cleanUserText('a\u{E0067}b')).toBe('ab');
  });
});

describe('contacts and notes follow the user-text rule', () => {
  it('refuses a name of spaces and zero-width spaces as an empty name, and stores a cleaned one', () => {
    const store = freshStore();
    const error = errorOf(() => store.contacts.create({ name: ' \u200B \u200B ' }));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toContain('contact.nameRequired');
    // What the IPC edge (dispatch) reads: the field and the key worded "Enter a name.".
    const parsed = ContactCreateSchema.safeParse({ name: ' \u200B \u200B ' });
    expect(parsed.error?.issues.map((issue) => [issue.path, issue.message])).toEqual([[['name'], 'contact.nameRequired']]);
    expect(store.contacts.count()).toBe(0);
    const saved = store.contacts.create({ name: '\u200BAda\u2060 ', company: ' \uFEFFAcme', notes: 'x\u200By ' });
    expect(saved).toMatchObject({ name: 'Ada', company: 'Acme', notes: 'xy' });
    expect(store.contacts.list({ search: 'Ada\u200B' }).items.map((c) => c.id)).toEqual([saved.id]);
    store.close();
  });

  it('a note typed with a zero-width space is found by the words the user sees', () => {
    const store = freshStore();
    const notes = createCallNotesRepository(store.db);
    store.callLog.insert(callRecord({ id: 'call-1', ...endedConnected({ txnRef: 'TX-A' }) }));
    const { body } = SetNoteInputSchema.parse({ callId: 'call-1', body: ' invoice\u200B42 ' });
    notes.set('call-1', 'me', body);
    expect(notes.get('call-1', 'me')?.body).toBe('invoice42');
    expect(store.callLog.query({ search: 'invoice42' }).items.map((call) => call.id)).toEqual(['call-1']);
    expect(store.callLog.query({ search: 'invoice\u200B42' }).items.map((call) => call.id)).toEqual(['call-1']);
    store.close();
  });

  it('the upgrade step cleans notes and contact search texts stored before the rule', () => {
    const before = MIGRATIONS.indexOf(cleanStoredUserText);
    expect(before).toBeGreaterThan(0);
    const file = path.join(tempDir(), 'old.db');
    const db = openDatabase(file, { migrations: MIGRATIONS.slice(0, before) });
    const at = '2024-05-01T10:00:00.000Z';
    for (const [index, id] of ['call-1', 'call-2'].entries()) {
      db.prepare(
        `INSERT INTO call_log (id, txn_ref, mode, dest1, dest2, tag, state, outcome, created_at, created_ms, updated_at, search_text)
         VALUES (?, ?, 'sandbox', '+6590000000', '+6581230001', ?, 'ended', 'connected', ?, ?, ?, '')`,
      ).run(id, `AA-C-${index}`, id, at, Date.parse(at) + index, at);
    }
    const addNote = db.prepare(
      "INSERT INTO call_notes (call_id, author, body, created_at, updated_at) VALUES (?, 'me', ?, ?, ?)",
    );
    addNote.run('call-1', 'invoice\u200B42', at, at);
    addNote.run('call-2', '\u200B', at, at);
    db.prepare(
      `INSERT INTO contacts (id, name, company, notes, favourite, created_at, updated_at, sort_key, search_text, phone_search)
       VALUES ('c1', 'Zoe\u200BTan', '', '', 0, ?, ?, 'zoe\u200Btan', 'zoe\u200Btan ', '')`,
    ).run(at, at);
    db.close();

    const store = openStore(file);
    expect(schemaVersion(store.db)).toBe(SCHEMA_VERSION);
    expect(store.callLog.query({ search: 'invoice42' }).items.map((call) => call.id)).toEqual(['call-1']);
    const notes = createCallNotesRepository(store.db);
    expect(notes.get('call-1', 'me')?.body).toBe('invoice42');
    expect(notes.get('call-2', 'me')).toBeNull();
    expect(store.contacts.list({ search: 'zoetan' }).items.map((contact) => contact.id)).toEqual(['c1']);
    store.close();
  });
});
