/**
 * The end-of-call notification Hoiio POSTs to `notify_url` (hoiio-api.md §5): the strict form
 * decoder. Its fields are read with the one call-status schema (hoiio/schemas.ts
 * `NotifiedCallStatusSchema`). The sandbox has its own decoder (sandbox/params.ts) on purpose:
 * the emulator stays independent of the client it tests.
 */

/** Decoded `application/x-www-form-urlencoded` pairs, or why they could not be decoded. */
export type FormDecodeResult = { ok: true; fields: Map<string, string> } | { ok: false; reason: string };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes a form body or query string strictly (`URLSearchParams` is lenient): a `%` must be followed
 * by two hex digits, the decoded text must be valid UTF-8 and the raw bytes plain ASCII. Within one
 * source the first occurrence of a key wins (hoiio-api.md §1).
 */
export function decodeForm(raw: Uint8Array | string): FormDecodeResult {
  let text: string;
  try {
    text = typeof raw === 'string' ? raw : utf8.decode(raw);
  } catch {
    return { ok: false, reason: 'body is not valid UTF-8' };
  }
  if (/[^\x21-\x7e]/.test(text)) return { ok: false, reason: 'form data must be URL-encoded ASCII' };
  const fields = new Map<string, string>();
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const separator = pair.indexOf('=');
    const rawKey = separator === -1 ? pair : pair.slice(0, separator);
    const rawValue = separator === -1 ? '' : pair.slice(separator + 1);
    const key = decodeComponent(rawKey);
    const value = decodeComponent(rawValue);
    if (key === null || value === null) return { ok: false, reason: 'malformed percent-encoding' };
    if (!fields.has(key)) fields.set(key, value);
  }
  return { ok: true, fields };
}

/** Query and body merged; on a key in both the body wins (§1, §5: receivers merge them). */
export function mergeFields(query: Map<string, string>, body: Map<string, string>): Record<string, string> {
  return Object.fromEntries([...query, ...body]);
}

function decodeComponent(encoded: string): string | null {
  try {
    // decodeURIComponent rejects a bad `%` escape and invalid UTF-8 sequences with URIError.
    return decodeURIComponent(encoded.replaceAll('+', ' '));
  } catch {
    return null;
  }
}
