import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { exportCallLogCsv, exportContacts } from '../../src/main/core/io/export.ts';
import { importContactsFromFile } from '../../src/main/core/io/contact-import.ts';
import { callRecord, endedConnected } from '../store/support.ts';
import { fixture, freshStore, rejection, summary, tempDir } from './support.ts';

async function storeWithFixtures() {
  const store = freshStore();
  for (const [file, country] of [
    ['apple-contacts.vcf', 'US'],
    ['android.vcf', 'ES'],
    ['google-contacts.csv', 'SG'],
    ['vcard4.vcf', 'PL'],
  ] as const) {
    await importContactsFromFile(store.contacts, fixture(file), { defaultCountry: country, duplicates: 'merge' });
  }
  const first = store.contacts.list({ search: 'priya' }).items[0]!;
  store.contacts.update({
    id: first.id,
    notes: 'Quotes "here", commas, semicolons; backslash \\ and\nnew lines',
    company: '=cmd|calc',
  });
  return store;
}

describe('contact export', () => {
  it('vCard 4.0: valid cards that import back to the same contacts (labels, favourites, notes, Unicode)', async () => {
    const store = await storeWithFixtures();
    const target = path.join(tempDir(), 'contacts.vcf');
    const result = await exportContacts(store.contacts, target, { format: 'vcard' });
    expect(result).toEqual({ path: target, count: store.contacts.count() });
    const text = readFileSync(target, 'utf8');
    expect(text.match(/^BEGIN:VCARD\r\nVERSION:4\.0\r\n/gm)).toHaveLength(result.count);
    expect(text).toMatch(/^TEL;VALUE=uri;TYPE=cell:tel:\+6581234567\r$/m);
    expect(text.split('\r\n').every((line) => Buffer.byteLength(line) <= 75)).toBe(true);

    const copy = freshStore();
    const report = await importContactsFromFile(copy.contacts, target, { defaultCountry: 'SG', duplicates: 'skip' });
    expect(report.counts).toEqual({ imported: result.count, merged: 0, skipped: 0, rejected: 0 });
    expect(summary(copy)).toEqual(summary(store));
    const notesOf = (s: typeof store): string[] =>
      s.contacts.list({ limit: 200 }).items.map((contact) => contact.notes);
    expect(notesOf(copy)).toEqual(notesOf(store));
    store.close();
    copy.close();
  });

  it('vCard: a known label stored in another form or language is written as its TEL type', async () => {
    const store = freshStore();
    store.contacts.create({
      name: 'Labels',
      phones: [
        { label: '手机', number: '+6581230001' },
        { label: 'Work', number: '+6561230002' },
        { label: 'Assistant', number: '+6561230003' },
      ],
    });
    const target = path.join(tempDir(), 'labels.vcf');
    await exportContacts(store.contacts, target, { format: 'vcard' });
    const text = readFileSync(target, 'utf8');
    expect(text).toMatch(/^TEL;VALUE=uri;TYPE=cell:tel:\+6581230001\r$/m);
    expect(text).toMatch(/^TEL;VALUE=uri;TYPE=work,voice:tel:\+6561230002\r$/m);
    expect(text).toMatch(/^item3\.X-ABLABEL:Assistant\r$/m);
    store.close();
  });

  it('CSV: one column pair per number, formulas neutralised, and it imports back', async () => {
    const store = await storeWithFixtures();
    const target = path.join(tempDir(), 'contacts.csv');
    const result = await exportContacts(store.contacts, target, { format: 'csv' });
    const parsed = Papa.parse<string[]>(readFileSync(target, 'utf8').replace(/^\uFEFF/, ''), { skipEmptyLines: true });
    expect(parsed.data[0]?.slice(0, 6)).toEqual([
      'Name',
      'Company',
      'Notes',
      'Favourite',
      'Phone 1 - Label',
      'Phone 1 - Value',
    ]);
    expect(parsed.data[0]).toHaveLength(4 + 2 * 4); // John Appleseed has 4 numbers
    expect(parsed.data).toHaveLength(result.count + 1);
    const priya = parsed.data.find((row) => row[0] === 'Priya Sharma')!;
    expect(priya[1]).toBe("'=cmd|calc");

    const copy = freshStore();
    const report = await importContactsFromFile(copy.contacts, target, { defaultCountry: 'SG', duplicates: 'skip' });
    expect(report.counts.imported).toBe(result.count);
    expect(summary(copy)).toEqual(summary(store));
    store.close();
    copy.close();
  });

  it('exports only the chosen contacts when given ids', async () => {
    const store = await storeWithFixtures();
    const ids = store.contacts.list({ search: 'lucia' }).items.map((contact) => contact.id);
    const target = path.join(tempDir(), 'one.vcf');
    expect(await exportContacts(store.contacts, target, { format: 'vcard', ids })).toMatchObject({ count: 1 });
    expect(readFileSync(target, 'utf8')).toMatch(/FN:Lucia Ramos/);
    store.close();
  });

  it('a cancelled export leaves no file (and an existing file untouched); a missing folder is a clear error', async () => {
    const store = await storeWithFixtures();
    for (let index = 0; index < 1200; index++) store.contacts.create({ name: `Bulk ${index}`, phones: [] });
    const dir = tempDir();
    const target = path.join(dir, 'contacts.vcf');
    writeFileSync(target, 'previous export');
    const controller = new AbortController();
    const error = await rejection(
      exportContacts(
        store.contacts,
        target,
        { format: 'vcard' },
        { signal: controller.signal, overwrite: true, onProgress: () => controller.abort() },
      ),
      'export',
    );
    expect(error.code).toBe('cancelled');
    expect(readFileSync(target, 'utf8')).toBe('previous export');
    expect(readdirSync(dir)).toEqual(['contacts.vcf']);

    const missing = await rejection(
      exportContacts(store.contacts, path.join(dir, 'nope', 'x.vcf'), { format: 'vcard' }),
      'export',
    );
    expect(missing.code).toBe('invalid_input');
    expect(missing.message).toMatch(/does not exist/);
    expect(existsSync(path.join(dir, 'nope'))).toBe(false);
    store.close();
  });
});

describe('call log export', () => {
  it('writes the calls matching the filter, newest first, money exact, with progress', async () => {
    const store = freshStore();
    const alice = store.contacts.create({ name: '=Alice', phones: [{ label: '', number: '+14155550100' }] });
    for (let index = 0; index < 1_234; index++) {
      const createdAt = new Date(Date.UTC(2024, 4, 1) + index * 60_000).toISOString();
      const connected = index % 2 === 0;
      store.callLog.insert(
        callRecord({
          id: `call-${index}`,
          createdAt,
          contactId: connected ? alice.id : null,
          ...(connected ? endedConnected({ txnRef: `TX${index}`, debit: `${index}.005`, rate: '0.050' }) : {}),
        }),
      );
    }
    const target = path.join(tempDir(), 'calls.csv');
    const progress: number[] = [];
    const result = await exportCallLogCsv(
      store.callLog,
      target,
      { outcomes: ['connected'] },
      { onProgress: (done) => progress.push(done) },
    );
    expect(result.count).toBe(617);
    expect(progress.at(-1)).toBe(617);

    const rows = Papa.parse<Record<string, string>>(readFileSync(target, 'utf8').replace(/^\uFEFF/, ''), {
      header: true,
      skipEmptyLines: true,
    }).data;
    expect(rows).toHaveLength(617);
    expect(rows[0]).toMatchObject({
      'Call id': 'call-1232',
      Contact: "'=Alice",
      Outcome: 'connected',
      Debit: '1232.005',
      Rate: '0.050',
      Currency: 'SGD',
      'Hoiio txn_ref': 'TX1232',
      'Duration (minutes)': '3',
    });
    expect(rows.at(-1)?.['Call id']).toBe('call-0');
    store.close();
  });
  it('guards formulas with one rule in every column: an E.164 number is plain, a formula gets "\'" (tester fault 3)', async () => {
    const store = freshStore();
    store.contacts.create({
      name: 'Dan',
      phones: [
        { label: '+label', number: '+65 6123 4567' },
        { label: 'desk', number: '+65 6123 4567 ext. 99' },
      ],
    });
    store.callLog.insert(
      callRecord({
        id: 'call-1',
        dest1: '+6591234567',
        dest2: '+6561234567',
        callerId: '+6591234567',
        ...endedConnected({ txnRef: '@TX1', debit: '0.150' }),
        errorStatus: null,
        errorMessage: null,
      }),
    );
    const calls = path.join(tempDir(), 'calls.csv');
    await exportCallLogCsv(store.callLog, calls, {});
    const parsed = Papa.parse<string[]>(readFileSync(calls, 'utf8').replace(/^\uFEFF/, ''), { skipEmptyLines: true });
    const header = parsed.data[0]!;
    const row = Object.fromEntries(header.map((name, index) => [name, parsed.data[1]![index]]));
    // Hoiio reports no answer time: no always-empty column.
    expect(header).not.toContain('Answered at');
    expect(row).toMatchObject({
      'Your number': '+6591234567',
      'Called number': '+6561234567',
      'Caller ID': '+6591234567',
      Contact: 'Dan',
      'Hoiio txn_ref': "'@TX1",
      Debit: '0.150',
    });

    const contacts = path.join(tempDir(), 'contacts.csv');
    await exportContacts(store.contacts, contacts, { format: 'csv' });
    const contactRows = Papa.parse<string[]>(readFileSync(contacts, 'utf8').replace(/^\uFEFF/, ''), {
      skipEmptyLines: true,
    }).data;
    expect(contactRows[1]?.slice(0, 8)).toEqual([
      'Dan',
      '',
      '',
      '',
      "'+label",
      '+6561234567',
      'desk',
      "'+6561234567;ext=99",
    ]);
    const copy = freshStore();
    await importContactsFromFile(copy.contacts, contacts, { defaultCountry: 'SG', duplicates: 'skip' });
    expect(summary(copy)).toEqual(summary(store));
    store.close();
    copy.close();
  });
});
