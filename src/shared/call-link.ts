/**
 * Click-to-call links from the OS: `tel:` (RFC 3966, parsed strictly by ./tel-uri.ts) and
 * `callto:`, which no RFC defines. `callto:` comes from Skype and NetMeeting days and carries
 * either a phone number or a user name; only numbers can be called through Hoiio, so the two
 * shapes seen in the wild are accepted (`callto:+14155550100`, `callto://+14155550100`) and
 * anything naming a user is refused with that reason. Pure TypeScript (no Node, no DOM).
 */
import type { CountryCode } from './phone.ts';
import { MAX_TEL_URI_LENGTH, parseTelUri, type TelUriResult } from './tel-uri.ts';

const CALLTO_SCHEME = /^callto:/i;
/** A phone number as a callto: link writes it: `+`, digits and the visual separators of RFC 3966. */
const CALLTO_NUMBER = /^\+[\d\-.() ]*\d[\d\-.() ]*$/;

/** True when the text starts with a scheme this app handles (`tel:` or `callto:`, any case). */
export function isCallLink(text: string): boolean {
  return /^(?:tel|callto):/i.test(text);
}

/**
 * Parses a `tel:` or `callto:` link into the number to dial, or says why it cannot be used;
 * `defaultCountry` reads a tel: link's local number (see parseTelUri).
 */
export function parseCallLink(uri: string, defaultCountry?: CountryCode): TelUriResult {
  if (typeof uri === 'string' && CALLTO_SCHEME.test(uri)) return parseCalltoUri(uri);
  if (typeof uri === 'string' && uri !== '' && uri.length <= MAX_TEL_URI_LENGTH && !isCallLink(uri)) {
    return { ok: false, reason: 'Only tel: and callto: links can be opened.' };
  }
  return parseTelUri(uri, defaultCountry);
}

/** Text typed or pasted into a number field, read as a link: the number to read, or why the link cannot be used. */
export type CallLinkText =
  | {
      ok: true;
      /** E.164, with `;ext=<digits>` when the link carried an extension (as interpretDestination reads it). */ number: string;
    }
  | { ok: false; /** Why the link cannot be used, in words for the user (the link handler's words). */ reason: string };

/**
 * Reads text a user typed or pasted (the Dialer's number field) as a `tel:`/`callto:` link when it
 * is one (`isCallLink`, after trimming), through parseCallLink: the one parser the link handler
 * (--open-tel-link, the OS) and the clipboard use, so every link that opens the app is also read
 * when pasted ("callto://+14155550100", "callto:+1 415 555 0100", "tel:0412 345 678" in
 * `defaultCountry`). Returns null for text that is not a link: it is a number as people write it
 * (interpretDestination reads it).
 */
export function readCallLinkText(text: string, defaultCountry?: CountryCode): CallLinkText | null {
  const trimmed = text.trim();
  if (!isCallLink(trimmed)) return null;
  const parsed = parseCallLink(trimmed, defaultCountry);
  if (!parsed.ok) return parsed;
  return { ok: true, number: parsed.extension ? `${parsed.number};ext=${parsed.extension}` : parsed.number };
}

/** Parses a `callto:` link (see the file comment); the number itself is checked by the tel: rules. */
export function parseCalltoUri(uri: string): TelUriResult {
  if (uri.length > MAX_TEL_URI_LENGTH) {
    return { ok: false, reason: `The link is too long (over ${MAX_TEL_URI_LENGTH} characters).` };
  }
  let rest = uri.slice('callto:'.length);
  if (rest.startsWith('//')) rest = rest.slice(2);
  if (rest.endsWith('/')) rest = rest.slice(0, -1);
  if (rest === '') return { ok: false, reason: 'The callto: link has no phone number.' };
  let decoded: string;
  try {
    decoded = decodeURIComponent(rest);
  } catch {
    return { ok: false, reason: 'The link has a malformed %-escape.' };
  }
  if (!decoded.startsWith('+') && /[\p{L}_@]/u.test(decoded)) {
    return {
      ok: false,
      reason:
        'This callto: link names a user (as Skype links do), not a phone number: only phone numbers can be called.',
    };
  }
  if (!decoded.startsWith('+')) {
    return {
      ok: false,
      reason: 'A callto: link must give the number in international format (+ and the country code).',
    };
  }
  if (!CALLTO_NUMBER.test(decoded)) {
    return { ok: false, reason: 'The callto: link contains characters a phone number may not contain.' };
  }
  return parseTelUri(`tel:${decoded.replaceAll(' ', '')}`);
}
