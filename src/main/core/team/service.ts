/**
 * The team workspace in the core: Settings → Team operations (test connection, join, leave,
 * status), the sync of the call history (team/sync.ts) and the account's call slots shared
 * across desktops (team/slot-gate.ts). Without a team nothing changes: the slot gate lets every
 * call through to the local limit and nothing is pushed.
 */
import type { DatabaseSync } from 'node:sqlite';
import pg from 'pg';
import type { CallRecord } from '../../../shared/calls.ts';
import { AppError } from '../../../shared/errors.ts';
import {
  TeamCallSchema,
  type TeamCall,
  type TeamContactInfo,
  type TeamJoinInput,
  type TeamServer,
  type TeamStatus,
} from '../../../shared/team.ts';
import type { CallLogPort, CallSlotGate } from '../calls/ports.ts';
import type { ContactsRepository } from '../store/index.ts';
import type { ContactFormOverwrite } from '../store/contacts-repository.ts';
import { SHARED_FIELDS, readSharedFields, sharedFields, type SharedField } from './contact-merge.ts';
import { TeamContactsStore } from './contacts-store.ts';
import { TeamNotesStore, type PulledNotes, type TeamNoteView } from './notes-store.ts';
import { clientConfig, describeTeamError, readTeamFile, serverKey, writeTeamFile } from './config.ts';
import { TeamLocalStore } from './local-store.ts';
import { TeamRequestBudget } from './request-budget.ts';
import { TeamSlotGate } from './slot-gate.ts';
import {
  TeamSync,
  checkTeamServer,
  type TeamContactProgress,
  type TeamSyncStatus,
  type TeamSyncTuning,
} from './sync.ts';
import { TeamPasswordVault } from './vault.ts';

type Logger = Pick<Console, 'info' | 'warn' | 'error'>;

/** Tests and benchmarks shorten the lease and reconnect delays. */
export interface TeamTuning extends TeamSyncTuning {
  /** Call slot lease (seconds). Default 60. */
  readonly leaseSeconds?: number;
  /** The team's request budget per endpoint and window (team/request-budget.ts). Default 30 per 60 s. */
  readonly requestsPerWindow?: number;
  readonly budgetWindowSeconds?: number;
}

export interface TeamServiceOptions {
  readonly dataDir: string;
  readonly db: DatabaseSync;
  readonly callLog: Pick<CallLogPort, 'getById'>;
  /** The contacts the shared phonebook syncs (issue 16). */
  readonly contacts: ContactsRepository;
  /** Contacts the team changed here (pulled, merged, restored): tell the windows. */
  readonly onContactsChanged?: (ids: readonly string[]) => void;
  /** Phonebook sync progress per batch (an import of 10,000 contacts reaching the team). */
  readonly onContactProgress?: (progress: TeamContactProgress) => void;
  readonly keychainService?: string;
  /** The live Hoiio account's app_id (null in sandbox mode): calls and slots are per account. */
  readonly account: () => string | null;
  readonly onStatus: (status: TeamStatus) => void;
  /**
   * The team's notes pulled (a batch with rows): `ownNotesRewritten` are local calls whose own note
   * this member's edit on another desktop rewrote (with the call's note text for the log).
   */
  readonly onNotesPulled?: (pulled: PulledNotes) => void;
  /** The team's calls pulled from the server changed (after each applied batch with rows): the log re-reads. */
  readonly onCallsPulled?: () => void;
  readonly tuning?: TeamTuning;
  readonly logger?: Logger;
}

const OFF: TeamSyncStatus = { state: 'off', pending: 0, offlineSince: null, message: null };

export class TeamService {
  readonly #options: TeamServiceOptions;
  readonly #local: TeamLocalStore;
  readonly #contacts: TeamContactsStore;
  readonly #notes: TeamNotesStore;
  readonly #vault: TeamPasswordVault;
  #server: TeamServer | null;
  #sync: TeamSync | null = null;
  #gate: TeamSlotGate | null = null;
  #budget: TeamRequestBudget | null = null;
  #syncStatus: TeamSyncStatus = OFF;
  #localLimitOnly = false;
  #exclusive: Promise<unknown> = Promise.resolve();

  /**
   * The gate the call service holds for its lifetime (it follows joins and leaves): the team's
   * request budget for `voice/call` (team/request-budget.ts), then one of the account's call slots;
   * and the budget for background reads, before each request.
   */
  readonly slotGate: CallSlotGate = {
    acquire: async (call) => {
      await this.#budget?.takeForCall(call.mode);
      await this.#gate?.acquire(call);
    },
    placed: (callId, txnRef) => this.#gate?.placed(callId, txnRef),
    release: (callId) => this.#gate?.release(callId),
    beforeRequest: (endpoint, appId, signal) =>
      this.#budget?.beforeRequest(endpoint, appId, signal) ?? Promise.resolve(),
  };

  constructor(options: TeamServiceOptions) {
    this.#options = options;
    this.#local = new TeamLocalStore(options.db);
    this.#contacts = new TeamContactsStore(options.db, options.contacts);
    this.#notes = new TeamNotesStore(options.db);
    this.#vault = new TeamPasswordVault(options.keychainService);
    this.#server = readTeamFile(options.dataDir);
  }

  /** Starts syncing with the joined server, if any (in the background: never blocks start-up). */
  async start(): Promise<void> {
    const server = this.#server;
    if (!server) return;
    let password: string | null;
    try {
      password = await this.#vault.get(accountName(server));
    } catch (error) {
      this.#setSyncStatus({ ...OFF, state: 'refused', message: (error as Error).message });
      return;
    }
    if (password === null) {
      this.#setSyncStatus({
        ...OFF,
        state: 'refused',
        message: 'The team password is not in the keychain. Join the team again in Settings → Team.',
      });
      return;
    }
    this.#contacts.startTracking(false);
    this.#run(server, password);
  }

  status(): TeamStatus {
    return {
      ...this.#syncStatus,
      server: this.#server,
      member: this.#sync?.member ?? null,
      localLimitOnly: this.#localLimitOnly,
    };
  }

  /**
   * Signs in as the member and checks the team schema; changes nothing. Throws AppError with
   * plain words: wrong password, unreachable, not a member, schema newer than this app.
   */
  async testConnection(input: TeamJoinInput): Promise<{ member: string; schemaVersion: number }> {
    const password = input.password ?? (await this.#vault.get(accountName(input.server)));
    if (!password) throw new AppError('invalid_input', 'Enter the team password.');
    const client = new pg.Client(clientConfig(input.server, password, this.#options.tuning?.connectTimeoutMs));
    client.on('error', () => undefined);
    try {
      await client.connect();
      const { member, version } = await checkTeamServer(client);
      return { member, schemaVersion: version };
    } catch (error) {
      throw describeTeamError(error, input.server);
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  /** Tests the connection, then saves the server (settings) and password (keychain) and starts syncing. */
  join(input: TeamJoinInput): Promise<TeamStatus> {
    return this.#serialized(async () => {
      await this.testConnection(input); // nothing is saved or changed when this throws
      const password = input.password ?? (await this.#vault.get(accountName(input.server)))!;
      await this.#stop();
      await this.#vault.set(accountName(input.server), password);
      writeTeamFile(this.#options.dataDir, input.server);
      this.#server = input.server;
      // Joining shares this desktop's phonebook with the team, except contacts marked private, and
      // the notes written before joining (those on calls the team will hold go with their calls).
      this.#contacts.startTracking(true);
      this.#notes.shareExisting();
      this.#run(input.server, password);
      return this.status();
    });
  }

  /** Stops syncing and forgets the server and password; the team's calls already pulled stay readable. */
  leave(): Promise<TeamStatus> {
    return this.#serialized(async () => {
      await this.#stop();
      await this.#vault.clear();
      writeTeamFile(this.#options.dataDir, null);
      this.#local.forgetCursors();
      this.#contacts.stopTracking();
      this.#server = null;
      this.#setSyncStatus(OFF);
      return this.status();
    });
  }

  /** Pushes and pulls everything now (tests, "Sync now"); throws when the server cannot be reached. */
  async syncNow(): Promise<void> {
    if (!this.#sync) throw new AppError('conflict', 'This desktop has not joined a team.');
    await this.#sync.syncNow();
  }

  /** The team's calls, newest first; scope 'mine' keeps those this member placed. */
  listCalls(query: { scope: 'mine' | 'team'; limit: number }): TeamCall[] {
    const placedBy = query.scope === 'mine' ? (this.#sync?.member ?? this.#server?.user ?? '') : null;
    return this.#local.listTeamCalls({ placedBy, limit: query.limit }).flatMap((view) => {
      const parsed = TeamCallSchema.safeParse({
        id: view.id,
        placedBy: view.placedBy,
        txnRef: view.txnRef,
        localCallId: view.localCallId,
        call: view.record,
      });
      return parsed.success ? [parsed.data] : [];
    });
  }

  /** Every local call change: calls placed here are queued for push; calls from history merge by txn_ref. */
  callChanged(record: CallRecord): void {
    if (!this.#sync || record.mode !== 'live') return;
    if (record.tag === record.id) {
      this.#local.markPending(record.id);
      this.#sync.callChanged();
      return;
    }
    const account = this.#options.account();
    if (record.txnRef !== null && account !== null) this.#local.mergeLearned(record.id, account, record.txnRef);
  }

  /** A local contact changed (created, edited, deleted, imported, undone): push soon. */
  contactsChanged(): void {
    this.#sync?.callChanged();
  }

  /** A note of this desktop changed: push it soon (with its call). */
  noteChanged(): void {
    this.#sync?.callChanged();
  }

  /**
   * The team members' notes on a call, by author: a local call id, or the team row id of a call
   * another member placed. This desktop's own note (once pushed) is `mine`; each note carries its
   * earlier bodies (revisions). Empty without a team.
   */
  callNotes(callId: string): TeamNoteView[] {
    return this.#notes.notesFor(callId, this.#sync?.member ?? this.#server?.user ?? null);
  }

  /**
   * One call of the team by its team row id (a call another member placed: its details), with who
   * placed it. AppError 'not_found' when this desktop has not pulled it (or it is not a valid call).
   */
  getCall(id: string): TeamCall {
    const view = this.#local.getTeamCall(id);
    const parsed =
      view &&
      TeamCallSchema.safeParse({
        id: view.id,
        placedBy: view.placedBy,
        txnRef: view.txnRef,
        localCallId: view.localCallId,
        call: view.record,
      });
    if (!parsed || !parsed.success)
      throw new AppError('not_found', `No team call with id ${id} is on this desktop.`, { id });
    return parsed.data;
  }

  /** The contact's team side for the contact page. */
  contactInfo(contactId: string): TeamContactInfo {
    return this.#contacts.info(contactId);
  }

  /**
   * Keeps the contact on this desktop only, or shares it again. AppError 'not_found' for an
   * unknown contact. A shared contact made private stays on the team for the others (nothing is
   * deleted there); this desktop stops sending and taking its changes.
   */
  setContactPrivate(contactId: string, value: boolean): TeamContactInfo {
    this.#options.contacts.get(contactId);
    this.#contacts.setPrivate(contactId, value);
    if (!value) this.#sync?.callChanged();
    return this.contactInfo(contactId);
  }

  /**
   * A contact form save overwrote values that changed since the form opened (or restored a
   * deleted contact): they are kept as revisions on this desktop at once, and for a contact the
   * team shares, the push carries the form's base for those fields, so the server records the
   * team's overwritten value as its revision too (team.push_contacts) and every desktop shows it.
   * Runs inside the save's transaction.
   */
  keepFormOverwrite(overwrite: ContactFormOverwrite): void {
    const member = this.#server ? (this.#sync?.member ?? this.#server.user) : null;
    this.#contacts.keepFormOverwrite(overwrite, member);
  }

  /**
   * Puts a revision's value back into its field: an edit like any other (pushed, merged, and the
   * value it replaces becomes a revision in turn if someone changed it meanwhile). AppError
   * 'not_found' for an unknown contact or revision; 'invalid_input' for a 'deleted' record.
   */
  restoreRevision(contactId: string, revisionId: number): TeamContactInfo {
    const contact = this.#options.contacts.get(contactId);
    const revision = this.#contacts.revision(contactId, revisionId);
    if (!revision) throw new AppError('not_found', 'This earlier value is no longer kept.', { contactId, revisionId });
    if (!(SHARED_FIELDS as readonly string[]).includes(revision.field)) {
      throw new AppError('invalid_input', 'A delete cannot be restored: the contact is here.', {
        field: revision.field,
      });
    }
    const fields = readSharedFields({ ...sharedFields(contact), [revision.field as SharedField]: revision.value });
    if (!fields) {
      throw new AppError('invalid_input', 'This earlier value cannot be restored: it is not a valid value.', {
        field: revision.field,
      });
    }
    this.#options.contacts.applyShared(contactId, fields, new Date().toISOString());
    this.#options.onContactsChanged?.([contactId]);
    this.#sync?.callChanged();
    return this.contactInfo(contactId);
  }

  async close(): Promise<void> {
    await this.#serialized(() => this.#stop());
  }

  #run(server: TeamServer, password: string): void {
    const sync = new TeamSync({
      server,
      password,
      local: this.#local,
      callLog: this.#options.callLog,
      contacts: this.#contacts,
      notes: this.#notes,
      onContactsChanged: this.#options.onContactsChanged,
      onNotesPulled: this.#options.onNotesPulled,
      onContactProgress: this.#options.onContactProgress,
      account: this.#options.account,
      onStatus: (status) => this.#setSyncStatus(status),
      onProgress: ({ pulled }) => {
        if (pulled > 0) this.#options.onCallsPulled?.();
      },
      tuning: this.#options.tuning,
      logger: this.#options.logger,
    });
    this.#sync = sync;
    const onFallback = (offline: boolean): void => {
      if (offline === this.#localLimitOnly) return;
      this.#localLimitOnly = offline;
      this.#options.onStatus(this.status());
    };
    this.#gate = new TeamSlotGate({
      query: (sql, params) => sync.query(sql, params),
      account: this.#options.account,
      leaseSeconds: this.#options.tuning?.leaseSeconds,
      onFallback,
      logger: this.#options.logger,
    });
    this.#budget = new TeamRequestBudget({
      query: (sql, params) => sync.query(sql, params),
      account: this.#options.account,
      limit: this.#options.tuning?.requestsPerWindow,
      windowSeconds: this.#options.tuning?.budgetWindowSeconds,
      onFallback,
      logger: this.#options.logger,
    });
    this.#setSyncStatus({ ...OFF, state: 'connecting' });
    sync.start();
  }

  async #stop(): Promise<void> {
    this.#gate?.close();
    this.#gate = null;
    this.#budget?.close();
    this.#budget = null;
    const sync = this.#sync;
    this.#sync = null;
    await sync?.close();
  }

  #setSyncStatus(status: TeamSyncStatus): void {
    this.#syncStatus = status;
    this.#options.onStatus(this.status());
  }

  #serialized<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#exclusive.then(work, work);
    this.#exclusive = run.catch(() => undefined);
    return run;
  }
}

/** The keychain entry name of a member's password on a server. */
function accountName(server: TeamServer): string {
  return `${server.user}@${serverKey(server)}`;
}
