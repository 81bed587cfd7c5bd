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
  /**
   * True when the encoding is a guess: not UTF-8 and not named by a BOM (UTF-16 recognised by its
   * zero bytes, or a legacy encoding picked by the user). Records with non-ASCII text say so in the report.
   */
  readonly guessed: boolean;
}

export const REPLACEMENT_CHARACTER = '\uFFFD';

/** Decodes an imported file: the BOM wins, then UTF-16 without BOM is recognised, else UTF-8 (or what the user chose). */
export function decodeImportBytes(bytes: Uint8Array, requested: ImportEncoding): DecodedText {
  const encoding = requested === 'auto' ? detectEncoding(bytes) : requested;
  const text = { ...decode(bytes, encoding), guessed: encoding !== 'utf-8' && !hasBom(bytes, encoding) };
  if (text.text.includes('\0')) {
    throw new AppError(
      'invalid_input',
      `This file is not text in ${encoding} (it contains NUL bytes). Choose a vCard (.vcf) or CSV file, or pick the file's encoding.`,
    );
  }
  return text;
}

function hasBom(bytes: Uint8Array, encoding: string): boolean {
  if (encoding === 'utf-16le') return bytes[0] === 0xff && bytes[1] === 0xfe;
  if (encoding === 'utf-16be') return bytes[0] === 0xfe && bytes[1] === 0xff;
  return false;
}

/** Encodings whose bytes 0x00–0x7F are ASCII, so a vCard's lines, names and parameters can be read before its values are decoded. */
export function isAsciiCompatible(encoding: string): boolean {
  return encoding !== 'utf-16le' && encoding !== 'utf-16be' && encoding !== 'iso-2022-jp';
}

/**
 * The file's bytes as one character per byte (Latin-1, U+0000–U+00FF), so that a value's own bytes
 * can be taken back with {@link binaryToBytes} and decoded in its CHARSET (vCard 2.1 §2.1.5). A
 * UTF-8 BOM is dropped.
 */
export function bytesAsBinaryText(bytes: Uint8Array): string {
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  return Buffer.from(bytes.buffer, bytes.byteOffset + start, bytes.byteLength - start).toString('latin1');
}

export function binaryToBytes(binary: string): Uint8Array {
  return Buffer.from(binary, 'latin1');
}

/** Decodes bytes in a WHATWG `encoding` label; undefined when the label is unknown or the bytes are not text in it. */
export function decodeStrict(bytes: Uint8Array, encoding: string): string | undefined {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** Decodes bytes in `encoding`, unreadable bytes becoming U+FFFD (flagged so the record is rejected, not stored garbled). */
export function decodeLenient(bytes: Uint8Array, encoding: string): { text: string; invalid: boolean } {
  const strict = decodeStrict(bytes, encoding);
  if (strict !== undefined) return { text: strict, invalid: false };
  return { text: new TextDecoder(encoding).decode(bytes), invalid: true };
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
function decode(bytes: Uint8Array, encoding: Exclude<ImportEncoding, 'auto'>): Omit<DecodedText, 'guessed'> {
  const { text, invalid } = decodeLenient(bytes, encoding);
  return { text, encoding, hadInvalidBytes: invalid };
}
