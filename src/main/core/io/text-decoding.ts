import { AppError } from '../../../shared/errors.ts';
import type { ImportEncoding } from '../../../shared/import-export.ts';

export interface DecodedText {
  readonly text: string;
  /** The encoding used, for the report. */
  readonly encoding: string;
  /**
   * True when `auto`/`utf-8` met bytes that are not UTF-8: they became U+FFFD, and the
   * importer rejects every record containing one rather than importing garbled names.
   */
  readonly hadInvalidBytes: boolean;
}

export const REPLACEMENT_CHARACTER = '\uFFFD';

/** Decodes an imported file: the BOM wins, then UTF-16 without BOM is recognised, else UTF-8 (or what the user chose). */
export function decodeImportBytes(bytes: Uint8Array, requested: ImportEncoding): DecodedText {
  const encoding = requested === 'auto' ? detectEncoding(bytes) : requested;
  const text = decode(bytes, encoding);
  if (text.text.includes('\0')) {
    throw new AppError(
      'invalid_input',
      `This file is not text in ${encoding} (it contains NUL bytes). Choose a vCard (.vcf) or CSV file, or pick the file's encoding.`,
    );
  }
  return text;
}

function detectEncoding(bytes: Uint8Array): Exclude<ImportEncoding, 'auto'> {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  // Without a BOM, ASCII text in UTF-16 shows as a zero in every other byte.
  const sample = bytes.subarray(0, 4096);
  let zeroOdd = 0;
  let zeroEven = 0;
  for (let index = 0; index < sample.length; index++) {
    if (sample[index] === 0) {
      if (index % 2 === 0) zeroEven++;
      else zeroOdd++;
    }
  }
  const pairs = Math.floor(sample.length / 2);
  if (pairs > 0 && zeroOdd > pairs * 0.4 && zeroEven === 0) return 'utf-16le';
  if (pairs > 0 && zeroEven > pairs * 0.4 && zeroOdd === 0) return 'utf-16be';
  return 'utf-8';
}

/**
 * Decodes with any WHATWG encoding (TextDecoder strips a matching BOM). Bytes the encoding cannot
 * read (possible in UTF-8 and the multi-byte encodings: Shift_JIS, GBK, Big5, EUC-*) become U+FFFD
 * and are flagged, so the importer rejects those records instead of storing mojibake.
 */
function decode(bytes: Uint8Array, encoding: Exclude<ImportEncoding, 'auto'>): DecodedText {
  try {
    return { text: new TextDecoder(encoding, { fatal: true }).decode(bytes), encoding, hadInvalidBytes: false };
  } catch {
    return { text: new TextDecoder(encoding).decode(bytes), encoding, hadInvalidBytes: true };
  }
}
