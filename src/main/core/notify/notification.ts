/**
 * The end-of-call notification Hoiio POSTs to `notify_url` (hoiio-api.md §5): a strict form decoder
 * and the zod schema turning the all-strings wire fields into a typed notification.
 */
import { z } from 'zod';
import { LegStatusSchema } from '../../../shared/calls.ts';
import { HoiioDateSchema, HoiioIntSchema, HoiioMoneySchema } from '../hoiio/wire.ts';

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

const E164 = /^\+[1-9]\d{6,14}$/;

export const HoiioNotificationSchema = z
  .object({
    txn_ref: z.string().regex(/^[\x21-\x7e]{1,64}$/, 'txn_ref must be 1-64 printable characters'),
    tag: z
      .string()
      .refine((tag) => [...tag].length <= 256, 'tag is longer than 256 characters')
      .optional(),
    dest1: z.string().regex(E164),
    dest2: z.string().regex(E164),
    call_status_dest1: LegStatusSchema,
    call_status_dest2: LegStatusSchema,
    date: HoiioDateSchema,
    duration: HoiioIntSchema,
    currency: z.string().regex(/^[A-Z]{3}$/),
    rate: HoiioMoneySchema,
    debit: HoiioMoneySchema,
  })
  .transform((fields) => ({
    txnRef: fields.txn_ref,
    /** null when the call was placed without a tag; '' when with an empty one (§9 C2). */
    tag: fields.tag ?? null,
    dest1: fields.dest1,
    dest2: fields.dest2,
    statusDest1: fields.call_status_dest1,
    statusDest2: fields.call_status_dest2,
    /** When Hoiio accepted the call, as an ISO UTC instant. */
    date: fields.date,
    durationMinutes: fields.duration,
    currency: fields.currency,
    rate: fields.rate,
    debit: fields.debit,
  }));

export type HoiioNotification = z.output<typeof HoiioNotificationSchema>;
