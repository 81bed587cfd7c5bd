/**
 * The number in a piece of text the user copied or selected (tray "Call the number on the
 * clipboard", the global shortcut). Pure: the shell passes `clipboard.readText()` (or the Linux
 * primary selection) and the default country from settings. Never places a call: the number is
 * only offered in the confirmation banner.
 */
import type { CountryCode } from 'libphonenumber-js';
import { readCallLinkText } from '../shared/call-link.ts';
import { interpretDestination } from '../shared/destination.ts';

/** More text than this is not "a number the user copied". */
export const MAX_CLIPBOARD_NUMBER_LENGTH = 64;

export type ClipboardNumber =
  | { ok: true; /** E.164. */ number: string }
  | { ok: false; /** A desktop.json message id saying why (`desktop.clipboard.*`). */ reasonId: string };

/** Finds the one phone number `text` consists of (a link or a number as people write it), or why not. */
export function numberFromText(text: string, defaultCountry: CountryCode): ClipboardNumber {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, reasonId: 'desktop.clipboard.empty' };
  if (trimmed.length > MAX_CLIPBOARD_NUMBER_LENGTH) return { ok: false, reasonId: 'desktop.clipboard.tooLong' };
  const link = readCallLinkText(trimmed, defaultCountry); // a local number is read as a tel: link opened is
  if (link !== null) {
    if (!link.ok) return { ok: false, reasonId: 'desktop.clipboard.notANumber' };
    const read = interpretDestination(link.number, defaultCountry);
    return read.ok ? { ok: true, number: read.e164 } : { ok: false, reasonId: 'desktop.clipboard.notANumber' };
  }
  // The app's one number rule: letters, # and * are refused there, invisible formatting removed.
  const normalized = interpretDestination(trimmed, defaultCountry);
  return normalized.ok
    ? { ok: true, number: normalized.e164 }
    : { ok: false, reasonId: 'desktop.clipboard.notANumber' };
}
