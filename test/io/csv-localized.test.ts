/**
 * Issue 9 item 9: Outlook CSV exports in other languages and Excel's `sep=` hint line are read,
 * not refused. Header sources are listed in test/fixtures/import/SOURCES.md and csv-headers.ts.
 */
import { describe, expect, it } from 'vitest';
import { importContactsFromFile } from '../../src/main/core/io/contact-import.ts';
import { fixture, freshStore, summary } from './support.ts';

describe('CSV import: localized Outlook headers and the sep= line', () => {
  it("German Outlook (the issue's example): Vorname, Nachname, Mobiltelefon", async () => {
    const store = freshStore();
    const report = await importContactsFromFile(store.contacts, fixture('outlook-de.csv'), {
      defaultCountry: 'DE',
      duplicates: 'merge',
    });
    expect(report.counts).toEqual({ imported: 1, merged: 0, skipped: 0, rejected: 0 });
    expect(summary(store)).toEqual({
      'Jörg Müller': { company: '', favourite: false, phones: ['mobile:+491715550123'] },
    });
    store.close();
  });

  it('French Outlook: Titre/Prénom/Nom, Société, national numbers read with the default country', async () => {
    const store = freshStore();
    const report = await importContactsFromFile(store.contacts, fixture('outlook-fr.csv'), {
      defaultCountry: 'FR',
      duplicates: 'merge',
    });
    expect(report.counts.imported).toBe(1);
    expect(summary(store)).toEqual({
      'Mme Amélie Dubois': {
        company: 'Contoso',
        favourite: false,
        phones: ['work:+33123456789', 'mobile:+33612345678'],
      },
    });
    store.close();
  });

  it('Simplified Chinese Outlook (BOM): family name first, written without a space', async () => {
    const store = freshStore();
    await importContactsFromFile(store.contacts, fixture('outlook-zh.csv'), {
      defaultCountry: 'CN',
      duplicates: 'merge',
    });
    expect(summary(store)).toEqual({
      李伟: { company: '示例有限公司', favourite: false, phones: ['mobile:+8613800138000', 'work:+861012345678'] },
    });
    store.close();
  });

  it("Excel's sep=; line (the issue's example): skipped, its delimiter used, line numbers still those of the file", async () => {
    const store = freshStore();
    const report = await importContactsFromFile(store.contacts, fixture('excel-sep-hint.csv'), {
      defaultCountry: 'SG',
      duplicates: 'merge',
    });
    expect(report.records).toBe(2);
    expect(report.imported.map((entry) => [entry.row, entry.line, entry.name])).toEqual([
      [1, 3, 'Ann Lee'],
      [2, 4, 'Bob Tan'],
    ]);
    store.close();
  });

  it('the quoted "sep=," form with German headers and a national number', async () => {
    const store = freshStore();
    const report = await importContactsFromFile(store.contacts, fixture('excel-sep-quoted-de.csv'), {
      defaultCountry: 'DE',
      duplicates: 'merge',
    });
    expect(report.counts.imported).toBe(1);
    expect(summary(store)).toEqual({
      'Anna Schmidt': { company: 'Beispiel GmbH', favourite: false, phones: ['work:+49301234567'] },
    });
    store.close();
  });
});
