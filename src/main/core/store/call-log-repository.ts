import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import {
  CallLogFilterSchema,
  CallLogPageQuerySchema,
  CallLogQuerySchema,
  CallTotalsQuerySchema,
  type CallLogEntry,
  type CallLogFilter,
  type CallLogKeysetPage,
  type CallLogPage,
  type CallLogPageQuery,
  type CallLogQuery,
  type CallTotalsQuery,
  type CallTotalsResult,
} from '../../../shared/call-log.ts';
import { CallRecordSchema, FINAL_CALL_STATES, callOutcome, type CallRecord } from '../../../shared/calls.ts';
import { AppError } from '../../../shared/errors.ts';
import {
  INSERT_CALL_SQL,
  rowParams,
  rowToEntry,
  rowToRecord,
  UPDATE_CALL_SQL,
  updateParams,
} from './call-log-columns.ts';
import { anchorBounds, pageFromRows, readsDescending } from './call-log-page.ts';
import { countAll, planFor, planRows, planTotal, type CallLogCursor } from './call-log-search.ts';
import { HOUR_MS, SEQ_PER_MS } from './migrations.ts';
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

  /** The newest call with this txn_ref (of `mode`, when given): references repeat across sandbox restarts. */
  function getByTxnRef(txnRef: string, mode?: CallRecord['mode']): CallRecord | null {
    const row = (
      mode === undefined ? statements.byTxnRef.get(txnRef) : statements.byTxnRefAndMode.get(txnRef, mode)
    ) as CallRow | undefined;
    return row ? rowToRecord(row) : null;
  }

  /** The highest n of a sandbox `AA-C-<n>` reference in the log, 0 if none. */
  function highestSandboxTxnNumber(): number {
    const row = statements.highestSandboxTxn.get() as { n: number | null } | undefined;
    return row?.n ?? 0;
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
      // The call's contact is the store's to keep (call-contact-link.ts): a patch does not change it.
      contactId: current.contactId,
      updatedAt: patch.updatedAt ?? current.updatedAt,
    });
    guardTransition(current, merged);
    if (sameRecord(current, merged)) return current;
    const saved = patch.updatedAt === undefined ? { ...merged, updatedAt: now() } : merged;
    statements.update.run(updateParams(saved));
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
      const current = getById(record.id) ?? getByTxnRef(txnRef, record.mode);
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

  /**
   * A page by offset with an exact total (the original contract operation; the renderer's lists use
   * `page`). Same plans as `page`, so the first page is as cheap; a deep offset walks its rows.
   */
  function query(input: CallLogQuery = {}): CallLogPage {
    const parsed = parseOrThrow(CallLogQuerySchema, input, 'call log query');
    const planned = planFor(db, parsed);
    if (planned.empty) return { items: [], total: 0 };
    const where = planned.conditions.length > 0 ? `WHERE ${planned.conditions.join(' AND ')}` : '';
    const rows = cached(
      db,
      `SELECT c.* FROM ${planned.from} ${where} ORDER BY ${planned.order} DESC LIMIT ? OFFSET ?`,
    ).all(...planned.params, parsed.limit, parsed.offset) as unknown as CallRow[];
    const total =
      planned.exactTotal ??
      (cached(db, `SELECT count(*) AS n FROM ${planned.from} ${where}`).get(...planned.params) as { n: number }).n;
    return { items: rows.map(rowToEntry), total };
  }

  /**
   * A page of the log by keyset (issue 13): `limit` calls newest first, starting at the anchor,
   * with the anchors of the pages before and after it, and (`withTotal`) the matching total,
   * exact or capped at COUNT_CAP. Every read is bounded by the page, an index range or a small
   * side table (call-log-search.ts planFor), so it costs the same at 10,000 or 1,000,000 calls.
   */
  function page(input: CallLogPageQuery = {}): CallLogKeysetPage {
    const parsed = parseOrThrow(CallLogPageQuerySchema, input, 'call log page');
    const { anchor, limit } = parsed;
    const bounds = anchorBounds(anchor);
    const planned = planFor(db, parsed, bounds);
    const rows = planRows(db, planned, readsDescending(anchor), limit + 1) as unknown as CallRow[];
    return {
      ...pageFromRows(
        rows.map((row) => ({ ...rowToEntry(row), seq: row.seq })),
        anchor,
        limit,
      ),
      // The total is of the whole filter: the page's plan when no keyset bound narrowed it (a
      // second planFor would probe the log or the names table again).
      total: parsed.withTotal
        ? atLeast(
            planTotal(db, bounds.before === undefined && bounds.after === undefined ? planned : planFor(db, parsed)),
            rows.length,
          )
        : null,
    };
  }

  /** A page of matching calls, newest first, after `cursor`: exports read the log this way without holding a transaction. */
  function pageForExport(
    filter: CallLogFilter,
    cursor: CallLogCursor | null,
    limit: number,
  ): { items: CallLogEntry[]; next: CallLogCursor | null } {
    const parsed = parseOrThrow(CallLogFilterSchema, filter, 'call log filter');
    const rows = planRows(
      db,
      planFor(db, parsed, cursor ? { before: cursor.seq } : {}),
      true,
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
    const planned = planFor(db, parsed);
    if (planned.empty) return 0;
    if (planned.exactTotal !== null) return planned.exactTotal;
    const where = planned.conditions.length > 0 ? `WHERE ${planned.conditions.join(' AND ')}` : '';
    return (cached(db, `SELECT count(*) AS n FROM ${planned.from} ${where}`).get(...planned.params) as { n: number }).n;
  }

  /**
   * Calls, minutes and cost per currency for each day or month (for charts), plus the overall
   * sums. The time range is cut where the UTC offset changes (DST); within each piece SQLite
   * groups by a plain integer day number. Without a search, outcome, contact or number filter, and
   * in zones a whole number of hours from UTC, it sums the hourly table (call_log_hours) instead
   * of the calls, so "all calls per month" does not grow with the log.
   */
  function totals(input: CallTotalsQuery): CallTotalsResult {
    const parsed = parseOrThrow(CallTotalsQuerySchema, input, 'call totals query');
    const range = statements.seqRange.get() as { first: number | null; last: number | null };
    const hour = (seq: number): number => Math.floor(seq / SEQ_PER_MS / HOUR_MS) * HOUR_MS;
    const from = parsed.from !== undefined ? Date.parse(parsed.from) : range.first === null ? 0 : hour(range.first);
    const to = parsed.to !== undefined ? Date.parse(parsed.to) : range.last === null ? 0 : hour(range.last) + HOUR_MS;
    const hourly =
      parsed.search.trim() === '' &&
      !parsed.outcomes?.length &&
      parsed.contactId === undefined &&
      parsed.number === undefined;
    const buckets = new Map<string, Accumulator>();
    const overall = newAccumulator();
    for (const piece of constantOffsetPieces(from, to, parsed.timeZone)) {
      const aligned = [piece.from, piece.to, piece.offsetMs].every((ms) => ms % HOUR_MS === 0);
      const rows = !(hourly && aligned)
        ? callRows(piece, parsed)
        : parsed.period === 'month' || piece.offsetMs === 0
          ? dailyRows(piece, parsed.mode, parsed.period)
          : hourlyRows(piece, parsed.mode);
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

  /** Day rows of one constant-offset piece, summed from the hourly table. */
  function hourlyRows(piece: { from: number; to: number; offsetMs: number }, mode: string | undefined): DayRow[] {
    return cached(
      db,
      `SELECT (hour * ${HOUR_MS} + CAST(? AS INTEGER)) / ${DAY_MS} AS day, nullif(currency, '') AS currency,
         sum(calls) AS calls, sum(connected) AS connected, sum(minutes) AS minutes,
         CASE WHEN sum(debits) > 0 THEN sum(debit_milli) END AS debit
       FROM call_log_hours WHERE hour >= ? AND hour < ? ${mode === undefined ? '' : 'AND mode = ?'} GROUP BY day, currency`,
    ).all(
      piece.offsetMs,
      piece.from / HOUR_MS,
      piece.to / HOUR_MS,
      ...(mode === undefined ? [] : [mode]),
    ) as unknown as DayRow[]; // numbers bind as REAL: hence the CAST
  }

  /**
   * Rows of one constant-offset piece for buckets of whole UTC days (every month; days when the
   * offset is 0), summed from call_log_days, plus the hours (call_log_hours) of the UTC days a
   * bucket edge cuts: the piece's partial first and last days, and, with an offset, the UTC day
   * holding each local month start. Each returned `day` lies in its bucket.
   */
  function dailyRows(
    piece: { from: number; to: number; offsetMs: number },
    mode: string | undefined,
    period: 'day' | 'month',
  ): DayRow[] {
    const firstDay = Math.ceil(piece.from / DAY_MS);
    const endDay = Math.floor(piece.to / DAY_MS);
    if (endDay <= firstDay) return hourlyRows(piece, mode);
    const cut = piece.offsetMs === 0 ? [] : monthStartDays(firstDay, endDay, piece.offsetMs);
    const hourRanges = [
      [piece.from / HOUR_MS, firstDay * 24],
      [endDay * 24, piece.to / HOUR_MS],
      ...cut.map((day) => [day * 24, day * 24 + 24]),
    ].filter(([from, to]) => to! > from!);
    const modeCondition = mode === undefined ? '' : 'AND mode = ?';
    const modeParams = mode === undefined ? [] : [mode];
    const days = cached(
      db,
      `SELECT min(day) AS day, nullif(currency, '') AS currency, sum(calls) AS calls, sum(connected) AS connected,
         sum(minutes) AS minutes, CASE WHEN sum(debits) > 0 THEN sum(debit_milli) END AS debit
       FROM call_log_days WHERE day >= ? AND day < ? AND day NOT IN (SELECT value FROM json_each(?)) ${modeCondition}
       GROUP BY ${period === 'month' ? "strftime('%Y-%m', day * 86400, 'unixepoch')" : 'day'}, currency`,
    ).all(firstDay, endDay, JSON.stringify(cut), ...modeParams) as unknown as DayRow[];
    const hours = cached(
      db,
      `SELECT (h.hour * ${HOUR_MS} + CAST(? AS INTEGER)) / ${DAY_MS} AS day, nullif(h.currency, '') AS currency,
         sum(h.calls) AS calls, sum(h.connected) AS connected, sum(h.minutes) AS minutes,
         CASE WHEN sum(h.debits) > 0 THEN sum(h.debit_milli) END AS debit
       FROM json_each(?) r JOIN call_log_hours h ON h.hour >= r.value ->> 0 AND h.hour < r.value ->> 1
       ${mode === undefined ? '' : 'AND h.mode = ?'} GROUP BY 1, 2`,
    ).all(piece.offsetMs, JSON.stringify(hourRanges), ...modeParams) as unknown as DayRow[];
    return [...days, ...hours];
  }

  /** Day rows of one constant-offset piece, from the matching calls themselves. */
  function callRows(
    piece: { from: number; to: number; offsetMs: number },
    parsed: ReturnType<typeof CallTotalsQuerySchema.parse>,
  ): DayRow[] {
    const planned = planFor(db, { ...parsed, from: undefined, to: undefined });
    if (planned.empty) return [];
    const conditions = [...planned.conditions, 'c.seq >= ?', 'c.seq < ?'];
    return cached(
      db,
      `SELECT (c.created_ms + CAST(? AS INTEGER)) / ${DAY_MS} AS day, c.currency AS currency, count(*) AS calls,
         coalesce(sum(c.outcome = 'connected'), 0) AS connected, coalesce(sum(c.duration_minutes), 0) AS minutes,
         sum(c.debit_milli) AS debit
       FROM ${planned.from} WHERE ${conditions.join(' AND ')} GROUP BY day, c.currency`,
    ).all(piece.offsetMs, ...planned.params, piece.from * SEQ_PER_MS, piece.to * SEQ_PER_MS) as unknown as DayRow[];
  }

  function count(): number {
    return countAll(db);
  }

  return {
    insert,
    update,
    updateByTxnRef,
    upsertByTxnRef,
    getById,
    getEntry,
    getByTxnRef,
    highestSandboxTxnNumber,
    listUnfinished,
    query,
    page,
    totals,
    pageForExport,
    countMatching,
    renameContact,
    count,
  };
}

/**
 * The UTC days in [firstDay, endDay) that hold a local month start (local midnight of the 1st) at
 * a constant UTC offset `offsetMs` (not 0): such a day is split between two months.
 */
function monthStartDays(firstDay: number, endDay: number, offsetMs: number): number[] {
  const days: number[] = [];
  const start = new Date(firstDay * DAY_MS + offsetMs); // local time, read through the UTC fields
  for (let month = Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), 1); ;) {
    const day = Math.floor((month - offsetMs) / DAY_MS);
    if (day >= endDay) return days;
    if (day >= firstDay) days.push(day);
    const next = new Date(month);
    month = Date.UTC(next.getUTCFullYear(), next.getUTCMonth() + 1, 1);
  }
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
    byTxnRef: db.prepare(`${SELECT_CALL} WHERE txn_ref = ? ORDER BY seq DESC LIMIT 1`),
    byTxnRefAndMode: db.prepare(`${SELECT_CALL} WHERE txn_ref = ? AND mode = ? ORDER BY seq DESC LIMIT 1`),
    highestSandboxTxn: db.prepare(
      `SELECT max(CAST(substr(txn_ref, 6) AS INTEGER)) AS n FROM call_log
       WHERE mode = 'sandbox' AND txn_ref GLOB 'AA-C-[1-9]*'`,
    ),
    insert: db.prepare(INSERT_CALL_SQL),
    update: db.prepare(UPDATE_CALL_SQL),
    // INDEXED BY the partial index: left to itself the planner walks call_log_by_time for the ORDER BY,
    // reading every row (1.7 s at 1,000,000 calls) to find the few unfinished ones at start-up.
    unfinished: db.prepare(
      `${SELECT_CALL} INDEXED BY call_log_unfinished WHERE state NOT IN ('ended', 'failed') ORDER BY seq`,
    ),
    renameContact: db.prepare('UPDATE call_log SET contact_name = ? WHERE contact_id = ?'),
    // seq is time-ordered and the rowid: its min and max are one b-tree step each, as two subqueries
    // (SQLite's min/max shortcut takes a lone min() or max(); both in one SELECT scanned every call).
    seqRange: db.prepare('SELECT (SELECT min(seq) FROM call_log) AS first, (SELECT max(seq) FROM call_log) AS last'),
  };
}

/**
 * A total no lower than the `found` matches a page read: a count bounded to the newest entries of
 * a list ("0+") may miss matches the page found further back.
 */
function atLeast(total: { count: number; exact: boolean }, found: number): { count: number; exact: boolean } {
  return total.exact || total.count >= found ? total : { count: found, exact: false };
}
