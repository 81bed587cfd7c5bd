import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import {
  CallLogFilterSchema,
  CallLogQuerySchema,
  CallTotalsQuerySchema,
  type CallLogEntry,
  type CallLogFilter,
  type CallLogPage,
  type CallLogQuery,
  type CallTotalsQuery,
  type CallTotalsResult,
} from '../../../shared/call-log.ts';
import { CallRecordSchema, FINAL_CALL_STATES, callOutcome, type CallRecord } from '../../../shared/calls.ts';
import { AppError } from '../../../shared/errors.ts';
import { INSERT_CALL_SQL, rowParams, rowToEntry, rowToRecord, UPDATE_CALL_SQL } from './call-log-columns.ts';
import { buildWhere, searchCondition, type CallLogCursor } from './call-log-search.ts';
import {
  accumulate,
  constantOffsetPieces,
  DAY_MS,
  finish,
  newAccumulator,
  type Accumulator,
  type DayRow,
} from './call-log-totals.ts';
import { SQLITE, sqlitePrimaryCode, toStorageError } from './sqlite-errors.ts';
import { cached } from './statement-cache.ts';
import { inTransaction } from './transaction.ts';
import { parseOrThrow } from './validation.ts';

/** A stored row: the table's columns (call-log-columns.ts) plus the SQL-managed ones. */
type CallRow = Record<string, SQLInputValue> & { seq: number; created_ms: number; contact_name: string | null };

export interface CallLogRepositoryOptions {
  readonly now?: () => Date;
}

export type { CallLogCursor } from './call-log-search.ts';
export { constantOffsetPieces } from './call-log-totals.ts';

export type CallLogRepository = ReturnType<typeof createCallLogRepository>;

const SELECT_CALL = 'SELECT * FROM call_log';
const RECORD_KEYS = Object.keys(CallRecordSchema.shape) as (keyof CallRecord)[];

export function createCallLogRepository(db: DatabaseSync, options: CallLogRepositoryOptions = {}) {
  const now = (): string => (options.now?.() ?? new Date()).toISOString();
  const statements = prepareStatements(db);

  function write<T>(action: string, work: () => T): T {
    try {
      return inTransaction(db, work);
    } catch (error) {
      if (sqlitePrimaryCode(error) === SQLITE.CONSTRAINT && /txn_ref/.test((error as Error).message)) {
        throw new AppError('conflict', 'Another call already has this Hoiio transaction reference (txn_ref).');
      }
      throw toStorageError(error, action);
    }
  }

  function getById(id: string): CallRecord | null {
    const row = statements.byId.get(id) as CallRow | undefined;
    return row ? rowToRecord(row) : null;
  }

  /** The call with its contact's name, as the log lists it. */
  function getEntry(id: string): CallLogEntry | null {
    const row = statements.byId.get(id) as CallRow | undefined;
    return row ? rowToEntry(row) : null;
  }

  function getByTxnRef(txnRef: string): CallRecord | null {
    const row = statements.byTxnRef.get(txnRef) as CallRow | undefined;
    return row ? rowToRecord(row) : null;
  }

  /** Adds a call. Inserting the same record again is a no-op; a different record with the same id is a conflict. */
  function insert(record: CallRecord): void {
    const valid = validRecord(record);
    write('Saving the call', () => {
      const existing = getById(valid.id);
      if (existing) {
        if (sameRecord(existing, valid)) return;
        throw new AppError('conflict', `A different call with id ${valid.id} is already in the log.`, { id: valid.id });
      }
      statements.insert.run(rowParams(valid));
    });
  }

  /**
   * Applies `patch` to the call. Idempotent: a patch that changes nothing writes nothing and
   * keeps `updatedAt`. `outcome` is always derived from the state and leg statuses. A final
   * state (ended/failed) never changes, and a txn_ref once set never changes (AppError 'conflict').
   */
  function update(id: string, patch: Partial<CallRecord>): CallRecord {
    return write('Saving the call', () => {
      const current = getById(id);
      if (!current) throw new AppError('not_found', `No call with id ${id} is in the log.`, { id });
      return applyPatch(current, patch);
    });
  }

  function applyPatch(current: CallRecord, patch: Partial<CallRecord>): CallRecord {
    if (patch.id !== undefined && patch.id !== current.id) {
      throw new AppError('invalid_input', 'A call update cannot change the call id.', { id: current.id });
    }
    const merged = validRecord({
      ...current,
      ...definedFields(patch),
      updatedAt: patch.updatedAt ?? current.updatedAt,
    });
    guardTransition(current, merged);
    if (sameRecord(current, merged)) return current;
    const saved = patch.updatedAt === undefined ? { ...merged, updatedAt: now() } : merged;
    statements.update.run(rowParams(saved));
    return saved;
  }

  function updateByTxnRef(txnRef: string, patch: Partial<CallRecord>): CallRecord {
    return write('Saving the call', () => {
      const current = getByTxnRef(txnRef);
      if (!current) throw new AppError('not_found', `No call with txn_ref ${txnRef} is in the log.`, { txnRef });
      return applyPatch(current, patch);
    });
  }

  /**
   * Reconciliation: updates the call with this record's txn_ref (or id) from the record's
   * fields, or inserts the record when the log has neither. Idempotent.
   */
  function upsertByTxnRef(record: CallRecord): CallRecord {
    if (record.txnRef === null) throw new AppError('invalid_input', 'upsertByTxnRef needs a record with a txnRef.');
    const txnRef = record.txnRef;
    return write('Saving the call', () => {
      const current = getByTxnRef(txnRef) ?? getById(record.id);
      if (!current) {
        insert(record);
        return getById(record.id)!;
      }
      const { id: _ignoredId, createdAt: _keptCreatedAt, ...fields } = record;
      return applyPatch(current, fields);
    });
  }

  /** Calls whose final state is not known yet (to reconcile at start-up), oldest first. */
  function listUnfinished(): CallRecord[] {
    return (statements.unfinished.all() as unknown as CallRow[]).map(rowToRecord);
  }

  /** Copies a contact's new name onto its calls (the name is part of the log's search index). */
  function renameContact(contactId: string, name: string): void {
    statements.renameContact.run(name, contactId);
  }

  function query(input: CallLogQuery = {}): CallLogPage {
    const parsed = parseOrThrow(CallLogQuerySchema, input, 'call log query');
    const search = searchCondition(parsed.search);
    if (search.match === null) {
      const { sql: whereSql, params } = buildWhere(parsed);
      const rows = cached(db, `${SELECT_CALL} ${whereSql} ORDER BY created_ms DESC, seq DESC LIMIT ? OFFSET ?`).all(
        ...params,
        parsed.limit,
        parsed.offset,
      ) as unknown as CallRow[];
      const total = (cached(db, `SELECT count(*) AS n FROM call_log ${whereSql}`).get(...params) as { n: number }).n;
      return { items: rows.map(rowToEntry), total };
    }
    return searchPage(parsed, search.match);
  }

  /**
   * A full-text search page. The matches are computed once (materialised) and used both to
   * count and as a membership test while walking the time index newest first, which stops
   * after one page however many calls match; letting SQLite drive from the matches instead
   * would fetch and sort every match (40 ms for 10,000).
   */
  function searchPage(parsed: ReturnType<typeof CallLogQuerySchema.parse>, match: string): CallLogPage {
    const { sql: whereSql, params } = buildWhere(parsed, null, false);
    const filters = whereSql.replace(/^WHERE /, '');
    const count =
      filters === '' ? 'SELECT count(*) FROM m' : `SELECT count(*) FROM call_log WHERE seq IN m AND ${filters}`;
    const rows = cached(
      db,
      `WITH m AS MATERIALIZED (SELECT rowid FROM call_log_fts WHERE call_log_fts MATCH ?)
       SELECT *, (${count}) AS total FROM call_log INDEXED BY call_log_by_time
       WHERE seq IN m${filters === '' ? '' : ` AND ${filters}`} ORDER BY created_ms DESC, seq DESC LIMIT ? OFFSET ?`,
    ).all(match, ...params, ...params, parsed.limit, parsed.offset) as unknown as (CallRow & { total: number })[];
    if (rows[0]) return { items: rows.map(rowToEntry), total: rows[0].total };
    const { sql: fullWhere, params: fullParams } = buildWhere(parsed);
    return {
      items: [],
      total: (cached(db, `SELECT count(*) AS n FROM call_log ${fullWhere}`).get(...fullParams) as { n: number }).n,
    };
  }

  /** A page of matching calls, newest first, after `cursor`: exports read the log this way without holding a transaction. */
  function pageForExport(
    filter: CallLogFilter,
    cursor: CallLogCursor | null,
    limit: number,
  ): { items: CallLogEntry[]; next: CallLogCursor | null } {
    const parsed = parseOrThrow(CallLogFilterSchema, filter, 'call log filter');
    const { sql: whereSql, params } = buildWhere(parsed, cursor);
    const rows = cached(db, `${SELECT_CALL} ${whereSql} ORDER BY created_ms DESC, seq DESC LIMIT ?`).all(
      ...params,
      limit,
    ) as unknown as CallRow[];
    const last = rows.at(-1);
    return {
      items: rows.map(rowToEntry),
      next: last && rows.length === limit ? { createdMs: last.created_ms, seq: last.seq } : null,
    };
  }

  function countMatching(filter: CallLogFilter): number {
    const parsed = parseOrThrow(CallLogFilterSchema, filter, 'call log filter');
    const { sql: whereSql, params } = buildWhere(parsed);
    return (cached(db, `SELECT count(*) AS n FROM call_log ${whereSql}`).get(...params) as { n: number }).n;
  }

  /**
   * Calls, minutes and cost per currency for each day or month (for charts), plus the overall
   * sums. The time range is cut where the UTC offset changes (DST); within each piece SQLite
   * groups by a plain integer day number, so no per-row date conversion is needed.
   */
  function totals(input: CallTotalsQuery): CallTotalsResult {
    const parsed = parseOrThrow(CallTotalsQuerySchema, input, 'call totals query');
    const range = statements.timeRange.get() as { first: number | null; last: number | null };
    const from = Math.max(range.first ?? 0, parsed.from === undefined ? -Infinity : Date.parse(parsed.from));
    const to = Math.min((range.last ?? -1) + 1, parsed.to === undefined ? Infinity : Date.parse(parsed.to));
    const buckets = new Map<string, Accumulator>();
    const overall = newAccumulator();
    for (const piece of constantOffsetPieces(from, to, parsed.timeZone)) {
      const { sql: whereSql, params } = buildWhere({ ...parsed, from: undefined, to: undefined });
      const rangeSql = `${whereSql === '' ? 'WHERE' : `${whereSql} AND`} created_ms >= ? AND created_ms < ?`;
      const rows = cached(
        db,
        `SELECT (created_ms + CAST(? AS INTEGER)) / ${DAY_MS} AS day, currency, count(*) AS calls,
           coalesce(sum(outcome = 'connected'), 0) AS connected, coalesce(sum(duration_minutes), 0) AS minutes,
           sum(debit_milli) AS debit
         FROM call_log ${rangeSql} GROUP BY day, currency`,
      ).all(piece.offsetMs, ...params, piece.from, piece.to) as unknown as DayRow[]; // numbers bind as REAL: hence the CAST
      for (const row of rows) {
        const bucket = new Date(row.day * DAY_MS).toISOString().slice(0, parsed.period === 'day' ? 10 : 7);
        let accumulator = buckets.get(bucket);
        if (!accumulator) buckets.set(bucket, (accumulator = newAccumulator()));
        accumulate(accumulator, row);
        accumulate(overall, row);
      }
    }
    return {
      period: parsed.period,
      buckets: [...buckets]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([bucket, accumulator]) => ({ bucket, ...finish(accumulator) })),
      overall: finish(overall),
    };
  }

  function count(): number {
    return (statements.count.get() as { n: number }).n;
  }

  return {
    insert,
    update,
    updateByTxnRef,
    upsertByTxnRef,
    getById,
    getEntry,
    getByTxnRef,
    listUnfinished,
    query,
    totals,
    pageForExport,
    countMatching,
    renameContact,
    count,
  };
}

function validRecord(record: unknown): CallRecord {
  const parsed = parseOrThrow(CallRecordSchema, record, 'call record');
  return { ...parsed, outcome: callOutcome(parsed) };
}

function definedFields(patch: Partial<CallRecord>): Partial<CallRecord> {
  return Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) as Partial<CallRecord>;
}

function guardTransition(current: CallRecord, next: CallRecord): void {
  if (FINAL_CALL_STATES.has(current.state) && next.state !== current.state) {
    throw new AppError(
      'conflict',
      `Call ${current.id} is already ${current.state}; its state cannot become ${next.state}.`,
      {
        id: current.id,
      },
    );
  }
  if (current.txnRef !== null && next.txnRef !== current.txnRef) {
    throw new AppError('conflict', `Call ${current.id} already has txn_ref ${current.txnRef}; it cannot change.`, {
      id: current.id,
    });
  }
}

function sameRecord(a: CallRecord, b: CallRecord): boolean {
  return RECORD_KEYS.every((key) => a[key] === b[key]);
}

function prepareStatements(db: DatabaseSync) {
  return {
    byId: db.prepare(`${SELECT_CALL} WHERE id = ?`),
    byTxnRef: db.prepare(`${SELECT_CALL} WHERE txn_ref = ?`),
    insert: db.prepare(INSERT_CALL_SQL),
    update: db.prepare(UPDATE_CALL_SQL),
    // INDEXED BY the partial index: left to itself the planner walks call_log_by_time for the ORDER BY,
    // reading every row (1.7 s at 1,000,000 calls) to find the few unfinished ones at start-up.
    unfinished: db.prepare(
      `${SELECT_CALL} INDEXED BY call_log_unfinished WHERE state NOT IN ('ended', 'failed') ORDER BY created_ms, seq`,
    ),
    renameContact: db.prepare('UPDATE call_log SET contact_name = ? WHERE contact_id = ?'),
    count: db.prepare('SELECT count(*) AS n FROM call_log'),
    timeRange: db.prepare('SELECT min(created_ms) AS first, max(created_ms) AS last FROM call_log'),
  };
}
