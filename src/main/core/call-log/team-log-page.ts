/**
 * The call log of a team member (issue 15: "The log filters 'my calls / team' and shows who placed
 * each call"), a keyset page like the store's `callLog.page` (it runs in the `queries` worker too):
 * - `mine`: this desktop's calls placed here (tag = id), with every filter of the log;
 * - `everyone`: this desktop's calls merged with the team's calls this desktop only knows from the
 *   server (team_calls rows that are neither a local call nor linked to one by txn_ref).
 * Each item says who placed it. Team rows are ordered with local calls by a seq of their own,
 * created_ms * SEQ_PER_MS + 1023 (after this desktop's calls of the same millisecond; ties between
 * team rows by id, carried in the anchor), so paging stays by keyset in both directions.
 *
 * Team rows hold the record as JSON (no contact, no notes, not in the full-text index): a search or
 * a contact filter lists this desktop's calls only; date range, outcome, number and mode apply to both.
 * Every read is bounded by the page (index team_calls_by_time; the local plan of call-log-search.ts).
 */
import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import {
  CallLogPageQuerySchema,
  type CallLogAnchor,
  type CallLogKeysetPage,
  type CallLogListEntry,
  type CallLogPageQuery,
  type ListTotal,
} from '../../../shared/call-log.ts';
import { TeamCallSchema } from '../../../shared/team.ts';
import { rowToEntry } from '../store/call-log-columns.ts';
import { anchorBounds, pageFromRows, readsDescending } from '../store/call-log-page.ts';
import { COUNT_CAP, planFor, planRows, planTotal, type ParsedPageQuery } from '../store/call-log-search.ts';
import { SEQ_PER_MS } from '../store/migrations.ts';
import { cached } from '../store/statement-cache.ts';
import { parseOrThrow } from '../store/validation.ts';

/** The seq slot of team rows within their millisecond: after every local call of it. */
const TEAM_SLOT = SEQ_PER_MS - 1;

const TeamRecordSchema = TeamCallSchema.shape.call;

/** The seq a team row sorts by: created_ms * SEQ_PER_MS + 1023. */
export function teamSeq(createdAt: string): number {
  return Date.parse(createdAt) * SEQ_PER_MS + TEAM_SLOT;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * One keyset page of a team member's log, newest first from the anchor (shapes: shared/call-log.ts
 * CallLogPageQuerySchema with `team` set, CallLogKeysetPageSchema). AppError 'invalid_input' for a
 * bad query.
 */
export function teamLogPage(db: DatabaseSync, input: CallLogPageQuery): CallLogKeysetPage {
  const parsed = parseOrThrow(CallLogPageQuerySchema, input, 'call log page');
  const { anchor, limit } = parsed;
  const descending = readsDescending(anchor);
  const merged = [...localItems(db, parsed, descending, limit + 1), ...teamItems(db, parsed, descending, limit + 1)]
    .sort((a, b) => (descending ? -1 : 1) * compareKeys(a, b))
    .slice(0, limit + 1);
  return {
    ...pageFromRows(merged, anchor, limit),
    total: parsed.withTotal ? total(db, parsed) : null,
  };
}

/** Oldest first: by seq, then team rows of one millisecond by id. */
function compareKeys(a: CallLogListEntry, b: CallLogListEntry): number {
  if (a.seq !== b.seq) return a.seq - b.seq;
  return (a.teamId ?? '') < (b.teamId ?? '') ? -1 : (a.teamId ?? '') > (b.teamId ?? '') ? 1 : 0;
}

/** A local call placed on this desktop (the engine tags its calls with their own id). */
const PLACED_HERE = 'c.tag = c.id';

/**
 * The local plan with the scope's condition: `mine` keeps calls placed here (PLACED_HERE), on
 * every path of the plan: the contact's streams carry their own conditions (a contact's page and
 * total read them, not the plan's), so the condition goes to both.
 */
function localPlan(db: DatabaseSync, parsed: ParsedPageQuery, bounds: { before?: number; after?: number }) {
  const planned = planFor(db, parsed, bounds);
  if (parsed.team !== 'mine' || planned.empty) return planned;
  return {
    ...planned,
    conditions: [...planned.conditions, PLACED_HERE],
    contact: planned.contact && { ...planned.contact, conditions: [...planned.contact.conditions, PLACED_HERE] },
    exactTotal: null,
  };
}

function localItems(db: DatabaseSync, parsed: ParsedPageQuery, descending: boolean, limit: number) {
  const rows = planRows(db, localPlan(db, parsed, anchorBounds(parsed.anchor)), descending, limit);
  const entries = rows.map((row) => ({ ...rowToEntry(row), seq: Number(row.seq) }));
  const placers = linkedPlacers(
    db,
    entries.filter((entry) => entry.tag !== entry.id).map((entry) => entry.id),
  );
  return entries.map((entry): CallLogListEntry => {
    if (entry.tag === entry.id) return { ...entry, placedBy: { kind: 'you' } };
    const member = placers.get(entry.id);
    return member === undefined ? entry : { ...entry, placedBy: { kind: 'member', member } };
  });
}

/** Who placed calls learned from Hoiio history that sync linked to a team row (team_call_links, by call id). */
function linkedPlacers(db: DatabaseSync, ids: string[]): Map<string, string> {
  if (ids.length === 0) return new Map();
  const rows = cached(
    db,
    `SELECT call_id, placed_by FROM team_call_links
     WHERE call_id IN (SELECT value FROM json_each(?)) AND placed_by IS NOT NULL`,
  ).all(JSON.stringify(ids)) as { call_id: string; placed_by: string }[];
  return new Map(rows.map((row) => [row.call_id, row.placed_by]));
}

/**
 * WHERE conditions on team_calls `t` for the rows to merge: not a local call (by id, or by txn_ref
 * for a call learned from history) and matching the filters team rows can answer; null when the
 * filter leaves no team row (scope `mine`, a search, a contact, sandbox mode).
 */
function teamConditions(parsed: ParsedPageQuery): { conditions: string[]; params: SQLInputValue[] } | null {
  if (parsed.team !== 'everyone' || parsed.search.trim() !== '' || parsed.contactId !== undefined) return null;
  if (parsed.mode === 'sandbox') return null;
  const conditions = [
    'NOT EXISTS (SELECT 1 FROM call_log c WHERE c.id = t.id)',
    "(t.txn_ref IS NULL OR NOT EXISTS (SELECT 1 FROM call_log c WHERE c.txn_ref = t.txn_ref AND c.mode = 'live'))",
  ];
  const params: SQLInputValue[] = [];
  if (parsed.from !== undefined) {
    conditions.push('t.created_at >= ?');
    params.push(iso(Date.parse(parsed.from)));
  }
  if (parsed.to !== undefined) {
    conditions.push('t.created_at < ?');
    params.push(iso(Date.parse(parsed.to)));
  }
  if (parsed.outcomes !== undefined && parsed.outcomes.length > 0) {
    const outcomes = parsed.outcomes.filter((outcome) => outcome !== 'in_progress');
    const outcome = "json_extract(t.record_json, '$.outcome')";
    const alternatives = outcomes.length > 0 ? [`${outcome} IN (${outcomes.map(() => '?').join(', ')})`] : [];
    params.push(...outcomes);
    if (parsed.outcomes.includes('in_progress')) alternatives.push(`${outcome} IS NULL`);
    conditions.push(`(${alternatives.join(' OR ')})`);
  }
  if (parsed.number !== undefined) {
    conditions.push("(json_extract(t.record_json, '$.dest1') = ? OR json_extract(t.record_json, '$.dest2') = ?)");
    params.push(parsed.number, parsed.number);
  }
  return { conditions, params };
}

/** The keyset bound on (created_at, id) for the anchor: a team row's own, or a local seq's millisecond. */
function teamBound(anchor: CallLogAnchor): { condition: string; params: SQLInputValue[] } | null {
  if (anchor.kind === 'newest' || anchor.kind === 'oldest') return null;
  if (anchor.teamId !== undefined) {
    const at = iso(Math.floor(anchor.seq / SEQ_PER_MS));
    const op = anchor.kind === 'olderThan' ? '<' : '>';
    return { condition: `(t.created_at, t.id) ${op} (?, ?)`, params: [at, anchor.teamId] };
  }
  // A local call's seq S: team rows sort before it when ms * 1024 + 1023 < S, after it when > S.
  const first = (anchor.seq - TEAM_SLOT) / SEQ_PER_MS;
  return anchor.kind === 'olderThan'
    ? { condition: 't.created_at < ?', params: [iso(Math.ceil(first))] }
    : { condition: 't.created_at >= ?', params: [iso(Math.floor(first) + 1)] };
}

function teamItems(db: DatabaseSync, parsed: ParsedPageQuery, descending: boolean, limit: number) {
  const where = teamConditions(parsed);
  if (where === null) return [];
  const bound = teamBound(parsed.anchor);
  const conditions = bound ? [...where.conditions, bound.condition] : where.conditions;
  const direction = descending ? 'DESC' : 'ASC';
  const rows = cached(
    db,
    `SELECT t.id, t.placed_by, t.record_json, t.created_at FROM team_calls t INDEXED BY team_calls_by_time
     WHERE ${conditions.join(' AND ')} ORDER BY t.created_at ${direction}, t.id ${direction} LIMIT ?`,
  ).all(...where.params, ...(bound?.params ?? []), limit) as {
    id: string;
    placed_by: string;
    record_json: string;
    created_at: string;
  }[];
  return rows.flatMap((row): CallLogListEntry[] => {
    const record = TeamRecordSchema.safeParse(JSON.parse(row.record_json));
    if (!record.success) return []; // a row a newer app wrote: shown once this app understands it
    return [
      {
        ...record.data,
        contactId: null,
        contactName: null,
        note: null,
        seq: teamSeq(row.created_at),
        placedBy: { kind: 'member', member: row.placed_by },
        teamId: row.id,
      },
    ];
  });
}

/** This desktop's matching total plus the team rows', each counted up to COUNT_CAP. */
function total(db: DatabaseSync, parsed: ParsedPageQuery): ListTotal {
  const local = planTotal(db, localPlan(db, parsed, {}));
  const where = teamConditions(parsed);
  if (where === null) return local;
  const counted = (
    cached(
      db,
      `SELECT count(*) AS n FROM (SELECT 1 FROM team_calls t WHERE ${where.conditions.join(' AND ')} LIMIT ${COUNT_CAP + 1})`,
    ).get(...where.params) as { n: number }
  ).n;
  const team = counted > COUNT_CAP ? { count: COUNT_CAP, exact: false } : { count: counted, exact: true };
  return { count: local.count + team.count, exact: local.exact && team.exact };
}

/**
 * How many calls a team member's log lists for `input` (its filter and `team` scope), exact: this
 * desktop's matching calls plus the team rows merged in. Counts every match (an export's progress,
 * in the database worker), unlike the page's total, capped at COUNT_CAP.
 */
export function teamLogCount(db: DatabaseSync, input: CallLogPageQuery): number {
  const parsed = parseOrThrow(CallLogPageQuerySchema, input, 'call log page');
  const planned = localPlan(db, parsed, {});
  const local = planned.empty
    ? 0
    : (
        cached(
          db,
          `SELECT count(*) AS n FROM ${planned.from}${planned.conditions.length > 0 ? ` WHERE ${planned.conditions.join(' AND ')}` : ''}`,
        ).get(...planned.params) as { n: number }
      ).n;
  const where = teamConditions(parsed);
  if (where === null) return local;
  const team = (
    cached(db, `SELECT count(*) AS n FROM team_calls t WHERE ${where.conditions.join(' AND ')}`).get(
      ...where.params,
    ) as {
      n: number;
    }
  ).n;
  return local + team;
}
