import type { Contact, ContactPhone } from '../../../shared/contacts.ts';
import { readPhoneLabel } from '../../../shared/phone-labels.ts';

/** Our labels that vCard 4.0 has TEL types for; any other label is written as an Apple-style X-ABLabel. */
const LABEL_TYPES: Record<string, string> = {
  '': 'voice',
  mobile: 'cell',
  home: 'home,voice',
  work: 'work,voice',
  fax: 'fax',
  'home fax': 'home,fax',
  'work fax': 'work,fax',
  pager: 'pager',
};

/** One contact as a vCard 4.0 (RFC 6350): CRLF lines folded at 75 octets, numbers as tel: URIs. */
export function contactToVCard(contact: Contact): string {
  const lines = [
    'BEGIN:VCARD',
    'VERSION:4.0',
    /^[0-9a-f-]{36}$/i.test(contact.id) ? `UID:urn:uuid:${contact.id}` : `UID:${escapeText(contact.id)}`,
    `FN:${escapeText(contact.name)}`,
    // N is structured; we keep one name, so it goes in "given" where every reader shows it.
    `N:;${escapeText(contact.name, true)};;;`,
    ...(contact.company ? [`ORG:${orgValue(contact.company)}`] : []),
    ...(contact.notes ? [`NOTE:${escapeText(contact.notes)}`] : []),
    ...contact.phones.flatMap((phone, index) => telLines(phone, index)),
    ...(contact.favourite ? ['X-HOIIO-FAVOURITE:TRUE'] : []),
    `REV:${contact.updatedAt.replace(/[-:]/g, '').replace(/\.\d+/, '')}`,
    'END:VCARD',
  ];
  return lines.map(foldLine).join('\r\n') + '\r\n';
}

/**
 * ORG's value (RFC 6350 §6.6.4: organisation;unit;…) from the one company field: its "; "-separated
 * parts (how vcard-reader.ts keeps an imported ORG's units) are the components, each escaped.
 */
function orgValue(company: string): string {
  return company
    .split(';')
    .map((part) => escapeText(part.trim(), true))
    .join(';');
}

function telLines(phone: ContactPhone, index: number): string[] {
  // A known label stored in any form ("Mobile", "手机", "cell") is written as its vCard type.
  const types = LABEL_TYPES[readPhoneLabel(phone.label)?.keyword ?? phone.label];
  // RFC 6350 §6.4.1 TEL as a URI; the extension as RFC 3966 §5.1.5's ";ext=" parameter.
  const uri = `tel:${phone.e164}${phone.extension ? `;ext=${phone.extension}` : ''}`;
  if (types !== undefined) return [`TEL;VALUE=uri;TYPE=${types}:${uri}`];
  const group = `item${index + 1}`;
  return [`${group}.TEL;VALUE=uri;TYPE=voice:${uri}`, `${group}.X-ABLABEL:${escapeText(phone.label)}`];
}

/** RFC 6350 §3.4: backslash, newline and comma always; semicolon only inside compound values (N, ORG). */
function escapeText(text: string, compound = false): string {
  const escaped = text
    .replace(/\\/g, '\\\\')
    .replace(/\r\n|\r|\n/g, '\\n')
    .replace(/,/g, '\\,');
  return compound ? escaped.replace(/;/g, '\\;') : escaped;
}

/** Folds at 75 octets without splitting a UTF-8 character; continuation lines start with a space. */
function foldLine(line: string): string {
  if (Buffer.byteLength(line) <= 75) return line;
  const parts: string[] = [];
  let current = '';
  let bytes = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char);
    const limit = parts.length === 0 ? 75 : 74; // the leading space counts
    if (bytes + size > limit) {
      parts.push(current);
      current = '';
      bytes = 0;
    }
    current += char;
    bytes += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}
