import { z } from 'zod';
import { CallOutcomeSchema, CallRecordSchema } from './calls.ts';
import { E164Schema } from './phone.ts';
import { cleanUserText } from './user-text.ts';

export { DATE_FILTER_LIMITS } from './date-range.ts';

/**
 * An instant of a date filter: ISO 8601 with an offset, a real calendar date (zod refuses
 * 2026-02-30), year 0000–9999 (a 6-digit "+010000-…" year, what an end-of-day past 9999-12-31
 * turns into, is refused with a plain message instead of breaking the log).
 */
const IsoInstantSchema = z.iso.datetime({ offset: true, message: 'callLog.range.invalidInstant' });

/**
 * A date filter's order: `to` (exclusive) must not be before `from`. Refused at `to` with
 * catalogue key `callLog.range.endBeforeStart` (the renderer's date fields check the same first).
 */
function checkDateOrder(
  filter: { from?: string | undefined; to?: string | undefined },
  context: z.RefinementCtx,
): void {
  if (filter.from === undefined || filter.to === undefined) return;
  if (Date.parse(filter.to) < Date.parse(filter.from)) {
    context.addIssue({ code: 'custom', path: ['to'], message: 'callLog.range.endBeforeStart' });
  }
}

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
  /** The contact's calls: linked to it when placed, or to one of its numbers now (dest2), whenever placed. */
  contactId: z.string().min(1).max(64).optional(),
  /** Calls where either leg is exactly this E.164 number. */
  number: E164Schema.optional(),
  mode: z.enum(['sandbox', 'live']).optional(),
  /** Full-text search over numbers (any part of the digits), contact name, txn_ref, caller ID, errors, notes. */
  search: z.string().max(CALL_LOG_LIMITS.search).overwrite(cleanUserText).default(''),
};

export const CallLogFilterSchema = z.strictObject(filterFields).superRefine(checkDateOrder);
export type CallLogFilter = z.input<typeof CallLogFilterSchema>;

export const CallLogQuerySchema = z
  .strictObject({
    ...filterFields,
    offset: z.number().int().min(0).max(10_000_000).default(0),
    limit: z.number().int().min(1).max(CALL_LOG_LIMITS.pageSize).default(50),
  })
  .superRefine(checkDateOrder);
export type CallLogQuery = z.input<typeof CallLogQuerySchema>;

export const CallLogPageSchema = z.object({
  items: z.array(CallLogEntrySchema),
  total: z.number().int().nonnegative(),
});
export type CallLogPage = z.infer<typeof CallLogPageSchema>;

/**
 * A call's place in the log's keyset order (newest first): its `seq`, a time-ordered integer
 * (created_ms * 1024 + n), below 2^53 until the year 2248.
 */
export const CallLogSeqSchema = z.number().int().min(Number.MIN_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER);

/** A team row's id (team_calls.id, a uuid): ties between team rows of the same millisecond. */
const TeamRowIdSchema = z.string().min(1).max(64);

/**
 * Whose calls a team member's log shows (issue 15: "my calls / team"): `everyone` merges the
 * team's calls pulled from the server (team_calls) into this desktop's log; `mine` keeps the calls
 * placed on this desktop. Absent (no team): the log as before, and items carry no `placedBy`.
 */
export const CallLogTeamScopeSchema = z.enum(['everyone', 'mine']);
export type CallLogTeamScope = z.infer<typeof CallLogTeamScopeSchema>;

/** Who placed a call in a team: this desktop ("You") or a member (their team login name). */
export const PlacedBySchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('you') }),
  z.strictObject({ kind: z.literal('member'), member: z.string().min(1).max(63) }),
]);
export type PlacedBy = z.infer<typeof PlacedBySchema>;

/**
 * Where a page of the log starts: the newest or the oldest end, or the calls just older or just
 * newer than a call's seq (keyset paging: no offsets, so a page costs the same anywhere in the log).
 */
export const CallLogAnchorSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('newest') }),
  z.strictObject({ kind: z.literal('oldest') }),
  z.strictObject({ kind: z.literal('olderThan'), seq: CallLogSeqSchema, teamId: TeamRowIdSchema.optional() }),
  z.strictObject({ kind: z.literal('newerThan'), seq: CallLogSeqSchema, teamId: TeamRowIdSchema.optional() }),
]);
export type CallLogAnchor = z.infer<typeof CallLogAnchorSchema>;

export const CallLogPageQuerySchema = z
  .strictObject({
    ...filterFields,
    anchor: CallLogAnchorSchema.default({ kind: 'newest' }),
    limit: z.number().int().min(1).max(CALL_LOG_LIMITS.pageSize).default(100),
    /** Also count the matching calls (first page only: the count does not change while paging). */
    withTotal: z.boolean().default(false),
    /** Team members only: whose calls (see CallLogTeamScopeSchema). */
    team: CallLogTeamScopeSchema.optional(),
  })
  .superRefine(checkDateOrder);
export type CallLogPageQuery = z.input<typeof CallLogPageQuerySchema>;

/** A matching total: exact, or a lower bound ("1,000+") where counting further would scan. */
export const ListTotalSchema = z.object({ count: z.number().int().nonnegative(), exact: z.boolean() });
export type ListTotal = z.infer<typeof ListTotalSchema>;

export const CallLogKeysetPageSchema = z.object({
  /**
   * Newest first. With `team`: `placedBy` when known (absent for a call nobody in the team placed,
   * e.g. a sandbox call learned from nowhere), and `teamId` on a team member's call this desktop
   * only knows from the server (its `seq` is created_ms * 1024 + 1023, after this desktop's calls
   * of that millisecond; such a row has no contact, note, or local actions).
   */
  items: z.array(
    CallLogEntrySchema.extend({
      seq: CallLogSeqSchema,
      placedBy: PlacedBySchema.optional(),
      teamId: TeamRowIdSchema.optional(),
    }),
  ),
  /** The anchor of the next older page; null at the oldest end. */
  older: CallLogAnchorSchema.nullable(),
  /** The anchor of the next newer page; null at the newest end. */
  newer: CallLogAnchorSchema.nullable(),
  total: ListTotalSchema.nullable(),
});
export type CallLogKeysetPage = z.infer<typeof CallLogKeysetPageSchema>;
export type CallLogListEntry = CallLogKeysetPage['items'][number];

export const CallTotalsQuerySchema = z
  .strictObject({
    ...filterFields,
    period: z.enum(['day', 'month']),
    /** Which calendar the buckets follow: the machine's time zone (DST-aware) or UTC. */
    timeZone: z.enum(['local', 'utc']).default('local'),
  })
  .superRefine(checkDateOrder);
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
