/**
 * The extension to dial after the answer when a call goes to a contact's number (issue 9 item 3):
 * Hoiio's voice/call cannot dial an extension, so the app keeps the one stored with the contact's
 * number on the call record ("then dial 556"), whichever view placed the call with the bare E.164.
 */

/** One stored number of a contact: E.164 and, when it has one, its extension (digits). */
export interface StoredPhone {
  readonly e164: string;
  readonly extension?: string | null | undefined;
}

/**
 * The extension of the contact's number `e164`, or null. Null too when the contact holds that
 * number more than once with different extensions, or also without one (an office's main line and
 * its desks): then the bare number is what was asked for, and guessing a desk would be wrong.
 */
export function contactExtensionFor(phones: readonly StoredPhone[], e164: string): string | null {
  const extensions = new Set(phones.filter((phone) => phone.e164 === e164).map((phone) => phone.extension || ''));
  if (extensions.size !== 1) return null;
  const [only] = extensions;
  return only || null;
}
