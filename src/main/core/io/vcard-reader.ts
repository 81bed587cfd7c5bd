import { isBlankUserText } from '../../../shared/user-text.ts';
import ICAL from 'ical.js';
import { AppError } from '../../../shared/errors.ts';
import { decodeQuotedPrintable } from './quoted-printable.ts';
import { binaryToBytes, decodeLenient, decodeStrict } from './text-decoding.ts';
import {
  quoteForReport,
  RECORDS_PER_SLICE,
  throwIfCancelled,
  yieldToEventLoop,
  type RawContact,
  type ReadOptions,
  type SourceRecord,
} from './source-record.ts';

/** The properties a contact is built from; everything else (photos, addresses, e-mails) is skipped unparsed. */
const USED_PROPERTIES = new Set([
  'VERSION',
  'FN',
  'N',
  'ORG',
  'NOTE',
  'TEL',
  'X-ABLABEL',
  'CATEGORIES',
  'NICKNAME',
  'X-HOIIO-FAVOURITE',
]);
const STRUCTURED_PROPERTIES = new Set(['N', 'ORG']);

/**
 * Given when `text` holds the file's bytes one character per byte (see `bytesAsBinaryText`): each
 * value is then decoded in its own CHARSET parameter (vCard 2.1 §2.1.5; 3.0 and 4.0 files are
 * UTF-8 and carry none), else in the file's `encoding`.
 */
export interface VCardValueDecoding {
  /** The file's encoding (a WHATWG label), for values without CHARSET. */
  readonly encoding: string;
  /** True when `encoding` is a guess (not UTF-8, no BOM): records decoded with it say so. */
  readonly guessed: boolean;
  /**
   * For an automatically detected file: the encoding a value WITHOUT a CHARSET is read in when its
   * bytes are not text in `encoding` (Windows-1252 after UTF-8). Records decoded with it say so.
   */
  readonly fallback?: string | undefined;
}

export interface VCardReadOptions extends ReadOptions {
  readonly valueDecoding?: VCardValueDecoding | undefined;
}

/** What decoding one card's values found, for its record. */
interface CardDecoding {
  readonly file: VCardValueDecoding;
  invalidBytes: boolean;
  guessed: boolean;
  /** The encoding guessed for this card's values (the file's, or its fallback). */
  guessedAs?: string;
}

/**
 * Reads every card of a vCard 2.1/3.0/4.0 file. Cards are split here (so one broken card is
 * one rejected record with its line number) and each is parsed with ical.js after vCard 2.1
 * quirks are rewritten: quoted-printable values (with CHARSET), soft line breaks, bare TYPE params.
 */
export async function readVCards(text: string, options: VCardReadOptions = {}): Promise<SourceRecord[]> {
  const lines = text.split(/\r\n|\r|\n/);
  const records: SourceRecord[] = [];
  let row = 0;
  let depth = 0;
  let cardStart = 0;
  let cardLines: string[] = [];
  let strayStart = 0;
  let offset = 0;
  let cards = 0;

  const flushStray = (): void => {
    if (strayStart === 0) return;
    records.push({
      row: ++row,
      line: strayStart,
      error: { key: 'vcard.strayText', params: { line: strayStart } },
    });
    strayStart = 0;
  };

  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    offset += line.length + 1;
    const keyword = line.trim().toUpperCase();
    if (depth === 0) {
      if (keyword === 'BEGIN:VCARD') {
        flushStray();
        cards++;
        depth = 1;
        cardStart = index + 1;
        cardLines = [line];
      } else if (keyword !== '' && strayStart === 0) {
        strayStart = index + 1;
      }
      continue;
    }
    if (keyword === 'BEGIN:VCARD' && depth === 1 && !opensEmbeddedCard(lines[index - 1] ?? '')) {
      // A new card while this one is open, and not as a vCard 2.1 AGENT value: this card lacks its
      // END:VCARD. It is rejected naming where the next card begins, and the next card is read.
      records.push({
        row: ++row,
        line: cardStart,
        error: { key: 'vcard.noEnd', params: { line: index + 1 } },
      });
      cards++;
      cardStart = index + 1;
      cardLines = [line];
      continue;
    }
    if (keyword === 'BEGIN:VCARD')
      depth++; // an embedded card (vCard 2.1 AGENT): skipped with its parent's lines
    else if (keyword === 'END:VCARD') depth--;
    if (depth === 1 && keyword !== 'END:VCARD') cardLines.push(line);
    if (depth > 0) continue;

    records.push(parseCard(cardLines, ++row, cardStart, options.valueDecoding));
    if (row % RECORDS_PER_SLICE === 0) {
      options.onProgress?.(Math.min(offset, text.length), text.length);
      await yieldToEventLoop();
      throwIfCancelled(options.signal);
    }
  }
  if (depth > 0) {
    records.push({
      row: ++row,
      line: cardStart,
      error: { key: 'vcard.truncated' },
    });
  }
  flushStray();
  if (cards === 0) {
    throw new AppError(
      'invalid_input',
      'This file contains no vCards (no BEGIN:VCARD line). Choose a .vcf file exported from an address book.',
    );
  }
  options.onProgress?.(text.length, text.length);
  return records;
}

/**
 * vCard 2.1 (§2.4.2 AGENT) embeds another card as the value of an AGENT property that starts on
 * the line after `AGENT:`; in 3.0/4.0 an AGENT value is inline text or a URI, never a new line.
 */
function opensEmbeddedCard(previousLine: string): boolean {
  return /^(?:[A-Za-z0-9-]+\.)?AGENT(?:;[^:]*)?:\s*$/i.test(previousLine.trim());
}

function parseCard(
  lines: readonly string[],
  row: number,
  line: number,
  valueDecoding: VCardValueDecoding | undefined,
): SourceRecord {
  const decoding: CardDecoding | undefined = valueDecoding && {
    file: valueDecoding,
    invalidBytes: false,
    guessed: false,
  };
  const kept = logicalLines(lines.slice(1)).flatMap((logical) => {
    const rewritten = rewriteProperty(logical, decoding);
    return rewritten === null ? [] : [rewritten];
  });
  let jcard: unknown;
  try {
    jcard = ICAL.parse(`BEGIN:VCARD\r\n${kept.join('\r\n')}\r\nEND:VCARD\r\n`);
  } catch (error) {
    return {
      row,
      line,
      error: { key: 'vcard.unreadable', params: { detail: quoteForReport((error as Error).message, 100) } },
    };
  }
  const properties = jcardProperties(jcard);
  const contact = contactFromProperties(properties);
  // A name of spaces and zero-width characters only is no name (the user-text rule, shared/user-text.ts).
  if (isBlankUserText(contact.name)) return { row, line, error: { key: 'vcard.noName' } };
  if (!decoding) return { row, line, contact };
  return {
    row,
    line,
    contact,
    ...(decoding.invalidBytes ? { invalidBytes: true } : {}),
    ...(decoding.guessed ? { guessedEncoding: decoding.guessedAs ?? decoding.file.encoding } : {}),
  };
}

/** Joins folded lines (leading space/tab) and quoted-printable soft line breaks (trailing "="). */
function logicalLines(lines: readonly string[]): string[] {
  const logical: string[] = [];
  for (const raw of lines) {
    const last = logical.length - 1;
    if (last >= 0 && isQuotedPrintable(logical[last]!) && logical[last]!.endsWith('=')) {
      logical[last] = logical[last]!.slice(0, -1) + raw;
    } else if (last >= 0 && (raw.startsWith(' ') || raw.startsWith('\t'))) {
      logical[last] += raw.slice(1);
    } else if (raw.trim() !== '') {
      logical.push(raw);
    }
  }
  return logical;
}

function splitHead(line: string): { head: string; value: string } | null {
  let quoted = false;
  for (let index = 0; index < line.length; index++) {
    const char = line[index];
    if (char === '"') quoted = !quoted;
    else if (char === ':' && !quoted) return { head: line.slice(0, index), value: line.slice(index + 1) };
  }
  return null;
}

function isQuotedPrintable(line: string): boolean {
  const head = splitHead(line)?.head ?? '';
  return /;\s*(encoding\s*=\s*)?quoted-printable\b/i.test(head);
}

/** Keeps only the properties we use, rewriting vCard 2.1 parameters and quoted-printable values for ical.js. */
function rewriteProperty(line: string, decoding: CardDecoding | undefined): string | null {
  const parts = splitHead(line);
  if (!parts) return null; // e.g. the body lines of a vCard 2.1 base64 PHOTO
  const [nameWithGroup = '', ...params] = parts.head.split(';');
  const name = nameWithGroup.split('.').at(-1)!.toUpperCase();
  if (!USED_PROPERTIES.has(name)) return null;

  let quotedPrintable = false;
  let charset: string | undefined;
  const kept: string[] = [];
  for (const param of params) {
    const [key = '', ...rest] = param.split('=');
    const upperKey = key.trim().toUpperCase();
    if (rest.length === 0) {
      // vCard 2.1 writes bare values: "TEL;CELL;PREF:" and ";QUOTED-PRINTABLE".
      if (upperKey === 'QUOTED-PRINTABLE') quotedPrintable = true;
      else if (!['BASE64', '8BIT', '7BIT'].includes(upperKey) && upperKey !== '') kept.push(`TYPE=${key.trim()}`);
    } else if (upperKey === 'ENCODING') {
      quotedPrintable ||= rest.join('=').trim().toUpperCase() === 'QUOTED-PRINTABLE';
    } else if (upperKey === 'CHARSET') {
      charset = rest.join('=').trim();
    } else {
      kept.push(param);
    }
  }
  const value = quotedPrintable
    ? decodeQuotedPrintableValue(name, parts.value, charset ?? decoding?.file.encoding ?? 'utf-8')
    : decoding
      ? decodeValueBytes(parts.value, charset, decoding)
      : parts.value;
  if (decoding && charset === undefined && decoding.file.guessed && /[\u0080-\uffff]/.test(value))
    decoding.guessed = true;
  return [nameWithGroup, ...kept].join(';') + ':' + value;
}

/**
 * An 8-bit value (one character per byte) decoded in its CHARSET, else in the file's encoding. A
 * CHARSET that is unknown or does not fit the bytes gives way to the file's encoding when that reads
 * them; otherwise unreadable bytes become U+FFFD and the record is rejected.
 */
function decodeValueBytes(binary: string, charset: string | undefined, decoding: CardDecoding): string {
  if (!/[\u0080-\uffff]/.test(binary)) return binary;
  const bytes = binaryToBytes(binary);
  const own = charset === undefined ? undefined : decodeStrict(bytes, charset.replace(/^"|"$/g, ''));
  if (own !== undefined) return own;
  if (charset === undefined && decoding.file.fallback !== undefined) {
    // Auto-detected: UTF-8 when the value reads as UTF-8, else the fallback (a guess, reported).
    const strict = decodeStrict(bytes, decoding.file.encoding);
    if (strict !== undefined) return strict;
    const guessed = decodeStrict(bytes, decoding.file.fallback);
    if (guessed !== undefined) {
      decoding.guessed = true;
      decoding.guessedAs = decoding.file.fallback;
      return guessed;
    }
  }
  const fallback = decodeLenient(bytes, decoding.file.encoding);
  decoding.invalidBytes ||= fallback.invalid;
  return fallback.text;
}

function decodeQuotedPrintableValue(name: string, value: string, charset: string): string {
  if (!STRUCTURED_PROPERTIES.has(name)) return escapeText(decodeQuotedPrintable(value, charset), false);
  return value
    .split(';')
    .map((component) => escapeText(decodeQuotedPrintable(component, charset), true))
    .join(';');
}

/** Re-escapes decoded text for ical.js; a semicolon is special only inside compound values. */
function escapeText(text: string, compound: boolean): string {
  const escaped = text
    .replace(/\\/g, '\\\\')
    .replace(/\r\n|\r|\n/g, '\\n')
    .replace(/,/g, '\\,');
  return compound ? escaped.replace(/;/g, '\\;') : escaped;
}

type JCardProperty = [name: string, params: Record<string, unknown>, type: string, ...values: unknown[]];

function jcardProperties(jcard: unknown): JCardProperty[] {
  const component = Array.isArray(jcard) && Array.isArray(jcard[0]) ? jcard[0] : jcard;
  if (!Array.isArray(component) || !Array.isArray(component[1])) return [];
  return component[1] as JCardProperty[];
}

/** ical.js gives strings, or arrays for structured and multi-valued parts. */
function flatten(value: unknown, separator: string): string {
  if (Array.isArray(value))
    return value
      .map((part) => flatten(part, ' '))
      .filter(Boolean)
      .join(separator);
  return typeof value === 'string' ? value.trim() : '';
}

const CJK_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

function contactFromProperties(properties: readonly JCardProperty[]): RawContact {
  const first = (name: string): JCardProperty | undefined => properties.find((property) => property[0] === name);
  const all = (name: string): JCardProperty[] => properties.filter((property) => property[0] === name);

  const structuredName = first('n')?.[3];
  const nameParts = Array.isArray(structuredName) ? structuredName : [];
  // N is family;given;additional;prefix;suffix; people read it as prefix given additional family suffix,
  // except in Chinese, Japanese and Korean, where the family name comes first.
  const order = nameParts.some((part) => CJK_SCRIPT.test(flatten(part, ' '))) ? [3, 0, 1, 2, 4] : [3, 1, 2, 0, 4];
  const fromN = order
    .map((index) => flatten(nameParts[index], ' '))
    .filter(Boolean)
    .join(' ');
  // ORG is organisation;unit;unit… (RFC 6350 §6.6.4). The app has one company field: it keeps them
  // all, in order, joined by "; " ("公司; Sales"), which vcard-writer.ts splits back into ORG's
  // components, so a unit is neither dropped nor folded into the name with a comma ("公司, Sales",
  // written back as one component "公司\, Sales").
  const company = flatten(first('org')?.[3], '; ');
  const name = flatten(first('fn')?.[3], ' ') || fromN || company || flatten(first('nickname')?.[3], ', ');

  const labelsByGroup = new Map<string, string>();
  for (const property of all('x-ablabel')) {
    const group = property[1].group;
    if (typeof group === 'string') labelsByGroup.set(group.toLowerCase(), appleLabel(flatten(property[3], ' ')));
  }
  const phones = all('tel').map((property) => {
    const group = typeof property[1].group === 'string' ? property[1].group.toLowerCase() : undefined;
    const label = (group && labelsByGroup.get(group)) || labelFromTypes(property[1].type);
    return { label, text: flatten(property.slice(3), ' ') };
  });

  const categories = all('categories').flatMap((property) => property.slice(3).map((value) => flatten(value, ',')));
  const favourite =
    categories.some((category) => /^(starred|favou?rites?)$/i.test(category)) ||
    all('x-hoiio-favourite').some((property) => /^(1|true|yes)$/i.test(flatten(property[3], '')));

  return {
    name,
    company,
    notes: all('note')
      .map((property) => flatten(property[3], ', '))
      .filter(Boolean)
      .join('\n'),
    favourite,
    phones,
  };
}

/** Apple writes its standard labels as `_$!<Mobile>!$_`. */
function appleLabel(label: string): string {
  return (/^_\$!<(.*)>!\$_$/.exec(label)?.[1] ?? label).toLowerCase();
}

const TYPE_LABELS: readonly [RegExp, string][] = [
  [/^(cell|mobile|iphone)$/, 'mobile'],
  [/^main$/, 'main'],
  [/^work$/, 'work'],
  [/^home$/, 'home'],
  [/^pager$/, 'pager'],
  [/^other$/, 'other'],
];

function labelFromTypes(typeParam: unknown): string {
  const types = (Array.isArray(typeParam) ? typeParam : [typeParam])
    .flatMap((type) => (typeof type === 'string' ? type.split(',') : []))
    .map((type) => type.trim().toLowerCase());
  const custom = types.find((type) => type.startsWith('x-'))?.slice(2) ?? ''; // e.g. Android's "X-Trabajo"
  const label = TYPE_LABELS.find(([pattern]) => types.some((type) => pattern.test(type)))?.[1] ?? custom;
  if (types.includes('fax')) return label === '' || label === 'mobile' ? 'fax' : `${label} fax`;
  return label;
}
