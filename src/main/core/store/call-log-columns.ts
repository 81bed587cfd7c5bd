import type { SQLInputValue } from 'node:sqlite';
import type { CallLogEntry } from '../../../shared/call-log.ts';
import type { CallRecord } from '../../../shared/calls.ts';
import { moneyToThousandths, thousandthsToMoney } from './money.ts';
import { numberSearchDigits } from './search-text.ts';
import { SEQ_PER_MS } from './migrations.ts';
import { contactForNumberSql } from './call-contact-link.ts';

/**
 * The call-log row, defined ONCE: every column of `call_log` that the app writes from a
 * CallRecord, how it is stored and read back, and its CSV export column. The INSERT and UPDATE
 * statements, the row -> record mapping and the CSV export all derive from this table, and
 * test/store/call-log-columns.test.ts checks it matches the migrated schema.
 *
 * Adding "a field on a call": one entry here, one appended migration step (migrations.ts), the
 * field in CallRecordSchema (src/shared/calls.ts), the handler that sets it, and the UI.
 */
export interface CallLogColumn {
  /** The SQL column name. */
  readonly column: string;
  /** The value to store for `record`. */
  readonly toRow: (record: CallRecord) => SQLInputValue;
  /** The record field this column holds (absent for derived columns such as search_text). */
  readonly field?: keyof CallRecord;
  /** Reads the field back from the stored value. Default: the value as stored. */
  readonly fromRow?: (value: SQLInputValue) => unknown;
  /** The CSV export column (header, cell); absent: not exported. */
  readonly csv?: { readonly header: string; readonly cell: (entry: CallLogEntry) => string | number | null };
}

/** A column that stores one record field as it is. */
function field<K extends keyof CallRecord>(column: string, key: K, csv?: CallLogColumn['csv']): CallLogColumn {
  return { column, field: key, toRow: (record) => record[key] as SQLInputValue, ...(csv ? { csv } : {}) };
}

/** Money is stored as integer thousandths (exact, summable) and crosses the wire as "0.000" strings. */
function money(column: string, key: 'rate' | 'debit', header: string): CallLogColumn {
  return {
    column,
    field: key,
    toRow: (record) => (record[key] === null ? null : moneyToThousandths(record[key])),
    fromRow: (value) => (value === null ? null : thousandthsToMoney(Number(value))),
    csv: { header, cell: (entry) => entry[key] },
  };
}

/**
 * The CSV exports' formula guard (OWASP "CSV Injection"), applied by io/export.ts to EVERY cell of
 * the call-log and contacts exports: a cell starting with =, +, -, @, a tab or a carriage return
 * gets a leading "'" so a spreadsheet shows it instead of running it. A cell that is a plain
 * number is data, not a formula, and stays as it is: a phone number in E.164 ("+6591234567", a
 * '+' then digits only), a negative amount ("-0.500"). Anything else after the sign ("+65 9123",
 * "+6561234567;ext=99", "-1+2") is guarded. The contacts import (io/csv-reader.ts) removes the "'".
 */
export function safeCell(text: string): string {
  if (/^[+-]?\d+(\.\d+)?$/.test(text)) return text;
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/**
 * What the log's full-text index holds for a call. dest1 (the user's own phone, the same on
 * nearly every call) is left out: it would make every number search match everything; the
 * `number` filter covers it.
 */
export function searchText(record: CallRecord): string {
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

/** In CSV export order (columns without `csv` are not exported). */
export const CALL_LOG_COLUMNS: readonly CallLogColumn[] = [
  field('created_at', 'createdAt', { header: 'Time', cell: (entry) => entry.createdAt }),
  { column: 'created_ms', toRow: (record) => Date.parse(record.createdAt) },
  field('dest1', 'dest1', { header: 'Your number', cell: (entry) => entry.dest1 }),
  field('dest2', 'dest2', { header: 'Called number', cell: (entry) => entry.dest2 }),
  // contact_name is kept by SQL (from contacts, see the statements): exported here through the entry.
  field('contact_id', 'contactId', { header: 'Contact', cell: (entry) => entry.contactName }),
  field('outcome', 'outcome', { header: 'Outcome', cell: (entry) => entry.outcome }),
  field('state', 'state', { header: 'State', cell: (entry) => entry.state }),
  field('status_dest1', 'statusDest1', { header: 'Your leg', cell: (entry) => entry.statusDest1 }),
  field('status_dest2', 'statusDest2', { header: 'Their leg', cell: (entry) => entry.statusDest2 }),
  // Not exported: Hoiio reports no answer time (both legs say "ongoing" until the end, hoiio-api.md
  // section 4), so nothing sets it and the column was always empty.
  field('answered_at', 'answeredAt'),
  field('ended_at', 'endedAt', { header: 'Ended at', cell: (entry) => entry.endedAt }),
  field('duration_minutes', 'durationMinutes', {
    header: 'Duration (minutes)',
    cell: (entry) => entry.durationMinutes,
  }),
  money('rate_milli', 'rate', 'Rate'),
  money('debit_milli', 'debit', 'Debit'),
  field('currency', 'currency', { header: 'Currency', cell: (entry) => entry.currency }),
  field('caller_id', 'callerId', { header: 'Caller ID', cell: (entry) => entry.callerId }),
  field('txn_ref', 'txnRef', { header: 'Hoiio txn_ref', cell: (entry) => entry.txnRef }),
  field('final_source', 'finalSource', { header: 'Final state from', cell: (entry) => entry.finalSource }),
  field('error_status', 'errorStatus', {
    header: 'Error',
    cell: (entry) => [entry.errorStatus, entry.errorMessage].filter(Boolean).join(': '),
  }),
  field('error_message', 'errorMessage'),
  field('mode', 'mode', { header: 'Mode', cell: (entry) => entry.mode }),
  field('id', 'id', { header: 'Call id', cell: (entry) => entry.id }),
  field('tag', 'tag'),
  field('updated_at', 'updatedAt'),
  // When the app's own Hang up was used (migration 5): Hoiio cannot tell who hung up (outcome words).
  { column: 'hangup_requested_at', field: 'hangupRequestedAt', toRow: (record) => record.hangupRequestedAt ?? null },
  { column: 'extension', field: 'extension', toRow: (record) => record.extension ?? null },
  { column: 'search_text', toRow: searchText },
];

/**
 * Columns of `call_log` the table above deliberately leaves out: `seq` (the rowid, for the
 * full-text index), `contact_name` (the linked contact's name, kept by SQL on insert and
 * rename, and re-linked by number when the contacts holding the call's number change:
 * call-contact-link.ts; a deleted contact's name stays while no other contact holds the number) and `note_text` (the call's notes,
 * kept by triggers on `call_notes` (migration 10) so the full-text index finds a word of a note).
 */
export const SQL_MANAGED_COLUMNS = ['seq', 'contact_name', 'note_text'] as const;

/** The named parameters for the INSERT/UPDATE statements: `:<column>` for each column. */
export function rowParams(record: CallRecord): Record<string, SQLInputValue> {
  return Object.fromEntries(CALL_LOG_COLUMNS.map((column) => [column.column, column.toRow(record)]));
}

/** A stored row back as the record (the inverse of rowParams). */
export function rowToRecord(row: Record<string, SQLInputValue>): CallRecord {
  const record: Record<string, unknown> = {};
  for (const column of CALL_LOG_COLUMNS) {
    if (!column.field) continue;
    const value = row[column.column] ?? null;
    record[column.field] = column.fromRow ? column.fromRow(value) : value;
  }
  return record as unknown as CallRecord;
}

export function rowToEntry(row: Record<string, SQLInputValue>): CallLogEntry {
  return {
    ...rowToRecord(row),
    contactName: (row.contact_name as string | null) ?? null,
    note: (row.note_text as string | null) ?? null,
  };
}

/** The CSV export's columns, in order: the call's columns, then its notes (one per author, a line each). */
export const CALL_LOG_CSV_COLUMNS = [
  ...CALL_LOG_COLUMNS.flatMap((column) => (column.csv ? [column.csv] : [])),
  { header: 'Note', cell: (entry: CallLogEntry) => entry.note },
];

/** The contact a new call row links to: the one given, else the number's holder (call-contact-link.ts). */
const INSERT_CONTACT = `(SELECT id, name FROM contacts WHERE id = :contact_id
  UNION ALL SELECT * FROM (${contactForNumberSql(':dest2', ':extension')}) LIMIT 1)`;

/**
 * `INSERT INTO call_log (...)`: every column of the table, with contact_id and contact_name from
 * the contact given (it still exists) else the contact holding the number (call-contact-link.ts's
 * rule), and the time-ordered seq (migration 10): created_ms * SEQ_PER_MS plus how many calls this
 * millisecond already has, so newest-first is rowid order whatever order calls arrive in.
 */
export const INSERT_CALL_SQL = `INSERT INTO call_log (${CALL_LOG_COLUMNS.map((column) => column.column).join(', ')}, contact_name, seq)
  VALUES (${CALL_LOG_COLUMNS.map((column) =>
    column.column === 'contact_id' ? `(SELECT id FROM ${INSERT_CONTACT})` : `:${column.column}`,
  ).join(', ')}, (SELECT name FROM ${INSERT_CONTACT}),
    (SELECT coalesce(max(seq) + 1, CAST(:created_ms AS INTEGER) * ${SEQ_PER_MS}) FROM call_log
     WHERE seq >= CAST(:created_ms AS INTEGER) * ${SEQ_PER_MS} AND seq < (CAST(:created_ms AS INTEGER) + 1) * ${SEQ_PER_MS}))`;

/**
 * `UPDATE call_log SET ...` by id. The call's contact (contact_id, contact_name) is left as stored:
 * it follows the contacts holding the number (call-contact-link.ts triggers), and a record read
 * before a re-link must not put the old contact back.
 */
export const UPDATE_CALL_SQL = `UPDATE call_log SET ${CALL_LOG_COLUMNS.filter(
  (column) => column.column !== 'id' && column.column !== 'contact_id',
)
  .map((column) => `${column.column} = :${column.column}`)
  .join(', ')}
  WHERE id = :id`;

/** The named parameters for UPDATE_CALL_SQL: rowParams without the contact, which an update leaves as stored. */
export function updateParams(record: CallRecord): Record<string, SQLInputValue> {
  const { contact_id: _contact, ...params } = rowParams(record);
  return params;
}
