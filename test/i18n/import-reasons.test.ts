/**
 * Issue 11: the import report's reasons (rejected records, refused numbers, warnings) and the
 * keychain error are worded from the catalogues in the user's language: in zh-CN no English
 * sentence is left, and the English wording is the core's own sentence (one catalogue).
 */
import { describe, expect, it } from 'vitest';
import { importContactsFromBytes } from '../../src/main/core/io/contact-import.ts';
import { describeError, describeImportReason } from '../../src/renderer/src/i18n/format.ts';
import { AppError } from '../../src/shared/errors.ts';
import type { ImportEntry } from '../../src/shared/import-export.ts';
import { freshStore } from '../io/support.ts';
import { intlFor } from '../support/intl.ts';

const en = intlFor('en');
const zh = intlFor('zh-CN');
const HAN = /\p{Script=Han}/u;

const card = (lines: string[]) => ['BEGIN:VCARD', 'VERSION:3.0', ...lines, 'END:VCARD'].join('\r\n') + '\r\n';

describe('import report reasons in every language', () => {
  it('every reason of a vCard and a CSV file with every kind of problem is worded in zh-CN', async () => {
    const store = freshStore();
    const vcf =
      'stray text before any card\r\n' +
      card(['FN:No Number']) +
      card(['FN:Bad Numbers', 'TEL:12', 'TEL:abc', 'TEL:(415) 555-0100', 'TEL:0', 'TEL:1']) +
      card(['FN:One Bad', 'TEL:+65 8123 4567', 'TEL:12']) +
      card(['TEL:+65 8123 4568']) +
      ['BEGIN:VCARD', 'VERSION:3.0', 'FN:Unended', 'TEL:+65 8123 4569'].join('\r\n') +
      '\r\n' +
      card(['FN:After', 'TEL:+65 8123 4570']) +
      card(['FN:After', 'TEL:+65 8123 4570', 'TEL:+65 8123 4575']) +
      card(['FN:After', 'TEL:+65 8123 4570']) +
      card([`FN:${'L'.repeat(300)}`, 'TEL:+65 8123 4571']);
    const vcard = await importContactsFromBytes(store.contacts, new TextEncoder().encode(vcf), 'x.vcf', {
      defaultCountry: 'SG',
      duplicates: 'merge',
    });
    const csv = await importContactsFromBytes(
      store.contacts,
      new TextEncoder().encode('Name,Phone\r\nShort Row\r\n,+65 8123 4572\r\n"Open,+65 8123 4573\r\n'),
      'x.csv',
      { defaultCountry: 'SG', duplicates: 'merge' },
    );
    const entries: ImportEntry[] = [vcard, csv].flatMap((report) => [
      ...report.rejected,
      ...report.warnings,
      ...report.merged,
      ...report.skipped,
    ]);
    const keys = new Set(entries.map((entry) => entry.key));
    for (const key of [
      'vcard.strayText',
      'unchanged',
      'noValidNumber',
      'numberLeftOut',
      'vcard.noName',
      'vcard.noEnd',
      'mergedInto',
      'fieldCut',
      'csv.columnCount',
      'csv.noName',
      'csv.unclosedQuote',
    ])
      expect(keys, key).toContain(key);
    for (const entry of entries) {
      // English: the core's own sentence, from the same catalogue.
      expect(describeImportReason(en, entry)).toBe(entry.reason);
      const chinese = describeImportReason(zh, entry);
      expect(chinese, entry.reason).toMatch(HAN);
      // No English sentence left: at most a quoted value from the file, numbers and vCard keywords.
      expect(chinese.replace(/“[^”]*”|"[^"]*"|[A-Z:]{2,}|\d+/g, ''), entry.reason).not.toMatch(/[a-z]{3,}/);
    }
    // A refused number names its country in the report's language.
    const refused = vcard.rejected.find((entry) => entry.key === 'noValidNumber')!;
    expect(describeImportReason(zh, refused)).toContain('新加坡');
    expect(describeImportReason(en, refused)).toContain('Singapore');
    store.close();
  });

  it('the keychain error is worded in zh-CN', () => {
    const error = new AppError('keychain_unavailable', 'The system keychain is not available…', undefined, {
      key: 'secrets.keychainUnavailable',
      params: { operation: 'saved', platform: 'linux' },
    });
    const chinese = describeError(zh, error);
    expect(chinese).toContain('钥匙串');
    expect(chinese).toContain('保存');
    expect(chinese).not.toMatch(/keychain|token/i);
    expect(describeError(en, error)).toMatch(
      /^The system keychain is not available, so the Hoiio access token cannot be saved\. Install and unlock/,
    );
  });
});
