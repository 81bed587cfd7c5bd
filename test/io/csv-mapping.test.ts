/**
 * Issue 9 item 9: a CSV file whose headers the app does not recognise is not refused: the user
 * sees its first rows (previewCsv) with a suggested role per column, maps each column to a
 * contact field, and the import reads the file by that mapping. Real files, real worker threads.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CsvPreview, ImportReport } from '../../src/shared/import-export.ts';
import { dataApiHarness, summary, tempDir } from './support.ts';

function csvFile(name: string, content: string): string {
  const file = path.join(tempDir('hoiio-csvmap-'), name);
  writeFileSync(file, content);
  return file;
}

// Headers no exporter writes (a hand-made sheet), one number column with a label-less value.
const HAND_MADE =
  'Person;Reach me at;Desk line;Employer;Remarks\r\n' +
  'Jörg Müller;+49 171 5550123;+49 30 5550100;Beispiel GmbH;met in Berlin\r\n' +
  'Tan Ah Kow;8123 4567;;Example Pte Ltd;\r\n' +
  'Only A Company;;;;\r\n';

describe('CSV column mapping', () => {
  it('previews the first rows with a suggested role per column', async () => {
    const { value, store } = dataApiHarness();
    const file = csvFile('hand-made.csv', `sep=;\r\n${HAND_MADE}`);
    const preview = await value<CsvPreview>('importExport:previewCsv', { path: file, defaultCountry: 'SG' });
    expect(preview).toEqual({
      headers: ['Person', 'Reach me at', 'Desk line', 'Employer', 'Remarks'],
      rows: [
        ['Jörg Müller', '+49 171 5550123', '+49 30 5550100', 'Beispiel GmbH', 'met in Berlin'],
        ['Tan Ah Kow', '8123 4567', '', 'Example Pte Ltd', ''],
        ['Only A Company', '', '', '', ''],
      ],
      suggested: ['name', 'phone', 'phone', 'ignore', 'ignore'],
      recognised: false,
    });
    // A file the app recognises says so (no mapping needed).
    const google = csvFile('google.csv', 'Name,Phone 1 - Label,Phone 1 - Value\r\nAda,Mobile,+14155550100\r\n');
    expect(await value<CsvPreview>('importExport:previewCsv', { path: google, defaultCountry: 'SG' })).toMatchObject({
      recognised: true,
      suggested: ['name', 'ignore', 'phone'],
    });
    store.close();
  });

  it('without a mapping the file is refused with the catalogue key; with one it is imported by it', async () => {
    const { call, value, store } = dataApiHarness();
    const file = csvFile('hand-made.csv', HAND_MADE);
    const input = { jobId: crypto.randomUUID(), path: file, defaultCountry: 'SG', duplicates: 'merge' };
    const refused = await call('importExport:importContacts', input);
    // The key crosses the worker thread and IPC, so the panel knows to offer the mapping.
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_input', key: 'import.unknownColumns' } });

    const report = await value<ImportReport>('importExport:importContacts', {
      ...input,
      jobId: crypto.randomUUID(),
      columns: ['name', 'phone.mobile', 'phone.work', 'company', 'notes'],
    });
    // "Only A Company" has no number: a contact without one, as the contact form allows.
    expect(report.counts).toEqual({ imported: 3, merged: 0, skipped: 0, rejected: 0 });
    expect(summary(store)).toEqual({
      'Jörg Müller': {
        company: 'Beispiel GmbH',
        favourite: false,
        phones: ['mobile:+491715550123', 'work:+49305550100'],
      },
      'Tan Ah Kow': { company: 'Example Pte Ltd', favourite: false, phones: ['mobile:+6581234567'] },
      'Only A Company': { company: '', favourite: false, phones: [] },
    });
    expect(store.contacts.list({ search: 'Jörg' }).items[0]!.notes).toBe('met in Berlin');
    store.close();
  });

  it('name parts join in order; a mapping without a name or a number, or of another width, is refused', async () => {
    const { call, value, store } = dataApiHarness();
    const file = csvFile('parts.csv', 'A,B,C\r\nMüller,Jörg,+49 171 5550199\r\n');
    const input = { path: file, defaultCountry: 'SG', duplicates: 'merge' };
    await value('importExport:importContacts', {
      ...input,
      jobId: crypto.randomUUID(),
      columns: ['lastName', 'firstName', 'phone'],
    });
    expect(Object.keys(summary(store))).toEqual(['Jörg Müller']);
    const noPhone = await call('importExport:importContacts', {
      ...input,
      jobId: crypto.randomUUID(),
      columns: ['name', 'ignore', 'notes'],
    });
    expect(noPhone).toMatchObject({ ok: false, error: { key: 'import.mappingIncomplete' } });
    const tooFew = await call('importExport:importContacts', {
      ...input,
      jobId: crypto.randomUUID(),
      columns: ['name', 'phone'],
    });
    expect(tooFew).toMatchObject({
      ok: false,
      error: { key: 'import.mappingMismatch', params: { mapped: 2, columns: 3 } },
    });
    const badRole = await call('importExport:importContacts', {
      ...input,
      jobId: crypto.randomUUID(),
      columns: ['name', 'phone', 'birthday'],
    });
    expect(badRole).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    store.close();
  });
});
