import { open, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { CONTACT_LIMITS, type ContactPhone } from '../../../shared/contacts.ts';
import { AppError } from '../../../shared/errors.ts';
import { MAX_REPORT_ENTRIES } from '../../../shared/import-export.ts';
import type {
  CsvColumnRole,
  ImportEncoding,
  ImportEntry,
  ImportReport,
  JobProgress,
} from '../../../shared/import-export.ts';
import type { CountryCode } from '../../../shared/phone.ts';
import { reasonFields, type ImportReason, type PhoneProblem } from './import-reasons.ts';
import { fileSystemError } from './file-errors.ts';
import { decideImport } from './import-merge-policy.ts';
import { cutAtGraphemeBoundary } from '../../../shared/text-cut.ts';
import { cleanUserText } from '../../../shared/user-text.ts';
import { countryName } from '../../../shared/phone-errors.ts';
import { phoneProblemMessage } from '../../../shared/phone-problem-words.ts';
import { interpretDestination, type DestinationProblem } from '../../../shared/destination.ts';
import type { ContactDraft, ContactsRepository } from '../store/index.ts';
import { phoneFields, samePhone } from '../store/contacts-repository.ts';
import { readCsvContacts } from './csv-reader.ts';
import {
  quoteForReport,
  RECORDS_PER_SLICE,
  throwIfCancelled,
  yieldToEventLoop,
  type RawContact,
  type SourceRecord,
} from './source-record.ts';
import { bytesAsBinaryText, decodeImportBytes, isAsciiCompatible, REPLACEMENT_CHARACTER } from './text-decoding.ts';
import { readVCards, type VCardValueDecoding } from './vcard-reader.ts';

/** Larger files are refused before reading: address books are far smaller; this bounds memory in main. */
export const MAX_IMPORT_BYTES = 100 * 1024 * 1024;
export { MAX_REPORT_ENTRIES };

export interface ImportContactsOptions {
  readonly format?: 'auto' | 'vcard' | 'csv';
  readonly defaultCountry: CountryCode;
  readonly duplicates: 'merge' | 'skip';
  readonly encoding?: ImportEncoding;
  /** CSV: the user's role for each column, in header order (see ImportContactsInput.columns). */
  readonly columns?: readonly CsvColumnRole[] | undefined;
  readonly onProgress?: (progress: Pick<JobProgress, 'phase' | 'processed' | 'total'>) => void;
  readonly signal?: AbortSignal;
  readonly maxBytes?: number;
}

/**
 * Imports contacts from a vCard or CSV file. Reading and checking happen first (async, with
 * progress and cancel); then every accepted contact is written in ONE transaction, so the
 * result is all-or-nothing: either the report lists each record as imported, merged, skipped
 * or rejected (with the reason), or the call fails (AppError 'cancelled' / 'storage' /
 * 'invalid_input') and nothing was written.
 */
export async function importContactsFromFile(
  contacts: ContactsRepository,
  filePath: string,
  options: ImportContactsOptions,
): Promise<ImportReport> {
  const bytes = await readImportFile(filePath, options);
  return importContactsFromBytes(contacts, bytes, path.basename(filePath), options);
}

export async function importContactsFromBytes(
  contacts: ContactsRepository,
  bytes: Uint8Array,
  fileName: string,
  options: ImportContactsOptions,
): Promise<ImportReport> {
  const { signal, onProgress } = options;
  throwIfCancelled(signal);
  const decoded = decodeImportBytes(bytes, options.encoding ?? 'auto', fileName);
  const format = options.format && options.format !== 'auto' ? options.format : detectFormat(fileName, decoded.text);
  const reportProgress = (processed: number, total: number): void =>
    onProgress?.({ phase: 'reading', processed, total });
  // A vCard in an ASCII-compatible encoding is read from its bytes, so each value can be decoded in its own CHARSET.
  const byValue = format === 'vcard' && isAsciiCompatible(decoded.encoding);
  const valueDecoding = byValue ? vCardValueDecoding(decoded, options.encoding ?? 'auto', bytes) : undefined;
  const records =
    format === 'vcard'
      ? await readVCards(byValue ? bytesAsBinaryText(bytes) : decoded.text, {
          signal,
          onProgress: reportProgress,
          valueDecoding,
        })
      : await readCsvContacts(decoded.text, { signal, onProgress: reportProgress, columns: options.columns });
  throwIfCancelled(signal);

  // A vCard read value by value reports the encoding of its values without CHARSET (fallbacks are reported per record).
  const report = new ReportBuilder(format, valueDecoding?.encoding ?? decoded.encoding, records.length);
  const accepted: { record: SourceRecord; draft: ContactDraft }[] = [];
  for (let index = 0; index < records.length; index++) {
    const record = records[index]!;
    const checked =
      'error' in record
        ? { error: record.error }
        : checkContact(
            record.contact,
            options.defaultCountry,
            record.invalidBytes ?? (!byValue && decoded.hadInvalidBytes),
          );
    if ('error' in checked) {
      report.add('rejected', { row: record.row, line: record.line, ...reasonFields(checked.error) });
    } else {
      accepted.push({ record, draft: checked.draft });
      const guessedEncoding = 'contact' in record ? guessedEncodingOf(record, byValue, decoded) : undefined;
      const where = { row: record.row, line: record.line, name: checked.draft.name };
      if (guessedEncoding !== undefined) {
        report.add('warnings', {
          ...where,
          ...reasonFields({ key: 'guessedEncoding', params: { encoding: guessedEncoding } }),
        });
      }
      for (const warning of checked.warnings) report.add('warnings', { ...where, ...reasonFields(warning) });
    }
    if ((index + 1) % RECORDS_PER_SLICE === 0) {
      onProgress?.({ phase: 'checking', processed: index + 1, total: records.length });
      await yieldToEventLoop();
      throwIfCancelled(signal);
    }
  }
  throwIfCancelled(signal);

  // From here on it is synchronous: one transaction, nothing can interleave, a cancel comes too late.
  const saveTotal = accepted.length;
  const outcomes = saveAll(
    contacts,
    accepted.map((item) => item.draft),
    options.duplicates,
    (done) => onProgress?.({ phase: 'saving', processed: done, total: saveTotal }),
  );
  onProgress?.({ phase: 'saving', processed: saveTotal, total: saveTotal });
  const changed = new Set<string>();
  outcomes.forEach((outcome, index) => {
    if (outcome.kind === 'imported' || (outcome.kind === 'merged' && outcome.changed)) changed.add(outcome.contactId);
    const { record, draft } = accepted[index]!;
    const entry = { row: record.row, line: record.line, name: draft.name, contactId: outcome.contactId };
    if (outcome.kind === 'imported') {
      report.add('imported', entry);
      if (outcome.sharesNumberWith.length > 0) {
        const others = outcome.sharesNumberWith.map((name) => `"${quoteForReport(name)}"`).join(', ');
        report.add('warnings', { ...entry, ...reasonFields({ key: 'sharesNumber', params: { others } }) });
      }
    } else if (outcome.kind === 'skipped')
      report.add('skipped', {
        ...entry,
        ...reasonFields({ key: 'duplicateOf', params: { name: quoteForReport(outcome.duplicateOf) } }),
      });
    else if (!outcome.changed) {
      // The record adds nothing the contact does not already hold: unchanged, reported as skipped.
      report.add('skipped', {
        ...entry,
        ...reasonFields({ key: 'unchanged', params: { name: quoteForReport(outcome.duplicateOf) } }),
      });
    } else {
      report.add('merged', {
        ...entry,
        ...reasonFields({ key: 'mergedInto', params: { name: quoteForReport(outcome.duplicateOf) } }),
      });
      if (outcome.dropped > 0) {
        report.add('warnings', {
          ...entry,
          ...reasonFields({
            key: 'numbersDropped',
            params: { dropped: outcome.dropped, limit: CONTACT_LIMITS.phonesPerContact },
          }),
        });
      }
    }
  });
  return report.build(changed.size);
}

/**
 * How a vCard's values without CHARSET are decoded. Auto-detected without a BOM: each value as UTF-8
 * when it reads as UTF-8, else as Windows-1252 (reported as a guess), so one card in a legacy
 * encoding does not turn the UTF-8 cards of the same file into a guess; otherwise the file's encoding.
 */
function vCardValueDecoding(
  decoded: { encoding: string; guessed: boolean },
  requested: ImportEncoding,
  bytes: Uint8Array,
): VCardValueDecoding {
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  if (requested === 'auto' && !bom && (decoded.encoding === 'utf-8' || decoded.encoding === 'windows-1252')) {
    return { encoding: 'utf-8', guessed: false, fallback: 'windows-1252' };
  }
  return { encoding: decoded.encoding, guessed: decoded.guessed };
}

/**
 * The encoding a record's non-ASCII text was decoded in by a guess, if any: the vCard reader says so
 * per record; for other records the file's encoding counts when it was guessed.
 */
function guessedEncodingOf(
  record: Extract<SourceRecord, { contact: RawContact }>,
  byValue: boolean,
  decoded: { encoding: string; guessed: boolean },
): string | undefined {
  if (byValue) return record.guessedEncoding;
  return decoded.guessed && /[\u0080-\uffff]/.test(JSON.stringify(record.contact)) ? decoded.encoding : undefined;
}

function saveAll(
  contacts: ContactsRepository,
  drafts: readonly ContactDraft[],
  duplicates: 'merge' | 'skip',
  onProgress: (done: number) => void,
): ReturnType<ContactsRepository['importDrafts']> {
  try {
    return contacts.importDrafts(drafts, duplicates, decideImport, onProgress);
  } catch (error) {
    if (error instanceof AppError && error.code === 'storage') {
      throw new AppError(
        'storage',
        `${error.message} The import was rolled back: nothing was imported.`,
        error.details,
      );
    }
    throw error;
  }
}

/** Bytes read for a CSV preview: the header and first rows of any real file fit many times over. */
export const PREVIEW_BYTES = 256 * 1024;

/**
 * The first bytes of an import file (at most PREVIEW_BYTES), decoded in `encoding`, for the
 * column-mapping preview. Errors: as for an import (not a file, unreadable), worded by fileSystemError.
 */
export async function readImportHead(filePath: string, encoding: ImportEncoding): Promise<string> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(filePath, 'r');
  } catch (error) {
    throw fileSystemError(error, filePath, 'read');
  }
  try {
    const buffer = new Uint8Array(PREVIEW_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, PREVIEW_BYTES, 0);
    return decodeImportBytes(buffer.subarray(0, bytesRead), encoding, path.basename(filePath)).text;
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw fileSystemError(error, filePath, 'read');
  } finally {
    await handle.close();
  }
}

async function readImportFile(filePath: string, options: ImportContactsOptions): Promise<Uint8Array> {
  const maxBytes = options.maxBytes ?? MAX_IMPORT_BYTES;
  let size: number;
  try {
    const info = await stat(filePath);
    if (!info.isFile())
      throw new AppError('invalid_input', `${filePath} is not a file: choose a vCard (.vcf) or CSV file.`);
    size = info.size;
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw fileSystemError(error, filePath, 'read');
  }
  if (size > maxBytes) {
    throw new AppError(
      'invalid_input',
      `The file is ${(size / 1024 / 1024).toFixed(1)} MB; imports are limited to ${Math.round(maxBytes / 1024 / 1024)} MB. ` +
        'Split it into smaller files and import them one by one.',
    );
  }
  try {
    return await readFile(filePath, { signal: options.signal });
  } catch (error) {
    throwIfCancelled(options.signal);
    throw fileSystemError(error, filePath, 'read');
  }
}

export function detectFormat(fileName: string, text: string): 'vcard' | 'csv' {
  const extension = path.extname(fileName).toLowerCase();
  if (extension === '.vcf' || extension === '.vcard') return 'vcard';
  if (extension === '.csv' || extension === '.tsv') return 'csv';
  return /^\s*BEGIN:VCARD/i.test(text.slice(0, 1024)) ? 'vcard' : 'csv';
}

type CheckResult = { draft: ContactDraft; warnings: ImportReason[] } | { error: ImportReason };

/**
 * Applies the store's limits and the user-text rule, and normalises the numbers; a record whose
 * numbers are all unreadable is rejected (a record with no number at all is a contact without one).
 */
export function checkContact(raw: RawContact, defaultCountry: CountryCode, hadInvalidBytes: boolean): CheckResult {
  if (hadInvalidBytes && JSON.stringify(raw).includes(REPLACEMENT_CHARACTER)) return { error: { key: 'invalidBytes' } };
  const warnings: ImportReason[] = [];
  const limited = (text: string, limit: number, field: 'name' | 'company' | 'notes'): string => {
    // The one user-text rule (invisible characters removed, trimmed); a name or company on one line.
    const clean = field === 'notes' ? cleanUserText(text) : cleanUserText(text.replace(/\s+/g, ' '));
    if (clean.length <= limit) return clean;
    warnings.push({ key: 'fieldCut', params: { field, limit } });
    return cutAtGraphemeBoundary(clean, limit);
  };
  const phones: ContactPhone[] = [];
  const unreadable: PhoneProblem[] = [];
  for (const phone of raw.phones) {
    const result =
      phone.text.length > CONTACT_LIMITS.phoneText ? null : interpretDestination(phone.text, defaultCountry);
    if (!result?.ok) {
      const refused = result ?? { problem: 'notPossible' as DestinationProblem, suggestions: [] };
      const { params } = phoneProblemMessage(
        refused,
        phone.text,
        'number',
        defaultCountry,
        countryName(defaultCountry),
      );
      unreadable.push({ key: `import.phone.${refused.problem}`, params });
    } else if (!phones.some((known) => samePhone(known, result))) {
      phones.push({
        label: cutAtGraphemeBoundary(cleanUserText(phone.label), CONTACT_LIMITS.phoneLabel),
        ...phoneFields(result),
        original: phone.text,
      });
    }
  }
  // A contact with no number at all is kept (the contact form allows one, and exports write it);
  // one whose every number is unreadable is refused, so no number is lost without a word.
  if (phones.length === 0 && unreadable.length > 0) {
    const more = Math.max(0, unreadable.length - UNREADABLE_LISTED);
    return { error: { key: 'noValidNumber', params: { more }, problems: unreadable.slice(0, UNREADABLE_LISTED) } };
  }
  for (const problem of unreadable.slice(0, UNREADABLE_LISTED))
    warnings.push({ key: 'numberLeftOut', problems: [problem] });
  if (unreadable.length > UNREADABLE_LISTED) {
    warnings.push({ key: 'moreNumbersLeftOut', params: { count: unreadable.length - UNREADABLE_LISTED } });
  }
  if (phones.length > CONTACT_LIMITS.phonesPerContact) {
    warnings.push({ key: 'numbersKept', params: { limit: CONTACT_LIMITS.phonesPerContact, count: phones.length } });
    phones.length = CONTACT_LIMITS.phonesPerContact;
  }
  const draft: ContactDraft = {
    name: limited(raw.name, CONTACT_LIMITS.name, 'name'),
    company: limited(raw.company, CONTACT_LIMITS.company, 'company'),
    notes: limited(raw.notes, CONTACT_LIMITS.notes, 'notes'),
    favourite: raw.favourite,
    phones,
  };
  return { draft, warnings };
}

/** How many unreadable numbers of one record the report quotes; the rest are counted. */
const UNREADABLE_LISTED = 3;

class ReportBuilder {
  readonly #report: ImportReport;

  constructor(format: 'vcard' | 'csv', encoding: string, records: number) {
    this.#report = {
      format,
      encoding,
      records,
      counts: { imported: 0, merged: 0, skipped: 0, rejected: 0 },
      imported: [],
      merged: [],
      skipped: [],
      rejected: [],
      warnings: [],
      truncated: false,
      changed: 0,
    };
  }

  add(list: 'imported' | 'merged' | 'skipped' | 'rejected' | 'warnings', entry: ImportEntry): void {
    if (list !== 'warnings') this.#report.counts[list]++;
    // The name identifies the record; the report never carries more of it than that.
    if (this.#report[list].length < MAX_REPORT_ENTRIES)
      this.#report[list].push(entry.name === undefined ? entry : { ...entry, name: quoteForReport(entry.name) });
    else this.#report.truncated = true;
  }

  /** `changed`: how many contacts the import created or changed (see ImportReport.changed). */
  build(changed: number): ImportReport {
    return { ...this.#report, changed };
  }
}
