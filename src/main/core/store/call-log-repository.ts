import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import {
  CallLogFilterSchema,
  CallLogQuerySchema,
  CallTotalsQuerySchema,
  type CallLogEntry,
  type CallLogFilter,
  type CallLogPage,
  type CallLogQuery,
  type CallTotals,
  type CallTotalsQuery,
  type CallTotalsResult,
} from '../../../shared/call-log.ts';
import { CallRecordSchema, FINAL_CALL_STATES, callOutcome, type CallRecord } from '../../../shared/calls.ts';
import { AppError } from '../../../shared/errors.ts';
import { moneyToThousandths, thousandthsToMoney } from './money.ts';
import { likeContains, numberSearchDigits, searchTerms } from './search-text.ts';
import { SQLITE, sqlitePrimaryCode, toStorageError } from './sqlite-errors.ts';
import { cached } from './statement-cache.ts';
import { inTransaction } from './transaction.ts';
import { parseOrThrow } from './validation.ts';

interface CallRow {
  seq: number;
  id: string;
  txn_ref: string | null;
  mode: string;
  dest1: string;
  dest2: string;
  caller_id: string | null;
  tag: string | null;
  contact_id: string | null;
  contact_name: string | null;
  state: string;
  status_dest1: string | null;
  status_dest2: string | null;
  outcome: string | null;
  final_source: string | null;
  created_at: string;
  created_ms: number;
  answered_at: string | null;
  ended_at: string | null;
  updated_at: string;
  duration_minutes: number | null;
  rate_milli: number | null;
  debit_milli: number | null;
  currency: string | null;
  error_status: string | null;
  error_message: string | null;
  /** Migration 5 (issue 9). */
  hangup_requested_at?: string | null;
}

/** Keyset position in newest-first order, for exports that read the log in pages. */
export interface CallLogCursor {
  createdMs: number;
  seq: number;
}

export interface CallLogRepositoryOptions {
  readonly now?: () => Date;
}

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
      statements.insert.run(recordParams(valid));
      writeIssue9Columns(statements, valid);
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
    statements.update.run(recordParams(saved));
    writeIssue9Columns(statements, saved);
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
    highestSandboxTxnNumber,
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

/**
 * What the log's full-text index holds for a call. dest1 (the user's own phone, the same on
 * nearly every call) is left out: it would make every number search match everything; the
 * `number` filter covers it.
 */
function searchText(record: CallRecord): string {
  const parts = [
    numberSearchDigits(record.dest2),
    record.txnRef,
    record.callerId,
    record.tag !== record.id ? record.tag : null,
    record.errorStatus,
    record.errorMessage,
  ];
  return parts.filter((part): part is string => part !== null && part !== '').join(' ');
}

function recordParams(record: CallRecord): Record<string, SQLInputValue> {
  return {
    id: record.id,
    txnRef: record.txnRef,
    mode: record.mode,
    dest1: record.dest1,
    dest2: record.dest2,
    callerId: record.callerId,
    tag: record.tag,
    contactId: record.contactId,
    state: record.state,
    statusDest1: record.statusDest1,
    statusDest2: record.statusDest2,
    outcome: record.outcome,
    finalSource: record.finalSource,
    createdAt: record.createdAt,
    createdMs: Date.parse(record.createdAt),
    answeredAt: record.answeredAt,
    endedAt: record.endedAt,
    updatedAt: record.updatedAt,
    durationMinutes: record.durationMinutes,
    rateMilli: record.rate === null ? null : moneyToThousandths(record.rate),
    debitMilli: record.debit === null ? null : moneyToThousandths(record.debit),
    currency: record.currency,
    errorStatus: record.errorStatus,
    errorMessage: record.errorMessage,
    searchText: searchText(record),
  };
}

function rowToRecord(row: CallRow): CallRecord {
  return {
    id: row.id,
    txnRef: row.txn_ref,
    mode: row.mode as CallRecord['mode'],
    dest1: row.dest1,
    dest2: row.dest2,
    callerId: row.caller_id,
    tag: row.tag,
    contactId: row.contact_id,
    state: row.state as CallRecord['state'],
    statusDest1: row.status_dest1 as CallRecord['statusDest1'],
    statusDest2: row.status_dest2 as CallRecord['statusDest2'],
    outcome: row.outcome as CallRecord['outcome'],
    finalSource: row.final_source as CallRecord['finalSource'],
    createdAt: row.created_at,
    answeredAt: row.answered_at,
    endedAt: row.ended_at,
    updatedAt: row.updated_at,
    durationMinutes: row.duration_minutes,
    rate: row.rate_milli === null ? null : thousandthsToMoney(row.rate_milli),
    debit: row.debit_milli === null ? null : thousandthsToMoney(row.debit_milli),
    currency: row.currency,
    errorStatus: row.error_status,
    errorMessage: row.error_message,
    hangupRequestedAt: row.hangup_requested_at ?? null,
  };
}

// --- Issue 9 columns (migration 5), kept apart from the main column lists so that the column-table
// refactor (issue 8) can fold them in: written after every insert/update of a call.
function writeIssue9Columns(statements: ReturnType<typeof prepareStatements>, record: CallRecord): void {
  statements.issue9Columns.run({ id: record.id, hangupRequestedAt: record.hangupRequestedAt ?? null });
}

function rowToEntry(row: CallRow): CallLogEntry {
  return { ...rowToRecord(row), contactName: row.contact_name };
}

type ParsedFilter = ReturnType<typeof CallLogFilterSchema.parse>;

/** The trigram MATCH expression for the search box (terms of 3+ characters) and LIKE conditions for shorter ones. */
function searchCondition(query: string): { match: string | null; short: { sql: string; params: string[] }[] } {
  const { digits, words } = searchTerms(query);
  // Typed digits are one term: a run inside the number's international or national digits (numberSearchDigits).
  const terms = digits !== null ? [[digits]] : words.map((word) => [word]);
  const indexed = terms.filter((alternatives) => alternatives.every((term) => term.length >= 3));
  const phrase = (term: string): string => `"${term.replace(/"/g, '""')}"`;
  const match =
    indexed.length > 0
      ? indexed.map((alternatives) => `(${alternatives.map(phrase).join(' OR ')})`).join(' AND ')
      : null;
  // One or two characters cannot use the trigram index: they match contact names only (a scan).
  const short = terms
    .filter((candidate) => !indexed.includes(candidate))
    .map((alternatives) => ({
      sql: `(${alternatives.map(() => `contact_name LIKE ? ESCAPE '\\'`).join(' OR ')})`,
      params: alternatives.map((term) => likeContains(term)),
    }));
  return { match, short };
}

/** WHERE clause for a filter (with its full-text search unless `withMatch` is false) and a keyset cursor. */
function buildWhere(
  filter: ParsedFilter,
  cursor: CallLogCursor | null = null,
  withMatch = true,
): { sql: string; params: SQLInputValue[] } {
  const where: string[] = [];
  const params: SQLInputValue[] = [];
  if (filter.from !== undefined) {
    where.push('created_ms >= ?');
    params.push(Date.parse(filter.from));
  }
  if (filter.to !== undefined) {
    where.push('created_ms < ?');
    params.push(Date.parse(filter.to));
  }
  if (filter.outcomes !== undefined && filter.outcomes.length > 0) {
    const outcomes = filter.outcomes.filter((outcome) => outcome !== 'in_progress');
    const alternatives = outcomes.length > 0 ? [`outcome IN (${outcomes.map(() => '?').join(', ')})`] : [];
    params.push(...outcomes);
    if (filter.outcomes.includes('in_progress')) alternatives.push('outcome IS NULL');
    where.push(`(${alternatives.join(' OR ')})`);
  }
  if (filter.contactId !== undefined) {
    where.push('contact_id = ?');
    params.push(filter.contactId);
  }
  if (filter.number !== undefined) {
    where.push('(dest1 = ? OR dest2 = ?)');
    params.push(filter.number, filter.number);
  }
  if (filter.mode !== undefined) {
    where.push('mode = ?');
    params.push(filter.mode);
  }
  const search = searchCondition(filter.search);
  if (withMatch && search.match !== null) {
    where.push('seq IN (SELECT rowid FROM call_log_fts WHERE call_log_fts MATCH ?)');
    params.push(search.match);
  }
  for (const short of search.short) {
    where.push(short.sql);
    params.push(...short.params);
  }
  if (cursor) {
    where.push('(created_ms < ? OR (created_ms = ? AND seq < ?))');
    params.push(cursor.createdMs, cursor.createdMs, cursor.seq);
  }
  return { sql: where.length > 0 ? `WHERE ${where.join(' AND ')}` : '', params };
}

const DAY_MS = 86_400_000;

interface DayRow {
  day: number;
  currency: string | null;
  calls: number;
  connected: number;
  minutes: number;
  debit: number | null;
}

/**
 * [from, to) cut into pieces with one UTC offset each: UTC is one piece; the machine's zone
 * (the calendar the user sees, as SQLite's 'localtime') changes offset at DST transitions,
 * found by probing daily and bisecting to the minute.
 */
export function constantOffsetPieces(
  from: number,
  to: number,
  zone: 'local' | 'utc',
): { from: number; to: number; offsetMs: number }[] {
  if (!(to > from)) return [];
  if (zone === 'utc') return [{ from, to, offsetMs: 0 }];
  const offsetAt = (ms: number): number => -new Date(ms).getTimezoneOffset() * 60_000 || 0; // never -0
  const pieces: { from: number; to: number; offsetMs: number }[] = [];
  for (let start = from; start < to;) {
    const offset = offsetAt(start);
    let end = to;
    for (let probe = start; probe < to; probe = Math.min(probe + DAY_MS, to)) {
      const next = Math.min(probe + DAY_MS, to);
      const checked = next === to ? to - 1 : next;
      if (offsetAt(checked) !== offset) {
        end = firstChange(probe, checked, offset, offsetAt);
        break;
      }
    }
    pieces.push({ from: start, to: end, offsetMs: offset });
    start = end;
  }
  return pieces;
}

/** The first millisecond in (low, high] whose offset differs from `offset` (bisection). */
function firstChange(low: number, high: number, offset: number, offsetAt: (ms: number) => number): number {
  let good = low;
  let bad = high;
  while (bad - good > 1) {
    const middle = good + Math.floor((bad - good) / 2);
    if (offsetAt(middle) === offset) good = middle;
    else bad = middle;
  }
  return bad;
}

interface Accumulator {
  calls: number;
  connected: number;
  minutes: number;
  costs: Map<string, number>;
}

function newAccumulator(): Accumulator {
  return { calls: 0, connected: 0, minutes: 0, costs: new Map() };
}

function accumulate(into: Accumulator, row: DayRow): void {
  into.calls += row.calls;
  into.connected += row.connected;
  into.minutes += row.minutes;
  if (row.debit !== null && row.currency !== null)
    into.costs.set(row.currency, (into.costs.get(row.currency) ?? 0) + row.debit);
}

function finish(accumulator: Accumulator): CallTotals {
  return {
    calls: accumulator.calls,
    connected: accumulator.connected,
    minutes: accumulator.minutes,
    costs: [...accumulator.costs]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([currency, debit]) => ({ currency, amount: thousandthsToMoney(debit) })),
  };
}

function prepareStatements(db: DatabaseSync) {
  const columns =
    'id, txn_ref, mode, dest1, dest2, caller_id, tag, contact_id, state, status_dest1, status_dest2, outcome, ' +
    'final_source, created_at, created_ms, answered_at, ended_at, updated_at, duration_minutes, rate_milli, ' +
    'debit_milli, currency, error_status, error_message, search_text';
  const values =
    ':id, :txnRef, :mode, :dest1, :dest2, :callerId, :tag, :contactId, :state, :statusDest1, :statusDest2, ' +
    ':outcome, :finalSource, :createdAt, :createdMs, :answeredAt, :endedAt, :updatedAt, :durationMinutes, ' +
    ':rateMilli, :debitMilli, :currency, :errorStatus, :errorMessage, :searchText';
  return {
    byId: db.prepare(`${SELECT_CALL} WHERE id = ?`),
    byTxnRef: db.prepare(`${SELECT_CALL} WHERE txn_ref = ? ORDER BY created_ms DESC, seq DESC LIMIT 1`),
    byTxnRefAndMode: db.prepare(
      `${SELECT_CALL} WHERE txn_ref = ? AND mode = ? ORDER BY created_ms DESC, seq DESC LIMIT 1`,
    ),
    highestSandboxTxn: db.prepare(
      `SELECT max(CAST(substr(txn_ref, 6) AS INTEGER)) AS n FROM call_log
       WHERE mode = 'sandbox' AND txn_ref GLOB 'AA-C-[1-9]*'`,
    ),
    insert: db.prepare(
      `INSERT INTO call_log (${columns}, contact_name)
       VALUES (${values}, (SELECT name FROM contacts WHERE id = :contactId))`,
    ),
    update: db.prepare(
      `UPDATE call_log SET txn_ref = :txnRef, mode = :mode, dest1 = :dest1, dest2 = :dest2, caller_id = :callerId,
         tag = :tag, state = :state, status_dest1 = :statusDest1, status_dest2 = :statusDest2, outcome = :outcome,
         final_source = :finalSource, created_at = :createdAt, created_ms = :createdMs, answered_at = :answeredAt,
         ended_at = :endedAt, updated_at = :updatedAt, duration_minutes = :durationMinutes, rate_milli = :rateMilli,
         debit_milli = :debitMilli, currency = :currency, error_status = :errorStatus, error_message = :errorMessage,
         search_text = :searchText,
         contact_name = CASE WHEN contact_id IS :contactId THEN contact_name
                             ELSE (SELECT name FROM contacts WHERE id = :contactId) END,
         contact_id = :contactId
       WHERE id = :id`,
    ),
    unfinished: db.prepare(`${SELECT_CALL} WHERE state NOT IN ('ended', 'failed') ORDER BY created_ms, seq`),
    issue9Columns: db.prepare('UPDATE call_log SET hangup_requested_at = :hangupRequestedAt WHERE id = :id'),
    renameContact: db.prepare('UPDATE call_log SET contact_name = ? WHERE contact_id = ?'),
    count: db.prepare('SELECT count(*) AS n FROM call_log'),
    timeRange: db.prepare('SELECT min(created_ms) AS first, max(created_ms) AS last FROM call_log'),
  };
}
