import { describe, expect, it } from 'vitest';
import { importContactsFromBytes, importContactsFromFile } from '../../src/main/core/io/contact-import.ts';
import { fixture, freshStore, summary, plainEntries } from './support.ts';

describe('vCard import: files from common address books', () => {
  it('Apple Contacts (3.0): type lists, X-ABLabel custom labels, folded lines, escaped notes, photos skipped', async () => {
    const store = freshStore();
    const report = await importContactsFromFile(store.contacts, fixture('apple-contacts.vcf'), {
      defaultCountry: 'US',
      duplicates: 'merge',
    });
    expect(report).toMatchObject({
      format: 'vcard',
      encoding: 'utf-8',
      records: 3,
      counts: { imported: 3, merged: 0, skipped: 0, rejected: 0 },
    });
    expect(report.imported.map((entry) => [entry.row, entry.line, entry.name])).toEqual([
      [1, 1, 'John Appleseed'],
      [2, 23, 'Zoë Ångström-Müller'],
      [3, 34, 'Bella Pizza'],
    ]);
    expect(summary(store)).toEqual({
      'John Appleseed': {
        company: 'Example Corp.; Engineering',
        favourite: false,
        phones: ['mobile:+14085550101', 'work:+14085550102', 'other:+14085550103', 'studio:+14085550104'],
      },
      'Zoë Ångström-Müller': {
        company: "Société Générale des Téléphones du Nord et de l'Est de la France et des Pays-Bas",
        favourite: false,
        phones: ['mobile:+33612345678', 'home fax:+33123456789'],
      },
      'Bella Pizza': { company: 'Bella Pizza', favourite: false, phones: ['main:+14155550199'] },
    });
    const john = store.contacts.list({ search: 'appleseed' }).items[0]!;
    expect(john.notes).toBe('Met at the conference, 2023.\nPrefers calls after 10am.');
    expect(john.phones[0]?.original).toBe('+1 (408) 555-0101');
    store.close();
  });

  it('Google Contacts (3.0): starred category is a favourite, a contact without numbers is imported without one', async () => {
    const store = freshStore();
    const report = await importContactsFromFile(store.contacts, fixture('google-contacts.vcf'), {
      defaultCountry: 'SG',
      duplicates: 'merge',
    });
    expect(report.counts).toEqual({ imported: 3, merged: 0, skipped: 0, rejected: 0 });
    expect(report.imported.map((entry) => [entry.row, entry.line, entry.name])).toContainEqual([
      3,
      23,
      'No Number Person',
    ]);
    expect(summary(store)).toEqual({
      'Priya Sharma': {
        company: 'Example Pte Ltd',
        favourite: true,
        phones: ['mobile:+6581234567', 'home:+6561234567'],
      },
      'Wei Ming Tan': { company: '', favourite: false, phones: ['office hotline:+6598765432', 'work:+6565551234'] },
      'No Number Person': { company: '', favourite: false, phones: [] },
    });
    store.close();
  });

  it('Outlook (2.1): bare TYPE params, quoted-printable with soft line breaks, Windows-1252 charset', async () => {
    const store = freshStore();
    const report = await importContactsFromFile(store.contacts, fixture('outlook.vcf'), {
      defaultCountry: 'GB',
      duplicates: 'merge',
    });
    expect(report.counts).toEqual({ imported: 2, merged: 0, skipped: 0, rejected: 0 });
    expect(summary(store)).toEqual({
      'Amelie Dubois': {
        company: 'Contoso Ltd.; Sales',
        favourite: false,
        // 07700 900123 (Ofcom's drama range) is no valid UK number: left out with a warning (issue 9 item 4).
        phones: ['work:+442079460018', 'work fax:+442079460019'],
      },
      'Jürgen Müller': {
        company: 'Großhandel Müller GmbH',
        favourite: false,
        phones: ['work:+49301234567', 'home:+49307654321'],
      },
    });
    expect(store.contacts.list({ search: 'amelie' }).items[0]?.notes).toBe('Met at the trade fair.\nSecond line.');
    store.close();
  });

  it('Android (2.1, LF line ends): UTF-8 quoted-printable names and notes, base64 photo blocks, X- types; a card without a name is rejected', async () => {
    const store = freshStore();
    const report = await importContactsFromFile(store.contacts, fixture('android.vcf'), {
      defaultCountry: 'ES',
      duplicates: 'merge',
    });
    expect(report.counts).toEqual({ imported: 2, merged: 0, skipped: 0, rejected: 1 });
    expect(plainEntries(report.rejected)).toEqual([
      { row: 3, line: 22, reason: 'The card has no name (no FN, N, ORG or NICKNAME).' },
    ]);
    expect(summary(store)).toEqual({
      王小明: { company: '', favourite: false, phones: ['mobile:+8613800138000', 'home:+861065529988'] },
      'Lucia Ramos': { company: '', favourite: false, phones: ['mobile:+34600123456', 'trabajo:+34912345678'] },
    });
    expect(store.contacts.list({ search: '王' }).items[0]?.notes).toBe('こんにちは 世界 またね');
    store.close();
  });

  it('vCard 4.0: tel: URIs with VALUE=uri, quoted TYPE lists, extensions dropped', async () => {
    const store = freshStore();
    const report = await importContactsFromFile(store.contacts, fixture('vcard4.vcf'), {
      defaultCountry: 'PL',
      duplicates: 'merge',
    });
    expect(report.counts).toEqual({ imported: 2, merged: 0, skipped: 0, rejected: 0 });
    expect(summary(store)).toEqual({
      'Anna Kowalska': {
        company: 'Przykład Sp. z o.o.',
        favourite: false,
        phones: ['mobile:+48600700800', 'work:+48221234567'],
      },
      'Tomás Ó Briain': { company: '', favourite: false, phones: ['home:+35312345678', 'mobile:+353851234567'] },
    });
    expect(store.contacts.list({ search: 'kowalska' }).items[0]?.phones[1]?.original).toBe(
      'tel:+48-22-123-45-67;ext=204',
    );
    store.close();
  });
});

describe('vCard import: duplicates', () => {
  const twice = 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Dup Person\r\nTEL:+6581234567\r\nNOTE:first\r\nEND:VCARD\r\n';
  const variant =
    'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:person DUP\r\nORG:NewCo\r\nTEL;TYPE=WORK:+6581234567\r\nTEL;TYPE=HOME:+6561234567\r\nNOTE:second\r\nEND:VCARD\r\n';

  it('merges a duplicate (same person: same name in any order and case, and a shared number) into the existing contact', async () => {
    const store = freshStore();
    const bytes = new TextEncoder().encode(twice + variant);
    const report = await importContactsFromBytes(store.contacts, bytes, 'cards.vcf', {
      defaultCountry: 'SG',
      duplicates: 'merge',
    });
    expect(report.counts).toEqual({ imported: 1, merged: 1, skipped: 0, rejected: 0 });
    expect(report.merged).toEqual([
      {
        row: 2,
        line: 7,
        name: 'person DUP',
        contactId: report.imported[0]!.contactId,
        // The English sentence comes from the same catalogue entry the renderer words (importReason.mergedInto).
        reason: 'Merged into “Dup Person”.',
        key: 'mergedInto',
        params: { name: 'Dup Person' },
      },
    ]);
    const [merged] = store.contacts.list().items;
    expect(merged).toMatchObject({ name: 'Dup Person', company: 'NewCo', notes: 'first\n\nsecond' });
    expect(merged!.phones.map((phone) => phone.e164)).toEqual(['+6581234567', '+6561234567']);
    store.close();
  });

  it('skips duplicates when asked, reporting which contact each one duplicates; a second import of the same file changes nothing', async () => {
    const store = freshStore();
    const bytes = new TextEncoder().encode(twice);
    await importContactsFromBytes(store.contacts, bytes, 'a.vcf', { defaultCountry: 'SG', duplicates: 'skip' });
    const before = store.contacts.list();
    const report = await importContactsFromBytes(store.contacts, new TextEncoder().encode(twice + variant), 'a.vcf', {
      defaultCountry: 'SG',
      duplicates: 'skip',
    });
    expect(report.counts).toEqual({ imported: 0, merged: 0, skipped: 2, rejected: 0 });
    expect(report.skipped.map((entry) => entry.reason)).toEqual([
      'Duplicate of “Dup Person”.',
      'Duplicate of “Dup Person”.',
    ]);
    expect(store.contacts.list()).toEqual(before);
    store.close();
  });

  it('issue 9 item 10: a different person on a shared office number is imported, with a note, not merged', async () => {
    const store = freshStore();
    store.contacts.create({ name: 'Alice Q. Example', phones: [{ label: 'work', number: '+65 6123 4567' }] });
    const card = 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nTEL:+65 6123 4567\r\nEND:VCARD\r\n';
    const report = await importContactsFromBytes(store.contacts, new TextEncoder().encode(card), 'ann.vcf', {
      defaultCountry: 'SG',
      duplicates: 'merge',
    });
    expect(report.counts).toEqual({ imported: 1, merged: 0, skipped: 0, rejected: 0 });
    expect(report.warnings.map((entry) => entry.reason)).toEqual([
      'Shares a number with "Alice Q. Example"; imported as a separate contact.',
    ]);
    expect(
      store.contacts
        .list()
        .items.map((contact) => contact.name)
        .sort(),
    ).toEqual(['Alice Q. Example', 'Ann Lee']);
    store.close();
  });

  it('the same name and company without a shared number is a different contact (two John Smiths at Acme)', async () => {
    const store = freshStore();
    store.contacts.create({ name: 'Zoë Ångström', company: 'Acme', phones: [{ label: '', number: '+6580000000' }] });
    const card = 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:zoe angstrom\r\nORG:ACME\r\nTEL:+6580000001\r\nEND:VCARD\r\n';
    const report = await importContactsFromBytes(store.contacts, new TextEncoder().encode(card), 'z.vcf', {
      defaultCountry: 'SG',
      duplicates: 'merge',
    });
    expect(report.counts).toMatchObject({ imported: 1, merged: 0 });
    store.close();
  });

  it('accents, case and word order are ignored: "Müller, Jörg" with a shared number is "Jörg Müller"', async () => {
    const store = freshStore();
    store.contacts.create({ name: 'Jörg Müller', phones: [{ label: '', number: '+49 171 5550123' }] });
    const card =
      'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:MULLER\\, jorg\r\nTEL:+491715550123\r\nTEL:+49301234567\r\nEND:VCARD\r\n';
    const report = await importContactsFromBytes(store.contacts, new TextEncoder().encode(card), 'j.vcf', {
      defaultCountry: 'DE',
      duplicates: 'merge',
    });
    expect(report.counts.merged).toBe(1);
    expect(store.contacts.list().items[0]?.phones.map((phone) => phone.e164)).toEqual([
      '+491715550123',
      '+49301234567',
    ]);
    store.close();
  });
});
