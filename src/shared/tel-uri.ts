/**
 * A strict parser for `tel:` URIs (RFC 3966), for "click tel: links anywhere to call".
 *
 * Hand-written on purpose: libphonenumber-js exports a `parseRFC3966` helper, but it is not in
 * its type definitions and it is lenient where a link handler must be strict: it splits on `;`
 * and `=` without checking the grammar, matches the scheme case-sensitively, never decodes or
 * validates percent-escapes, keeps the last of duplicate parameters and accepts `tel://…`.
 *
 * The URI is tokenised by the grammar: `;` is the only parameter delimiter RFC 3966 allows
 * unescaped, so the subscriber part and each parameter are separated on it first, and only then
 * is each piece percent-decoded (so an escaped `%3B` can never start a parameter) and checked.
 *
 *   telephone-uri        = "tel:" telephone-subscriber
 *   telephone-subscriber = global-number / local-number
 *   global-number        = global-number-digits *par
 *   local-number         = local-number-digits *par context *par
 *   par                  = parameter / extension / isdn-subaddress
 *   extension            = ";ext=" 1*phonedigit
 *   isdn-subaddress      = ";isub=" 1*uric
 *   context              = ";phone-context=" descriptor      (domainname / global-number-digits)
 *   global-number-digits = "+" *phonedigit DIGIT *phonedigit
 *   local-number-digits  = *phonedigit-hex (HEXDIG / "*" / "#") *phonedigit-hex
 *   parameter            = ";" pname ["=" pvalue ]            pname = 1*( alphanum / "-" )
 *   visual-separator     = "-" / "." / "(" / ")"
 *
 * One deliberate leniency: a space in the number, literal or percent-encoded (`%20`), counts as a
 * visual separator: browsers encode the spaces of `href="tel:+1 415 555 0100"` that way, and some
 * apps hand the link over with its spaces as written ("tel:+65 8123 4567"). Only the number may
 * hold them; a space in a parameter is still refused.
 *
 * Pure TypeScript (no Node, no DOM): used by the core and testable anywhere.
 */
import { interpretDestination } from './destination.ts';
import type { CountryCode } from './phone.ts';
import { quoteInput } from './visible-text.ts';

export type TelUriResult =
  | {
      ok: true;
      /** What to dial, in E.164 ('+' and digits). */
      number: string;
      /** The `;ext=` digits, or null. */
      extension: string | null;
      /** The default country a local number (no country code, no phone-context) was read in; else null. */
      assumedCountry: CountryCode | null;
    }
  | { ok: false; /** Why the link cannot be used, in words for the user. */ reason: string };

/** Longer links are refused before any parsing. */
export const MAX_TEL_URI_LENGTH = 256;

const SCHEME = /^tel:/i;
/** Characters a tel: URI may contain unescaped (RFC 3966 / RFC 3986): no spaces, controls or non-ASCII. */
const URI_CHARS = /^[A-Za-z0-9\-_.!~*'()[\]/:&+$;?@=,%#]*$/;
const VISUAL_SEPARATORS = /[-.() ]/g;
const GLOBAL_NUMBER_DIGITS = /^\+[-.() ]*\d[\d\-.() ]*$/;
const LOCAL_NUMBER_DIGITS = /^[\dA-Fa-f*#\-.() ]*[\dA-Fa-f*#][\dA-Fa-f*#\-.() ]*$/;
const PNAME = /^[A-Za-z0-9-]+$/;
/** pvalue = 1*paramchar (param-unreserved / unreserved / pct-encoded), checked before decoding. */
const PVALUE = /^(?:[[\]/:&+$A-Za-z0-9\-_.!~*'()]|%[0-9A-Fa-f]{2})+$/;
/** isub = 1*uric (reserved / unreserved / pct-encoded), `;` excepted: it delimits parameters. */
const URIC = /^(?:[/?:@&=+$,A-Za-z0-9\-_.!~*'()]|%[0-9A-Fa-f]{2})+$/;
const DOMAIN_NAME = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)*[A-Za-z](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.?$/;

function fail(reason: string): TelUriResult {
  return { ok: false, reason };
}

/** Decodes %HH escapes; null when an escape is malformed or the bytes are not UTF-8. */
function percentDecode(text: string): string | null {
  if (/%(?![0-9A-Fa-f]{2})/.test(text)) return null;
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

/**
 * Parses a `tel:` link into the number to dial, or says why it cannot be used. A local number
 * with no phone-context ("tel:8111 2222", as many web pages write them) is read in
 * `defaultCountry` (the user's, Settings → Calling) by the Dialer's rule, and the result says so.
 */
export function parseTelUri(uri: string, defaultCountry?: CountryCode): TelUriResult {
  if (typeof uri !== 'string' || uri === '') return fail('The link is empty.');
  if (uri.length > MAX_TEL_URI_LENGTH) return fail(`The link is too long (over ${MAX_TEL_URI_LENGTH} characters).`);
  if (!SCHEME.test(uri)) return fail('Only tel: links can be opened.');
  const rest = uri.slice('tel:'.length);
  if (rest.startsWith('//')) return fail('This is not a valid tel: link ("tel://" is not part of the tel: format).');
  const numberEnd = rest.indexOf(';') === -1 ? rest.length : rest.indexOf(';');
  // Literal spaces of the number read as its encoded form (a visual separator, see above).
  const encoded = rest.slice(0, numberEnd).replaceAll(' ', '%20') + rest.slice(numberEnd);
  if (!URI_CHARS.test(encoded)) return fail('The link contains characters a tel: link may not contain.');
  if (rest.includes('?')) return fail('The link has a query part, which tel: links do not have.');

  const [subscriberRaw = '', ...paramsRaw] = encoded.split(';');
  if (subscriberRaw === '') return fail('The link has no phone number.');
  // Decoded first, then checked against the grammar: an escape can only ever stand for a character allowed there.
  const subscriber = percentDecode(subscriberRaw);
  if (subscriber === null) return fail('The link has a malformed %-escape.');

  let extension: string | null = null;
  let context: string | null = null;
  const seen = new Set<string>();
  for (const param of paramsRaw) {
    const equals = param.indexOf('=');
    const name = (equals === -1 ? param : param.slice(0, equals)).toLowerCase();
    const valueRaw = equals === -1 ? null : param.slice(equals + 1);
    if (!PNAME.test(name)) return fail('The link has a malformed parameter.');
    if (seen.has(name)) return fail(`The link repeats the "${quoteInput(name)}" parameter.`);
    seen.add(name);
    if (valueRaw !== null && !(name === 'isub' ? URIC : PVALUE).test(valueRaw)) {
      return fail(`The link's "${quoteInput(name)}" parameter has a malformed value.`);
    }
    const value = valueRaw === null ? null : percentDecode(valueRaw);
    if (valueRaw !== null && value === null) return fail('The link has a malformed %-escape.');
    switch (name) {
      case 'ext': {
        if (value === null || !/^[\d\-.()]+$/.test(value) || !/\d/.test(value)) {
          return fail('The link has an invalid extension.');
        }
        extension = value.replace(VISUAL_SEPARATORS, '');
        break;
      }
      case 'isub':
        if (value === null) return fail('The link has an empty ISDN subaddress.');
        break;
      case 'phone-context':
        if (value === null) return fail('The link names an empty area for its local number.');
        context = value;
        break;
      default:
        // Unknown parameters are allowed by RFC 3966 and ignored.
        break;
    }
  }

  let international: string;
  if (subscriber.startsWith('+')) {
    if (!GLOBAL_NUMBER_DIGITS.test(subscriber)) return fail('The link does not contain a valid phone number.');
    if (context !== null)
      return fail('The link gives both a country code and a local area, which contradict each other.');
    international = subscriber.replace(VISUAL_SEPARATORS, '');
  } else {
    if (!LOCAL_NUMBER_DIGITS.test(subscriber)) return fail('The link does not contain a valid phone number.');
    const local = subscriber.replace(VISUAL_SEPARATORS, '');
    if (!/^\d+$/.test(local)) return fail('The link contains a service code (*, # or letters) that cannot be called.');
    if (context === null) {
      if (defaultCountry === undefined) {
        return fail('The link has a local number without a country code, and no default country is set to read it in.');
      }
      // The Dialer's reading of the same digits typed in the default country ("00…" and that country's own
      // international prefix included).
      const read = interpretDestination(local, defaultCountry);
      if (!read.ok) {
        return fail(
          `The link's number has no country code and is not a valid number of your default country (${defaultCountry}).`,
        );
      }
      return {
        ok: true,
        number: read.e164,
        extension,
        assumedCountry: read.country === defaultCountry ? defaultCountry : null,
      };
    }
    if (GLOBAL_NUMBER_DIGITS.test(context)) {
      international = context.replace(VISUAL_SEPARATORS, '') + local;
    } else if (DOMAIN_NAME.test(context)) {
      return fail(
        `The link's number is local to "${quoteInput(context)}" and has no country code, so the app cannot tell which country to call.`,
      );
    } else {
      return fail('The link names the area of its local number in a form that cannot be read.');
    }
  }

  // The app's one number rule (the Dialer's), so a link offers only numbers the Dialer would call.
  const normalized = interpretDestination(international, undefined);
  if (!normalized.ok) return fail('The link does not contain a valid phone number.');
  return { ok: true, number: normalized.e164, extension, assumedCountry: null };
}
