import type { SQLInputValue } from 'node:sqlite';
import type { CallLogFilterSchema } from '../../../shared/call-log.ts';
import { digitAlternatives, likeContains, searchTerms } from './search-text.ts';

/** Keyset position in newest-first order, for exports that read the log in pages. */
export interface CallLogCursor {
  createdMs: number;
  seq: number;
}

export type ParsedFilter = ReturnType<typeof CallLogFilterSchema.parse>;

/** The trigram MATCH expression for the search box (terms of 3+ characters) and LIKE conditions for shorter ones. */
export function searchCondition(query: string): { match: string | null; short: { sql: string; params: string[] }[] } {
  const { digits, words } = searchTerms(query);
  // Each term is a set of alternatives (a national number may be typed with its trunk "0").
  const terms = digits !== null ? [digitAlternatives(digits)] : words.map((word) => [word]);
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
export function buildWhere(
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
