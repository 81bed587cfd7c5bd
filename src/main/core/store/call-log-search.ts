import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import type { CallLogFilterSchema, CallLogPageQuerySchema } from '../../../shared/call-log.ts';
import { SEQ_PER_MS } from './migrations.ts';
import { likeContains, searchTerms } from './search-text.ts';
import { cached } from './statement-cache.ts';
import { digitWindows, GRAM_DIGITS, PAIR_DIGITS } from './digit-grams.ts';

/** Keyset position in newest-first order, for exports that read the log in pages. */
export interface CallLogCursor {
  createdMs: number;
  seq: number;
}

export type ParsedFilter = ReturnType<typeof CallLogFilterSchema.parse>;
export type ParsedPageQuery = ReturnType<typeof CallLogPageQuerySchema.parse>;

/** Counting stops here: a larger total is shown as "1,000+" (counting further would scan). */
export const COUNT_CAP = 1_000;

/**
 * Above this many calls per matching call, a name search walks the log newest first (it meets a
 * match every `DENSE_RATIO` rows at worst); below it, it reads the matching calls from the name
 * index and keeps the newest (at most calls / DENSE_RATIO of them). Either way bounded.
 */
const DENSE_RATIO = 64;

/**
 * A search term the digit index answers (digit-grams.ts): the windows of its longest run of
 * GRAM_DIGITS+ digits (a call holding the term holds each of them), and whether the term must
 * then be checked as a substring (VERIFY_TERM): always, except for a term of exactly GRAM_DIGITS
 * digits, which is one window and matched exactly.
 */
export interface GramTerm {
  term: string;
  grams: string[];
  verify: boolean;
}

/**
 * The search box, split by what can answer it:
 * - `shortDigits`, one typed digit (shortDigitsSearch); two typed digits are one GramTerm, their
 *   pair token;
 * - `grams`, when every term of 3+ characters is a GramTerm (a number, part of one, a txn_ref): the
 *   digit index drives the read;
 * - else FTS5 phrases on the trigram index for terms of 3+ characters, terms of 5+ characters
 *   holding a digit to match by their rarest trigrams (`verify`, see verifyMatch);
 * - and LIKE patterns over contact names for 1-2 character terms (a trigram index cannot hold
 *   them; they match names only, through the small call_log_names table, never a scan of calls).
 */
export function searchCondition(query: string): {
  phrases: string[];
  short: string[];
  shortDigits: string | null;
  verify: string[];
  grams: GramTerm[];
} {
  const { digits, words } = searchTerms(query);
  // Typed digits are one term: a run inside the number's international or national digits (numberSearchDigits).
  // Two of them are one pair token of the digit index, matched exactly.
  if (digits !== null && digits.length === PAIR_DIGITS) {
    const pair: GramTerm = { term: digits, grams: [digits], verify: false };
    return { phrases: [], short: [], shortDigits: null, verify: [], grams: [pair] };
  }
  if (digits !== null && digits.length < 3) {
    return { phrases: [], short: [], shortDigits: digits, verify: [], grams: [] };
  }
  const terms = digits !== null ? [digits] : words;
  const indexed = terms.filter((term) => term.length >= 3);
  const short = terms.filter((term) => term.length < 3).map(likeContains);
  const grams = indexed.map(gramTerm);
  if (indexed.length > 0 && grams.every((read) => read !== null)) {
    return { phrases: [], short, shortDigits: null, verify: [], grams: grams as GramTerm[] };
  }
  const verify = indexed.filter((term) => term.length > LONG_TERM && VERIFIABLE.test(term) && /[0-9]/.test(term));
  return {
    phrases: indexed.filter((term) => !verify.includes(term)).map(ftsPhrase),
    short,
    shortDigits: null,
    verify,
    grams: [],
  };
}

/**
 * Terms VERIFY_TERM can check as a substring: plain ASCII digits, letters and "-", where the
 * indexes' folding (case, accents) changes nothing that lower() does not.
 */
const VERIFIABLE = /^[0-9a-z-]*$/;

/** `term` as a GramTerm, or null when it holds no run of GRAM_DIGITS digits or is not VERIFIABLE. */
function gramTerm(term: string): GramTerm | null {
  if (!VERIFIABLE.test(term)) return null;
  const run = (term.match(/[0-9]+/g) ?? []).reduce(
    (longest, next) => (next.length > longest.length ? next : longest),
    '',
  );
  if (run.length < GRAM_DIGITS) return null;
  // Its 4-digit windows only: its pairs are in most calls, and gramMatch probes a term's last windows.
  const grams = [...new Set(digitWindows(run, GRAM_DIGITS))];
  return { term, grams, verify: term !== run || run.length > GRAM_DIGITS };
}

/**
 * Terms longer than this holding a digit (a number or part of one, a txn_ref "TX00012345") are
 * matched by their two rarest trigrams, ANDed (verifyMatch), then checked as a substring
 * (VERIFY_TERM): as a phrase, every trigram's list is read, and digit trigrams of common prefixes
 * ("tx0", "000", "581" of every +65 81 mobile) are in a third of the calls or more (a 4-trigram AND
 * holding "581": 11 ms at 1,000,000 calls; its two rarest: 0.4 ms). A 4-character term has only
 * two trigrams, both read either way: its phrase, unprobed. Plain ASCII digits, letters and "-":
 * the index's folding (case, accents) changes nothing there that lower() does not.
 */
const LONG_TERM = 4;

/** A trigram's probe reads at most this many of its newest calls (a bounded read of its list, ~0.1 ms). */
const TRIGRAM_PROBE_CAP = 1_000;
/** The trigrams of a term probed (its last ones: a number's or reference's distinctive end). */
const TRIGRAMS_PROBED = 6;

/**
 * The FTS5 expression a `verify` term is read by (the substring check follows): the AND of the two
 * rarest of its last TRIGRAMS_PROBED trigrams. Each is probed by its newest TRIGRAM_PROBE_CAP
 * calls: one found in fewer is rarer than any found in that many, and among those the one whose
 * newest TRIGRAM_PROBE_CAP calls reach further back is rarer (they are spread over more calls).
 * A 5-character term whose trigrams all reach the cap is read as its phrase. Null when one of the
 * trigrams is in no call: the term cannot match.
 */
function verifyMatch(db: DatabaseSync, term: string): string | null {
  const trigrams = [...new Set(Array.from({ length: term.length - 2 }, (_, index) => term.slice(index, index + 3)))];
  const probed = rarestTokens(db, 'call_log_fts', trigrams);
  if (probed[0]!.calls === 0) return null;
  if (term.length === 5 && probed[0]!.calls >= TRIGRAM_PROBE_CAP) return ftsPhrase(term);
  return probed
    .slice(0, 2)
    .map((entry) => ftsPhrase(entry.token))
    .join(' AND ');
}

/**
 * The last TRIGRAMS_PROBED of `tokens` (n-grams of one term, in order) by how rare they are in
 * `table`, rarest first: each is probed by its newest TRIGRAM_PROBE_CAP calls; one found in fewer
 * is rarer than any found in that many, and among those the one whose newest calls reach further
 * back is rarer (they are spread over more calls). Tail first, so that among equals the end of
 * the term (what tells one number from another) wins.
 */
function rarestTokens(
  db: DatabaseSync,
  table: 'call_log_fts' | 'call_log_grams',
  tokens: readonly string[],
): { token: string; calls: number; oldest: number | null }[] {
  return [...new Set(tokens)]
    .slice(-TRIGRAMS_PROBED)
    .reverse()
    .map((token) => ({ token, ...probeList(db, table, ftsPhrase(token)) }))
    .sort((a, b) => a.calls - b.calls || (a.oldest ?? 0) - (b.oldest ?? 0));
}

/**
 * The newest TRIGRAM_PROBE_CAP calls matching the FTS5 expression `match` in `table`: how many
 * (fewer than the cap: that is all of them) and the oldest one's seq (null when none): a bounded
 * read of the head of its lists (~0.1 ms).
 */
function probeList(
  db: DatabaseSync,
  table: 'call_log_fts' | 'call_log_grams',
  match: string,
): { calls: number; oldest: number | null } {
  return cached(
    db,
    `SELECT count(*) AS calls, min(rowid) AS oldest FROM (SELECT rowid FROM ${table}
     WHERE ${table} MATCH ? ORDER BY rowid DESC LIMIT ${TRIGRAM_PROBE_CAP})`,
  ).get(match) as { calls: number; oldest: number | null };
}

/**
 * The digit index's FTS5 expression for a GramTerm (the substring check follows): its one or two
 * windows; else the AND of its two rarest (rarestTokens) when fewer than TRIGRAM_PROBE_CAP calls
 * hold both; else the AND of its last TRIGRAMS_PROBED windows. A probe of a list's newest entries
 * misranks a window common among recent calls only ("0000" of recent references): "6581000000"
 * read the 333,000 calls holding "8100" and "5810" (850 ms at 1,000,000 calls); every window
 * narrows that to the few calls holding them all. Not always every window: intersecting lists
 * in most calls ("1555", "5555" of +1 415 555 numbers) costs 20-40 ms where two rare ones cost 3.
 * Null when a window is in no call: the term cannot match.
 */
function gramMatch(db: DatabaseSync, read: GramTerm): string | null {
  if (read.grams.length <= 2) return read.grams.map(ftsPhrase).join(' AND ');
  const probed = rarestTokens(db, 'call_log_grams', read.grams);
  if (probed[0]!.calls === 0) return null;
  const pair = probed
    .slice(0, 2)
    .map((entry) => ftsPhrase(entry.token))
    .join(' AND ');
  if (probeList(db, 'call_log_grams', pair).calls < TRIGRAM_PROBE_CAP) return pair;
  return read.grams.slice(-TRIGRAMS_PROBED).map(ftsPhrase).join(' AND ');
}

/** A verified term (searchCondition `verify`) as a substring of any indexed column of `c`. */
const VERIFY_TERM =
  "(instr(lower(c.search_text), ?) > 0 OR instr(lower(coalesce(c.contact_name, '')), ?) > 0 OR instr(lower(coalesce(c.note_text, '')), ?) > 0)";

/** A term as an FTS5 string (quotes doubled). */
function ftsPhrase(term: string): string {
  return `"${term.replace(/"/g, '""')}"`;
}

/**
 * Newest calls looked at to tell a common 1-digit term (found at least every DIGITS_DENSE calls:
 * walk the log, a page costs about limit * DIGITS_DENSE calls) from a rare one (the trigram index,
 * whose cost follows the matches).
 */
const PROBE_ROWS = 1_000;
const DIGITS_DENSE = 16;
/**
 * Calls a walk (a plan reading the log newest first and testing each call) looks at to count its
 * matches: the "1,000+" total of a common term is found well within it; a rarer one is shown as
 * the lower bound found ("37+"), exact when the walk reached the end of the range.
 */
export const WALK_COUNT_BUDGET = 4_000;

/**
 * What may stand beside a digit in the indexed texts: digits (inside a number's run), a space
 * (between the search forms and parts) and "-" (sandbox txn_refs "AA-C-12"). A digit in a run of
 * 3+ digits always has a digit beside it, so these neighbours find every trigram holding it.
 */
const DIGIT_NEIGHBOURS = [...'0123456789 -'];

/** The term as a substring of any indexed column of `c`, exactly as the full-text index holds digits. */
const DIGITS_CONTAINED =
  "(instr(c.search_text, ?) > 0 OR instr(coalesce(c.contact_name, ''), ?) > 0 OR instr(coalesce(c.note_text, ''), ?) > 0)";

/** How many of the newest PROBE_ROWS calls meet `condition` (on `c`). */
function probeHits(db: DatabaseSync, condition: string, params: SQLInputValue[]): number {
  return (
    cached(
      db,
      // Only the searched columns: reading every column of 1,000 calls took half the probe's time.
      `SELECT count(*) AS hits FROM (SELECT search_text, contact_name, note_text FROM call_log
       ORDER BY seq DESC LIMIT ${PROBE_ROWS}) c WHERE ${condition}`,
    ).get(...params) as { hits: number }
  ).hits;
}

/** A trigram match found in at least 1 in this many of the newest calls is walked past rather than read with a rowid bound. */
const DENSE_MATCH_RATIO = 8;

/**
 * Whether the trigram index's `match` is in at least 1 in DENSE_MATCH_RATIO of the newest calls:
 * its newest TRIGRAM_PROBE_CAP matches (probeList) reach back fewer than DENSE_MATCH_RATIO times
 * as many calls (a rowid range read of the call table's keys, no row read).
 */
function denseMatch(db: DatabaseSync, match: string): boolean {
  const probed = probeList(db, 'call_log_fts', match);
  if (probed.calls < TRIGRAM_PROBE_CAP || probed.oldest === null) return false;
  const span = cached(
    db,
    `SELECT count(*) AS n FROM (SELECT 1 FROM call_log WHERE seq >= ? LIMIT ${TRIGRAM_PROBE_CAP * DENSE_MATCH_RATIO})`,
  ).get(probed.oldest) as { n: number };
  return span.n < TRIGRAM_PROBE_CAP * DENSE_MATCH_RATIO;
}

/** A digit-index list holding at least 1 call in this many is walked past rather than read with a rowid bound. */
const LONG_LIST_RATIO = 64;

/**
 * Whether the digit index's `match` holds at least 1 in LONG_LIST_RATIO of the calls: its list's
 * head read up to that many entries (~1 ms at 1,000,000 calls), never with a bound.
 */
function longList(db: DatabaseSync, match: string): boolean {
  const enough = Math.max(1, Math.ceil(countAll(db) / LONG_LIST_RATIO));
  const head = cached(
    db,
    'SELECT count(*) AS n FROM (SELECT 1 FROM call_log_grams WHERE call_log_grams MATCH ? LIMIT ?)',
  ).get(match, enough) as { n: number };
  return head.n >= enough;
}

/** Whether at least 1 in DIGITS_DENSE of the newest PROBE_ROWS calls hold `digits` in their texts: a walk finds them fast. */
function commonDigits(db: DatabaseSync, digits: string): boolean {
  return probeHits(db, DIGITS_CONTAINED, [digits, digits, digits]) * DIGITS_DENSE >= PROBE_ROWS;
}

/**
 * A 1-digit search ("9", "+1"): the trigram index holds 3-character runs and the digit index
 * pairs and longer (a 2-digit term is a GramTerm). Common digits (most numbers hold a given one)
 * are found by walking the newest calls (`walk`); rare ones through the trigram index (`match`):
 * the trigrams that begin with the digit or with a neighbour (DIGIT_NEIGHBOURS) and it, read from
 * the index's vocabulary (call_log_vocab, ranges of terms: cheap as the digit is rare). `none`:
 * no trigram holds it.
 */
function shortDigitsSearch(db: DatabaseSync, digit: string): { walk: true } | { match: string } | { none: true } {
  if (commonDigits(db, digit)) return { walk: true };
  const vocabulary = cached(db, 'SELECT term FROM call_log_vocab WHERE term >= ? AND term < ?');
  const after = String.fromCharCode(digit.charCodeAt(0) + 1);
  const terms = ['', ...DIGIT_NEIGHBOURS].flatMap((char) =>
    (vocabulary.all(char + digit, char + after) as { term: string }[]).map((row) => row.term),
  );
  if (terms.length === 0) return { none: true };
  return { match: [...new Set(terms)].map(ftsPhrase).join(' OR ') };
}

/**
 * Outcome filters whose calls in a range number fewer than this are read from the outcome index
 * with each call's texts tested (at most this many calls, a few µs each), not from the search term's list.
 */
const RARE_FILTER_CALLS = 1_000;

/**
 * Whether `outcomes` (a filter's; none: false) hold fewer than RARE_FILTER_CALLS calls in the seq
 * range [low, high): each outcome's calls counted from call_log_by_outcome, stopping at the cap.
 */
function fewOutcomeCalls(
  db: DatabaseSync,
  outcomes: readonly string[],
  low: number | null,
  high: number | null,
): boolean {
  if (outcomes.length === 0) return false;
  const range = rangeConditions('seq', low, high);
  let calls = 0;
  for (const outcome of outcomes) {
    const which = outcome === 'in_progress' ? 'outcome IS NULL' : 'outcome = ?';
    const counted = cached(
      db,
      `SELECT count(*) AS n FROM (SELECT 1 FROM call_log INDEXED BY call_log_by_outcome
       WHERE ${[which, ...range.conditions].join(' AND ')} LIMIT ${RARE_FILTER_CALLS})`,
    ).get(...(outcome === 'in_progress' ? [] : [outcome]), ...range.params) as { n: number };
    calls += counted.n;
    if (calls >= RARE_FILTER_CALLS) return false;
  }
  return true;
}

/**
 * `column` (of `c`) holds the folded word (one parameter, twice): lower() where the text is plain
 * ASCII, where it equals foldText; `fold_text` (foldText) only for a text with other characters,
 * so a walk calls into JavaScript for few rows.
 */
const foldedIn = (column: string): string =>
  `(instr(lower(${column}), ?) > 0 OR (${column} GLOB '*[^ -~]*' AND instr(fold_text(${column}), ?) > 0))`;

/** A word as a substring of any indexed column of `c`, each folded as the search box is (six parameters: the word). */
const FOLDED_CONTAINED = `(${['c.search_text', 'c.contact_name', 'c.note_text'].map(foldedIn).join(' OR ')})`;

/**
 * The search box as conditions on each call's own texts (`c`), for reads driven by another index
 * or a walk: typed digits as a substring of any indexed column (DIGITS_CONTAINED); each word of
 * 3+ characters the same, folded (FOLDED_CONTAINED); a 1-2 character word in the contact's name,
 * as the names table matches it (searchCondition `short`), unless `longOnly` (the caller holds
 * those already).
 */
function textConditions(query: string, longOnly = false): { conditions: string[]; params: SQLInputValue[] } {
  const { digits, words } = searchTerms(query);
  if (digits !== null) return { conditions: [DIGITS_CONTAINED], params: [digits, digits, digits] };
  const conditions: string[] = [];
  const params: SQLInputValue[] = [];
  for (const word of words) {
    if (word.length >= 3) {
      conditions.push(FOLDED_CONTAINED);
      params.push(...Array.from({ length: 6 }, () => word));
    } else if (!longOnly) {
      conditions.push(`c.contact_name LIKE ? ESCAPE '\\'`);
      params.push(likeContains(word));
    }
  }
  return { conditions, params };
}

/** The first seq of calls created at or after `instant` (seq is time-ordered, migration 12). */
export function seqAt(instant: string): number {
  return Date.parse(instant) * SEQ_PER_MS;
}

/**
 * WHERE conditions for a filter's fields other than the search, the contact (contactCalls) and the date range, on the table
 * aliased `c`, and the seq range [low, high) that the date range and a keyset bound (`before`:
 * seq < before, `after`: seq > after) leave (seq is time-ordered, so a date range is a seq range).
 */
export function filterConditions(
  filter: ParsedFilter,
  bounds: { before?: number | undefined; after?: number | undefined } = {},
): { conditions: string[]; params: SQLInputValue[]; low: number | null; high: number | null } {
  const conditions: string[] = [];
  const params: SQLInputValue[] = [];
  const lows = [
    filter.from === undefined ? null : seqAt(filter.from),
    bounds.after === undefined ? null : bounds.after + 1,
  ];
  const highs = [filter.to === undefined ? null : seqAt(filter.to), bounds.before ?? null];
  const known = (values: (number | null)[]): number[] => values.filter((value): value is number => value !== null);
  const low = known(lows).length > 0 ? Math.max(...known(lows)) : null;
  const high = known(highs).length > 0 ? Math.min(...known(highs)) : null;
  if (filter.outcomes !== undefined && filter.outcomes.length > 0) {
    const outcomes = filter.outcomes.filter((outcome) => outcome !== 'in_progress');
    const alternatives = outcomes.length > 0 ? [`c.outcome IN (${outcomes.map(() => '?').join(', ')})`] : [];
    params.push(...outcomes);
    if (filter.outcomes.includes('in_progress')) alternatives.push('c.outcome IS NULL');
    conditions.push(`(${alternatives.join(' OR ')})`);
  }
  if (filter.number !== undefined) {
    conditions.push('(c.dest1 = ? OR c.dest2 = ?)');
    params.push(filter.number, filter.number);
  }
  if (filter.mode !== undefined) {
    conditions.push('c.mode = ?');
    params.push(filter.mode);
  }
  return { conditions, params, low, high };
}

/** `column >= low AND column < high` for the bounds that are set. */
export function rangeConditions(
  column: string,
  low: number | null,
  high: number | null,
): { conditions: string[]; params: SQLInputValue[] } {
  const conditions: string[] = [];
  const params: SQLInputValue[] = [];
  if (low !== null) {
    conditions.push(`${column} >= ?`);
    params.push(low);
  }
  if (high !== null) {
    conditions.push(`${column} < ?`);
    params.push(high);
  }
  return { conditions, params };
}

/** How many calls have a contact name matching every 1-2 character term (the names table, not the calls). */
function matchingNameCalls(db: DatabaseSync, patterns: string[]): number {
  const where = patterns.map(() => `name LIKE ? ESCAPE '\\'`).join(' AND ');
  return (
    cached(db, `SELECT coalesce(sum(calls), 0) AS calls FROM call_log_names WHERE ${where}`).get(...patterns) as {
      calls: number;
    }
  ).calls;
}

/** The contact names in the log matching every 1-2 character term, as a JSON array. */
function matchingNames(db: DatabaseSync, patterns: string[]): string {
  const where = patterns.map(() => `name LIKE ? ESCAPE '\\'`).join(' AND ');
  return (
    cached(db, `SELECT json_group_array(name) AS names FROM call_log_names WHERE ${where}`).get(...patterns) as {
      names: string;
    }
  ).names;
}

/**
 * A contact's calls: those linked to it (contact_id, set when the call was placed) and those to any
 * of its numbers now (dest2, E.164), so calls made before the contact existed or before a number
 * was added to it are on its page too.
 */
interface ContactCalls {
  contactId: string;
  numbers: string[];
}

/** The contact's numbers as stored (E.164), from its phones (primary-key range). */
function contactCalls(db: DatabaseSync, contactId: string): ContactCalls {
  const rows = cached(db, 'SELECT DISTINCT e164 FROM contact_phones WHERE contact_id = ?').all(contactId) as {
    e164: string;
  }[];
  return { contactId, numbers: rows.map((row) => row.e164) };
}

/** The contact's calls as one condition on `c` (for reads driven by another index, totals, counts). */
function contactCondition(contact: ContactCalls): { condition: string; params: SQLInputValue[] } {
  return {
    condition: '(c.contact_id = ? OR c.dest2 IN (SELECT value FROM json_each(?)))',
    params: [contact.contactId, JSON.stringify(contact.numbers)],
  };
}

/** One way to read a page: the FROM clause (with the index to drive it) and its extra conditions. */
interface Plan {
  from: string;
  order: 'c.seq' | 'f.rowid' | 'g.rowid';
  conditions: string[];
  params: SQLInputValue[];
  /**
   * Set when a contact's calls drive the read: its streams (by contact_id, by each number) are
   * read page-bounded each and merged, instead of every call of the contact sorted. Holds the
   * conditions other than the contact's.
   */
  contact: {
    calls: ContactCalls;
    conditions: string[];
    params: SQLInputValue[];
    /** The seq range [low, high) the conditions hold, null for unbounded. */
    low: number | null;
    high: number | null;
  } | null;
  /** The matching total when known without counting (else counted up to COUNT_CAP). */
  exactTotal: number | null;
  /** The plan walks the log newest first testing each call (planTotal counts within WALK_COUNT_BUDGET calls). */
  walk: boolean;
  /** The seq range [low, high) of the filter and keyset bounds, null for unbounded. */
  low: number | null;
  high: number | null;
  /** Nothing can match (a 1-2 character term that no name contains). */
  empty: boolean;
  /** The full-text table and FTS5 expression driving the read (order f.rowid or g.rowid), else null. */
  index: { table: 'call_log_fts' | 'call_log_grams'; match: string } | null;
}

/**
 * Chooses how to read the calls matching `filter` so that the cost is bounded by the page, an
 * index range, or a small side table, never by the size of the log:
 * - a 3+ character search is driven by the trigram index in rowid (= time) order, a number, part
 *   of one or 2 typed digits by the digit index (with a contact filter, by the contact's calls when
 *   the term is common);
 * - one typed digit walks newest first (common) or reads the trigram index (rare);
 * - another 1-2 character search reads the names table, then walks newest first (dense) or the name
 *   index (sparse);
 * - a contact or outcome filter uses its index (ordered by seq), otherwise the table's rowid order.
 */
export function planFor(
  db: DatabaseSync,
  filter: ParsedFilter,
  bounds: { before?: number | undefined; after?: number | undefined } = {},
): Plan {
  const search = searchCondition(filter.search);
  const { conditions, params, low, high } = filterConditions(filter, bounds);
  const unfiltered = conditions.length === 0 && low === null && high === null;
  let exactTotal: number | null = null;
  let names: { calls: number } | null = null;
  let walkDigits = false;
  let shortMatch: string | null = null;
  const contact = filter.contactId === undefined ? null : contactCalls(db, filter.contactId);
  const plan = (from: string, order: Plan['order'] = 'c.seq', byContact = false): Plan => {
    // The seq range goes to whatever drives the read: the full-text index seeks to it too.
    const range = rangeConditions(order, low, high);
    const own = contact ? contactCondition(contact) : null;
    const base = { conditions: [...range.conditions, ...conditions], params: [...range.params, ...params] };
    return {
      from,
      order,
      conditions: own ? [...base.conditions, own.condition] : base.conditions,
      params: own ? [...base.params, ...own.params] : base.params,
      contact: byContact && contact ? { calls: contact, ...base, low, high } : null,
      exactTotal,
      walk: from.endsWith('NOT INDEXED'),
      low,
      high,
      empty: false,
      index: null,
    };
  };
  if (contact === null && filter.search.trim() !== '' && fewOutcomeCalls(db, filter.outcomes ?? [], low, high)) {
    // A search within an outcome few calls have ("Cancelled", "In progress"): the term's list may
    // hold none of them, and reading it all cost 35-150 ms at 100,000 calls. The outcome's calls
    // (fewer than RARE_FILTER_CALLS) are read from its index instead, each call's texts tested.
    const text = textConditions(filter.search);
    conditions.push(...text.conditions);
    params.push(...text.params);
    return plan('call_log c INDEXED BY call_log_by_outcome');
  }
  if (search.shortDigits !== null) {
    const read = shortDigitsSearch(db, search.shortDigits);
    if ('none' in read) return emptyPlan();
    if ('match' in read) shortMatch = read.match;
    else {
      conditions.push(DIGITS_CONTAINED);
      params.push(search.shortDigits, search.shortDigits, search.shortDigits);
      walkDigits = true;
    }
  }
  let namesDense = false;
  if (search.short.length > 0) {
    const calls = matchingNameCalls(db, search.short);
    if (calls === 0) return emptyPlan();
    names = { calls };
    namesDense = calls * DENSE_RATIO >= countAll(db);
    if (namesDense) {
      // Common: walk newest first testing each call's name (a match every DENSE_RATIO calls at worst).
      conditions.push(...search.short.map(() => `c.contact_name LIKE ? ESCAPE '\\'`));
      params.push(...search.short);
    } else {
      // Rare: the matching calls from the name index (at most calls / DENSE_RATIO of them).
      conditions.push('c.contact_name IN (SELECT value FROM json_each(?))');
      params.push(matchingNames(db, search.short));
    }
  }
  if (search.grams.length > 0) {
    // A number, part of one, a txn_ref: the digit index drives (digit-grams.ts), newest first by rowid.
    const matches: string[] = [];
    for (const read of search.grams) {
      const match = gramMatch(db, read);
      if (match === null) return emptyPlan();
      matches.push(match);
    }
    const match = matches.join(' AND ');
    const typed = search.grams.length === 1 && /^[0-9]+$/.test(search.grams[0]!.term) ? search.grams[0]!.term : null;
    if (contact === null && typed !== null && (low !== null || high !== null) && longList(db, match)) {
      // Typed digits in many calls ("65", "53"), read from a keyset anchor or within a date range:
      // a rowid bound on a long list of the digit index is found by reading the list entry by
      // entry (20-40 ms deep in 1,000,000 calls), so the log is walked from the bound instead,
      // each call's texts tested (a match every LONG_LIST_RATIO calls or fewer, on average).
      conditions.push(DIGITS_CONTAINED);
      params.push(typed, typed, typed);
      return plan('call_log c NOT INDEXED');
    }
    if (contact !== null && probeList(db, 'call_log_grams', match).calls >= TRIGRAM_PROBE_CAP) {
      // A common part ("65", "6581") in one contact's calls: reading its list for them may read most
      // of it (100 ms at 100,000 calls); the contact's streams drive instead, each call's texts tested.
      for (const read of search.grams) {
        conditions.push(VERIFY_TERM);
        params.push(read.term, read.term, read.term);
      }
      return plan('call_log c', 'c.seq', true);
    }
    for (const read of search.grams) {
      if (!read.verify) continue;
      conditions.push(VERIFY_TERM);
      params.push(read.term, read.term, read.term);
    }
    conditions.unshift('g.call_log_grams MATCH ?');
    params.unshift(match);
    return {
      ...plan('call_log_grams g CROSS JOIN call_log c ON c.seq = g.rowid', 'g.rowid'),
      index: { table: 'call_log_grams', match },
    };
  }
  const matches = [...search.phrases];
  for (const term of search.verify) {
    const read = verifyMatch(db, term);
    if (read === null) return emptyPlan();
    matches.push(read);
  }
  if (shortMatch !== null) matches.push(`(${shortMatch})`);
  if (matches.length > 0) {
    for (const term of search.verify) {
      conditions.push(VERIFY_TERM);
      params.push(term, term, term);
    }
    const match = matches.join(' AND ');
    // A phrase of 2+ trigrams ('"tx00"': its quotes and 4 characters) is checked by positions entry by entry.
    const positional = search.phrases.some((phrase) => phrase.length > 5);
    if (contact === null && positional && (low !== null || high !== null) && denseMatch(db, match)) {
      // A term in most calls ("tx00": both trigrams in every call), read from a keyset anchor or
      // within a date range: a rowid bound on its lists is found by reading them entry by entry
      // with positions (120-270 ms deep in 1,000,000 calls); the log is walked from the bound instead.
      const text = textConditions(filter.search, true);
      conditions.push(...text.conditions);
      params.push(...text.params);
      return plan('call_log c NOT INDEXED');
    }
    conditions.unshift('f.call_log_fts MATCH ?');
    params.unshift(match);
    return {
      ...plan('call_log_fts f CROSS JOIN call_log c ON c.seq = f.rowid', 'f.rowid'),
      index: { table: 'call_log_fts', match },
    };
  }
  if (contact !== null) return plan('call_log c', 'c.seq', true);
  // A common digit: the table's own newest-first order, testing each call (a match every few rows).
  if (walkDigits) return plan('call_log c NOT INDEXED');
  if (names !== null) {
    if (unfiltered) exactTotal = names.calls;
    return plan(namesDense ? 'call_log c NOT INDEXED' : 'call_log c INDEXED BY call_log_by_name');
  }
  if (unfiltered) exactTotal = countAll(db);
  return plan('call_log c');
}

/** A plan that reads nothing: nothing can match. */
function emptyPlan(): Plan {
  return {
    from: 'call_log c',
    order: 'c.seq',
    conditions: [],
    params: [],
    contact: null,
    exactTotal: 0,
    walk: false,
    low: null,
    high: null,
    empty: true,
    index: null,
  };
}

/** The number of calls in the log (kept by triggers, migration 10). */
export function countAll(db: DatabaseSync): number {
  return (cached(db, 'SELECT calls FROM call_log_count').get() as { calls: number } | undefined)?.calls ?? 0;
}

/** The plan's rows, `limit` of them, newest first (`descending`) or oldest first. */
export function planRows(
  db: DatabaseSync,
  planned: Plan,
  descending: boolean,
  limit: number,
): Record<string, SQLInputValue>[] {
  if (planned.empty) return [];
  if (planned.contact) return contactRows(db, planned.contact, descending, limit);
  const where = planned.conditions.length > 0 ? `WHERE ${planned.conditions.join(' AND ')}` : '';
  return cached(
    db,
    `SELECT c.* FROM ${planned.from} ${where} ORDER BY ${planned.order} ${descending ? 'DESC' : 'ASC'} LIMIT ?`,
  ).all(...planned.params, limit) as Record<string, SQLInputValue>[];
}

/**
 * What a count of the plan's matches reads: the full-text table alone when every condition is on
 * it (the MATCH and its rowid range), so counting 1,000 matches skips 1,000 lookups of their calls
 * (~2 ms of a ~3 ms count at 1,000,000 calls); else the plan's own FROM.
 */
function countFrom(planned: Plan): string {
  const index =
    planned.order === 'f.rowid' ? 'call_log_fts f' : planned.order === 'g.rowid' ? 'call_log_grams g' : null;
  const alias = planned.order.slice(0, 2);
  const indexOnly = index !== null && planned.conditions.every((condition) => condition.startsWith(alias));
  return indexOnly ? index : planned.from;
}

/** The plan's total: exact when known or under COUNT_CAP, else COUNT_CAP and not exact. */
export function planTotal(db: DatabaseSync, planned: Plan): { count: number; exact: boolean } {
  if (planned.empty) return { count: 0, exact: true };
  if (planned.exactTotal !== null) return { count: planned.exactTotal, exact: true };
  if (planned.walk) return boundedTotal(db, planned, walkFloor(db, planned));
  if (planned.contact) return contactTotal(db, planned.contact);
  if (planned.index !== null && countFrom(planned) === planned.from) return indexTotal(db, planned, planned.index);
  const where = planned.conditions.length > 0 ? `WHERE ${planned.conditions.join(' AND ')}` : '';
  const counted = (
    cached(db, `SELECT count(*) AS n FROM (SELECT 1 FROM ${countFrom(planned)} ${where} LIMIT ${COUNT_CAP + 1})`).get(
      ...planned.params,
    ) as { n: number }
  ).n;
  return counted > COUNT_CAP ? { count: COUNT_CAP, exact: false } : { count: counted, exact: true };
}

/**
 * The oldest seq a walk's count reaches: its range's WALK_COUNT_BUDGET-th newest call (a step
 * through the rowid b-tree, no column read); undefined when the range holds fewer.
 */
function walkFloor(db: DatabaseSync, planned: Plan): number | undefined {
  const range = rangeConditions('seq', planned.low, planned.high);
  const where = range.conditions.length > 0 ? `WHERE ${range.conditions.join(' AND ')}` : '';
  const row = cached(
    db,
    `SELECT seq FROM call_log ${where} ORDER BY seq DESC LIMIT 1 OFFSET ${WALK_COUNT_BUDGET - 1}`,
  ).get(...range.params) as { seq: number } | undefined;
  return row?.seq;
}

/**
 * Entries of a full-text list whose calls a count looks up when conditions on the calls remain
 * (an outcome filter, a substring check): each costs a lookup of its call (~3 µs), and counting
 * 1,000 "connected" calls among "53"'s list read 5,000 of them (14 ms at any log size).
 */
export const INDEX_COUNT_BUDGET = 1_000;

/**
 * An index-driven total that must look up calls (conditions on `c` remain): its matches among the
 * newest INDEX_COUNT_BUDGET entries of its list in the plan's range, capped at COUNT_CAP; exact
 * when the list holds no more entries than that, else a lower bound. The entries are read as the
 * list's head (ORDER BY rowid DESC LIMIT): a rowid bound on a long list is read entry by entry
 * (38 ms for 1,000 entries of "6581" at 1,000,000 calls, 0.1 ms as a head).
 */
function indexTotal(
  db: DatabaseSync,
  planned: Plan,
  index: NonNullable<Plan['index']>,
): { count: number; exact: boolean } {
  const range = rangeConditions('rowid', planned.low, planned.high);
  const alias = planned.order.slice(0, 2);
  const onCalls = callConditions(planned, alias);
  const head = `SELECT rowid AS seq FROM ${index.table} WHERE ${[`${index.table} MATCH ?`, ...range.conditions].join(' AND ')}
     ORDER BY rowid DESC LIMIT ${INDEX_COUNT_BUDGET}`;
  const where = onCalls.conditions.length > 0 ? `WHERE ${onCalls.conditions.join(' AND ')}` : '';
  const { n, listed } = cached(
    db,
    `SELECT (SELECT count(*) FROM (${head})) AS listed, count(*) AS n FROM (SELECT 1 FROM (${head}) s
     CROSS JOIN call_log c ON c.seq = s.seq ${where} LIMIT ${COUNT_CAP + 1})`,
  ).get(index.match, ...range.params, index.match, ...range.params, ...onCalls.params) as { n: number; listed: number };
  if (n > COUNT_CAP) return { count: COUNT_CAP, exact: false };
  return { count: n, exact: listed < INDEX_COUNT_BUDGET };
}

/**
 * The plan's conditions on the calls (`c`), with their parameters: those not on the full-text
 * table aliased `alias` (its MATCH and rowid range). Parameters follow the conditions' `?` in order.
 */
function callConditions(planned: Plan, alias: string): { conditions: string[]; params: SQLInputValue[] } {
  const conditions: string[] = [];
  const params: SQLInputValue[] = [];
  let next = 0;
  for (const condition of planned.conditions) {
    const count = condition.split('?').length - 1;
    if (!condition.startsWith(alias)) {
      conditions.push(condition);
      params.push(...planned.params.slice(next, next + count));
    }
    next += count;
  }
  return { conditions, params };
}

/**
 * A total counted no further back than `floor` (walkFloor): the plan's matches from
 * there on, capped at COUNT_CAP; exact when there is no floor (the count reached the end of the
 * range), else a lower bound ("37+").
 */
function boundedTotal(db: DatabaseSync, planned: Plan, floor: number | undefined): { count: number; exact: boolean } {
  const conditions = floor === undefined ? planned.conditions : [...planned.conditions, `${planned.order} >= ?`];
  const params = floor === undefined ? planned.params : [...planned.params, floor];
  const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
  const counted = (
    cached(db, `SELECT count(*) AS n FROM (SELECT 1 FROM ${planned.from} ${where} LIMIT ${COUNT_CAP + 1})`).get(
      ...params,
    ) as { n: number }
  ).n;
  if (counted > COUNT_CAP) return { count: COUNT_CAP, exact: false };
  return { count: counted, exact: floor === undefined };
}

/**
 * A contact's total from its streams, each read up to COUNT_CAP + 1 calls from its index: left to
 * itself the planner may drive the count by another filter's index (every connected call) and read
 * most of the log (4 s at 1,000,000 calls).
 */
function contactTotal(db: DatabaseSync, contact: NonNullable<Plan['contact']>): { count: number; exact: boolean } {
  const { arms, params } = contactStreams(contact, true, COUNT_CAP + 1);
  const counted = (cached(db, `SELECT count(*) AS n FROM (${arms})`).get(...params) as { n: number }).n;
  return counted > COUNT_CAP ? { count: COUNT_CAP, exact: false } : { count: counted, exact: true };
}

/**
 * A page of a contact's calls (Plan.contact): the newest (or oldest) `limit` of each stream, by
 * contact_id (call_log_by_contact, in seq order) and by each number (call_log_by_dest2: dest2,
 * created_ms, then the rowid seq, so its order is seq order too), merged and cut to `limit`. At
 * most (1 + numbers) * limit index entries are read, however many calls the contact has.
 */
function contactRows(
  db: DatabaseSync,
  contact: NonNullable<Plan['contact']>,
  descending: boolean,
  limit: number,
): Record<string, SQLInputValue>[] {
  const { sql, params } = contactRowsQuery(contact, descending, limit);
  return cached(db, sql).all(...params) as Record<string, SQLInputValue>[];
}

/** The SQL and parameters of contactRows (exported for its query-plan test). */
export function contactRowsQuery(
  contact: NonNullable<Plan['contact']>,
  descending: boolean,
  limit: number,
): { sql: string; params: SQLInputValue[] } {
  const { arms, params } = contactStreams(contact, descending, limit);
  return {
    sql: `SELECT c.* FROM (${arms}) s CROSS JOIN call_log c ON c.seq = s.seq
     ORDER BY c.seq ${descending ? 'DESC' : 'ASC'} LIMIT ?`,
    params: [...params, limit],
  };
}

/** The UNION of a contact's streams, each its newest (oldest) `limit` seqs, and its parameters. */
function contactStreams(
  contact: NonNullable<Plan['contact']>,
  descending: boolean,
  limit: number,
): { arms: string; params: SQLInputValue[] } {
  const direction = descending ? 'DESC' : 'ASC';
  const shared = contact.conditions.length > 0 ? ` AND ${contact.conditions.join(' AND ')}` : '';
  const arms = [
    `SELECT seq FROM (SELECT c.seq AS seq FROM call_log c INDEXED BY call_log_by_contact
       WHERE c.contact_id = ?${shared} ORDER BY c.seq ${direction} LIMIT ?)`,
    ...contact.calls.numbers.map(
      () => `SELECT seq FROM (SELECT c.seq AS seq FROM call_log c INDEXED BY call_log_by_dest2
       WHERE c.dest2 = ? AND c.created_ms BETWEEN ? AND ?${shared}
       ORDER BY c.created_ms ${direction}, c.seq ${direction} LIMIT ?)`,
    ),
  ];
  // The seq bounds as created_ms bounds, so the number index seeks to them (seq = created_ms * SEQ_PER_MS + n).
  const lowMs = contact.low === null ? Number.MIN_SAFE_INTEGER : Math.floor(contact.low / SEQ_PER_MS);
  const highMs = contact.high === null ? Number.MAX_SAFE_INTEGER : Math.floor((contact.high - 1) / SEQ_PER_MS);
  const params: SQLInputValue[] = [contact.calls.contactId, ...contact.params, limit];
  for (const number of contact.calls.numbers) params.push(number, lowMs, highMs, ...contact.params, limit);
  return { arms: arms.join(' UNION '), params };
}
