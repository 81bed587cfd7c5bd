/**
 * Issue 9 item 7: a card without END:VCARD must not swallow the next one. Each card is one
 * record; the open card is rejected naming the line where the next begins, the next is imported.
 */
import { describe, expect, it } from 'vitest';
import { importContactsFromBytes, importContactsFromFile } from '../../src/main/core/io/contact-import.ts';
import { contactToVCard } from '../../src/main/core/io/vcard-writer.ts';
import { fixture, freshStore, plainEntries } from './support.ts';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('vCard structure: a missing END:VCARD', () => {
  it("the issue's example: A rejected naming line 5 where B begins, B imported", async () => {
    const store = freshStore();
    const report = await importContactsFromFile(store.contacts, fixture('missing-end.vcf'), {
      defaultCountry: 'US',
      duplicates: 'merge',
    });
    expect(report.records).toBe(2);
    expect(report.counts).toEqual({ imported: 1, merged: 0, skipped: 0, rejected: 1 });
    expect(plainEntries(report.rejected)).toEqual([
      { row: 1, line: 1, reason: 'The card has no END:VCARD line: another card begins at line 5 before it ends.' },
    ]);
    expect(report.imported).toMatchObject([{ row: 2, line: 5, name: 'B' }]);
    store.close();
  });

  it('vCard 4.0, three cards, the middle one unterminated: first and last imported, middle rejected', async () => {
    const store = freshStore();
    const text = [
      'BEGIN:VCARD',
      'VERSION:4.0',
      'FN:First',
      'TEL;VALUE=uri:tel:+14155550161',
      'END:VCARD',
      'BEGIN:VCARD',
      'VERSION:4.0',
      'FN:Middle',
      'TEL;VALUE=uri:tel:+14155550162',
      'BEGIN:VCARD',
      'VERSION:4.0',
      'FN:Last',
      'TEL;VALUE=uri:tel:+14155550163',
      'END:VCARD',
    ].join('\r\n');
    const report = await importContactsFromBytes(store.contacts, utf8(text), 'cards.vcf', {
      defaultCountry: 'US',
      duplicates: 'merge',
    });
    expect(report.imported.map((entry) => entry.name)).toEqual(['First', 'Last']);
    expect(plainEntries(report.rejected)).toEqual([
      { row: 2, line: 6, reason: 'The card has no END:VCARD line: another card begins at line 10 before it ends.' },
    ]);
    store.close();
  });

  it('two unterminated cards in a row, then the file ends: each is one rejected record, none vanishes', async () => {
    const store = freshStore();
    const text = ['BEGIN:VCARD', 'FN:One', 'TEL:+14155550171', 'BEGIN:VCARD', 'FN:Two', 'TEL:+14155550172'].join('\n');
    const report = await importContactsFromBytes(store.contacts, utf8(text), 'cards.vcf', {
      defaultCountry: 'US',
      duplicates: 'merge',
    });
    expect(report.records).toBe(2);
    expect(report.rejected.map((entry) => [entry.row, entry.line])).toEqual([
      [1, 1],
      [2, 4],
    ]);
    expect(report.rejected[1]?.reason).toMatch(/file ends before its END:VCARD/);
    store.close();
  });

  it('a vCard 2.1 AGENT card (RFC 2426 predecessor, vCard 2.1 §2.4.2) stays embedded in its parent', async () => {
    const store = freshStore();
    const text = [
      'BEGIN:VCARD',
      'VERSION:2.1',
      'N:Boss;Big',
      'TEL;WORK:+14155550181',
      'AGENT:',
      'BEGIN:VCARD',
      'VERSION:2.1',
      'N:Assistant;Amy',
      'TEL;WORK:+14155550182',
      'END:VCARD',
      'END:VCARD',
    ].join('\r\n');
    const report = await importContactsFromBytes(store.contacts, utf8(text), 'agent.vcf', {
      defaultCountry: 'US',
      duplicates: 'merge',
    });
    expect(report.records).toBe(1);
    expect(report.imported.map((entry) => entry.name)).toEqual(['Big Boss']);
    store.close();
  });
});

describe('vCard ORG: organisation and units (RFC 6350 §6.6.4)', () => {
  it('ORG:公司;Sales is imported as the company "公司; Sales" and exported back as ORG:公司;Sales', async () => {
    const store = freshStore();
    const card = [
      'BEGIN:VCARD',
      'VERSION:4.0',
      'FN:Li Wei',
      'ORG:公司;Sales',
      'TEL;VALUE=uri:tel:+6581230001',
      'END:VCARD',
    ];
    await importContactsFromBytes(store.contacts, utf8(card.join('\r\n')), 'cards.vcf', {
      defaultCountry: 'SG',
      duplicates: 'merge',
    });
    const [imported] = store.contacts.list({ limit: 5 }).items;
    expect(imported?.company).toBe('公司; Sales');
    const exported = contactToVCard(imported!);
    expect(exported.split('\r\n')).toContain('ORG:公司;Sales');

    // And read again, the same company: the unit round-trips; a comma in a name stays one component.
    const again = freshStore();
    await importContactsFromBytes(again.contacts, utf8(exported), 'again.vcf', {
      defaultCountry: 'SG',
      duplicates: 'merge',
    });
    expect(again.contacts.list({ limit: 5 }).items[0]?.company).toBe('公司; Sales');
    expect(contactToVCard({ ...imported!, company: 'Smith, Jones & Co' }).split('\r\n')).toContain(
      'ORG:Smith\\, Jones & Co',
    );
    store.close();
    again.close();
  });
});
