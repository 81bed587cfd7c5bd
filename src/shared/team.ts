/**
 * Team workspace (issue 15): the settings a user types in Settings → Team, the sync state the
 * status bar shows, and the team's call list. The team password crosses IPC only inwards (join,
 * test connection) and is kept in the OS keychain; it is never returned.
 */
import { z } from 'zod';
import { CallRecordSchema } from './calls.ts';

/** libpq-style TLS modes: off, encrypted, encrypted with the certificate and host name checked. */
export const TeamTlsModeSchema = z.enum(['disable', 'require', 'verify-full']);
export type TeamTlsMode = z.infer<typeof TeamTlsModeSchema>;

/** The team server, as typed in Settings → Team. */
export const TeamServerSchema = z.strictObject({
  host: z.string().trim().min(1).max(255),
  port: z.number().int().min(1).max(65535).default(5432),
  database: z.string().trim().min(1).max(63),
  user: z.string().trim().min(1).max(63),
  tls: TeamTlsModeSchema.default('verify-full'),
});
export type TeamServer = z.output<typeof TeamServerSchema>;

/** Join / Test connection: the server plus the member's password (omitted: the saved one). */
export const TeamJoinInputSchema = z.strictObject({
  server: TeamServerSchema,
  password: z.string().min(1).max(1024).optional(),
});
export type TeamJoinInput = z.output<typeof TeamJoinInputSchema>;

/** The sync state: "Team: synced", "Team: syncing N", "Team: offline since 10:42". */
export const TeamStatusSchema = z.object({
  /** off: no team configured. refused: the server refused us (password, newer schema…): see message. */
  state: z.enum(['off', 'connecting', 'synced', 'syncing', 'offline', 'refused']),
  server: TeamServerSchema.nullable(),
  /** The member role this desktop pushes as, once connected. */
  member: z.string().nullable(),
  /** Calls to push plus rows to pull. */
  pending: z.number().int().nonnegative(),
  offlineSince: z.iso.datetime({ offset: true }).nullable(),
  /** Plain words: why sync stopped or is degraded; null when all is well. */
  message: z.string().nullable(),
  /** Offline, the team's call limit falls back to this desktop's own. */
  localLimitOnly: z.boolean(),
});
export type TeamStatus = z.infer<typeof TeamStatusSchema>;

/** Test connection: whether the member could sign in, and the server's schema version. */
export const TeamTestResultSchema = z.object({
  member: z.string(),
  schemaVersion: z.number().int(),
});

export const TeamCallsQuerySchema = z.strictObject({
  scope: z.enum(['mine', 'team']).default('team'),
  limit: z.number().int().min(1).max(500).default(100),
});

/** A call of the team, with who placed it. */
export const TeamCallSchema = z.object({
  id: z.string(),
  placedBy: z.string(),
  txnRef: z.string().nullable(),
  /** The local call this row is (placed here) or merged with (learned from Hoiio history). */
  localCallId: z.string().nullable(),
  call: CallRecordSchema.omit({ contactId: true }),
});
export type TeamCall = z.infer<typeof TeamCallSchema>;

/**
 * The status line's message for a sync state: a ui.json key (`team.status.*`) and its ICU arguments
 * (`since` is the offline instant as given, ISO 8601, for the renderer to word as a time, e.g. "10:42");
 * null without a team.
 */
export function teamStatusMessage(
  status: TeamStatus,
): { id: string; values?: { count?: number; since?: string } } | null {
  switch (status.state) {
    case 'off':
      return null;
    case 'connecting':
      return { id: 'team.status.connecting' };
    case 'synced':
      return { id: 'team.status.synced' };
    case 'syncing':
      return { id: 'team.status.syncing', values: { count: status.pending } };
    case 'offline':
      return status.offlineSince
        ? { id: 'team.status.offlineSince', values: { since: status.offlineSince } }
        : { id: 'team.status.offline' };
    case 'refused':
      return { id: 'team.status.refused' };
  }
}

/** A value a concurrent write overwrote (issue 16): "company was Acme (alice, 10:02), replaced by bob at 10:05". */
export const TeamContactRevisionSchema = z.object({
  id: z.number().int(),
  /** name, company, notes, phones; 'deleted' records a delete that an edit overruled. */
  field: z.string(),
  value: z.unknown(),
  valueBy: z.string().nullable(),
  valueAt: z.string().nullable(),
  replacedBy: z.string(),
  replacedAt: z.string(),
});
export type TeamContactRevision = z.infer<typeof TeamContactRevisionSchema>;

/** A contact's team side (contact page): private or shared, who changed it last and when, revisions. */
export const TeamContactInfoSchema = z.object({
  private: z.boolean(),
  /** The contact is on the team server (it has been synced at least once). */
  shared: z.boolean(),
  changedBy: z.string().nullable(),
  changedAt: z.string().nullable(),
  createdBy: z.string().nullable(),
  revisions: z.array(TeamContactRevisionSchema),
});
export type TeamContactInfo = z.infer<typeof TeamContactInfoSchema>;

export const TeamContactRefSchema = z.strictObject({ id: z.string().min(1).max(64) });
export const TeamContactPrivateSchema = z.strictObject({ id: z.string().min(1).max(64), private: z.boolean() });
export const TeamRevisionRefSchema = z.strictObject({
  contactId: z.string().min(1).max(64),
  /** The server's revision ids are positive; a revision kept on this desktop only is negative. */
  revisionId: z.number().int(),
});

export const TeamCallRefSchema = z.strictObject({ callId: z.string().min(1).max(64) });

/** An earlier body of a note that a later, server-ordered write replaced unseen (issue 16). */
export const TeamCallNoteRevisionSchema = z.object({
  id: z.number().int(),
  body: z.string(),
  /** When that body was written, if known (ISO 8601). */
  bodyAt: z.string().nullable(),
  /** When the later write replaced it (ISO 8601). */
  replacedAt: z.string(),
});
export type TeamCallNoteRevision = z.infer<typeof TeamCallNoteRevisionSchema>;

/** A team member's note on a call (one per call and author; only the author edits it). */
export const TeamCallNoteSchema = z.object({
  author: z.string(),
  body: z.string(),
  updatedAt: z.string(),
  /** This desktop's member wrote it: the user's own note (edited in the details, not read-only). */
  mine: z.boolean(),
  /** Earlier bodies, newest first: Restore puts one back (an ordinary edit of the note). */
  revisions: z.array(TeamCallNoteRevisionSchema),
});
export type TeamCallNote = z.infer<typeof TeamCallNoteSchema>;
