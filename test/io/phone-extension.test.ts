/**
 * Issue 9 item 3 (contacts): a number's extension is stored with it (never dropped), carried by
 * imports, exported in vCard (`tel:…;ext=` URI, RFC 6350 §6.4.1 / RFC 3966 §5.1.5) and CSV, and
 * recovered for numbers stored before (migration step 7).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importContactsFromBytes } from '../../src/main/core/io/contact-import.ts';
import { exportContacts } from '../../src/main/core/io/export.ts';
import { openDatabase } from '../../src/main/core/store/database.ts';
import { openStore } from '../../src/main/core/store/index.ts';
import { MIGRATIONS } from '../../src/main/core/store/migrations.ts';
import { freshStore, tempDir } from './support.ts';

const phonesOf = (store: ReturnType<typeof freshStore>) =>
  store.contacts
    .list({ limit: 50 })
    .items.flatMap((contact) => contact.phones.map(({ e164, extension }) => ({ e164, extension })));

describe('phone extensions on contacts', () => {
  it("the issue's contact number keeps ;ext=556, and x / ext. / tel: forms keep theirs", () => {
    const store = freshStore();
    const contact = store.contacts.create({
      name: 'Office',
      defaultCountry: 'US',
      phones: [
        { label: 'work', number: '+1 905 555 0134;ext=556' },
        { label: 'desk', number: '+1 650 555 0136 x136' },
        { label: 'desk 2', number: '+1 650 555 0136 ext. 137' }, // same line, another desk: its own number
        { label: 'link', number: 'tel:+1-201-555-0123;ext=1234' },
        { label: 'main', number: '+1 650 555 0136' },
      ],
    });
    expect(contact.phones.map(({ e164, extension }) => [e164, extension])).toEqual([
      ['+19055550134', '556'],
      ['+16505550136', '136'],
      ['+16505550136', '137'],
      ['+12015550123', '1234'],
      ['+16505550136', undefined],
    ]);
    expect(store.contacts.get(contact.id).phones).toEqual(contact.phones);
    store.close();
  });

  it('imports carry the extension from vCard and CSV', async () => {
    const store = freshStore();
    const vcard = Buffer.from(
      'BEGIN:VCARD\r\nVERSION:4.0\r\nFN:A\r\nTEL;VALUE=uri:tel:+1-905-555-0134;ext=556\r\nEND:VCARD\r\n' +
        'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:B\r\nTEL;TYPE=WORK:+44 20 7946 0018 ext. 12\r\nEND:VCARD\r\n',
    );
    await importContactsFromBytes(store.contacts, vcard, 'a.vcf', { defaultCountry: 'SG', duplicates: 'merge' });
    const csv = Buffer.from('Name,Phone\r\nC,+65 6123 4567 x 89\r\n');
    await importContactsFromBytes(store.contacts, csv, 'c.csv', { defaultCountry: 'SG', duplicates: 'merge' });
    expect(phonesOf(store)).toEqual([
      { e164: '+19055550134', extension: '556' },
      { e164: '+442079460018', extension: '12' },
      { e164: '+6561234567', extension: '89' },
    ]);
    store.close();
  });

  it('exports write the extension (vCard tel: URI ;ext=, CSV) and read back the same', async () => {
    const store = freshStore();
    store.contacts.create({ name: 'Office', phones: [{ label: 'work', number: '+1 905 555 0134;ext=556' }] });
    const dir = tempDir('hoiio-ext-');
    await exportContacts(store.contacts, path.join(dir, 'out.vcf'), { format: 'vcard' });
    await exportContacts(store.contacts, path.join(dir, 'out.csv'), { format: 'csv' });
    const vcf = readFileSync(path.join(dir, 'out.vcf'));
    expect(vcf.toString()).toContain('tel:+19055550134;ext=556');
    const csv = readFileSync(path.join(dir, 'out.csv'));
    expect(csv.toString()).toContain('+19055550134;ext=556');
    for (const [bytes, name] of [
      [vcf, 'out.vcf'],
      [csv, 'out.csv'],
    ] as const) {
      const again = freshStore();
      await importContactsFromBytes(again.contacts, bytes, name, { defaultCountry: 'SG', duplicates: 'merge' });
      expect(phonesOf(again)).toEqual([{ e164: '+19055550134', extension: '556' }]);
      again.close();
    }
    store.close();
  });

  it('numbers stored before (schema 6) get the extension back from the text they were typed as', () => {
    const file = path.join(tempDir(), 'old.db');
    const db = openDatabase(file, { migrations: MIGRATIONS.slice(0, 6) });
    const at = '2024-05-01T10:00:00.000Z';
    db.prepare(
      `INSERT INTO contacts (id, name, created_at, updated_at, sort_key, search_text) VALUES ('a', 'A', ?, ?, 'a', 'a')`,
    ).run(at, at);
    const phone = db.prepare(
      'INSERT INTO contact_phones (contact_id, position, label, e164, original) VALUES (?, ?, ?, ?, ?)',
    );
    phone.run('a', 0, 'work', '+19055550134', '+1 905 555 0134;ext=556');
    phone.run('a', 1, 'desk', '+16505550136', '(650) 555-0136 x136'); // national: read in the number's own country
    phone.run('a', 2, 'home', '+6561234567', '6123 4567');
    db.close();
    const store = openStore(file);
    expect(store.contacts.get('a').phones.map((p) => p.extension)).toEqual(['556', '136', undefined]);
    store.close();
  });
});
