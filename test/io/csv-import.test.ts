import { describe, expect, it } from 'vitest';
import { importContactsFromBytes, importContactsFromFile } from '../../src/main/core/io/contact-import.ts';
import { fixture, freshStore, summary, plainEntries } from './support.ts';

describe('CSV import: files from common address books', () => {
  it('Google Contacts (current format): name parts, Phone N - Label/Value pairs, ":::" multi-values, starred label, multi-line notes', async () => {
    const store = freshStore();
    const report = await importContactsFromFile(store.contacts, fixture('google-contacts.csv'), {
      defaultCountry: 'SG',
      duplicates: 'merge',
    });
    expect(report).toMatchObject({
      format: 'csv',
      records: 6,
      counts: { imported: 5, merged: 0, skipped: 0, rejected: 1 },
    });
    // Row 1 holds multi-line quoted values, so later rows start further down the file.
    expect(report.imported.map((entry) => [entry.row, entry.line, entry.name])).toEqual([
      [1, 2, 'Priya Sharma'],
      [2, 5, 'Wei Ming Tan'],
      [3, 6, 'Dr. José García'],
      [4, 7, 'Acme Plumbing'],
      // No number at all: a contact without one, as the contact form allows.
      [5, 8, 'Email Only'],
    ]);
    expect(plainEntries(report.rejected)).toEqual([
      { row: 6, line: 9, reason: 'No valid phone number: "call reception" is not a phone number.' },
    ]);
    expect(summary(store)).toEqual({
      'Priya Sharma': {
        company: 'Example Pte Ltd',
        favourite: true,
        phones: ['mobile:+6581234567', 'home:+6561234567'],
      },
      'Wei Ming Tan': {
        company: '',
        favourite: false,
        phones: ['mobile:+6598765432', 'mobile:+6590001111', 'work:+6565551234'],
      },
      'Dr. José García': { company: '', favourite: false, phones: ['work:+14155550142'] },
      'Acme Plumbing': { company: 'Acme Plumbing', favourite: false, phones: ['work:+14155550177'] },
      'Email Only': { company: '', favourite: false, phones: [] },
    });
    expect(store.contacts.list({ search: 'priya' }).items[0]?.notes).toBe(
      'Prefers WhatsApp.\nCall after 9am, not before.',
    );
    store.close();
  });

  it('Google Contacts (legacy format): Name column, Phone N - Type, Group Membership starred, Organization 1 - Name', async () => {
    const store = freshStore();
    const report = await importContactsFromFile(store.contacts, fixture('google-contacts-legacy.csv'), {
      defaultCountry: 'SG',
      duplicates: 'merge',
    });
    expect(report.counts).toEqual({ imported: 2, merged: 0, skipped: 0, rejected: 0 });
    expect(summary(store)).toEqual({
      'Hana Suzuki': { company: 'Example KK', favourite: true, phones: ['mobile:+819012345678'] },
      'Omar Haddad': { company: '', favourite: false, phones: ['work:+97141234567', 'mobile:+971501234567'] },
    });
    store.close();
  });

  it('Outlook (quoted, BOM, CRLF): Title prefix, named phone columns, Telex ignored, national numbers read with the default country', async () => {
    const store = freshStore();
    const report = await importContactsFromFile(store.contacts, fixture('outlook-contacts.csv'), {
      defaultCountry: 'GB',
      duplicates: 'merge',
    });
    expect(report.counts).toEqual({ imported: 3, merged: 0, skipped: 0, rejected: 0 });
    // 07700 900123 is Ofcom's drama range: possible, but no valid UK number, so it is not stored as one (issue 9 item 4).
    expect(report.warnings.map((entry) => entry.reason)).toEqual([
      'Number "07700 900123" is not a United Kingdom number; it was left out.',
    ]);
    expect(summary(store)).toEqual({
      'Ms. Amelie Dubois': {
        company: 'Contoso Ltd.',
        favourite: false,
        phones: ['work fax:+442079460019', 'work:+442079460018'],
      },
      'Jürgen Müller': {
        company: 'Großhandel Müller GmbH',
        favourite: false,
        phones: ['work:+49301234567', 'home:+49307654321'],
      },
      'Sam Lee': { company: '', favourite: false, phones: ['mobile:+12125550110'] },
    });
    store.close();
  });

  it('reads semicolon-separated files and a generic Name/Phone layout', async () => {
    const store = freshStore();
    const text = 'Name;Company;Mobile;Phone\r\nKai;Acme;+65 9111 2222;\r\nLee;;;6123 4567\r\n';
    const report = await importContactsFromBytes(store.contacts, new TextEncoder().encode(text), 'list.csv', {
      defaultCountry: 'SG',
      duplicates: 'merge',
    });
    expect(report.counts.imported).toBe(2);
    expect(summary(store)).toEqual({
      Kai: { company: 'Acme', favourite: false, phones: ['mobile:+6591112222'] },
      Lee: { company: '', favourite: false, phones: [':+6561234567'] },
    });
    store.close();
  });

  it('warns about numbers it left out and cuts over-long fields, saying so', async () => {
    const store = freshStore();
    const text = `Name,Notes,Phone 1 - Label,Phone 1 - Value,Phone 2 - Label,Phone 2 - Value\r\nMira,${'n'.repeat(10_050)},Mobile,+6591112222,Fax,not-a-number\r\n`;
    const report = await importContactsFromBytes(store.contacts, new TextEncoder().encode(text), 'x.csv', {
      defaultCountry: 'SG',
      duplicates: 'merge',
    });
    expect(report.counts.imported).toBe(1);
    expect(report.warnings.map((entry) => entry.reason)).toEqual([
      'Number "not-a-number" is not a phone number; it was left out.',
      'The notes field was cut to 10000 characters.',
    ]);
    expect(store.contacts.list().items[0]?.notes).toHaveLength(10_000);
    store.close();
  });
});
