/**
 * Notes on a call and keeping/removing history (issue 13): the shapes the contract uses for
 * `notes.*`, `callLog.delete/undoDelete/clearOlderThan/topContacts/exportTotalsCsv` and `database.*`.
 */
import { z } from 'zod';
import { CallLogFilterSchema, CallTotalsQuerySchema, CurrencyAmountSchema } from './call-log.ts';
import { AbsoluteFilePathSchema, JobIdSchema } from './import-export.ts';
import { cleanUserText } from './user-text.ts';

const CallIdSchema = z.string().min(1).max(64);

/** A note is at most this many characters (after trimming): a few paragraphs, not a document. */
export const NOTE_MAX_LENGTH = 2_000;

/** The author of the notes written on this desktop; a team member id once notes sync (issue 15). */
export const LOCAL_NOTE_AUTHOR = 'me';

export const CallNoteSchema = z.object({
  callId: CallIdSchema,
  author: z.string(),
  body: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type CallNote = z.infer<typeof CallNoteSchema>;

export const GetNoteInputSchema = z.strictObject({ callId: CallIdSchema });

/**
 * The note's text as typed, cleaned by the user-text rule (user-text.ts: invisible characters removed, trimmed), at most NOTE_MAX_LENGTH characters; empty deletes the note.
 * (The raw text may carry surrounding white space past the cap; only the trimmed text counts.)
 */
export const SetNoteInputSchema = z.strictObject({
  callId: CallIdSchema,
  body: z
    .string()
    .max(NOTE_MAX_LENGTH * 4)
    .transform(cleanUserText)
    .pipe(z.string().max(NOTE_MAX_LENGTH)),
  /**
   * The note's revision the editor started from: its `updatedAt`, null when there was no note.
   * A save over a note changed since (another window, another tab) is refused with `conflict`
   * and the newer note in `details.current` (NoteConflictDetails), never written over silently.
   * Absent: no check (a writer with nothing to compare, e.g. a script).
   */
  baseUpdatedAt: z.string().max(64).nullable().optional(),
});

/** `details` of a refused note save (AppError 'conflict', key `note.changedElsewhere`): the newer note, null when it was deleted. */
export interface NoteConflictDetails {
  readonly current: CallNote | null;
}

/** A call's notes changed (set or deleted): its note text (every author's, a line each) or null. */
export const CallNotesChangedEventSchema = z.object({ callId: CallIdSchema, note: z.string().nullable() });

/** At most this many calls per delete request (the log's page size). */
export const DELETE_CALLS_MAX = 500;

export const DeleteCallsInputSchema = z.strictObject({
  ids: z.array(CallIdSchema).min(1).max(DELETE_CALLS_MAX),
});
export const DeleteCallsResultSchema = z.object({
  deleted: z.number().int().nonnegative(),
  /** True when `callLog.undoDelete` can bring them back (until the next delete). */
  undoable: z.boolean(),
});
export const UndoDeleteCallsResultSchema = z.object({ restored: z.array(CallIdSchema) });

/** How old a call must be to be cleared, in whole days (1 day to 100 years). */
export const HistoryAgeDaysSchema = z.number().int().min(1).max(36_500);
export const ClearOlderThanInputSchema = z.strictObject({ days: HistoryAgeDaysSchema });
export const ClearOlderThanResultSchema = z.object({ deleted: z.number().int().nonnegative() });

/** The call log changed other than by a call's own update: views reload what shows calls. */
export const CallLogChangedEventSchema = z.object({
  /** `team`: the team's calls pulled from the server changed (team members' logs re-read their pages). */
  reason: z.enum(['deleted', 'restored', 'cleared', 'replaced', 'team']),
  /** The calls concerned (empty for clears and restores of a backup: "reload everything"). */
  ids: z.array(CallIdSchema).max(DELETE_CALLS_MAX),
});
export type CallLogChangedEvent = z.infer<typeof CallLogChangedEventSchema>;

/** The top contacts (or numbers without a contact) over a filter, by minutes and by cost. */
export const TopContactsQuerySchema = CallLogFilterSchema.extend({
  limit: z.number().int().min(1).max(50).default(10),
});
export type TopContactsQuery = z.input<typeof TopContactsQuerySchema>;

export const TopPartySchema = z.object({
  /** The contact, or null for a number no contact was linked to. */
  contactId: z.string().nullable(),
  /** The contact's name as the log keeps it, else null. */
  name: z.string().nullable(),
  /** E.164: the number called most for the contact, or the number itself. */
  number: z.string(),
  calls: z.number().int().nonnegative(),
  minutes: z.number().int().nonnegative(),
  /** Cost in the ranking currency (3 decimals), "0.000" when none. */
  cost: z.string().regex(/^-?\d+\.\d{3}$/),
});
export type TopParty = z.infer<typeof TopPartySchema>;

export const TopContactsResultSchema = z.object({
  byMinutes: z.array(TopPartySchema),
  byCost: z.array(TopPartySchema),
  /** The currency costs are ranked in: the one most spent over the filter (null: no cost at all). */
  currency: z.string().nullable(),
  /** Every currency spent over the filter (a Hoiio account has one; sandbox and live may differ). */
  costs: z.array(CurrencyAmountSchema),
});
export type TopContactsResult = z.infer<typeof TopContactsResultSchema>;

/** Writes the totals per day or month over a range as CSV (the Insights view's export). */
export const ExportTotalsInputSchema = z.strictObject({
  jobId: JobIdSchema,
  path: AbsoluteFilePathSchema,
  overwrite: z.boolean().optional(),
  query: CallTotalsQuerySchema,
});

/** A whole-database backup file. */
export const BackupInputSchema = z.strictObject({
  jobId: JobIdSchema,
  path: AbsoluteFilePathSchema,
  overwrite: z.boolean().optional(),
});
export const BackupResultSchema = z.object({
  path: z.string(),
  bytes: z.number().int().nonnegative(),
  calls: z.number().int().nonnegative(),
  contacts: z.number().int().nonnegative(),
});
export type BackupResult = z.infer<typeof BackupResultSchema>;

export const RestoreInputSchema = z.strictObject({ jobId: JobIdSchema, path: AbsoluteFilePathSchema });
export const RestoreResultSchema = z.object({
  calls: z.number().int().nonnegative(),
  contacts: z.number().int().nonnegative(),
  /** Where the database as it was before the restore is kept. */
  previousKeptAt: z.string(),
});
export type RestoreResult = z.infer<typeof RestoreResultSchema>;

export const CheckBackupInputSchema = z.strictObject({ path: AbsoluteFilePathSchema });
/** What a backup file holds, checked read-only before the restore's confirmation (database.checkBackup). */
export const BackupCheckSchema = z.object({
  /** The file's name, without its folder. */
  fileName: z.string(),
  /** Its schema version (at most this app's; an older one is upgraded by the restore). */
  version: z.number().int().positive(),
  calls: z.number().int().nonnegative(),
  contacts: z.number().int().nonnegative(),
  /** The newest call's start (ISO 8601), null when it has no calls. */
  newestCallAt: z.string().nullable(),
  /** When the file was last written (ISO 8601): roughly when the backup was made. */
  modifiedAt: z.string(),
});
export type BackupCheck = z.infer<typeof BackupCheckSchema>;

/** The backup file's extension (an SQLite database file). */
export const BACKUP_EXTENSIONS = ['.db', '.sqlite', '.sqlite3', '.hoiio-backup'] as const;
