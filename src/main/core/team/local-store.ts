/**
 * The desktop's side of team sync in its own SQLite tables (store migration 9): which local calls
 * still have to be pushed (team_call_links), the team's calls as pulled (team_calls) and the
 * change-feed cursor (team_feed). The call log's own table is only read, never written here.
 */
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { CallRecord } from '../../../shared/calls.ts';
import { inTransaction } from '../store/transaction.ts';

/** A change-feed position: the last (change_xid, id) applied. */
export interface FeedCursor {
  readonly xid: string;
  readonly id: string;
}

export const FEED_START: FeedCursor = { xid: '0', id: '00000000-0000-0000-0000-000000000000' };

/**
 * One team.calls row as pulled from the server. The record stays the JSON text PostgreSQL sent
 * (`record::text`): it is stored as it came, never parsed and re-serialised per row on the way
 * (catch-up speed: a week offline is 100,000 rows).
 */
export interface TeamCallRow {
  readonly id: string;
  readonly account: string;
  readonly txnRef: string | null;
  readonly placedBy: string;
  /** The record as JSON text. */
  readonly recordJson: string;
  readonly revision: number;
  readonly changeXid: string;
  /** ISO 8601, UTC, milliseconds (the format of Date#toISOString, so rows order as text). */
  readonly createdAt: string;
}

/** A team call as the desktop shows it: the record plus who placed it. */
export interface TeamCallView {
  readonly id: string;
  readonly placedBy: string;
  readonly txnRef: string | null;
  readonly record: Record<string, unknown>;
  /** The local call this row is (placed here) or merged with (learned from Hoiio history), if any. */
  readonly localCallId: string | null;
}

export class TeamLocalStore {
  readonly #db: DatabaseSync;
  readonly #statements: Record<string, StatementSync>;

  constructor(db: DatabaseSync) {
    this.#db = db;
    const prepare = (sql: string): StatementSync => db.prepare(sql);
    this.#statements = {
      markPending: prepare(
        `INSERT INTO team_call_links (call_id, sync_state) VALUES (?, 'pending')
         ON CONFLICT (call_id) DO UPDATE SET sync_state = 'pending' WHERE sync_state <> 'merged'`,
      ),
      pending: prepare(`SELECT call_id FROM team_call_links WHERE sync_state = 'pending' ORDER BY rowid LIMIT ?`),
      pendingCount: prepare(`SELECT count(*) AS n FROM team_call_links WHERE sync_state = 'pending'`),
      markPushed: prepare(
        `UPDATE team_call_links SET team_row_id = call_id, placed_by = ?, pushed_updated_at = ?,
           sync_state = CASE WHEN ? THEN 'synced' ELSE sync_state END
         WHERE call_id = ?`,
      ),
      dropLink: prepare(`DELETE FROM team_call_links WHERE call_id = ? AND sync_state = 'pending'`),
      // Own live calls (tag = id: placed here) whose latest change was never pushed.
      unpushed: prepare(
        `SELECT c.id FROM call_log c LEFT JOIN team_call_links l ON l.call_id = c.id
         WHERE c.mode = 'live' AND c.tag = c.id
           AND (l.call_id IS NULL OR (l.sync_state = 'synced' AND l.pushed_updated_at IS NOT c.updated_at))`,
      ),
      cursor: prepare(`SELECT cursor_xid, cursor_id FROM team_feed WHERE server_key = ?`),
      saveCursor: prepare(
        `INSERT INTO team_feed (server_key, cursor_xid, cursor_id, caught_up_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (server_key) DO UPDATE SET cursor_xid = excluded.cursor_xid, cursor_id = excluded.cursor_id,
           caught_up_at = coalesce(excluded.caught_up_at, caught_up_at)`,
      ),
      upsertTeamCall: prepare(
        `INSERT INTO team_calls (id, account, txn_ref, placed_by, record_json, revision, change_xid, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET txn_ref = excluded.txn_ref, record_json = excluded.record_json,
           revision = excluded.revision, change_xid = excluded.change_xid
         WHERE excluded.revision >= team_calls.revision`,
      ),
      localByTxnRef: prepare(`SELECT id FROM call_log WHERE txn_ref = ? AND mode = 'live'`),
      localById: prepare(`SELECT id FROM call_log WHERE id = ?`),
      linkMerged: prepare(
        `INSERT INTO team_call_links (call_id, team_row_id, placed_by, sync_state) VALUES (?, ?, ?, 'merged')
         ON CONFLICT (call_id) DO UPDATE SET team_row_id = excluded.team_row_id, placed_by = excluded.placed_by`,
      ),
      teamByTxnRef: prepare(`SELECT id, placed_by FROM team_calls WHERE account = ? AND txn_ref = ?`),
      listTeam: prepare(
        `SELECT t.id, t.placed_by, t.txn_ref, t.record_json, l.call_id AS local_id
         FROM team_calls t LEFT JOIN team_call_links l ON l.team_row_id = t.id
         WHERE (? IS NULL OR t.placed_by = ?)
         ORDER BY t.created_at DESC, t.id DESC LIMIT ?`,
      ),
      getTeam: prepare(
        `SELECT t.id, t.placed_by, t.txn_ref, t.record_json, l.call_id AS local_id
         FROM team_calls t LEFT JOIN team_call_links l ON l.team_row_id = t.id
         WHERE t.id = ? LIMIT 1`,
      ),
      teamCount: prepare(`SELECT count(*) AS n FROM team_calls`),
      clearAll: prepare(`DELETE FROM team_feed`),
    };
  }

  /** A local call changed: its latest state has to reach the server. */
  markPending(callId: string): void {
    this.#statements.markPending!.run(callId);
  }

  /** Own live calls changed while no push was recorded (a crash, or history before joining). */
  enqueueUnpushed(): number {
    const rows = this.#statements.unpushed!.all() as { id: string }[];
    inTransaction(this.#db, () => rows.forEach((row) => this.markPending(row.id)));
    return rows.length;
  }

  pendingIds(limit: number): string[] {
    return (this.#statements.pending!.all(limit) as { call_id: string }[]).map((row) => row.call_id);
  }

  pendingCount(): number {
    return Number((this.#statements.pendingCount!.get() as { n: number }).n);
  }

  /**
   * The server holds this version of the call. `stillCurrent`: the local call did not change
   * while the push was in flight (else it stays pending and goes again).
   */
  markPushed(record: CallRecord, placedBy: string, stillCurrent: boolean): void {
    this.#statements.markPushed!.run(placedBy, record.updatedAt, stillCurrent ? 1 : 0, record.id);
  }

  /** A pending call that must not be pushed (sandbox, or not placed here). */
  dropPending(callId: string): void {
    this.#statements.dropLink!.run(callId);
  }

  cursor(key: string): FeedCursor {
    const row = this.#statements.cursor!.get(key) as { cursor_xid: string; cursor_id: string } | undefined;
    return row ? { xid: row.cursor_xid, id: row.cursor_id } : FEED_START;
  }

  /**
   * Applies one pulled batch and moves the cursor past it, atomically: a crash keeps either both
   * or neither. A row of another member whose txn_ref a call learned from Hoiio history carries is
   * linked to that local call (merged by account + txn_ref), never duplicated.
   */
  applyBatch(key: string, rows: readonly TeamCallRow[], next: FeedCursor, caughtUp: boolean): void {
    inTransaction(this.#db, () => {
      for (const row of rows) {
        this.#statements.upsertTeamCall!.run(
          row.id,
          row.account,
          row.txnRef,
          row.placedBy,
          row.recordJson,
          row.revision,
          row.changeXid,
          row.createdAt,
        );
        this.#linkLocal(row);
      }
      this.#statements.saveCursor!.run(key, next.xid, next.id, caughtUp ? new Date().toISOString() : null);
    });
  }

  #linkLocal(row: TeamCallRow): void {
    const own = this.#statements.localById!.get(row.id) as { id: string } | undefined;
    if (own) return; // placed here: linked when pushed
    if (row.txnRef === null) return;
    const learned = this.#statements.localByTxnRef!.get(row.txnRef) as { id: string } | undefined;
    if (learned) this.#statements.linkMerged!.run(learned.id, row.id, row.placedBy);
  }

  /** A call learned from Hoiio history: link it to the team's row with the same txn_ref, if pulled already. */
  mergeLearned(callId: string, account: string, txnRef: string): void {
    const team = this.#statements.teamByTxnRef!.get(account, txnRef) as { id: string; placed_by: string } | undefined;
    if (team) this.#statements.linkMerged!.run(callId, team.id, team.placed_by);
  }

  /** The team's calls, newest first; `placedBy` limits them to one member ("my calls"). */
  listTeamCalls(options: { readonly placedBy?: string | null; readonly limit: number }): TeamCallView[] {
    const member = options.placedBy ?? null;
    const rows = this.#statements.listTeam!.all(member, member, options.limit) as TeamCallViewRow[];
    return rows.map(toTeamCallView);
  }

  /** One team call by its team row id (a call another member placed, for its details), or null. */
  getTeamCall(id: string): TeamCallView | null {
    const row = this.#statements.getTeam!.get(id) as TeamCallViewRow | undefined;
    return row ? toTeamCallView(row) : null;
  }

  teamCallCount(): number {
    return Number((this.#statements.teamCount!.get() as { n: number }).n);
  }

  /** Leaving the team forgets the feed positions (a re-join pulls afresh; pulled rows are kept). */
  forgetCursors(): void {
    this.#statements.clearAll!.run();
  }
}

interface TeamCallViewRow {
  [column: string]: unknown;
  id: string;
  placed_by: string;
  txn_ref: string | null;
  record_json: string;
  local_id: string | null;
}

function toTeamCallView(row: TeamCallViewRow): TeamCallView {
  return {
    id: row.id,
    placedBy: row.placed_by,
    txnRef: row.txn_ref,
    record: JSON.parse(row.record_json) as Record<string, unknown>,
    localCallId: row.local_id ?? null,
  };
}
