/**
 * The app re-imports its own contacts export (CSV and vCard): a contact with no number (the form
 * allows one) comes back, and importing the same contacts again reports them unchanged (skipped),
 * not "merged". Real SQLite files, real export and import code.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportContacts } from '../../src/main/core/io/export.ts';
import { importContactsFromFile } from '../../src/main/core/io/contact-import.ts';
import { freshStore, tempDir } from './support.ts';
import type { Store } from '../../src/main/core/store/index.ts';

function seeded(): Store {
  const store = freshStore();
  store.contacts.create({
    name: 'Ada Lovelace',
    company: 'Engines',
    notes: 'Line 1\nLine 2',
    phones: [{ label: 'mobile', number: '+65 8123 4567' }],
  });
  store.contacts.create({ name: 'No Number Person', company: 'Nowhere', notes: 'met at a fair' });
  store.contacts.create({
    name: 'Two Numbers',
    favourite: true,
    phones: [
      { label: 'work', number: '+44 20 7946 0000' },
      { label: 'home', number: '+1 415 555 0100' },
    ],
  });
  return store;
}

const shape = (store: Store) =>
  store.contacts
    .list({ limit: 50 })
    // The text a number was typed as is not exported (the export writes E.164): the rest comes back.
    .items.map(({ name, company, notes, favourite, phones }) => ({
      name,
      company,
      notes,
      favourite,
      phones: phones.map(({ label, e164, extension }) => ({ label, e164, extension })),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));

describe.each(['csv', 'vcard'] as const)('contacts export → import round trip (%s)', (format) => {
  it('imports every exported contact, the one with no number too, into an empty database', async () => {
    const store = seeded();
    const target = path.join(tempDir(), `contacts.${format === 'csv' ? 'csv' : 'vcf'}`);
    await exportContacts(store.contacts, target, { format });
    const copy = freshStore();
    const report = await importContactsFromFile(copy.contacts, target, { defaultCountry: 'SG', duplicates: 'merge' });
    expect(report.rejected).toEqual([]);
    expect(report.counts).toMatchObject({ imported: 3, merged: 0, rejected: 0 });
    expect(shape(copy)).toEqual(shape(store));
    store.close();
    copy.close();
  });

  it('reports identical contacts as unchanged (skipped), not merged, and changes nothing', async () => {
    const store = seeded();
    const target = path.join(tempDir(), `contacts.${format === 'csv' ? 'csv' : 'vcf'}`);
    await exportContacts(store.contacts, target, { format });
    const before = shape(store);
    const report = await importContactsFromFile(store.contacts, target, { defaultCountry: 'SG', duplicates: 'merge' });
    expect(report.counts).toEqual({ imported: 0, merged: 0, skipped: 3, rejected: 0 });
    expect(report.skipped.map((entry) => entry.key)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    expect(report.changed).toBe(0);
    expect(shape(store)).toEqual(before);
    expect(store.contacts.count()).toBe(3);
    store.close();
  });
});
