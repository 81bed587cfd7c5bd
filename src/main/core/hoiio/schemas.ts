/**
 * zod schemas for the success bodies of every endpoint (hoiio-api.md §2), turning Hoiio's
 * all-strings wire format into typed values: integers, exact 3-decimal money strings and
 * UTC instants. Unknown fields are ignored (zod strips them); absent `duration`/`debit`
 * (live calls) and an absent or empty `tag` are tolerated.
 */
import { z } from 'zod';
import { LegStatusSchema } from '../../../shared/calls.ts';
import { E164Schema } from '../../../shared/phone.ts';
import { HoiioDateSchema, HoiioIntSchema, HoiioMoneySchema } from './wire.ts';

/** The envelope every response shares; anything without a string `status` is a transport error. */
export const EnvelopeSchema = z.looseObject({ status: z.string().min(1) });

export const CallAcceptedSchema = z
  .object({ txn_ref: z.string().min(1) })
  .transform((body) => ({ txnRef: body.txn_ref }));
export type CallAccepted = z.output<typeof CallAcceptedSchema>;

/**
 * One call as query_status, get_history entries (hoiio-api.md §2.2, §2.3) and the end-of-call
 * notification (§5) describe it: the one definition of these fields. `duration`/`debit` are
 * absent while a call is live; a notification (NotifiedCallStatusSchema) always has them.
 */
const CallStatusFields = z.object({
  txn_ref: z.string().min(1),
  tag: z.string().optional(),
  dest1: z.string(),
  dest2: z.string(),
  call_status_dest1: LegStatusSchema,
  call_status_dest2: LegStatusSchema,
  date: HoiioDateSchema,
  duration: HoiioIntSchema.optional(),
  currency: z.string().regex(/^[A-Z]{3}$/),
  rate: HoiioMoneySchema,
  debit: HoiioMoneySchema.optional(),
});

/** The wire fields in the app's names and types (one mapping for every source of a call status). */
function toCallStatus(body: z.output<typeof CallStatusFields>) {
  return {
    txnRef: body.txn_ref,
    /** null when Hoiio sent no tag; '' when the call was placed with an empty one (§9 C2). */
    tag: body.tag ?? null,
    dest1: body.dest1,
    dest2: body.dest2,
    statusDest1: body.call_status_dest1,
    statusDest2: body.call_status_dest2,
    /** When Hoiio accepted the call, as an ISO UTC instant. */
    date: body.date,
    /** Whole minutes billed; null while the call is live. */
    durationMinutes: body.duration ?? null,
    currency: body.currency,
    /** Per-minute rate, "0.000" in `currency`. */
    rate: body.rate,
    debit: body.debit ?? null,
  };
}

export const CallStatusSchema = CallStatusFields.transform(toCallStatus);

/**
 * The end-of-call notification POSTed to `notify_url` (§5): the same fields, checked more
 * strictly because anyone can reach the listener: a printable txn_ref, a tag of at most 256
 * characters, well-formed E.164 numbers, and the final `duration` and `debit` present.
 */
export const NotifiedCallStatusSchema = CallStatusFields.extend({
  txn_ref: z.string().regex(/^[\x21-\x7e]{1,64}$/, 'txn_ref must be 1-64 printable characters'),
  tag: z
    .string()
    .refine((tag) => [...tag].length <= 256, 'tag is longer than 256 characters')
    .optional(),
  dest1: E164Schema,
  dest2: E164Schema,
  duration: HoiioIntSchema,
  debit: HoiioMoneySchema,
}).transform(toCallStatus);
export type CallStatus = z.output<typeof CallStatusSchema>;

/** Hoiio's list envelope (get_history, get_active): counts as strings, then the entries. */
function entriesPage<Entry extends z.ZodType>(entry: Entry) {
  return z
    .object({ total_entries_count: HoiioIntSchema, entries_count: HoiioIntSchema, entries: z.array(entry) })
    .transform((body) => ({
      totalEntriesCount: body.total_entries_count,
      entriesCount: body.entries_count,
      entries: body.entries,
    }));
}

export const CallHistorySchema = entriesPage(CallStatusSchema);
export type CallHistoryPage = z.output<typeof CallHistorySchema>;

export const RateSchema = z
  .object({ currency: z.string().regex(/^[A-Z]{3}$/), rate: HoiioMoneySchema, talktime: HoiioIntSchema })
  .transform((body) => ({ currency: body.currency, ratePerMinute: body.rate, talktimeMinutes: body.talktime }));
export type Rate = z.output<typeof RateSchema>;

export const BalanceSchema = z.object({
  currency: z.string().regex(/^[A-Z]{3}$/),
  balance: HoiioMoneySchema,
  points: HoiioMoneySchema,
  bonus: HoiioMoneySchema,
});
export type Balance = z.output<typeof BalanceSchema>;

/** §8: "p" and "private" in caller_ids mean the same; the app always sends `private`. */
const CallerIdSchema = z.string().transform((id) => (id === 'p' ? 'private' : id));

export const AccountInfoSchema = z
  .object({
    uid: z.string(),
    name: z.string(),
    mobile_number: z.string(),
    caller_ids: z.array(CallerIdSchema),
    email: z.string().optional(),
    country: z.string(),
    prefix: z.string(),
    currency: z.string().regex(/^[A-Z]{3}$/),
    // §9 C8: a Java fork spells it `timezone`.
    time_zone: z.string().optional(),
    timezone: z.string().optional(),
    user_status: z.enum(['trial', 'active']),
  })
  .transform((body) => ({
    uid: body.uid,
    name: body.name,
    mobileNumber: body.mobile_number,
    callerIds: [...new Set(body.caller_ids)],
    email: body.email ?? null,
    country: body.country,
    prefix: body.prefix,
    currency: body.currency,
    timeZone: body.time_zone ?? body.timezone ?? null,
    userStatus: body.user_status,
  }));
export type AccountInfo = z.output<typeof AccountInfoSchema>;

const ActiveNumberSchema = z
  .object({
    number: z.string(),
    forward_to: z.string().optional(),
    forward_sms_to: z.string().optional(),
    mode: z.enum(['voice', 'fax']),
    expiry: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    auto_extend_status: z.enum(['enabled', 'disabled']),
    country: z.string(),
    state: z.string().optional(),
    capabilities: z.array(z.string()),
  })
  .transform((body) => ({
    number: body.number,
    forwardTo: body.forward_to ?? null,
    forwardSmsTo: body.forward_sms_to ?? null,
    mode: body.mode,
    expiry: body.expiry,
    autoExtend: body.auto_extend_status === 'enabled',
    country: body.country,
    state: body.state ?? null,
    capabilities: body.capabilities,
  }));

export const ActiveNumbersSchema = entriesPage(ActiveNumberSchema);
export type ActiveNumbers = z.output<typeof ActiveNumbersSchema>;

export const EmptySuccessSchema = z.object({}).transform(() => undefined);
