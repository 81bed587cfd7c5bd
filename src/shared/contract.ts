import { z } from 'zod';
import type { IpcResult } from './errors.ts';
import { channelName } from './channels.ts';
import { E164Schema } from './phone.ts';
import {
  AccountNumbersSchema,
  AccountStatusSchema,
  AccountVerificationSchema,
  SetAccountInputSchema,
} from './account.ts';
import { CallRecordSchema } from './calls.ts';
import { SettingsPatchSchema, SettingsSchema } from './settings.ts';
import { TunnelStatusSchema } from './tunnel.ts';
import { DesktopStateSchema } from './desktop.ts';
import { StartupStateSchema } from './startup.ts';
import { JobFinishedSchema } from './job-finished.ts';
import {
  TeamCallNoteSchema,
  TeamCallRefSchema,
  TeamCallSchema,
  TeamCallsQuerySchema,
  TeamContactInfoSchema,
  TeamContactPrivateSchema,
  TeamContactRefSchema,
  TeamRevisionRefSchema,
  TeamJoinInputSchema,
  TeamStatusSchema,
  TeamTestResultSchema,
} from './team.ts';
import {
  ContactCreateSchema,
  ContactDeleteResultSchema,
  ContactDeleteSchema,
  ContactIdSchema,
  ContactKeysetPageSchema,
  ContactListQuerySchema,
  ContactPageQuerySchema,
  ContactPageSchema,
  ContactSchema,
  ContactsChangedEventSchema,
  ContactUndoResultSchema,
  ContactUpdateSchema,
  SharedNumbersSchema,
  NumberHoldersQuerySchema,
} from './contacts.ts';
import {
  CallLogEntrySchema,
  CallLogKeysetPageSchema,
  CallLogPageQuerySchema,
  CallLogPageSchema,
  CallLogQuerySchema,
  CallTotalsQuerySchema,
  CallTotalsResultSchema,
} from './call-log.ts';
import {
  CancelJobInputSchema,
  CancelJobResultSchema,
  ChooseExportFileInputSchema,
  ChosenFileSchema,
  ExportCallLogInputSchema,
  ExportContactsInputSchema,
  ExportResultSchema,
  ImportContactsInputSchema,
  ImportReportSchema,
  ImportUndoPreviewSchema,
  ImportUndoResultSchema,
  PreviewCsvInputSchema,
  CsvPreviewSchema,
  JobProgressSchema,
} from './import-export.ts';
import {
  BackupInputSchema,
  BackupResultSchema,
  CallLogChangedEventSchema,
  CallNoteSchema,
  CallNotesChangedEventSchema,
  ClearOlderThanInputSchema,
  ClearOlderThanResultSchema,
  DeleteCallsInputSchema,
  DeleteCallsResultSchema,
  ExportTotalsInputSchema,
  GetNoteInputSchema,
  RestoreInputSchema,
  RestoreResultSchema,
  CheckBackupInputSchema,
  BackupCheckSchema,
  SetNoteInputSchema,
  TopContactsQuerySchema,
  TopContactsResultSchema,
  UndoDeleteCallsResultSchema,
} from './history.ts';

/**
 * The IPC contract: the single source of truth for every operation the renderer may call
 * and every event main may push. The preload bridge, main's dispatch and the browser host
 * are all derived from these two objects; adding an operation means adding an entry here,
 * then a core method (the type checker lists what is missing) and UI.
 *
 * Channel names are `${namespace}:${operation}`. Inputs are a single value (usually an
 * object) or nothing (`z.void()`).
 */

interface OperationSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly input: I;
  readonly output: O;
}

function operation<I extends z.ZodType, O extends z.ZodType>(input: I, output: O): OperationSpec<I, O> {
  return { input, output };
}

export const AppModeSchema = z.enum(['sandbox', 'live']);
export type AppMode = z.infer<typeof AppModeSchema>;

/**
 * Something start-up had to repair, for the user to read: the renderer words it as the catalogue
 * message `notice.<key>` with `params`; `message` is the core's English sentence (logs, last resort).
 */
export const NoticeSchema = z.object({
  key: z.string().max(100),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  message: z.string(),
});
export type Notice = z.infer<typeof NoticeSchema>;

export const AppInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  mode: AppModeSchema,
  platform: z.string(),
  /** Which shell hosts the renderer: the Electron app or the browser host. */
  shell: z.enum(['electron', 'browser']),
  dataDir: z.string(),
  /** The log file being written now (rotating, in `<dataDir>/logs`), for bug reports. */
  logFile: z.string(),
  /** What start-up had to repair, for the user to read (e.g. a damaged database moved aside). */
  notices: z.array(NoticeSchema),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

export const DialRequestedEventSchema = z.object({
  /** E.164. */
  number: E164Schema,
  /**
   * The link's extension (RFC 3966 `;ext=`), digits only: Hoiio's voice/call cannot dial it, so it
   * is carried beside the number and shown ("then dial 1234"), never dropped (issue 9 item 3).
   */
  extension: z
    .string()
    .regex(/^\d{1,20}$/)
    .nullable()
    .default(null),
  /**
   * The country a local number of the link (no country code, no phone-context) was read in: the
   * user's default country (Settings → Calling), shown with the number so the user sees what was
   * assumed before anything is dialled. Null when the link gave the country code.
   */
  assumedCountry: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .nullable()
    .default(null),
  source: z.literal('tel-link'),
});
export const TelLinkRejectedEventSchema = z.object({
  /** The link as received, cut to 200 characters. */
  uri: z.string().max(200),
  reason: z.string(),
});

/**
 * The outcome of the last tel: link no window has taken yet: the link may arrive before the
 * renderer has subscribed (it can be what started the app), so the push events only say "look",
 * and the renderer takes the outcome with `telLinks.takePending` (once: taking clears it).
 */
export const PendingTelLinkSchema = z.discriminatedUnion('event', [
  z.object({ event: z.literal('dialRequested'), payload: DialRequestedEventSchema }),
  z.object({ event: z.literal('telLinkRejected'), payload: TelLinkRejectedEventSchema }),
]);
export type PendingTelLink = z.infer<typeof PendingTelLinkSchema>;

export const contract = {
  app: {
    getInfo: operation(z.void(), AppInfoSchema),
    /**
     * Where start-up is (the start-up screen). Answered at once, even while the core is still
     * starting; every other operation waits until the state is `ready`.
     */
    getStartup: operation(z.void(), StartupStateSchema),
  },
  // The calling engine. The access token goes in through account.set and never comes out.
  account: {
    getStatus: operation(z.void(), AccountStatusSchema),
    /** Checks the credentials with a real API call, then stores them (token: OS keychain only). */
    set: operation(SetAccountInputSchema, AccountStatusSchema),
    /** A real API call with the current account (sandbox or live). */
    verify: operation(z.void(), AccountVerificationSchema),
    /** Forgets the credentials; the app returns to sandbox mode. */
    clear: operation(z.void(), AccountStatusSchema),
    /**
     * The account's own numbers (registered number, caller IDs, Hoiio Numbers with their country):
     * fetched once and cached in the core, refreshed on verify and on a mode change (then pushed as
     * `accountNumbers`).
     */
    getNumbers: operation(z.void(), AccountNumbersSchema),
  },
  settings: {
    get: operation(z.void(), SettingsSchema),
    update: operation(SettingsPatchSchema, SettingsSchema),
  },
  calls: {
    /** Numbers as typed; normalised to E.164 with the default country. Refusals are 'hoiio' errors. */
    place: operation(
      z.strictObject({
        dest2: z.string().max(64),
        dest1: z.string().max(64).nullish(),
        callerId: z.string().max(64).nullish(),
        maxDurationSeconds: z.number().int().min(1).max(86_400).nullish(),
        contactId: z.string().min(1).max(64).nullish(),
        /** The extension to dial after the answer (a contact's or a tel: link's), digits; also read from `dest2`'s text. */
        extension: z
          .string()
          .regex(/^\d{1,20}$/)
          .nullish(),
      }),
      CallRecordSchema,
    ),
    hangup: operation(z.strictObject({ id: z.string().min(1).max(64) }), CallRecordSchema),
    get: operation(z.strictObject({ id: z.string().min(1).max(64) }), CallRecordSchema),
  },
  rates: {
    /** Per-minute price of a call (both legs) and the minutes the balance pays for. */
    get: operation(
      z.strictObject({ dest2: z.string().max(64), dest1: z.string().max(64).nullish() }),
      z.object({
        dest1: z.string(),
        dest2: z.string(),
        currency: z.string(),
        ratePerMinute: z.string(),
        talktimeMinutes: z.number().int().nonnegative(),
      }),
    ),
  },
  tunnel: {
    getState: operation(z.void(), TunnelStatusSchema),
  },
  telLinks: {
    /** The last opened tel: link's outcome not yet taken, or null; taking it clears it. Never places a call. */
    takePending: operation(z.void(), PendingTelLinkSchema.nullable()),
  },
  // The local data layer (store/, io/): contacts, the call log, import and export.
  contacts: {
    /** A page in name order (favourites first by default), optionally searched. */
    list: operation(ContactListQuerySchema, ContactPageSchema),
    get: operation(z.strictObject({ id: ContactIdSchema }), ContactSchema),
    create: operation(ContactCreateSchema, ContactSchema),
    update: operation(ContactUpdateSchema, ContactSchema),
    /** Deletes; `undoDelete` brings them back until the next change to contacts. */
    delete: operation(ContactDeleteSchema, ContactDeleteResultSchema),
    undoDelete: operation(z.void(), ContactUndoResultSchema),
    setFavourite: operation(z.strictObject({ id: ContactIdSchema, favourite: z.boolean() }), ContactSchema),
    toggleFavourite: operation(z.strictObject({ id: ContactIdSchema }), ContactSchema),
    /** The contact a number belongs to (for the dialer), or null. */
    findByNumber: operation(z.strictObject({ e164: E164Schema }), ContactSchema.nullable()),
    /** A keyset page in list order, optionally searched (the Contacts list; no offsets). */
    page: operation(ContactPageQuerySchema, ContactKeysetPageSchema),
    /** Other contacts that hold one of this contact's numbers (the contact page warns). */
    sharedNumbers: operation(z.strictObject({ id: ContactIdSchema }), SharedNumbersSchema),
    /** Who already holds these numbers, leaving out the contact being edited (the form's warning). */
    numberHolders: operation(NumberHoldersQuerySchema, SharedNumbersSchema),
  },
  callLog: {
    /** Newest first, with filters and full-text search. */
    query: operation(CallLogQuerySchema, CallLogPageSchema),
    /** A keyset page (newest first) from an anchor, with filters and search (the Call log list; no offsets). */
    page: operation(CallLogPageQuerySchema, CallLogKeysetPageSchema),
    get: operation(z.strictObject({ id: z.string().min(1).max(64) }), CallLogEntrySchema),
    /** Calls, minutes and cost per currency per day or month, for charts. */
    totals: operation(CallTotalsQuerySchema, CallTotalsResultSchema),
    /** Writes the calls matching the filter as CSV to a path the user chose; progress as importExportProgress. */
    exportCsv: operation(ExportCallLogInputSchema, ExportResultSchema),
    /** Deletes calls (never one still placing or live) with their notes; `undoDelete` brings them back until the next delete. */
    delete: operation(DeleteCallsInputSchema, DeleteCallsResultSchema),
    undoDelete: operation(z.void(), UndoDeleteCallsResultSchema),
    /** Deletes every call older than `days` days (not one in progress), with its notes (not undoable). */
    clearOlderThan: operation(ClearOlderThanInputSchema, ClearOlderThanResultSchema),
    /** The contacts (or numbers) with the most minutes and the most cost over a filter (Insights). */
    topContacts: operation(TopContactsQuerySchema, TopContactsResultSchema),
    /** Writes the totals per day or month over a range as CSV; progress as importExportProgress. */
    exportTotalsCsv: operation(ExportTotalsInputSchema, ExportResultSchema),
  },
  // Notes on a call (one per call and author; this desktop writes as 'me').
  notes: {
    /** This desktop's note on the call, or null. */
    get: operation(GetNoteInputSchema, CallNoteSchema.nullable()),
    /** Sets the note (trimmed; empty deletes it and answers null). 'not_found' when the call is not in the log. */
    set: operation(SetNoteInputSchema, CallNoteSchema.nullable()),
  },
  // The whole database: one-file backup and a checked restore (Settings → History).
  database: {
    /** Copies the database into one file (SQLite online backup); progress as importExportProgress. */
    backup: operation(BackupInputSchema, BackupResultSchema),
    /** Checks the file, keeps the current database aside, then restores; nothing changes when it refuses. */
    /** Checks a backup file read-only (integrity, schema version) and says what it holds, before the restore is confirmed. */
    checkBackup: operation(CheckBackupInputSchema, BackupCheckSchema),
    restore: operation(RestoreInputSchema, RestoreResultSchema),
  },
  // Native file dialogs of the shell (Electron); the browser host answers 'unsupported'.
  files: {
    /** Asks for a vCard or CSV file to import (or a database backup to restore); null when the user cancelled. */
    chooseImportFile: operation(z.strictObject({ kind: z.enum(['contacts', 'backup']) }).optional(), ChosenFileSchema),
    /** Asks where to save an export; the dialog itself confirms replacing a file. Null when cancelled. */
    chooseExportFile: operation(ChooseExportFileInputSchema, ChosenFileSchema),
  },
  // Team workspace (issue 15): Settings → Team and the team's call history.
  team: {
    getStatus: operation(z.void(), TeamStatusSchema),
    /** Signs in as the member and checks the server's schema; saves nothing. */
    testConnection: operation(TeamJoinInputSchema, TeamTestResultSchema),
    /** Tests, then saves the server (settings) and password (OS keychain only) and starts syncing. */
    join: operation(TeamJoinInputSchema, TeamStatusSchema),
    /** Stops syncing and forgets the server and password. */
    leave: operation(z.void(), TeamStatusSchema),
    /** Pushes and pulls now; an 'network' error when the server cannot be reached. */
    syncNow: operation(z.void(), TeamStatusSchema),
    /** The team's calls (or only mine), newest first, with who placed each. */
    listCalls: operation(TeamCallsQuerySchema, z.array(TeamCallSchema)),
    /** A contact's team side (issue 16): private or shared, who changed it and when, revisions. */
    contactInfo: operation(TeamContactRefSchema, TeamContactInfoSchema),
    /** Keeps a contact on this desktop only (never synced), or shares it with the team again. */
    setContactPrivate: operation(TeamContactPrivateSchema, TeamContactInfoSchema),
    /** Puts a revision's value back into its field (a new edit, synced like any other). */
    restoreRevision: operation(TeamRevisionRefSchema, TeamContactInfoSchema),
    /** The team members' notes on a call, by author (the author edits, the team reads). */
    callNotes: operation(TeamCallRefSchema, z.array(TeamCallNoteSchema)),
    /** One call another member placed, by its team row id (its details); 'not_found' when not pulled here. */
    getCall: operation(TeamCallRefSchema, TeamCallSchema),
  },
  // What only the desktop shell knows (issue 14): updates, the OS's link handler, the global shortcut.
  desktop: {
    /** The shell's current state; the browser host answers what it can tell ('unavailable'). */
    getState: operation(z.void(), DesktopStateSchema),
    /** Quits and installs the downloaded update; 'unsupported' where there is none to install. */
    restartToUpdate: operation(z.void(), DesktopStateSchema),
  },
  importExport: {
    /** Reads a vCard or CSV file; all-or-nothing, with a per-record report. Progress as importExportProgress. */
    importContacts: operation(ImportContactsInputSchema, ImportReportSchema),
    exportContacts: operation(ExportContactsInputSchema, ExportResultSchema),
    /** Cancels a running import or export by the jobId the renderer gave it. */
    cancel: operation(CancelJobInputSchema, CancelJobResultSchema),
    /** The first rows of a CSV file with a suggested role per column, to map columns it does not recognise. */
    previewCsv: operation(PreviewCsvInputSchema, CsvPreviewSchema),
    /** What undoing the last import would do (for the confirmation), or null when there is none. */
    lastImport: operation(z.void(), ImportUndoPreviewSchema.nullable()),
    /**
     * Undoes the last import as a whole (added contacts deleted, merged ones restored); 'conflict'
     * (key import.undoEdited) when a contact it touched was edited since, 'not_found' when none.
     */
    undoImport: operation(z.void(), ImportUndoResultSchema),
  },
} as const satisfies Record<string, Record<string, OperationSpec>>;

/** Events pushed from main to every window. */
export const pushEvents = {
  /** The mode or credentials changed; the renderer re-reads what depends on them. */
  appInfoChanged: AppInfoSchema,
  /** A call changed (placed, live, ended, failed...): the full record. */
  callUpdated: CallRecordSchema,
  tunnelState: TunnelStatusSchema,
  accountChanged: AccountStatusSchema,
  /** The account's numbers were fetched anew and differ (Verify, a mode or account change). */
  accountNumbers: AccountNumbersSchema,
  /** Contacts were created, changed, deleted, restored or imported: reload what shows them. */
  contactsChanged: ContactsChangedEventSchema,
  /** Progress of an import or export job, by the renderer's jobId. */
  importExportProgress: JobProgressSchema,
  /** An import, export, backup or restore ended, with its answer (after a request timeout, the real outcome). */
  jobFinished: JobFinishedSchema,
  /**
   * A tel: link was opened: show the number in the Dialer, never placing the call without the
   * user pressing Call. The renderer takes it with `telLinks.takePending` (see PendingTelLinkSchema).
   */
  dialRequested: DialRequestedEventSchema,
  /** A tel: link could not be used: tell the user why (also taken with `telLinks.takePending`). */
  telLinkRejected: TelLinkRejectedEventSchema,
  /** The team sync state changed (status bar: "Team: synced / syncing N / offline since 10:42"). */
  teamStatus: TeamStatusSchema,
  /**
   * The user clicked a desktop notification about a call (Electron shell only): show that call
   * in the call log. Sent by the shell itself, never by the core.
   */
  callOpenRequested: z.object({ callId: z.string().min(1).max(64) }),
  /** A call's notes changed: its note text for the log (null: no notes left). */
  callNotesChanged: CallNotesChangedEventSchema,
  /** Calls were deleted, restored, cleared by age, or the database was restored: reload what shows calls. */
  callLogChanged: CallLogChangedEventSchema,
  /** The desktop shell's state changed (an update was downloaded, the link handler or shortcut changed). */
  desktopStateChanged: DesktopStateSchema,
  /** Start-up moved on (a database upgrade's progress, ready, failed): see `app.getStartup`. */
  startupChanged: StartupStateSchema,
} as const satisfies Record<string, z.ZodType>;

export type Contract = typeof contract;
export type Namespace = keyof Contract;
export type PushEvents = typeof pushEvents;
export type PushEventName = keyof PushEvents;

type InputOf<S> = S extends OperationSpec<infer I, z.ZodType> ? I : never;
type OutputOf<S> = S extends OperationSpec<z.ZodType, infer O> ? O : never;

type PushSubscribers = {
  /** Subscribe to a push event; returns the unsubscribe function. */
  readonly on: {
    readonly [E in PushEventName]: (listener: (payload: z.output<PushEvents[E]>) => void) => () => void;
  };
};

/**
 * `window.hoiio`, as the preload exposes it: one named function per operation, resolving to
 * a result envelope. Envelopes, not thrown errors, because Electron's contextBridge drops
 * every custom property (such as `code`) of an Error that crosses it.
 */
export type HoiioBridge = {
  readonly [N in Namespace]: {
    readonly [K in keyof Contract[N]]: (
      input: z.input<InputOf<Contract[N][K]>>,
    ) => Promise<IpcResult<z.output<OutputOf<Contract[N][K]>>>>;
  };
} & PushSubscribers;

/** What renderer code uses (see createClient): the same functions, throwing AppError on failure. */
export type HoiioClient = {
  readonly [N in Namespace]: {
    readonly [K in keyof Contract[N]]: (
      input: z.input<InputOf<Contract[N][K]>>,
    ) => Promise<z.output<OutputOf<Contract[N][K]>>>;
  };
} & PushSubscribers;

/** What the core implements: receives parsed input, returns data the output schema accepts. */
export type CoreApi = {
  readonly [N in Namespace]: {
    readonly [K in keyof Contract[N]]: (
      input: z.output<InputOf<Contract[N][K]>>,
    ) => Promise<z.input<OutputOf<Contract[N][K]>>>;
  };
};

export type PushEventPayload<E extends PushEventName> = z.input<PushEvents[E]>;

export { channelName, pushEventChannel } from './channels.ts';

export interface ResolvedOperation {
  readonly namespace: string;
  readonly name: string;
  readonly spec: OperationSpec;
}

const operationsByChannel: ReadonlyMap<string, ResolvedOperation> = new Map(
  Object.entries(contract).flatMap(([namespace, operations]) =>
    Object.entries(operations).map(
      ([name, spec]) => [channelName(namespace, name), { namespace, name, spec: spec as OperationSpec }] as const,
    ),
  ),
);

/** Every channel, in contract order (the preload allows exactly these). */
export const allChannels: readonly string[] = [...operationsByChannel.keys()];

export function findOperation(channel: string): ResolvedOperation | undefined {
  return operationsByChannel.get(channel);
}

export function isPushEventName(name: string): name is PushEventName {
  return Object.hasOwn(pushEvents, name);
}
