import { z } from 'zod';
import { CallLogFilterSchema, CallLogTeamScopeSchema } from './call-log.ts';
import { ContactIdSchema, CONTACT_LIMITS, CountryCodeSchema } from './contacts.ts';

/**
 * An absolute file path chosen by the user in a file dialog (POSIX `/…`, Windows `C:\…` or
 * `\\server\share\…`). The shell decides how the user picks it; main re-checks it: no file in the
 * app's data folder, no hidden (dot) file, symlinks resolved, and the extension must match the
 * format (import .vcf/.vcard/.csv; export .vcf for vCard, .csv for CSV and the call log).
 */
/** The longest file path the app takes (UTF-16 code units). */
export const FILE_PATH_MAX_LENGTH = 4096;

export const AbsoluteFilePathSchema = z
  .string()
  .min(2, 'file.notAbsolute')
  .max(FILE_PATH_MAX_LENGTH)
  .refine((value) => !value.includes('\0'), 'field.nulCharacter')
  .refine(
    (value) => value.startsWith('/') || /^[A-Za-z]:[\\/]/.test(value) || value.startsWith('\\\\'),
    'file.notAbsolute',
  );

/** What a save dialog is for: decides its file-type filter and the extension it expects. */
export const ExportFileKindSchema = z.enum(['contacts-vcard', 'contacts-csv', 'call-log-csv', 'totals-csv', 'backup']);
export type ExportFileKind = z.infer<typeof ExportFileKindSchema>;

export const ChooseExportFileInputSchema = z.strictObject({
  kind: ExportFileKindSchema,
  /** The file name the dialog proposes, e.g. "contacts-2026-01-31.vcf". */
  suggestedName: z.string().max(200),
});

/** The file the user picked in a native dialog, or null when they cancelled it. */
export const ChosenFileSchema = z.object({ path: z.string() }).nullable();
export type ChosenFile = z.infer<typeof ChosenFileSchema>;

/** Chosen by the renderer so it can cancel the job and match progress events before the result arrives. */
export const JobIdSchema = z.uuid();

/**
 * Every decodable encoding of the WHATWG Encoding Standard (§4.2 "Names and labels", canonical
 * names lower-cased; "replacement" and "x-user-defined" decode nothing useful), plus the
 * `iso-8859-1` label users know (WHATWG reads it as windows-1252). TextDecoder decodes them all.
 */
export const IMPORT_ENCODINGS = [
  'utf-8',
  'ibm866',
  'iso-8859-1',
  'iso-8859-2',
  'iso-8859-3',
  'iso-8859-4',
  'iso-8859-5',
  'iso-8859-6',
  'iso-8859-7',
  'iso-8859-8',
  'iso-8859-8-i',
  'iso-8859-10',
  'iso-8859-13',
  'iso-8859-14',
  'iso-8859-15',
  'iso-8859-16',
  'koi8-r',
  'koi8-u',
  'macintosh',
  'windows-874',
  'windows-1250',
  'windows-1251',
  'windows-1252',
  'windows-1253',
  'windows-1254',
  'windows-1255',
  'windows-1256',
  'windows-1257',
  'windows-1258',
  'x-mac-cyrillic',
  'gbk',
  'gb18030',
  'big5',
  'euc-jp',
  'iso-2022-jp',
  'shift_jis',
  'euc-kr',
  'utf-16be',
  'utf-16le',
] as const;
export const ImportEncodingSchema = z.enum(['auto', ...IMPORT_ENCODINGS]);
export type ImportEncoding = z.infer<typeof ImportEncodingSchema>;

/**
 * What one column of a CSV file holds, as the user mapped it when its headers were not recognised:
 * a part of the name, the company, notes, a phone number (with its label: `phone.mobile` is a
 * number labelled "mobile", `phone` one without a label), or nothing to import (`ignore`).
 */
export const CSV_COLUMN_ROLES = [
  'ignore',
  'name',
  'firstName',
  'middleName',
  'lastName',
  'company',
  'notes',
  'phone',
  'phone.mobile',
  'phone.work',
  'phone.home',
  'phone.main',
  'phone.other',
  'phone.fax',
] as const;
/** The error key of a CSV import whose headers are not recognised: the import panel then offers the column mapping. */
export const UNKNOWN_COLUMNS_KEY = 'import.unknownColumns';

export const CsvColumnRoleSchema = z.enum(CSV_COLUMN_ROLES);
export type CsvColumnRole = z.infer<typeof CsvColumnRoleSchema>;
/** Most columns a mapped CSV file may have (Outlook's exports have ~90). */
export const MAX_CSV_COLUMNS = 500;

export const ImportContactsInputSchema = z.strictObject({
  jobId: JobIdSchema,
  path: AbsoluteFilePathSchema,
  format: z.enum(['auto', 'vcard', 'csv']).default('auto'),
  /** Country for numbers written without "+country code". */
  defaultCountry: CountryCodeSchema,
  /** What to do with a contact that shares a number (or name and company) with one already there. */
  duplicates: z.enum(['merge', 'skip']),
  /** `auto`: BOM, else UTF-8; a vCard value's own CHARSET wins; records with unreadable bytes are rejected with the reason. */
  encoding: ImportEncodingSchema.default('auto'),
  /**
   * CSV only: what each column holds, in header order, chosen by the user (previewCsv) when the
   * headers are not recognised. Without it the headers are recognised by name.
   */
  columns: z.array(CsvColumnRoleSchema).min(1).max(MAX_CSV_COLUMNS).optional(),
});
export type ImportContactsInput = z.input<typeof ImportContactsInputSchema>;

export const PreviewCsvInputSchema = z.strictObject({
  path: AbsoluteFilePathSchema,
  encoding: ImportEncodingSchema.default('auto'),
  /** Country for numbers written without "+country code" (to tell which columns hold numbers). */
  defaultCountry: CountryCodeSchema,
});

/** The start of a CSV file for mapping its columns: its header, a few rows (cells cut short) and a suggested role per column. */
export const CsvPreviewSchema = z.object({
  headers: z.array(z.string()).max(MAX_CSV_COLUMNS),
  rows: z.array(z.array(z.string())),
  suggested: z.array(CsvColumnRoleSchema),
  /** True when the app recognises the headers by name (no mapping needed). */
  recognised: z.boolean(),
});
export type CsvPreview = z.infer<typeof CsvPreviewSchema>;

/** One record of the imported file and what happened to it. `row` counts records (cards or CSV data rows) from 1. */
export const ImportEntrySchema = z.object({
  row: z.number().int().positive(),
  /** The line where the record starts in the file. */
  line: z.number().int().positive(),
  name: z.string().optional(),
  contactId: z.string().optional(),
  /** English, for logs and as a last resort. */
  reason: z.string().optional(),
  /** The reason's catalogue key: the renderer words it as `importReason.<key>` with `params`. */
  key: z.string().max(100).optional(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  /**
   * Refused phone numbers the reason lists (its `{problems}` argument): each a phone error key
   * (`error.<key>`, e.g. `import.phone.notANumber`) with its arguments, worded in the user's language.
   */
  problems: z
    .array(
      z.object({
        key: z.string().max(100),
        params: z.record(z.string(), z.union([z.string(), z.number()])),
      }),
    )
    .max(10)
    .optional(),
});
export type ImportEntry = z.infer<typeof ImportEntrySchema>;

/** Each list in the import report stops here (counts stay exact) so a huge import's report still crosses IPC quickly. */
export const MAX_REPORT_ENTRIES = 10_000;

export const ImportReportSchema = z.object({
  format: z.enum(['vcard', 'csv']),
  encoding: z.string(),
  records: z.number().int().nonnegative(),
  counts: z.object({
    imported: z.number().int().nonnegative(),
    merged: z.number().int().nonnegative(),
    skipped: z.number().int().nonnegative(),
    rejected: z.number().int().nonnegative(),
  }),
  imported: z.array(ImportEntrySchema),
  merged: z.array(ImportEntrySchema),
  /** Duplicates left alone (`duplicates: 'skip'`), with the contact they duplicate. */
  skipped: z.array(ImportEntrySchema),
  /** Records not imported, each with the reason. */
  rejected: z.array(ImportEntrySchema),
  /** Records imported with something left out (e.g. one unreadable number). */
  warnings: z.array(ImportEntrySchema),
  /** True when the entry lists were cut at the report limit; `counts` stay exact. */
  truncated: z.boolean(),
  /**
   * Contacts the import created or changed. 0 when every record was rejected, skipped or merged into
   * a contact that already had everything it holds: such an import leaves nothing to undo (the undo
   * offered is still that of the import before it).
   */
  changed: z.number().int().nonnegative(),
  /**
   * The undo this import recorded (what undoing it would do), read right after it was applied: null
   * when it changed nothing (`changed` 0). Left out only by the reader itself, before applying.
   */
  undo: z.lazy(() => ImportUndoPreviewSchema).nullable().optional(),
});
export type ImportReport = z.infer<typeof ImportReportSchema>;

/** What undoing the last import would do, shown in the confirmation (importExport.lastImport). */
export const ImportUndoPreviewSchema = z.object({
  importedAt: z.string(),
  /** The imported file's name (no folder). */
  fileName: z.string(),
  /** Contacts the import created: undo deletes them. */
  added: z.number().int().nonnegative(),
  /** Contacts the import merged into: undo gives them back their previous fields and numbers. */
  merged: z.number().int().nonnegative(),
  /** Contacts touched by the import and edited (or, merged ones, deleted) since: undo is refused while > 0. */
  editedCount: z.number().int().nonnegative(),
  /** The first few of those, by name. */
  editedNames: z.array(z.string()),
});
export type ImportUndoPreview = z.infer<typeof ImportUndoPreviewSchema>;

export const ImportUndoResultSchema = z.object({
  removed: z.number().int().nonnegative(),
  restored: z.number().int().nonnegative(),
  fileName: z.string(),
});
export type ImportUndoResult = z.infer<typeof ImportUndoResultSchema>;

export const ExportContactsInputSchema = z.strictObject({
  jobId: JobIdSchema,
  path: AbsoluteFilePathSchema,
  format: z.enum(['vcard', 'csv']),
  /** Only these contacts; all when left out. */
  ids: z.array(ContactIdSchema).min(1).max(CONTACT_LIMITS.bulkIds).optional(),
  /**
   * Replace a file already at `path`. Without it an existing file is never replaced: the export
   * fails with 'conflict' (the UI asks, then retries with true; a native save dialog has already asked).
   */
  overwrite: z.boolean().default(false),
});
export type ExportContactsInput = z.input<typeof ExportContactsInputSchema>;

export const ExportCallLogInputSchema = z.strictObject({
  jobId: JobIdSchema,
  path: AbsoluteFilePathSchema,
  filter: CallLogFilterSchema.default({ search: '' }),
  /**
   * A team member's log (issue 15), as the list shows it: whose calls (`scope`, the "Placed by"
   * filter; `everyone` adds the team's calls pulled from the server) and this desktop's member
   * name (null before it is known). The CSV then ends with a "Placed by" column: the member who
   * placed each call, this desktop's name (or "you") for its own, empty when nobody in the team
   * did. Absent: no team, no such column.
   */
  team: z.strictObject({ scope: CallLogTeamScopeSchema, member: z.string().max(63).nullable() }).optional(),
  /**
   * Replace a file already at `path`. Without it an existing file is never replaced: the export
   * fails with 'conflict' (the UI asks, then retries with true; a native save dialog has already asked).
   */
  overwrite: z.boolean().default(false),
});
export type ExportCallLogInput = z.input<typeof ExportCallLogInputSchema>;
/** A team member's call-log export: whose calls and this desktop's member name (ExportCallLogInputSchema `team`). */
export type CallLogExportTeam = NonNullable<z.output<typeof ExportCallLogInputSchema>['team']>;

export const ExportResultSchema = z.object({
  path: z.string(),
  count: z.number().int().nonnegative(),
});
export type ExportResult = z.infer<typeof ExportResultSchema>;

export const CancelJobInputSchema = z.strictObject({ jobId: JobIdSchema });
export const CancelJobResultSchema = z.object({
  /** False when no job with this id is running (already finished or never started). */
  cancelled: z.boolean(),
});

export const JobProgressSchema = z.object({
  jobId: z.string(),
  kind: z.enum(['import', 'export', 'backup', 'restore']),
  /**
   * import: `reading` the file, `checking` numbers, `saving` (one transaction); export: `writing`;
   * backup: `writing`, then `verifying` (phases only: processed and total 0); restore: `verifying`
   * the backup, then `restoring` (steps, not records).
   */
  phase: z.enum(['reading', 'checking', 'saving', 'writing', 'verifying', 'restoring']),
  processed: z.number().nonnegative(),
  /** Same unit as `processed` (characters while reading, records otherwise); 0: nothing to count in this phase. */
  total: z.number().nonnegative(),
});
export type JobProgress = z.infer<typeof JobProgressSchema>;
