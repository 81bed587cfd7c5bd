import { z } from 'zod';
import { CallOutcomeSchema, CallRecordSchema } from './calls.ts';
import { E164Schema } from './phone.ts';

const IsoInstantSchema = z.iso.datetime({ offset: true });

export const CALL_LOG_LIMITS = { search: 100, pageSize: 500 } as const;

/** A row of the log as the renderer lists it: the record plus the linked contact's name. */
export const CallLogEntrySchema = CallRecordSchema.extend({
  /** The contact's name when the call was linked (kept after the contact is deleted). */
  contactName: z.string().nullable(),
  /** The call's notes (call_notes, one per author, a line each), null when it has none. */
  note: z.string().nullable().default(null),
});
export type CallLogEntry = z.infer<typeof CallLogEntrySchema>;

/** Outcomes to filter by; `in_progress` selects calls that have no outcome yet. */
export const CallLogOutcomeFilterSchema = z.enum([...CallOutcomeSchema.options, 'in_progress']);
export type CallLogOutcomeFilter = z.infer<typeof CallLogOutcomeFilterSchema>;

const filterFields = {
  /** Calls created at or after this instant. */
  from: IsoInstantSchema.optional(),
  /** Calls created before this instant. */
  to: IsoInstantSchema.optional(),
  outcomes: z.array(CallLogOutcomeFilterSchema).max(CallLogOutcomeFilterSchema.options.length).optional(),
  contactId: z.string().min(1).max(64).optional(),
  /** Calls where either leg is exactly this E.164 number. */
  number: E164Schema.optional(),
  mode: z.enum(['sandbox', 'live']).optional(),
  /** Full-text search over numbers (any part of the digits), contact name, txn_ref, caller ID, errors, notes. */
  search: z.string().max(CALL_LOG_LIMITS.search).default(''),
};

export const CallLogFilterSchema = z.strictObject(filterFields);
export type CallLogFilter = z.input<typeof CallLogFilterSchema>;

export const CallLogQuerySchema = z.strictObject({
  ...filterFields,
  offset: z.number().int().min(0).max(10_000_000).default(0),
  limit: z.number().int().min(1).max(CALL_LOG_LIMITS.pageSize).default(50),
});
export type CallLogQuery = z.input<typeof CallLogQuerySchema>;

export const CallLogPageSchema = z.object({
  items: z.array(CallLogEntrySchema),
  total: z.number().int().nonnegative(),
});
export type CallLogPage = z.infer<typeof CallLogPageSchema>;

export const CallTotalsQuerySchema = z.strictObject({
  ...filterFields,
  period: z.enum(['day', 'month']),
  /** Which calendar the buckets follow: the machine's time zone (DST-aware) or UTC. */
  timeZone: z.enum(['local', 'utc']).default('local'),
});
export type CallTotalsQuery = z.input<typeof CallTotalsQuerySchema>;

/** A sum of debits in one currency, as an exact 3-decimal string. */
export const CurrencyAmountSchema = z.object({
  currency: z.string(),
  amount: z.string().regex(/^-?\d+\.\d{3}$/),
});
export type CurrencyAmount = z.infer<typeof CurrencyAmountSchema>;

export const CallTotalsSchema = z.object({
  calls: z.number().int().nonnegative(),
  connected: z.number().int().nonnegative(),
  minutes: z.number().int().nonnegative(),
  costs: z.array(CurrencyAmountSchema),
});
export type CallTotals = z.infer<typeof CallTotalsSchema>;

export const CallTotalsBucketSchema = CallTotalsSchema.extend({
  /** `YYYY-MM-DD` for days, `YYYY-MM` for months. */
  bucket: z.string(),
});
export type CallTotalsBucket = z.infer<typeof CallTotalsBucketSchema>;

export const CallTotalsResultSchema = z.object({
  period: z.enum(['day', 'month']),
  buckets: z.array(CallTotalsBucketSchema),
  overall: CallTotalsSchema,
});
export type CallTotalsResult = z.infer<typeof CallTotalsResultSchema>;
