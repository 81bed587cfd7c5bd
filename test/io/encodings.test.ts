/**
 * Issue 9 item 8 (part): every decodable WHATWG encoding can be chosen for an import, so a
 * Shift_JIS, GBK or Big5 file is read right when the user picks its encoding.
 */
import { describe, expect, it } from 'vitest';
import { importContactsFromBytes } from '../../src/main/core/io/contact-import.ts';
import { decodeImportBytes } from '../../src/main/core/io/text-decoding.ts';
import { IMPORT_ENCODINGS, ImportEncodingSchema } from '../../src/shared/import-export.ts';
import { freshStore, summary } from './support.ts';

/** Bytes of `prefix` (ASCII) + raw encoded bytes + `suffix`. */
function bytes(prefix: string, encoded: number[], suffix: string): Uint8Array {
  return Uint8Array.from([...Buffer.from(prefix, 'latin1'), ...encoded, ...Buffer.from(suffix, 'latin1')]);
}

// 山田;太郎 in Shift_JIS (JIS X 0208: 山 8E52, 田 9363, 太 91BE, 郎 9859).
const YAMADA_TARO_SJIS = [0x8e, 0x52, 0x93, 0x63, 0x3b, 0x91, 0xbe, 0x98, 0x59];

describe('import encodings', () => {
  it('offers every encoding TextDecoder can decode', () => {
    for (const encoding of IMPORT_ENCODINGS) {
      expect(() => new TextDecoder(encoding), encoding).not.toThrow();
      expect(ImportEncodingSchema.safeParse(encoding).success).toBe(true);
    }
  });

  it("the issue's Shift_JIS card imports as 山田太郎 when Shift_JIS is chosen", async () => {
    const store = freshStore();
    const file = bytes(
      'BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=SHIFT_JIS:',
      YAMADA_TARO_SJIS,
      ';;;\r\nTEL;CELL:+81 90 5555 0123\r\nEND:VCARD\r\n',
    );
    const report = await importContactsFromBytes(store.contacts, file, 'yamada.vcf', {
      defaultCountry: 'JP',
      duplicates: 'merge',
      encoding: 'shift_jis',
    });
    expect(report).toMatchObject({ encoding: 'shift_jis', counts: { imported: 1, rejected: 0 } });
    expect(Object.keys(summary(store))).toEqual(['山田 太郎']);
    store.close();
  });

  it("the issue's Shift_JIS card imports as 山田 太郎 (family name first) on auto: its CHARSET is honoured", async () => {
    const store = freshStore();
    const file = bytes(
      'BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=SHIFT_JIS:',
      YAMADA_TARO_SJIS,
      ';;;\r\nTEL;CELL:+81 90 5555 0123\r\nEND:VCARD\r\n',
    );
    const report = await importContactsFromBytes(store.contacts, file, 'yamada.vcf', {
      defaultCountry: 'JP',
      duplicates: 'merge',
    });
    expect(report).toMatchObject({ encoding: 'utf-8', counts: { imported: 1, rejected: 0 }, warnings: [] });
    expect(Object.keys(summary(store))).toEqual(['山田 太郎']);
    store.close();
  });

  it('each value is decoded in its own CHARSET (GBK, Big5, ISO-8859-1) next to UTF-8 values in one file', async () => {
    const store = freshStore();
    const file = bytes(
      // 李;伟 in GBK (C0EE;CEB0), 陳大文 in Big5 (B3AF A46A A4E5) as ORG, Müller in ISO-8859-1 (FC).
      'BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=GBK:',
      [0xc0, 0xee, 0x3b, 0xce, 0xb0],
      ';;;\r\nTEL:+86 138 0013 8000\r\nEND:VCARD\r\n',
    );
    const big5 = bytes(
      'BEGIN:VCARD\r\nVERSION:2.1\r\nORG;CHARSET=BIG5:',
      [0xb3, 0xaf, 0xa4, 0x6a, 0xa4, 0xe5],
      '\r\nTEL:+852 2123 4567\r\nEND:VCARD\r\n',
    );
    const latin1 = bytes(
      'BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=ISO-8859-1:M',
      [0xfc],
      'ller;J\u00c3\u00b6rg;;;\r\nTEL:+49 171 5550123\r\nEND:VCARD\r\n',
    );
    const utf8 = Buffer.from('BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zoë Ångström\r\nTEL:+46 70 123 45 67\r\nEND:VCARD\r\n');
    const all = Uint8Array.from([...file, ...big5, ...latin1, ...utf8]);
    const report = await importContactsFromBytes(store.contacts, all, 'mixed.vcf', {
      defaultCountry: 'SG',
      duplicates: 'merge',
    });
    expect(report).toMatchObject({ counts: { imported: 4, rejected: 0 }, warnings: [] });
    // The ISO-8859-1 value's "Ã¶" bytes are two Latin-1 characters, as its CHARSET says.
    expect(Object.keys(summary(store)).sort()).toEqual(['JÃ¶rg Müller', 'Zoë Ångström', '李 伟', '陳大文'].sort());
    store.close();
  });

  it('a CHARSET that is unknown or does not fit its bytes gives way to the file encoding; unreadable in both, the card is rejected', async () => {
    const store = freshStore();
    // "José" in UTF-8 under CHARSET=UNKNOWN-8BIT (RFC 1428's label, no WHATWG encoding), "Lee–" (E2 80 93: the
    // final 93 is a Shift_JIS lead byte without its pair) under CHARSET=SHIFT_JIS, then bytes no encoding reads.
    const mislabelled = bytes(
      'BEGIN:VCARD\r\nVERSION:2.1\r\nFN;CHARSET=UNKNOWN-8BIT:Jos',
      [0xc3, 0xa9],
      '\r\nTEL:+34 612 345 678\r\nEND:VCARD\r\n',
    );
    const notShiftJis = bytes(
      'BEGIN:VCARD\r\nVERSION:2.1\r\nFN;CHARSET=SHIFT_JIS:Lee',
      [0xe2, 0x80, 0x93],
      '\r\nTEL:+34 612 345 670\r\nEND:VCARD\r\n',
    );
    const unreadable = bytes(
      'BEGIN:VCARD\r\nVERSION:2.1\r\nFN;CHARSET=SHIFT_JIS:X',
      [0x82],
      '\r\nTEL:+34 612 345 679\r\nEND:VCARD\r\n',
    );
    const report = await importContactsFromBytes(
      store.contacts,
      Uint8Array.from([...mislabelled, ...unreadable, ...notShiftJis]),
      'x.vcf',
      {
        defaultCountry: 'ES',
        duplicates: 'merge',
      },
    );
    expect(report).toMatchObject({ counts: { imported: 2, rejected: 1 } });
    expect(report.rejected[0]).toMatchObject({ row: 2, line: 6 });
    expect(Object.keys(summary(store)).sort()).toEqual(['José', 'Lee–']);
    store.close();
  });

  it('text decoded by a guess (Windows-1252 chosen, no BOM, no CHARSET) is reported for that record only', async () => {
    const store = freshStore();
    const guessed = bytes('BEGIN:VCARD\r\nVERSION:2.1\r\nFN:J', [0xf6], 'rg\r\nTEL:+49 171 5550123\r\nEND:VCARD\r\n');
    const ascii = Buffer.from('BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Ann Lee\r\nTEL:+49 171 5550124\r\nEND:VCARD\r\n');
    const ownCharset = bytes(
      'BEGIN:VCARD\r\nVERSION:2.1\r\nFN;CHARSET=ISO-8859-1:M',
      [0xfc],
      'ller\r\nTEL:+49 171 5550125\r\nEND:VCARD\r\n',
    );
    const report = await importContactsFromBytes(
      store.contacts,
      Uint8Array.from([...guessed, ...ascii, ...ownCharset]),
      'old.vcf',
      { defaultCountry: 'DE', duplicates: 'merge', encoding: 'windows-1252' },
    );
    expect(report).toMatchObject({ counts: { imported: 3 } });
    expect(report.warnings).toHaveLength(1);
    expect(report.warnings[0]).toMatchObject({ row: 1, name: 'Jörg' });
    expect(report.warnings[0]!.reason).toContain('windows-1252, a guess');
    store.close();
  });

  it('a CSV decoded by a guess reports each record with non-ASCII text; UTF-8 and BOM files report none', async () => {
    const store = freshStore();
    const csv = Buffer.concat([
      Buffer.from('Name,Phone\r\n'),
      Buffer.from([0x4a, 0xf6, 0x72, 0x67]),
      Buffer.from(',+49 171 5550126\r\nAnn,+49 171 5550127\r\n'),
    ]);
    const guessed = await importContactsFromBytes(store.contacts, csv, 'a.csv', {
      defaultCountry: 'DE',
      duplicates: 'merge',
      encoding: 'iso-8859-1',
    });
    expect(guessed).toMatchObject({ counts: { imported: 2 } });
    expect(guessed.warnings).toHaveLength(1);
    expect(guessed.warnings[0]).toMatchObject({ row: 1, name: 'Jörg' });
    const utf8 = await importContactsFromBytes(
      store.contacts,
      Buffer.from('Name,Phone\r\nZoë,+49 171 5550128\r\n'),
      'b.csv',
      {
        defaultCountry: 'DE',
        duplicates: 'merge',
      },
    );
    expect(utf8).toMatchObject({ counts: { imported: 1 }, warnings: [] });
    const bom = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from('Name,Phone\r\nÅsa,+49 171 5550129\r\n', 'utf16le'),
    ]);
    expect(
      await importContactsFromBytes(store.contacts, bom, 'c.csv', { defaultCountry: 'DE', duplicates: 'merge' }),
    ).toMatchObject({ encoding: 'utf-16le', counts: { imported: 1 }, warnings: [] });
    store.close();
  });

  it('GBK and Big5 text decode when chosen; bytes an encoding cannot read are flagged, not stored', () => {
    // 李伟 in GBK (C0EE CEB0) and 陳 in Big5 (B3AF).
    expect(decodeImportBytes(Uint8Array.from([0xc0, 0xee, 0xce, 0xb0]), 'gbk')).toMatchObject({
      text: '李伟',
      hadInvalidBytes: false,
    });
    expect(decodeImportBytes(Uint8Array.from([0xb3, 0xaf]), 'big5')).toMatchObject({
      text: '陳',
      hadInvalidBytes: false,
    });
    expect(decodeImportBytes(Uint8Array.from([0x82]), 'shift_jis').hadInvalidBytes).toBe(true);
  });
});
