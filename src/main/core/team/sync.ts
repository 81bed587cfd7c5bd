/**
 * Call history replication with the team server (issue 15).
 *
 * Push: every local change of a call placed here (live mode; tag = id) marks it pending in
 * team_call_links; the pusher upserts pending calls by id (insert, then update; repeating a push
 * changes nothing) and marks them synced. Sandbox calls and calls learned from Hoiio history are
 * never pushed.
 *
 * Pull: team.calls rows carry `change_xid`, the id of the transaction that last wrote them. A
 * batch reads rows after the cursor (change_xid, id) and below the xmin of the statement's own
 * snapshot: every transaction with an id below xmin has finished, so no row can later commit
 * behind the cursor (a plain sequence can: numbers are taken in one order, committed in another).
 * Rows of transactions still running are read by a later batch. Each batch is applied locally
 * together with the new cursor, so a disconnect or crash resumes where it stopped.
 *
 * Live: a session connection LISTENs on `team_changes` (the server NOTIFYs on every write);
 * after any disconnect it reconnects with backoff and catches up from the cursor.
 */
import pg from 'pg';
import type { CallRecord } from '../../../shared/calls.ts';
import { AppError } from '../../../shared/errors.ts';
import type { CallLogPort } from '../calls/ports.ts';
import type { TeamServer } from '../../../shared/team.ts';
import { TEAM_SCHEMA_VERSION, clientConfig, describeTeamError, newerSchemaError, serverKey } from './config.ts';
import type { ContactPush, TeamContactRow, TeamContactsStore } from './contacts-store.ts';
import type { FeedCursor, TeamCallRow, TeamLocalStore } from './local-store.ts';
import { noteCursorId, type PulledNotes, type TeamNoteRow, type TeamNotesStore } from './notes-store.ts';

type Logger = Pick<Console, 'info' | 'warn' | 'error'>;

/** How soon to look again for rows an open older transaction held back (ms). */
const HELD_BACK_RETRY_MS = 100;

/** What the status bar shows: "Team: synced", "Team: syncing N", "Team: offline since 10:42". */
export interface TeamSyncStatus {
  readonly state: 'off' | 'connecting' | 'synced' | 'syncing' | 'offline' | 'refused';
  /** Calls still to push plus rows still to pull (an estimate while pulling). */
  readonly pending: number;
  /** ISO instant the connection was lost, while offline. */
  readonly offlineSince: string | null;
  /** Why sync stopped or is degraded (refused: wrong password, newer schema…), in plain words. */
  readonly message: string | null;
}

export interface TeamSyncTuning {
  /** Rows per pull batch and calls per push batch. Default 1000 / 200. */
  readonly pullBatch?: number;
  readonly pushBatch?: number;
  /** Contacts per push batch (one team.push_contacts call). Default 500. */
  readonly contactPushBatch?: number;
  /** First reconnect delay (ms), doubled up to maxReconnectMs. Default 1000 / 30000. */
  readonly reconnectMs?: number;
  readonly maxReconnectMs?: number;
  /** Connect timeout (ms). Default 10000. */
  readonly connectTimeoutMs?: number;
}

export interface TeamSyncOptions {
  readonly server: TeamServer;
  readonly password: string;
  readonly local: TeamLocalStore;
  readonly callLog: Pick<CallLogPort, 'getById'>;
  /** The Hoiio account (app_id) calls are pushed under; null while in sandbox mode. */
  readonly account: () => string | null;
  readonly onStatus: (status: TeamSyncStatus) => void;
  /** Called after each pulled batch: rows so far and rows left (estimate). */
  readonly onProgress?: (progress: { readonly pulled: number; readonly remaining: number }) => void;
  /** The shared phonebook's local side (issue 16); absent: calls only. */
  readonly contacts?: TeamContactsStore;
  /** Call notes' local side (issue 16); absent: notes stay local. */
  readonly notes?: TeamNotesStore;
  /**
   * A pulled batch held notes (issue 16): `ownNotesRewritten` are local calls whose own note the
   * team's copy rewrote (this member's edit on another desktop); the windows read notes again.
   */
  readonly onNotesPulled?: (pulled: PulledNotes) => void;
  /** Local contacts the team changed (pulled, or merged on push): the windows reload them. */
  readonly onContactsChanged?: (ids: readonly string[]) => void;
  /** Progress of the phonebook's sync, per batch: pushed or pulled so far, and what is left (estimate). */
  readonly onContactProgress?: (progress: TeamContactProgress) => void;
  readonly tuning?: TeamSyncTuning;
  readonly logger?: Logger;
}

/** Progress of a phonebook push or pull (an import of 10,000 contacts goes in batches). */
export interface TeamContactProgress {
  readonly phase: 'push' | 'pull';
  readonly done: number;
  readonly remaining: number;
}

/** A team.contacts row's columns as the local store keeps them (text: no per-row re-serialising). */
const CONTACT_COLUMNS = `c.id, c.fields::text AS "fieldsJson", c.deleted, c.version::text AS version,
  c.changed_by AS "changedBy", to_char(c.changed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "changedAt",
  c.created_by AS "createdBy", c.change_xid::text AS "changeXid"`;

/** Revisions kept per contact, and per call note, on desktops (the newest). */
const REVISIONS_PER_CONTACT = 20;

/** Columns of the record pushed: the call as placed, without local-only fields. */
function pushedRecord(record: CallRecord): Omit<CallRecord, 'contactId'> {
  const { contactId: _local, ...shared } = record;
  return shared;
}

/** Checks the member's view of the server: the team schema exists and is not newer than this app. */
export async function checkTeamServer(client: pg.ClientBase): Promise<{ member: string; version: number }> {
  const { rows } = await client.query<{ version: number; member: string }>(
    'SELECT version, current_user AS member FROM team.schema_info',
  );
  const version = rows[0]?.version ?? 0;
  if (version > TEAM_SCHEMA_VERSION) throw newerSchemaError(version);
  if (version < TEAM_SCHEMA_VERSION) {
    throw new AppError(
      'conflict',
      `The team server uses schema version ${version}, older than this app needs (${TEAM_SCHEMA_VERSION}). ` +
        'Ask your administrator to run the migrations (docs/team.md).',
      { reason: 'older_schema', found: version },
    );
  }
  return { member: rows[0]!.member, version };
}

export class TeamSync {
  readonly #options: TeamSyncOptions;
  readonly #key: string;
  readonly #pool: pg.Pool;
  #listener: pg.Client | null = null;
  #member: string | null = null;
  #status: TeamSyncStatus = { state: 'connecting', pending: 0, offlineSince: null, message: null };
  #needPush = true;
  #needPull = true;
  #draining: Promise<void> | null = null;
  #reconnectTimer: NodeJS.Timeout | null = null;
  #reconnectDelay: number;
  #closed = false;
  #pullRemaining = 0;
  /** The connection attempt under way (start-up or reconnect). */
  #connecting: Promise<void> | null = null;

  constructor(options: TeamSyncOptions) {
    this.#options = options;
    this.#key = serverKey(options.server);
    this.#reconnectDelay = options.tuning?.reconnectMs ?? 1000;
    this.#pool = new pg.Pool({
      ...clientConfig(options.server, options.password, options.tuning?.connectTimeoutMs),
      max: 2,
      idleTimeoutMillis: 30_000,
    });
    // An idle connection the server dropped: the next query reconnects; nothing to do here.
    this.#pool.on('error', (error) => this.#logWarn('idle team connection lost', error));
  }

  /** The member role this desktop pushes as, once connected. */
  get member(): string | null {
    return this.#member;
  }

  get status(): TeamSyncStatus {
    return this.#status;
  }

  /** Runs a query on the pool (the slot gate and budget use the same connections). */
  query<R extends pg.QueryResultRow>(sql: string, params: unknown[]): Promise<pg.QueryResult<R>> {
    return this.#pool.query<R>(sql, params);
  }

  /** Whether the last contact with the server worked. */
  get online(): boolean {
    return this.#status.state === 'synced' || this.#status.state === 'syncing';
  }

  /** Connects (schema check, LISTEN) and starts syncing; connection failures retry with backoff. */
  start(): void {
    this.#connecting = this.#connect();
  }

  /** A local call changed (already marked pending): push it soon. */
  callChanged(): void {
    if (this.#closed) return;
    this.#needPush = true;
    this.#kick();
  }

  /** Pushes and pulls until nothing is left; resolves when done (tests, Join). Rejects when offline. */
  async syncNow(): Promise<void> {
    await this.#connecting;
    this.#needPush = true;
    this.#needPull = true;
    this.#kick();
    while (this.#draining) await this.#draining;
    if (!this.online) throw new AppError('network', this.#status.message ?? 'The team server cannot be reached.');
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#reconnectTimer) clearTimeout(this.#reconnectTimer);
    await this.#draining?.catch(() => undefined);
    const listener = this.#listener;
    this.#listener = null;
    await listener?.end().catch(() => undefined);
    await this.#pool.end().catch(() => undefined);
  }

  async #connect(): Promise<void> {
    if (this.#closed) return;
    const listener = new pg.Client(
      clientConfig(this.#options.server, this.#options.password, this.#options.tuning?.connectTimeoutMs),
    );
    listener.on('error', () => this.#lost(listener));
    listener.on('end', () => this.#lost(listener));
    listener.on('notification', () => {
      this.#needPull = true;
      this.#kick();
    });
    try {
      await listener.connect();
      const { member } = await checkTeamServer(listener);
      await listener.query('LISTEN team_changes');
      if (this.#closed) {
        await listener.end();
        return;
      }
      this.#member = member;
      this.#listener = listener;
      this.#reconnectDelay = this.#options.tuning?.reconnectMs ?? 1000;
      this.#setStatus({ state: 'syncing', offlineSince: null, message: null });
      // Catch up on everything missed while away, and push what piled up.
      this.#options.local.enqueueUnpushed();
      this.#needPush = true;
      this.#needPull = true;
      this.#kick();
    } catch (error) {
      await listener.end().catch(() => undefined);
      const described = describeTeamError(error, this.#options.server);
      const reason = (described.details as { reason?: string } | undefined)?.reason;
      if (reason === 'newer_schema' || reason === 'older_schema' || reason === 'auth' || reason === 'not_member') {
        // Retrying cannot help: say why and wait for the user (or an app update).
        this.#setStatus({ state: 'refused', message: described.message });
        return;
      }
      this.#goOffline(described.message);
      this.#scheduleReconnect();
    }
  }

  #lost(client: pg.Client): void {
    if (this.#listener !== client || this.#closed) return;
    this.#listener = null;
    client.removeAllListeners('end');
    void client.end().catch(() => undefined);
    this.#goOffline('The connection to the team server was lost.');
    this.#scheduleReconnect();
  }

  #scheduleReconnect(): void {
    if (this.#closed || this.#reconnectTimer) return;
    const delay = this.#reconnectDelay;
    this.#reconnectDelay = Math.min(delay * 2, this.#options.tuning?.maxReconnectMs ?? 30_000);
    this.#reconnectTimer = setTimeout(() => {
      this.#reconnectTimer = null;
      this.#connecting = this.#connect();
    }, delay);
    this.#reconnectTimer.unref?.();
  }

  #goOffline(message: string): void {
    if (this.#status.state === 'refused') return;
    this.#setStatus({
      state: 'offline',
      offlineSince: this.#status.offlineSince ?? new Date().toISOString(),
      message,
    });
  }

  #kick(): void {
    if (this.#draining || this.#closed || this.#listener === null) return;
    this.#draining = this.#drain().finally(() => {
      this.#draining = null;
      // Work that arrived during the last round.
      if ((this.#needPush || this.#needPull) && this.#listener !== null && !this.#closed) this.#kick();
    });
  }

  async #drain(): Promise<void> {
    try {
      while ((this.#needPush || this.#needPull) && !this.#closed && this.#listener !== null) {
        this.#setStatus({ state: 'syncing' });
        if (this.#needPush) {
          this.#needPush = false;
          await this.#pushAll();
          await this.#pushContacts();
          await this.#pushNotes();
        }
        if (this.#needPull) {
          this.#needPull = false;
          await this.#pullAll();
          await this.#pullContacts();
          await this.#pullNotes();
        }
      }
      if (!this.#closed && this.#listener !== null)
        this.#setStatus({ state: 'synced', offlineSince: null, message: null });
    } catch (error) {
      if (this.#closed) return;
      const described = describeTeamError(error, this.#options.server);
      this.#logWarn('team sync interrupted', described);
      // Treat any failure as a lost connection: reconnect, then resume from the durable state.
      const listener = this.#listener;
      if (listener) this.#lost(listener);
      else this.#goOffline(described.message);
    }
  }

  /** Pushes pending calls in batches until none is left. */
  async #pushAll(): Promise<void> {
    const batchSize = this.#options.tuning?.pushBatch ?? 200;
    const { local, callLog } = this.#options;
    for (;;) {
      const account = this.#options.account();
      const ids = local.pendingIds(batchSize);
      if (ids.length === 0 || account === null) return;
      const records: CallRecord[] = [];
      for (const id of ids) {
        const record = callLog.getById(id);
        // Only live calls placed here (tag = id) leave the desktop.
        if (record && record.mode === 'live' && record.tag === record.id) records.push(record);
        else local.dropPending(id);
      }
      if (records.length === 0) continue;
      await this.#pool.query(
        `INSERT INTO team.calls (id, account, txn_ref, record)
         SELECT (r ->> 'id')::uuid, $1, r ->> 'txnRef', r FROM jsonb_array_elements($2::jsonb) AS r
         ON CONFLICT (id) DO UPDATE SET txn_ref = EXCLUDED.txn_ref, record = EXCLUDED.record
           WHERE team.calls.record IS DISTINCT FROM EXCLUDED.record`,
        [account, JSON.stringify(records.map(pushedRecord))],
      );
      for (const record of records) {
        const current = callLog.getById(record.id);
        local.markPushed(record, this.#member ?? '', current?.updatedAt === record.updatedAt);
      }
      this.#setStatus({});
    }
  }

  /**
   * Pushes dirty contacts in batches (team.push_contacts merges each against its base on the
   * server, which orders the writes) and applies the rows the server answers with.
   */
  async #pushContacts(): Promise<void> {
    const store = this.#options.contacts;
    if (!store) return;
    const batchSize = this.#options.tuning?.contactPushBatch ?? 500;
    let done = 0;
    for (;;) {
      const pushes = store.nextPushes(batchSize);
      if (pushes.length === 0) return;
      const { rows } = await this.#pool.query<TeamContactRow>(
        `SELECT ${CONTACT_COLUMNS} FROM team.push_contacts($1::jsonb) c`,
        [JSON.stringify(pushes)],
      );
      const changed = store.applyPushed(rows, new Map(pushes.map((push): [string, ContactPush] => [push.id, push])));
      done += pushes.length;
      if (changed.length > 0) this.#options.onContactsChanged?.(changed);
      this.#options.onContactProgress?.({ phase: 'push', done, remaining: store.dirtyCount() });
      this.#setStatus({});
    }
  }

  /**
   * Pushes this desktop's notes on calls the team holds (after the calls: a note names its call's
   * team row) through team.push_notes, with the revision each was last synced at: a body this
   * desktop had not seen (the same author on another desktop) is kept as a revision. Only the
   * author's own row can be written (row-level security); repeating a push changes nothing.
   */
  async #pushNotes(): Promise<void> {
    const store = this.#options.notes;
    if (!store) return;
    const member = this.#member;
    if (member === null) return;
    for (;;) {
      const pushes = store.nextPushes(member, 500);
      if (pushes.length === 0) return;
      const { rows } = await this.#pool.query<{ o_call_id: string; o_revision: number }>(
        'SELECT o_call_id, o_revision FROM team.push_notes($1::jsonb)',
        [JSON.stringify(pushes)],
      );
      store.markPushed(member, pushes, new Map(rows.map((row) => [row.o_call_id, row.o_revision])));
      this.#setStatus({});
    }
  }

  /** Pulls the team's notes after their cursor (change_xid, call_id, author), below the snapshot's xmin. */
  async #pullNotes(): Promise<void> {
    const store = this.#options.notes;
    if (!store) return;
    const key = `${this.#key}#notes`;
    const batchSize = this.#options.tuning?.pullBatch ?? 1000;
    let cursor = this.#options.local.cursor(key);
    for (;;) {
      const [callId, author = ''] = cursor.id.split('\n');
      const { rows } = await this.#pool.query<TeamNoteRow>(
        `WITH snap AS (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin)
         SELECT n.call_id AS "callId", n.author, n.body, n.revision, n.change_xid::text AS "changeXid",
           to_char(n.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "updatedAt",
           (SELECT coalesce(jsonb_agg(jsonb_build_object('id', r.id, 'body', r.body,
               'bodyAt', to_char(r.body_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
               'replacedAt', to_char(r.replaced_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
               ORDER BY r.id DESC), '[]')::text
            FROM (SELECT * FROM team.call_note_revisions r
                  WHERE r.call_id = n.call_id AND r.author = n.author ORDER BY r.id DESC LIMIT $5) r) AS "revisionsJson"
         FROM team.call_notes n, snap
         WHERE (n.change_xid, n.call_id, n.author) > ($1::xid8, $2::uuid, $3::text) AND n.change_xid < snap.xmin
         ORDER BY n.change_xid, n.call_id, n.author
         LIMIT $4`,
        [cursor.xid, callId, author, batchSize, REVISIONS_PER_CONTACT],
      );
      const last = rows.at(-1);
      const next: FeedCursor = last ? { xid: last.changeXid, id: noteCursorId(last.callId, last.author) } : cursor;
      const finished = rows.length < batchSize;
      const pulled = store.applyPulled(key, rows, next, finished, this.#member);
      if (rows.length > 0) this.#options.onNotesPulled?.(pulled);
      cursor = next;
      if (finished) {
        const { rows: held } = await this.#pool.query<{ held: boolean }>(
          `SELECT EXISTS (SELECT 1 FROM team.call_notes
             WHERE (change_xid, call_id, author) > ($1::xid8, $2::uuid, $3::text)) AS held`,
          [cursor.xid, cursor.id.split('\n')[0], cursor.id.split('\n')[1] ?? ''],
        );
        if (held[0]?.held === true) this.#retryPullSoon();
        return;
      }
    }
  }

  /** Pulls the phonebook's changes after its cursor, as #pullAll does for calls. */
  async #pullContacts(): Promise<void> {
    const store = this.#options.contacts;
    if (!store) return;
    const key = `${this.#key}#contacts`;
    const batchSize = this.#options.tuning?.pullBatch ?? 1000;
    let cursor = this.#options.local.cursor(key);
    let remaining = await this.#countAfter(cursor, 'team.contacts');
    this.#pullRemaining += remaining;
    let done = 0;
    let reading = this.#readContacts(cursor, batchSize);
    for (;;) {
      const rows = await reading;
      const last = rows.at(-1);
      const next: FeedCursor = last ? { xid: last.changeXid, id: last.id } : cursor;
      const finished = rows.length < batchSize;
      if (!finished) {
        reading = this.#readContacts(next, batchSize);
        reading.catch(() => undefined);
      }
      const changed = store.applyPulled(key, rows, next, finished);
      cursor = next;
      done += rows.length;
      remaining = finished ? 0 : Math.max(0, remaining - rows.length);
      this.#pullRemaining = Math.max(0, this.#pullRemaining - rows.length);
      if (changed.length > 0) this.#options.onContactsChanged?.(changed);
      this.#options.onContactProgress?.({ phase: 'pull', done, remaining });
      this.#setStatus({});
      if (finished) {
        this.#pullRemaining = 0;
        if (await this.#heldBack(cursor, 'team.contacts')) this.#retryPullSoon();
        return;
      }
    }
  }

  /** One batch of team.contacts after `cursor` below the snapshot's xmin, with each row's latest revisions. */
  async #readContacts(cursor: FeedCursor, limit: number): Promise<TeamContactRow[]> {
    const { rows } = await this.#pool.query<TeamContactRow>(
      `WITH snap AS (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin)
       SELECT ${CONTACT_COLUMNS},
         (SELECT coalesce(json_agg(r), '[]') FROM (
            SELECT v.id, v.field, v.value, v.value_by,
              to_char(v.value_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS value_at, v.replaced_by,
              to_char(v.replaced_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS replaced_at
            FROM team.contact_revisions v WHERE v.contact_id = c.id ORDER BY v.id DESC LIMIT ${REVISIONS_PER_CONTACT}) r
         )::text AS "revisionsJson"
       FROM team.contacts c, snap
       WHERE (c.change_xid, c.id) > ($1::xid8, $2::uuid) AND c.change_xid < snap.xmin
       ORDER BY c.change_xid, c.id
       LIMIT $3`,
      [cursor.xid, cursor.id, limit],
    );
    return rows;
  }

  /**
   * Pulls every committed change after the cursor, batch by batch, reporting progress. The next
   * batch is already being read (its start is known: the last row of this one) while this one is
   * applied, so the server's work and the local transaction overlap.
   */
  async #pullAll(): Promise<void> {
    const batchSize = this.#options.tuning?.pullBatch ?? 1000;
    const { local } = this.#options;
    let cursor = local.cursor(this.#key);
    this.#pullRemaining = await this.#countAfter(cursor);
    let pulled = 0;
    this.#setStatus({});
    let reading = this.#readBatch(cursor, batchSize);
    for (;;) {
      const rows = await reading;
      const last = rows.at(-1);
      const next: FeedCursor = last ? { xid: last.changeXid, id: last.id } : cursor;
      const done = rows.length < batchSize;
      if (!done) {
        reading = this.#readBatch(next, batchSize);
        // Applied below; a failure of this early read surfaces when awaited (never unhandled).
        reading.catch(() => undefined);
      }
      local.applyBatch(this.#key, rows, next, done);
      cursor = next;
      pulled += rows.length;
      this.#pullRemaining = Math.max(0, this.#pullRemaining - rows.length);
      this.#options.onProgress?.({ pulled, remaining: done ? 0 : this.#pullRemaining });
      this.#setStatus({});
      if (done) {
        this.#pullRemaining = 0;
        if (await this.#heldBack(cursor)) this.#retryPullSoon();
        return;
      }
    }
  }

  /**
   * Committed rows after the cursor that the last batch could not take: their transaction ids
   * lie above the xmin of a snapshot taken while an older transaction was still running. Their
   * NOTIFY has already come, so look again shortly rather than wait for the next one.
   */
  async #heldBack(cursor: FeedCursor, table = 'team.calls'): Promise<boolean> {
    const { rows } = await this.#pool.query<{ held: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM ${table} WHERE (change_xid, id) > ($1::xid8, $2::uuid)) AS held`,
      [cursor.xid, cursor.id],
    );
    return rows[0]?.held === true;
  }

  #retryPullSoon(): void {
    const timer = setTimeout(() => {
      this.#needPull = true;
      this.#kick();
    }, HELD_BACK_RETRY_MS);
    timer.unref?.();
  }

  async #countAfter(cursor: FeedCursor, table = 'team.calls'): Promise<number> {
    const { rows } = await this.#pool.query<{ n: string }>(
      `SELECT count(*) AS n FROM ${table} WHERE change_xid >= $1::xid8`,
      [cursor.xid],
    );
    return Number(rows[0]?.n ?? 0);
  }

  /**
   * One batch after `cursor`, below the snapshot's xmin, in (change_xid, id) order. Every column
   * comes as the text the local store keeps (the record as JSON text, the time as ISO 8601 UTC):
   * node-postgres parses no JSON and no dates, and nothing is re-serialised per row.
   */
  async #readBatch(cursor: FeedCursor, limit: number): Promise<TeamCallRow[]> {
    const { rows } = await this.#pool.query<TeamCallRow>(
      `WITH snap AS (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin)
       SELECT c.id, c.account, c.txn_ref AS "txnRef", c.placed_by AS "placedBy", c.record::text AS "recordJson",
              c.revision, c.change_xid::text AS "changeXid",
              to_char(c.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt"
       FROM team.calls c, snap
       WHERE (c.change_xid, c.id) > ($1::xid8, $2::uuid) AND c.change_xid < snap.xmin
       ORDER BY c.change_xid, c.id
       LIMIT $3`,
      [cursor.xid, cursor.id, limit],
    );
    return rows;
  }

  #setStatus(patch: Partial<TeamSyncStatus>): void {
    const pending =
      this.#options.local.pendingCount() +
      (this.#options.contacts?.dirtyCount() ?? 0) +
      (this.#options.notes?.dirtyCount() ?? 0) +
      this.#pullRemaining;
    const next = { ...this.#status, pending, ...patch };
    const changed = (Object.keys(next) as (keyof TeamSyncStatus)[]).some((key) => next[key] !== this.#status[key]);
    this.#status = next;
    if (changed) this.#options.onStatus(next);
  }

  #logWarn(message: string, error: unknown): void {
    const detail = error instanceof Error ? `: ${error.message}` : '';
    this.#options.logger?.warn(`[team] ${message}${detail}`);
  }
}
