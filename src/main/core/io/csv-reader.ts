import { isBlankUserText } from '../../../shared/user-text.ts';
import Papa from 'papaparse';
import { localizedRoles } from './csv-headers.ts';
import { AppError } from '../../../shared/errors.ts';
import { UNKNOWN_COLUMNS_KEY, type CsvColumnRole, type CsvPreview } from '../../../shared/import-export.ts';
import { interpretDestination } from '../../../shared/destination.ts';
import type { CountryCode } from '../../../shared/phone.ts';
import {
  quoteForReport,
  RECORDS_PER_SLICE,
  throwIfCancelled,
  yieldToEventLoop,
  type RawContact,
  type ReadOptions,
  type SourceRecord,
} from './source-record.ts';

/** Where each field of a contact is in a CSV row, recognised from the header. */
interface ColumnMap {
  fullName: number[];
  nameParts: number[]; // prefix, first, middle, last, suffix (those present, in that order; family name first for ja/zh)
  /** Join name parts without spaces when they are all CJK (a Japanese or Chinese export). */
  cjkNames: boolean;
  fallbackName: number[];
  company: number[];
  notes: number[];
  favourite: number[];
  groups: number[];
  phones: { value: number; label: number | string }[];
}

/** Outlook's phone columns and the labels we keep for them (Telex is not dialable). */
const NAMED_PHONE_COLUMNS: Record<string, string> = {
  'mobile phone': 'mobile',
  mobile: 'mobile',
  cell: 'mobile',
  'cell phone': 'mobile',
  'home phone': 'home',
  'home phone 2': 'home',
  'business phone': 'work',
  'business phone 2': 'work',
  'work phone': 'work',
  'company main phone': 'main',
  'primary phone': 'main',
  'other phone': 'other',
  'car phone': 'car',
  "assistant's phone": 'assistant',
  callback: 'callback',
  'radio phone': 'radio',
  isdn: 'isdn',
  'tty/tdd phone': 'tty',
  pager: 'pager',
  'business fax': 'work fax',
  'home fax': 'home fax',
  'other fax': 'fax',
  fax: 'fax',
  phone: '',
  'phone number': '',
  telephone: '',
  tel: '',
  number: '',
};

/**
 * Reads contacts from a CSV file: Google Contacts (current "Phone 1 - Label/Value" and older
 * "Phone 1 - Type/Value" exports), Outlook, or any file with Name and Phone-like columns.
 * The delimiter is detected (comma, semicolon, tab). Parsing is papaparse's, paused every few
 * hundred rows so progress and cancel get through.
 */
export function readCsvContacts(
  file: string,
  options: ReadOptions & { readonly columns?: readonly CsvColumnRole[] | undefined } = {},
): Promise<SourceRecord[]> {
  const hint = separatorHint(file);
  const text = hint ? file.slice(hint.length) : file;
  return new Promise((resolve, reject) => {
    const records: SourceRecord[] = [];
    let header: string[] | null = null;
    let columns: ColumnMap | null = null;
    let line = hint ? 2 : 1;
    let row = 0;
    let consumed = 0;
    let failure: unknown = null;

    Papa.parse<string[]>(text, {
      header: false,
      delimiter: hint?.delimiter ?? guessDelimiter(text),
      skipEmptyLines: false,
      step(results, parser) {
        const fields = results.data;
        const startLine = line;
        line += 1 + fields.reduce((sum, field) => sum + (field.match(/\r\n|\r|\n/g)?.length ?? 0), 0);
        consumed += fields.reduce((sum, field) => sum + field.length + 1, 0);
        if (fields.length === 1 && fields[0] === '' && results.errors.length === 0) return; // blank line
        if (!header) {
          header = fields.map((field) => field.trim());
          try {
            columns = options.columns ? columnsFromRoles(options.columns, header) : mapColumns(header);
          } catch (error) {
            failure = error;
            parser.abort();
          }
          return;
        }
        records.push(readRow(fields, results.errors, header.length, columns!, ++row, startLine));
        if (row % RECORDS_PER_SLICE !== 0) return;
        parser.pause();
        options.onProgress?.(Math.min(consumed, text.length), text.length);
        void yieldToEventLoop().then(() => {
          if (options.signal?.aborted) {
            failure = new AppError('cancelled', 'The import was cancelled; nothing was imported.');
            parser.abort();
          } else {
            parser.resume();
          }
        });
      },
      complete() {
        if (failure) return reject(failure);
        if (!header) return reject(new AppError('invalid_input', 'This CSV file is empty.'));
        try {
          throwIfCancelled(options.signal);
        } catch (error) {
          return reject(error);
        }
        options.onProgress?.(text.length, text.length);
        resolve(records);
      },
    });
  });
}

/**
 * Excel's separator hint: a first line `sep=;` (any one character) tells Excel which delimiter the
 * file uses, and is not part of the data. Returns the delimiter and the hint line's length with
 * its line break, or null when the file has no hint.
 */
function separatorHint(text: string): { delimiter: string; length: number } | null {
  const match = /^(?:\uFEFF)?"?sep=(.)"?[^\S\r\n]*(?:\r\n|\r|\n)/i.exec(text);
  return match ? { delimiter: match[1]!, length: match[0].length } : null;
}

/**
 * Papaparse guesses the delimiter per parse, but counts blank lines against a candidate, so a
 * short tab-separated file with a trailing newline is misread as one column. Guess on a
 * sample without blank lines instead (comma when nothing fits).
 */
function guessDelimiter(text: string): string {
  const sample = Papa.parse<string[]>(text.slice(0, 64 * 1024), { preview: 20, skipEmptyLines: 'greedy' });
  return sample.meta.delimiter || ',';
}

function readRow(
  fields: string[],
  errors: Papa.ParseError[],
  columnCount: number,
  columns: ColumnMap,
  row: number,
  line: number,
): SourceRecord {
  if (errors.some((error) => error.code === 'MissingQuotes')) {
    return { row, line, error: { key: 'csv.unclosedQuote' } };
  }
  if (fields.length !== columnCount) {
    const cause = fields.length < columnCount ? 'fewer' : 'more';
    return {
      row,
      line,
      error: { key: 'csv.columnCount', params: { values: fields.length, columns: columnCount, cause } },
    };
  }
  const contact = contactFromRow(fields.map(unescapeFormula), columns);
  // A name of spaces and zero-width characters only is no name (the user-text rule, shared/user-text.ts).
  if (isBlankUserText(contact.name)) return { row, line, error: { key: 'csv.noName' } };
  return { row, line, contact };
}

/** Our CSV export prefixes cells that start like a spreadsheet formula with "'"; undo that. */
function unescapeFormula(cell: string): string {
  return /^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
}

function contactFromRow(fields: readonly string[], columns: ColumnMap): RawContact {
  const values = (indexes: readonly number[]): string[] =>
    indexes.map((index) => fields[index]?.trim() ?? '').filter(Boolean);
  const company = values(columns.company)[0] ?? '';
  const name =
    values(columns.fullName)[0] ||
    joinNameParts(values(columns.nameParts), columns.cjkNames) ||
    company ||
    values(columns.fallbackName)[0] ||
    '';
  const groups = values(columns.groups).join(' ');
  const favourite =
    /\bstarred\b/i.test(groups) || values(columns.favourite).some((flag) => /^(1|true|yes|y|x|starred)$/i.test(flag));
  const phones = columns.phones.flatMap(({ value, label }) => {
    const text = fields[value]?.trim() ?? '';
    if (text === '') return [];
    const labelText = typeof label === 'number' ? cleanLabel(fields[label] ?? '') : label;
    // Google joins several values of one type with " ::: ".
    return text.split(/\s*:::\s*/).map((part) => ({ label: labelText, text: part }));
  });
  return { name, company, notes: values(columns.notes).join('\n'), favourite, phones };
}

const CJK = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー]+$/u;

/** "Müller Jörg" → with spaces; "山田" + "太郎" → "山田太郎" (CJK names are written without a space). */
function joinNameParts(parts: readonly string[], cjkNames: boolean): string {
  return parts.join(cjkNames && parts.every((part) => CJK.test(part)) ? '' : ' ');
}

/** Google marks the primary number's label with "* ". */
function cleanLabel(label: string): string {
  return label
    .replace(/^\*\s*/, '')
    .trim()
    .toLowerCase();
}

/** Indexes once each, first occurrence kept (an English and a localized name can match one column). */
function unique(indexes: readonly number[]): number[] {
  return [...new Set(indexes)];
}

function mapColumns(header: readonly string[]): ColumnMap {
  const lower = header.map((name) => name.toLowerCase().replace(/\s+/g, ' ').trim());
  const find = (...names: string[]): number[] =>
    names.flatMap((name) => lower.flatMap((header, index) => (header === name ? [index] : [])));
  const isOutlook = lower.includes('job title');

  const pairs = new Map<string, { value?: number; label?: number }>();
  lower.forEach((name, index) => {
    const match = /^phone (\d+) - (label|type|value)$/.exec(name);
    if (!match) return;
    const pair = pairs.get(match[1]!) ?? {};
    if (match[2] === 'value') pair.value = index;
    else pair.label = index;
    pairs.set(match[1]!, pair);
  });
  const phones: ColumnMap['phones'] = [...pairs.values()].flatMap((pair) =>
    pair.value === undefined ? [] : [{ value: pair.value, label: pair.label ?? '' }],
  );
  lower.forEach((name, index) => {
    const label = NAMED_PHONE_COLUMNS[name];
    if (label !== undefined) phones.push({ value: index, label });
  });

  // Outlook in another language (csv-headers.ts): the same fields under translated names.
  const localized = localizedRoles(header);
  const local = (kind: string): number[] =>
    localized?.roles.flatMap((role, index) => (role?.kind === kind ? [index] : [])) ?? [];
  localized?.roles.forEach((role, index) => {
    if (role?.kind === 'phone' && !phones.some((known) => known.value === index)) {
      phones.push({ value: index, label: role.label });
    }
  });
  const familyFirst = localized?.language === 'ja' || localized?.language === 'zh';
  const givenNames = [...find('first name', 'given name'), ...local('first')];
  const familyNames = [...find('last name', 'family name', 'surname'), ...local('last')];
  const columns: ColumnMap = {
    fullName: unique([...find('name', 'full name', 'display name'), ...local('fullName')]),
    nameParts: unique([
      ...(isOutlook ? find('title') : []),
      ...find('name prefix', 'prefix'),
      ...local('prefix'),
      ...(familyFirst ? familyNames : givenNames),
      ...find('middle name', 'additional name'),
      ...local('middle'),
      ...(familyFirst ? givenNames : familyNames),
      ...find('name suffix', 'suffix'),
      ...local('suffix'),
    ]),
    cjkNames: familyFirst,
    fallbackName: unique([...find('nickname', 'file as'), ...local('nickname')]),
    company: unique([
      ...find('organization name', 'organization 1 - name', 'company', 'organization', 'organisation', 'company name'),
      ...local('company'),
    ]),
    notes: unique([...find('notes', 'note'), ...local('notes')]),
    favourite: find('favourite', 'favorite', 'starred'),
    groups: find('labels', 'group membership'),
    phones,
  };
  const hasName = columns.fullName.length + columns.nameParts.length + columns.company.length > 0;
  if (!hasName || phones.length === 0) {
    const shown =
      header
        .slice(0, 12)
        .map((column) => quoteForReport(column, 32))
        .join(', ') + (header.length > 12 ? ', …' : '');
    throw new AppError(
      'invalid_input',
      `This CSV file has no ${hasName ? 'phone number' : 'name'} columns (its columns are: ${shown}). ` +
        'Choose which columns hold the name and the numbers, or use columns named "Name" and "Phone".',
      undefined,
      { key: UNKNOWN_COLUMNS_KEY, params: { columns: shown } },
    );
  }
  return columns;
}

/**
 * The column map from the roles the user chose per column (`ImportContactsInput.columns`, in
 * header order). Errors: AppError('invalid_input') with key `import.mappingMismatch` when the
 * roles do not match the header's columns (the file changed since the preview), or
 * `import.mappingIncomplete` when no column is a name (or company) or none a phone number.
 */
export function columnsFromRoles(roles: readonly CsvColumnRole[], header: readonly string[]): ColumnMap {
  if (roles.length !== header.length) {
    const params = { mapped: roles.length, columns: header.length };
    throw new AppError(
      'invalid_input',
      `${params.mapped} column(s) were mapped but the file has ${params.columns}: it changed since. Map its columns again.`,
      undefined,
      { key: 'import.mappingMismatch', params },
    );
  }
  const indexes = (role: CsvColumnRole): number[] => roles.flatMap((each, index) => (each === role ? [index] : []));
  const phones = roles.flatMap((role, index) =>
    role === 'phone' || role.startsWith('phone.') ? [{ value: index, label: role.slice('phone.'.length) }] : [],
  );
  const columns: ColumnMap = {
    fullName: indexes('name'),
    nameParts: [...indexes('firstName'), ...indexes('middleName'), ...indexes('lastName')],
    cjkNames: false,
    fallbackName: [],
    company: indexes('company'),
    notes: indexes('notes'),
    favourite: [],
    groups: [],
    phones,
  };
  if (columns.fullName.length + columns.nameParts.length + columns.company.length === 0 || phones.length === 0) {
    throw new AppError(
      'invalid_input',
      'Choose at least one column that holds the name (or the company) and one that holds a phone number.',
      undefined,
      { key: 'import.mappingIncomplete' },
    );
  }
  return columns;
}

/** How many data rows a preview shows, and how long each cell may be there. */
const PREVIEW_ROWS = 5;
const PREVIEW_CELL_CHARACTERS = 60;

/**
 * The start of a CSV file for the column-mapping step: its header, the first data rows (each
 * cell on one line, cut short), whether the headers are recognised by name, and a suggested role
 * per column: a column whose sample values mostly read as phone numbers in `country` is a
 * phone, the first other column with letters the name, the rest ignored.
 */
export function previewCsv(file: string, country: CountryCode): CsvPreview {
  const hint = separatorHint(file);
  const text = hint ? file.slice(hint.length) : file;
  const parsed = Papa.parse<string[]>(text, {
    delimiter: hint?.delimiter ?? guessDelimiter(text),
    preview: PREVIEW_ROWS + 1,
    skipEmptyLines: 'greedy',
  });
  const [first = [], ...data] = parsed.data;
  if (first.length === 0) throw new AppError('invalid_input', 'This CSV file is empty.');
  const headers = first.map((name) => quoteForReport(name.trim(), PREVIEW_CELL_CHARACTERS));
  let recognised = true;
  try {
    mapColumns(first.map((name) => name.trim()));
  } catch {
    recognised = false;
  }
  const samples = headers.map((_, index) => data.map((row) => row[index]?.trim() ?? '').filter(Boolean));
  const isPhone = samples.map(
    (values) =>
      values.length > 0 && values.filter((value) => interpretDestination(value, country).ok).length * 2 > values.length,
  );
  const nameColumn = samples.findIndex(
    (values, index) => !isPhone[index] && values.length > 0 && values.every((value) => /\p{L}/u.test(value)),
  );
  return {
    headers,
    rows: data.map((row) => headers.map((_, index) => quoteForReport(row[index] ?? '', PREVIEW_CELL_CHARACTERS))),
    suggested: headers.map((_, index) => (isPhone[index] ? 'phone' : index === nameColumn ? 'name' : 'ignore')),
    recognised,
  };
}
