import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importContactsFromBytes, importContactsFromFile } from '../../src/main/core/io/contact-import.ts';
import { decodeImportBytes } from '../../src/main/core/io/text-decoding.ts';
import type { JobProgress } from '../../src/shared/import-export.ts';
import { fixture, freshStore, rejection, summary, tempDir, plainEntries } from './support.ts';

const options = { defaultCountry: 'GB', duplicates: 'merge' } as const;

/** A vCard file of about `megabytes` MB: contacts with 10 kB photos, as phone address books export them. */
function bigVCardFile(megabytes: number): { file: string; cards: number } {
  const photo = Buffer.alloc(7_500, 7)
    .toString('base64')
    .match(/.{1,74}/g)!
    .join('\r\n ');
  const card = (index: number): string =>
    `BEGIN:VCARD\r\nVERSION:3.0\r\nN:Person ${index};Big;;;\r\nFN:Big Person ${index}\r\n` +
    `TEL;TYPE=CELL:+44 7700 ${String(index).padStart(6, '0')}\r\nPHOTO;ENCODING=b;TYPE=JPEG:${photo}\r\nEND:VCARD\r\n`;
  const cards = Math.ceil((megabytes * 1024 * 1024) / card(0).length);
  const file = path.join(tempDir('hoiio-big-'), 'big.vcf');
  writeFileSync(file, Array.from({ length: cards }, (_, index) => card(index)).join(''));
  return { file, cards };
}

describe('broken and unusual files', () => {
  it('a truncated vCard file: complete cards are imported, the cut card is rejected as incomplete', async () => {
    const store = freshStore();
    const text = readFileSync(fixture('apple-contacts.vcf'), 'utf8');
    const cut = text.slice(0, text.indexOf('TEL;type=HOME;type=FAX'));
    const report = await importContactsFromBytes(store.contacts, Buffer.from(cut), 'cut.vcf', {
      ...options,
      defaultCountry: 'US',
    });
    expect(report.counts).toEqual({ imported: 1, merged: 0, skipped: 0, rejected: 1 });
    expect(plainEntries(report.rejected)).toEqual([
      {
        row: 2,
        line: 23,
        reason: 'The card is incomplete: the file ends before its END:VCARD line (the file may be truncated).',
      },
    ]);
    expect(Object.keys(summary(store))).toEqual(['John Appleseed']);
    store.close();
  });

  it('a truncated CSV file: the cut row is rejected with the reason, the rows before it are imported', async () => {
    const store = freshStore();
    const text = readFileSync(fixture('outlook-contacts.csv'), 'utf8');
    const cutInsideQuotes = text.slice(0, text.indexOf('Jürgen') + 3);
    const report = await importContactsFromBytes(store.contacts, Buffer.from(cutInsideQuotes), 'cut.csv', options);
    expect(report.counts).toEqual({ imported: 1, merged: 0, skipped: 0, rejected: 1 });
    expect(plainEntries(report.rejected)).toEqual([
      { row: 2, line: 3, reason: 'A quoted value is never closed (the file may be truncated).' },
    ]);

    const unquoted = 'Name,Phone,Notes\r\nAnn,+447700900001,ok\r\nBen,+4477009';
    const second = await importContactsFromBytes(freshStore().contacts, Buffer.from(unquoted), 'cut.csv', options);
    expect(plainEntries(second.rejected)).toEqual([
      {
        row: 2,
        line: 3,
        reason:
          'The row has 2 values but the header has 3 columns: the file may be truncated, or the row lost its separators.',
      },
    ]);
    store.close();
  });

  it('a CSV row with an unquoted separator is rejected, not imported shifted', async () => {
    const store = freshStore();
    const text = 'Name,Company,Phone\r\nAnn,Acme, Inc.,+447700900001\r\nBen,Beta,+447700900002\r\n';
    const report = await importContactsFromBytes(store.contacts, Buffer.from(text), 'x.csv', options);
    expect(plainEntries(report.rejected)).toEqual([
      {
        row: 1,
        line: 2,
        reason: 'The row has 4 values but the header has 3 columns: a value probably contains an unquoted separator.',
      },
    ]);
    expect(Object.keys(summary(store))).toEqual(['Ben']);
    store.close();
  });

  it('a Windows-1252 file (not valid UTF-8) is read as Windows-1252 on auto, and each non-ASCII record says it was a guess', async () => {
    const utf8 = readFileSync(fixture('outlook-contacts.csv'), 'utf8').replace(/^\uFEFF/, '');
    const windows1252 = Buffer.from(utf8, 'latin1'); // ü, ß, é fit in one byte: valid Windows-1252, invalid UTF-8
    const store = freshStore();
    const report = await importContactsFromBytes(store.contacts, windows1252, 'outlook.csv', options);
    expect(report.encoding).toBe('windows-1252');
    expect(report.counts).toEqual({ imported: 3, merged: 0, skipped: 0, rejected: 0 });
    expect(summary(store)['Jürgen Müller']?.company).toBe('Großhandel Müller GmbH');
    expect(report.warnings.filter((entry) => entry.key === 'guessedEncoding').map((entry) => entry.name)).toContain(
      'Jürgen Müller',
    );
    // The same bytes read as UTF-8 when the user says so: the record with bytes UTF-8 cannot read is rejected, with advice.
    const asUtf8 = await importContactsFromBytes(freshStore().contacts, windows1252, 'outlook.csv', {
      ...options,
      encoding: 'utf-8',
    });
    expect(asUtf8.counts).toMatchObject({ imported: 2, rejected: 1 });
    expect(asUtf8.rejected[0]?.reason).toMatch(/not valid UTF-8.*Windows-1252.*choosing the file's encoding/);
    // A valid UTF-8 file stays UTF-8 on auto, with no guess reported.
    const utf8Report = await importContactsFromBytes(freshStore().contacts, Buffer.from(utf8), 'outlook.csv', options);
    expect(utf8Report.encoding).toBe('utf-8');
    expect(utf8Report.warnings.some((entry) => entry.key === 'guessedEncoding')).toBe(false);
    store.close();
  });

  it('a vCard card in Windows-1252 without CHARSET is read as Windows-1252 on auto, next to UTF-8 cards', async () => {
    const store = freshStore();
    const card = Buffer.from(
      'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Renée Faÿ\r\nTEL:+44 7700 900111\r\nEND:VCARD\r\n',
      'latin1',
    );
    const utf8Card = Buffer.from('BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zoë Ång\r\nTEL:+44 7700 900112\r\nEND:VCARD\r\n');
    const report = await importContactsFromBytes(store.contacts, Buffer.concat([card, utf8Card]), 'mixed.vcf', options);
    // The UTF-8 card stays UTF-8; only the Windows-1252 one is reported as a guess.
    expect(report.warnings.map((entry) => [entry.name, entry.key, entry.params])).toEqual([
      ['Renée Faÿ', 'guessedEncoding', { encoding: 'windows-1252' }],
    ]);
    expect(Object.keys(summary(store)).sort()).toEqual(['Renée Faÿ', 'Zoë Ång']);
    store.close();
  });

  it('UTF-16 files (Excel "Unicode text") are recognised with or without a BOM', async () => {
    const text = 'Name\tPhone\r\nZoë\t+447700900003\r\n';
    for (const bytes of [
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
      Buffer.from(text, 'utf16le'),
    ]) {
      const store = freshStore();
      const report = await importContactsFromBytes(store.contacts, bytes, 'unicode.txt', options);
      expect(report.encoding).toBe('utf-16le');
      expect(Object.keys(summary(store))).toEqual(['Zoë']);
      store.close();
    }
  });

  it('refuses files that are not contacts with a clear message and writes nothing', async () => {
    const store = freshStore();
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');
    const pngError = await rejection(importContactsFromBytes(store.contacts, png, 'photo.csv', options), 'import');
    expect(pngError).toMatchObject({ code: 'invalid_input', key: 'file.binary', params: { kind: 'png' } });
    expect(pngError.message).toMatch(
      /^photo\.csv is not a contacts file: it looks like a PNG image\. Nothing was imported\./,
    );
    // A ZIP (also what an .xlsx is) renamed .csv, whatever encoding the user chose.
    const zip = Buffer.concat([Buffer.from('504b0304140000000800', 'hex'), Buffer.from('[Content_Types].xml')]);
    for (const encoding of ['auto', 'utf-8', 'windows-1252', 'utf-16le'] as const) {
      const error = await rejection(
        importContactsFromBytes(store.contacts, zip, 'contacts.csv', { ...options, encoding }),
        'import',
      );
      expect(error).toMatchObject({ key: 'file.binary', params: { kind: 'zip' } });
    }
    // Random bytes with no known signature: not text either (they would read as Windows-1252 otherwise).
    let seed = 7;
    const noise = Buffer.from(
      Array.from({ length: 4096 }, () => {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        return seed >> 16;
      }).map((value) => (value & 0xff) | 0x01),
    );
    expect(
      await rejection(importContactsFromBytes(store.contacts, noise, 'noise.csv', options), 'import'),
    ).toMatchObject({ key: 'file.binary', params: { kind: 'other' } });
    // A contact whose name starts "MZ" is not a Windows program.
    expect(decodeImportBytes(Buffer.from('MZ Trading,+44 7700 900123\r\n'), 'auto').text).toMatch(/^MZ Trading/);
    const noCards = Buffer.from('just some notes\r\nnothing else\r\n');
    expect(
      (await rejection(importContactsFromBytes(store.contacts, noCards, 'x.vcf', options), 'import')).message,
    ).toMatch(/contains no vCards/);
    const noColumns = Buffer.from('Colour,Size\r\nred,big\r\n');
    const error = await rejection(importContactsFromBytes(store.contacts, noColumns, 'x.csv', options), 'import');
    expect(error.code).toBe('invalid_input');
    expect(error.message).toMatch(/has no name columns \(its columns are: Colour, Size\)/);
    expect(
      (await rejection(importContactsFromBytes(store.contacts, Buffer.from(''), 'x.csv', options), 'import')).message,
    ).toMatch(/empty/);
    expect((await rejection(importContactsFromFile(store.contacts, '/no/such/file.vcf', options), 'import')).code).toBe(
      'not_found',
    );
    const tooBig = await rejection(
      importContactsFromFile(store.contacts, fixture('outlook-contacts.csv'), { ...options, maxBytes: 1000 }),
      'import',
    );
    expect(tooBig.message).toMatch(/imports are limited to 0 MB. Split it/);
    expect(store.contacts.count()).toBe(0);
    store.close();
  });

  it('rolls the whole import back when saving fails part-way, and says nothing was imported', async () => {
    const store = freshStore();
    store.db.exec(`CREATE TEMP TRIGGER fail_third BEFORE INSERT ON contacts WHEN (SELECT count(*) FROM contacts) >= 2
      BEGIN SELECT RAISE(ABORT, 'simulated disk failure'); END`);
    const error = await rejection(
      importContactsFromFile(store.contacts, fixture('apple-contacts.vcf'), { ...options, defaultCountry: 'US' }),
      'import',
    );
    expect(error.code).toBe('storage');
    expect(error.message).toMatch(/rolled back: nothing was imported/);
    expect(store.contacts.count()).toBe(0);
    store.close();
  });

  it('imports a 50 MB file with progress events, and a cancel part-way leaves the database untouched', async () => {
    const { file, cards } = bigVCardFile(50);
    const store = freshStore();
    store.contacts.create({ name: 'Already Here', phones: [{ label: '', number: '+447700999999' }] });

    const controller = new AbortController();
    const seen: Pick<JobProgress, 'phase' | 'processed' | 'total'>[] = [];
    const cancelled = await rejection(
      importContactsFromFile(store.contacts, file, {
        ...options,
        signal: controller.signal,
        onProgress: (progress) => {
          seen.push(progress);
          if (progress.processed > progress.total / 3) controller.abort();
        },
      }),
      'import',
    );
    expect(cancelled.code).toBe('cancelled');
    expect(cancelled.message).toBe('The import was cancelled; nothing was imported.');
    expect(seen.length).toBeGreaterThan(0);
    expect(Object.keys(summary(store))).toEqual(['Already Here']);

    const progress: Pick<JobProgress, 'phase' | 'processed' | 'total'>[] = [];
    const report = await importContactsFromFile(store.contacts, file, {
      ...options,
      onProgress: (update) => progress.push(update),
    });
    expect(report.counts).toEqual({ imported: cards, merged: 0, skipped: 0, rejected: 0 });
    expect(store.contacts.count()).toBe(cards + 1);
    expect(new Set(progress.map((update) => update.phase))).toEqual(new Set(['reading', 'checking', 'saving']));
    const reading = progress.filter((update) => update.phase === 'reading').map((update) => update.processed);
    expect(reading).toEqual([...reading].sort((a, b) => a - b));
    expect(progress.at(-1)).toEqual({ phase: 'saving', processed: cards, total: cards });
    store.close();
  }, 60_000);
});
