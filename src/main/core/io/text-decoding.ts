import type { AppError } from '../../../shared/errors.ts';
import type { ImportEncoding } from '../../../shared/import-export.ts';
import { fileProblem } from './file-errors.ts';

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

/**
 * Decodes an imported file: the BOM wins, then UTF-16 without BOM is recognised, then UTF-8 when
 * every byte reads as UTF-8, else Windows-1252 (what Outlook and Excel write on Western Windows;
 * every byte is a character in it, so the guess is flagged in the report). A choice other than
 * `auto` is used as given. `fileName` words the refusal.
 * Errors: AppError('invalid_input', key `file.binary`) for a file that is not text at all (an
 * image, an archive, an Office document, a program: see {@link binaryKind}); nothing is read.
 */
export function decodeImportBytes(bytes: Uint8Array, requested: ImportEncoding, fileName = 'The file'): DecodedText {
  const signature = binarySignature(bytes);
  if (signature !== undefined) throw binaryFileError(fileName, signature);
  const encoding = requested === 'auto' ? detectEncoding(bytes) : requested;
  const text = { ...decode(bytes, encoding), guessed: encoding !== 'utf-8' && !hasBom(bytes, encoding) };
  if (looksLikeBinaryText(text.text)) throw binaryFileError(fileName, 'other');
  return text;
}

/** What kind of non-text file an import met, for `error.file.binary`'s `{kind}` (ICU select). */
export type BinaryKind = 'png' | 'jpeg' | 'gif' | 'pdf' | 'zip' | 'office' | 'gzip' | 'sqlite' | 'program' | 'other';

/** Start-of-file signatures of common non-text files (their published magic numbers). */
const SIGNATURES: readonly (readonly [BinaryKind, readonly number[]])[] = [
  ['png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  ['jpeg', [0xff, 0xd8, 0xff]],
  ['gif', [0x47, 0x49, 0x46, 0x38]],
  ['pdf', [0x25, 0x50, 0x44, 0x46, 0x2d]],
  // ZIP (also .xlsx, .docx, .odt, .jar): local file header, empty archive, spanned archive.
  ['zip', [0x50, 0x4b, 0x03, 0x04]],
  ['zip', [0x50, 0x4b, 0x05, 0x06]],
  ['zip', [0x50, 0x4b, 0x07, 0x08]],
  // OLE compound file: .xls, .doc, Outlook .msg.
  ['office', [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]],
  ['gzip', [0x1f, 0x8b]],
  ['zip', [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]], // 7z
  ['zip', [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07]], // RAR
  ['sqlite', [...'SQLite format 3'].map((c) => c.charCodeAt(0)).concat(0)],
  ['program', [0x7f, 0x45, 0x4c, 0x46]], // ELF
  ['program', [0x4d, 0x5a]], // Windows .exe ("MZ")
  ['program', [0xcf, 0xfa, 0xed, 0xfe]], // Mach-O 64-bit
];

/** The kind of non-text file `bytes` starts like, or undefined when it may be text. */
export function binarySignature(bytes: Uint8Array): BinaryKind | undefined {
  for (const [kind, signature] of SIGNATURES) {
    if (bytes.length >= signature.length && signature.every((byte, index) => bytes[index] === byte)) {
      // "MZ" is also how a CSV whose first name starts "MZ..." begins: only a program has a NUL soon after.
      if (kind === 'program' && signature.length === 2 && !bytes.subarray(0, 64).includes(0)) continue;
      return kind;
    }
  }
  return undefined;
}

/**
 * True when decoded text holds characters no contacts file has: a NUL, or more than 1 in 100
 * control characters (other than tab, line feed, form feed, carriage return) in its first 64 K
 * characters. Random bytes give about 1 in 8.
 */
export function looksLikeBinaryText(text: string): boolean {
  const sample = text.slice(0, 65_536);
  if (sample.includes('\0')) return true;
  let controls = 0;
  for (let index = 0; index < sample.length; index++) {
    const code = sample.charCodeAt(index);
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0c && code !== 0x0d) || code === 0x7f) controls++;
  }
  return controls > 0 && controls * 100 > sample.length;
}

function binaryFileError(fileName: string, kind: BinaryKind): AppError {
  return fileProblem('invalid_input', 'file.binary', { path: fileName, kind });
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
  // Not UTF-8 (a byte sequence UTF-8 cannot read): Windows-1252, the usual legacy export on Western Windows.
  return decodeStrict(bytes, 'utf-8') === undefined ? 'windows-1252' : 'utf-8';
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
