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
    // The characters arrive intact (name order for CJK N values is not yet family-first: see the issue 9 note).
    const [name] = Object.keys(summary(store));
    expect(name).toContain('山田');
    expect(name).toContain('太郎');
    expect(name).not.toContain('\uFFFD');
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
