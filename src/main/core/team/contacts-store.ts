/**
 * The desktop's side of the shared phonebook (issue 16) in its own SQLite tables (store migration
 * 14). While a team is joined, triggers mark every contact write dirty (whatever wrote it: the
 * contact form, an import in the jobs worker, an undo); the pusher sends dirty contacts with the
 * version they were last synced at (their base), and pulled team rows are written into the
 * contacts through the contacts repository. Private contacts are never pushed and never
 * overwritten by the team.
 */
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { ContactsRepository } from '../store/index.ts';
import type { ContactFormOverwrite } from '../store/contacts-repository.ts';
import { inTransaction } from '../store/transaction.ts';
import {
  mergeFields,
  parseSharedFields,
  sameField,
  sameFields,
  sharedFields,
  type SharedContactFields,
} from './contact-merge.ts';
import type { FeedCursor } from './local-store.ts';
import type { TeamContactInfo, TeamContactRevision } from '../../../shared/team.ts';

/** Where the ids of revisions kept on this desktop only start (negative: never a server id). */
const LOCAL_REVISION_IDS = -9_000_000_000_000_000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One team.contacts row as pulled (fields and revisions as the JSON text the server sent). */
export interface TeamContactRow {
  readonly id: string;
  readonly fieldsJson: string;
  readonly deleted: boolean;
  /** The server's order of this write (team.contact_versions), as decimal text. */
  readonly version: string;
  readonly changedBy: string;
  /** ISO 8601 UTC. */
  readonly changedAt: string;
  readonly createdBy: string;
  readonly changeXid: string;
  /** The contact's latest revisions, newest first, as JSON text; absent in push results. */
  readonly revisionsJson?: string;
}

/** A contact change to push: team.push_contacts' element. */
export interface ContactPush {
  readonly id: string;
  readonly baseVersion: string | null;
  readonly base: SharedContactFields | null;
  /** Null: deleted on this desktop. */
  readonly mine: SharedContactFields | null;
}

interface StateRow {
  contact_id: string;
  private: number;
  dirty: number;
  base_version: number | bigint | null;
  base_json: string | null;
  changed_by: string | null;
  changed_at: string | null;
  created_by: string | null;
}

export class TeamContactsStore {
  readonly #db: DatabaseSync;
  readonly #contacts: ContactsRepository;
  readonly #s: Record<string, StatementSync>;

  constructor(db: DatabaseSync, contacts: ContactsRepository) {
    this.#db = db;
    this.#contacts = contacts;
    const prepare = (sql: string): StatementSync => db.prepare(sql);
    this.#s = {
      track: prepare('INSERT OR IGNORE INTO team_contacts_tracking (slot) VALUES (1)'),
      untrack: prepare('DELETE FROM team_contacts_tracking'),
      // Contacts the team has not seen yet (joining with a phonebook): shared from now on.
      enqueueAll: prepare(
        `INSERT INTO team_contact_state (contact_id, dirty) SELECT id, 1 FROM contacts WHERE true
         ON CONFLICT (contact_id) DO UPDATE SET dirty = 1 WHERE base_version IS NULL`,
      ),
      forget: prepare(
        'UPDATE team_contact_state SET dirty = 0, base_version = NULL, base_json = NULL, changed_by = NULL, changed_at = NULL',
      ),
      dropForgotten: prepare('DELETE FROM team_contact_state WHERE private = 0 AND base_version IS NULL'),
      dirty: prepare('SELECT * FROM team_contact_state WHERE dirty = 1 AND private = 0 ORDER BY contact_id LIMIT ?'),
      dirtyCount: prepare('SELECT count(*) AS n FROM team_contact_state WHERE dirty = 1 AND private = 0'),
      state: prepare('SELECT * FROM team_contact_state WHERE contact_id = ?'),
      clean: prepare('UPDATE team_contact_state SET dirty = 0 WHERE contact_id = ?'),
      drop: prepare('DELETE FROM team_contact_state WHERE contact_id = ? AND private = 0'),
      saveState: prepare(
        `INSERT INTO team_contact_state (contact_id, dirty, base_version, base_json, changed_by, changed_at, created_by)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (contact_id) DO UPDATE SET dirty = excluded.dirty, base_version = excluded.base_version,
           base_json = excluded.base_json, changed_by = excluded.changed_by, changed_at = excluded.changed_at,
           created_by = excluded.created_by`,
      ),
      setPrivate: prepare(
        `INSERT INTO team_contact_state (contact_id, private, dirty) VALUES (?, ?, ?)
         ON CONFLICT (contact_id) DO UPDATE SET private = excluded.private, dirty = excluded.dirty`,
      ),
      // The server's revisions (positive ids); the ones kept on this desktop only are negative.
      clearServerRevisions: prepare('DELETE FROM team_contact_revisions WHERE contact_id = ? AND id >= 0'),
      localRevisions: prepare(
        'SELECT id, field, value_json FROM team_contact_revisions WHERE contact_id = ? AND id < 0',
      ),
      dropRevision: prepare('DELETE FROM team_contact_revisions WHERE contact_id = ? AND id = ?'),
      addRevision: prepare(
        `INSERT OR REPLACE INTO team_contact_revisions
           (contact_id, id, field, value_json, value_by, value_at, replaced_by, replaced_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      revisions: prepare('SELECT * FROM team_contact_revisions WHERE contact_id = ? ORDER BY id DESC'),
      // Revisions kept on this desktop only count up from LOCAL_REVISION_IDS (below every server id,
      // which are positive; newest first among themselves, after the server's in ORDER BY id DESC).
      nextLocalRevision: prepare(
        `SELECT coalesce(max(id), ${LOCAL_REVISION_IDS}) + 1 AS id FROM team_contact_revisions WHERE contact_id = ? AND id < 0`,
      ),
      setBase: prepare('UPDATE team_contact_state SET base_json = ? WHERE contact_id = ?'),
      revision: prepare('SELECT * FROM team_contact_revisions WHERE contact_id = ? AND id = ?'),
      saveCursor: prepare(
        `INSERT INTO team_feed (server_key, cursor_xid, cursor_id, caught_up_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (server_key) DO UPDATE SET cursor_xid = excluded.cursor_xid, cursor_id = excluded.cursor_id,
           caught_up_at = coalesce(excluded.caught_up_at, caught_up_at)`,
      ),
    };
  }

  /** Joined: contact writes are tracked from now on; `shareExisting` queues the phonebook for push. */
  startTracking(shareExisting: boolean): void {
    inTransaction(this.#db, () => {
      this.#s.track!.run();
      if (shareExisting) this.#s.enqueueAll!.run();
    });
  }

  /** Left the team: nothing is tracked; private flags stay, the sync positions go. */
  stopTracking(): void {
    inTransaction(this.#db, () => {
      this.#s.untrack!.run();
      this.#s.forget!.run();
      this.#s.dropForgotten!.run();
    });
  }

  dirtyCount(): number {
    return Number((this.#s.dirtyCount!.get() as { n: number }).n);
  }

  /**
   * The next dirty contacts to push. Contacts whose shared fields did not change since their base
   * (a favourite toggled) are cleaned here, and so are ones that never reached the team and are gone.
   */
  nextPushes(limit: number): ContactPush[] {
    const pushes: ContactPush[] = [];
    while (pushes.length === 0) {
      const rows = this.#s.dirty!.all(limit) as unknown as StateRow[];
      if (rows.length === 0) return pushes;
      inTransaction(this.#db, () => {
        for (const row of rows) {
          const push = this.#pushOf(row);
          if (push) pushes.push(push);
        }
      });
    }
    return pushes;
  }

  #pushOf(row: StateRow): ContactPush | null {
    const contact = this.#contacts.find(row.contact_id);
    const mine = contact ? sharedFields(contact) : null;
    const base = row.base_json === null ? null : parseSharedFields(row.base_json);
    if (!UUID.test(row.contact_id) || (row.base_version === null && mine === null)) {
      this.#s.drop!.run(row.contact_id);
      return null;
    }
    if (row.base_version !== null && sameFields(base, mine)) {
      this.#s.clean!.run(row.contact_id);
      return null;
    }
    return { id: row.contact_id, baseVersion: row.base_version === null ? null : String(row.base_version), base, mine };
  }

  /**
   * The server's answer to pushes: the resulting rows. Where the contact did not change while the
   * push was in flight, it becomes the team's row; where it did, the in-flight change is merged
   * onto the team's row and stays dirty. Returns the ids whose local contact changed.
   */
  applyPushed(rows: readonly TeamContactRow[], pushed: ReadonlyMap<string, ContactPush>): string[] {
    const changed: string[] = [];
    inTransaction(this.#db, () => {
      // A delete of a contact the server does not hold has no row back: nothing is left to push.
      const answered = new Set(rows.map((row) => row.id));
      for (const id of pushed.keys()) if (!answered.has(id)) this.#s.drop!.run(id);
      for (const row of rows) {
        const push = pushed.get(row.id);
        const theirs = row.deleted ? null : parseSharedFields(row.fieldsJson);
        if (!push || (!row.deleted && theirs === null)) continue;
        const current = this.#contacts.find(row.id);
        const now = current ? sharedFields(current) : null;
        if (sameFields(now, push.mine)) {
          if (this.#write(row.id, now, theirs, row.changedAt)) changed.push(row.id);
          this.#saveState(row, false);
        } else if (now !== null && push.mine !== null && theirs !== null) {
          const merged = mergeFields(push.mine, now, theirs);
          if (this.#write(row.id, now, merged, row.changedAt)) changed.push(row.id);
          this.#saveState(row, !sameFields(merged, theirs));
        } else {
          this.#saveState(row, true); // deleted or re-created in flight: push again on this base
        }
      }
    });
    return changed;
  }

  /**
   * Applies one pulled batch and moves the cursor past it, atomically. A row newer than the
   * contact's base replaces it unless the contact is private, or changed here and not yet pushed
   * (the push merges it on the server). Revisions always follow: the server's list, plus the ones
   * kept on this desktop only that it does not hold (#saveRevisions). Returns the ids changed here.
   */
  applyPulled(key: string, rows: readonly TeamContactRow[], next: FeedCursor, caughtUp: boolean): string[] {
    const changed: string[] = [];
    inTransaction(this.#db, () => {
      // The team's own writes are not local changes: tracking pauses inside this transaction
      // (no other connection ever sees it paused) and each row's state is set below.
      const tracking = this.#s.untrack!.run().changes > 0;
      for (const row of rows) {
        const state = this.#s.state!.get(row.id) as StateRow | undefined;
        if (state?.private === 1) continue;
        this.#saveRevisions(row, state !== undefined);
        if (state && state.base_version !== null && BigInt(state.base_version) >= BigInt(row.version)) continue;
        if (state?.dirty === 1) continue;
        const theirs = row.deleted ? null : parseSharedFields(row.fieldsJson);
        if (!row.deleted && theirs === null) continue; // not a contact this app can show
        // A contact this desktop never had (no state row) needs no read before it is written.
        const current = state ? this.#contacts.find(row.id) : null;
        if (this.#write(row.id, current ? sharedFields(current) : null, theirs, row.changedAt)) changed.push(row.id);
        this.#saveState(row, false);
      }
      if (tracking) this.#s.track!.run();
      this.#s.saveCursor!.run(key, next.xid, next.id, caughtUp ? new Date().toISOString() : null);
    });
    return changed;
  }

  /** Writes the contact when it differs from `now`; true when it changed. */
  #write(id: string, now: SharedContactFields | null, next: SharedContactFields | null, at: string): boolean {
    if (sameFields(now, next)) return false;
    this.#contacts.applyShared(id, next, at);
    return true;
  }

  #saveState(row: TeamContactRow, dirty: boolean): void {
    this.#s.saveState!.run(
      row.id,
      dirty ? 1 : 0,
      BigInt(row.version),
      row.fieldsJson,
      row.changedBy,
      row.changedAt,
      row.createdBy,
    );
  }

  #saveRevisions(row: TeamContactRow, known: boolean): void {
    if (row.revisionsJson === undefined || (!known && row.revisionsJson === '[]')) return;
    const revisions = JSON.parse(row.revisionsJson) as {
      id: number;
      field: string;
      value: unknown;
      value_by: string | null;
      value_at: string | null;
      replaced_by: string;
      replaced_at: string;
    }[];
    this.#s.clearServerRevisions!.run(row.id);
    // A value kept on this desktop only (a form save's overwrite, keepFormOverwrite) stays until the
    // server's list holds the same value of the same field: it may never reach the server (a value
    // not yet pushed, or a save while the push was in flight), and the user typed it.
    const onServer = new Set(revisions.map((revision) => revisionKey(revision.field, revision.value)));
    for (const local of this.#s.localRevisions!.all(row.id) as {
      id: number | bigint;
      field: string;
      value_json: string | null;
    }[]) {
      const value = local.value_json === null ? null : (JSON.parse(local.value_json) as unknown);
      if (onServer.has(revisionKey(local.field, value))) this.#s.dropRevision!.run(row.id, local.id);
    }
    for (const revision of revisions) {
      this.#s.addRevision!.run(
        row.id,
        revision.id,
        revision.field,
        JSON.stringify(revision.value),
        revision.value_by,
        revision.value_at,
        revision.replaced_by,
        revision.replaced_at,
      );
    }
  }

  /**
   * Keeps what a contact form save overwrote (store/contact-form-merge.ts): each value as a
   * revision on this desktop (a negative id, below the server's; replaced by `member` for a contact
   * the team shares, '' for one only this desktop holds: no team, private, not yet pushed), shown
   * and restorable at once. For a contact the team shares (synced, not private), a
   * value that was the team's (equal to the synced base) has its field's base set to the form's,
   * so the push tells the server this desktop never saw it: the server keeps it as a revision
   * (attributed to whoever wrote it), and a pull whose list holds that value drops the local one.
   */
  keepFormOverwrite(overwrite: ContactFormOverwrite, member: string | null): void {
    const state = this.#s.state!.get(overwrite.contactId) as StateRow | undefined;
    const shared = state !== undefined && state.private === 0 && state.base_version !== null && member !== null;
    const synced = shared && state.base_json !== null ? parseSharedFields(state.base_json) : null;
    let pushBase = synced;
    const at = new Date().toISOString();
    for (const { field, value } of overwrite.overwritten) {
      const teams = synced !== null && sameField(synced[field], value);
      const { id } = this.#s.nextLocalRevision!.get(overwrite.contactId) as { id: number | bigint };
      this.#s.addRevision!.run(
        overwrite.contactId,
        id,
        field,
        JSON.stringify(value),
        teams ? (state?.changed_by ?? null) : null,
        teams ? (state?.changed_at ?? null) : null,
        shared ? member : '', // '' (UI: "an edit on this desktop"): the contact is not the team's here
        at,
      );
      if (teams && pushBase) pushBase = { ...pushBase, [field]: overwrite.base[field] };
    }
    if (pushBase !== synced && pushBase !== null) {
      this.#s.setBase!.run(
        JSON.stringify(sharedFields({ ...pushBase, phones: [...pushBase.phones] })),
        overwrite.contactId,
      );
    }
  }

  /** Who changed the contact and when, its revisions and whether it is private (contact page). */
  info(contactId: string): TeamContactInfo {
    const state = this.#s.state!.get(contactId) as StateRow | undefined;
    const revisions = (
      this.#s.revisions!.all(contactId) as {
        id: number;
        field: string;
        value_json: string | null;
        value_by: string | null;
        value_at: string | null;
        replaced_by: string;
        replaced_at: string;
      }[]
    ).map((row) => ({
      id: Number(row.id),
      field: row.field,
      value: row.value_json === null ? null : (JSON.parse(row.value_json) as unknown),
      valueBy: row.value_by,
      valueAt: row.value_at,
      replacedBy: row.replaced_by,
      replacedAt: row.replaced_at,
    }));
    return {
      private: state?.private === 1,
      shared: state?.base_version !== null && state?.base_version !== undefined,
      changedBy: state?.changed_by ?? null,
      changedAt: state?.changed_at ?? null,
      createdBy: state?.created_by ?? null,
      revisions,
    };
  }

  /** One revision, or null. */
  revision(contactId: string, revisionId: number): TeamContactRevision | null {
    return this.info(contactId).revisions.find((revision) => revision.id === revisionId) ?? null;
  }

  /**
   * Keeps a contact on this desktop only (never pushed, never overwritten by the team: the team's
   * copy, if any, stays for the others), or shares it again (pushed against its last base).
   */
  setPrivate(contactId: string, value: boolean): void {
    this.#s.setPrivate!.run(contactId, value ? 1 : 0, value ? 0 : 1);
  }
}

/**
 * A revision's field and value as one comparable text: object keys sorted at every level, since
 * the server's jsonb reorders the keys of a number (label, e164, original, extension) in a list.
 */
function revisionKey(field: string, value: unknown): string {
  const sorted = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sorted);
    if (typeof v !== 'object' || v === null) return v;
    const record = v as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(record)
        .sort()
        .map((key) => [key, sorted(record[key])]),
    );
  };
  return JSON.stringify([field, sorted(value)]);
}
