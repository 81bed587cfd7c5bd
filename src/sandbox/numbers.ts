/**
 * Phone number rules of the sandbox (hoiio-api.md §7.3): E.164 validity, destinations Hoiio does not
 * serve, and the scripted outcome of a rung leg by the last four digits of its number. The first two
 * are the app's one "dialable through Hoiio" rule (src/shared/phone.ts), cached per number here.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { isDialableThroughHoiio, isNotServedByHoiio } from '../shared/phone.ts';

export type LegOutcome = 'answered' | 'unanswered' | 'busy' | 'failed';

interface Parsed {
  dialable: boolean;
  callingCode: string;
  country: string;
}

/** libphonenumber results by number: the same few numbers are dialled over and over. Bounded. */
const parsedCache = new Map<string, Parsed>();
const CACHE_LIMIT = 10_000;

function parse(e164: string): Parsed {
  let parsed = parsedCache.get(e164);
  if (!parsed) {
    const number = parsePhoneNumberFromString(e164);
    parsed = {
      dialable: isDialableThroughHoiio(e164),
      callingCode: number?.countryCallingCode ?? '',
      country: number?.country ?? '',
    };
    if (parsedCache.size >= CACHE_LIMIT) parsedCache.clear();
    parsedCache.set(e164, parsed);
  }
  return parsed;
}

/** §7.3 "valid E.164": the app's "dialable through Hoiio" rule (src/shared/phone.ts). */
export function isValidE164(text: string): boolean {
  // Only short '+' text is looked up (and cached): an E.164 number has at most 16 characters.
  if (text.length > 16 || !text.startsWith('+')) return false;
  return parse(text).dialable;
}

/** Country calling codes 881, 882 and 883 (international networks) are not served. */
export function isNotSupported(e164: string): boolean {
  return isNotServedByHoiio(e164);
}

/** The country calling code libphonenumber parses ("65" for +6591234567), or "" if it cannot. */
export function callingCodeOf(e164: string): string {
  return parse(e164).callingCode;
}

/** ISO 3166 alpha-2 country of a number ("SG"), or "" for non-geographic numbers. */
export function countryOf(e164: string): string {
  return parse(e164).country;
}

/** The scripted outcome of ringing `e164`: …0001 busy, …0002 unanswered, …0003 failed, else answered. */
export function scriptedOutcome(e164: string): LegOutcome {
  switch (e164.slice(-4)) {
    case '0001':
      return 'busy';
    case '0002':
      return 'unanswered';
    case '0003':
      return 'failed';
    default:
      return 'answered';
  }
}
