import Papa from 'papaparse';
import type { DatabaseSync } from 'node:sqlite';
import type { CallLogAnchor, CallLogFilter, CallLogListEntry, CallTotalsQuery } from '../../../shared/call-log.ts';
import type { Contact } from '../../../shared/contacts.ts';
import { AppError } from '../../../shared/errors.ts';
import type { CallLogExportTeam, ExportResult } from '../../../shared/import-export.ts';
import { teamLogCount, teamLogPage } from '../call-log/team-log-page.ts';
import { CALL_LOG_CSV_COLUMNS, safeCell } from '../store/call-log-columns.ts';
import type { CallLogRepository, ContactsRepository } from '../store/index.ts';
import { writeFileAtomically, type WriteChunk } from './atomic-file.ts';
import { contactToVCard } from './vcard-writer.ts';

export interface ExportOptions {
  readonly signal?: AbortSignal;
  /** Records written so far, out of `total`. */
  readonly onProgress?: (processed: number, total: number) => void;
  /** Replace an existing file at the target; otherwise the export fails with 'conflict'. Default false. */
  readonly overwrite?: boolean | undefined;
}

const PAGE_SIZE = 500;
/** Excel needs the BOM to read UTF-8 CSV; our importer and other tools skip it. */
const UTF8_BOM = '\uFEFF';

/** Writes contacts (all, or `ids`) as vCard 4.0 or CSV, streaming page by page. */
export async function exportContacts(
  contacts: ContactsRepository,
  target: string,
  request: { format: 'vcard' | 'csv'; ids?: readonly string[] | undefined },
  options: ExportOptions = {},
): Promise<ExportResult> {
  const total = request.ids ? request.ids.length : contacts.count();
  const maxPhones = Math.max(1, contacts.maxPhoneCount());
  const count = await writeFileAtomically(
    target,
    async (write) => {
      let written = 0;
      let first = true;
      for await (const page of contactPages(contacts, request.ids)) {
        throwIfCancelled(options.signal);
        const chunk =
          request.format === 'vcard' ? page.map(contactToVCard).join('') : contactsCsv(page, maxPhones, first);
        await write(chunk);
        first = false;
        written += page.length;
        options.onProgress?.(written, total);
      }
      if (first && request.format === 'csv') await write(contactsCsv([], maxPhones, true));
      throwIfCancelled(options.signal);
      return written;
    },
    { overwrite: options.overwrite },
  );
  return { path: target, count };
}

async function* contactPages(
  contacts: ContactsRepository,
  ids: readonly string[] | undefined,
): AsyncGenerator<Contact[]> {
  if (ids) {
    for (let start = 0; start < ids.length; start += PAGE_SIZE) {
      const page = contacts.getMany(ids.slice(start, start + PAGE_SIZE));
      if (page.length > 0) yield page;
    }
    return;
  }
  let cursor: Parameters<ContactsRepository['pageByName']>[0] = null;
  do {
    const page = contacts.pageByName(cursor, PAGE_SIZE);
    if (page.items.length > 0) yield page.items;
    cursor = page.next;
  } while (cursor !== null);
}

function contactsCsv(page: readonly Contact[], maxPhones: number, withHeader: boolean): string {
  const phoneColumns = Array.from({ length: maxPhones }, (_, index) => [
    `Phone ${index + 1} - Label`,
    `Phone ${index + 1} - Value`,
  ]).flat();
  const fields = ['Name', 'Company', 'Notes', 'Favourite', ...phoneColumns];
  const data = page.map((contact) => [
    contact.name,
    contact.company,
    contact.notes,
    contact.favourite ? 'yes' : '',
    ...Array.from({ length: maxPhones }, (_, index) => {
      const phone = contact.phones[index];
      // The extension in RFC 3966's ";ext=" form, which this app's import (and libphonenumber) reads back.
      return phone ? [phone.label, phone.e164 + (phone.extension ? `;ext=${phone.extension}` : '')] : ['', ''];
    }).flat(),
  ]);
  return csvChunk(fields, data, withHeader);
}

/** Writes the calls matching `filter` (newest first) as CSV; money stays the exact 3-decimal strings. */
export async function exportCallLogCsv(
  callLog: CallLogRepository,
  target: string,
  filter: CallLogFilter,
  options: ExportOptions = {},
): Promise<ExportResult> {
  let cursor: Parameters<CallLogRepository['pageForExport']>[1] = null;
  let done = false;
  return writeCallsCsv(target, CALL_LOG_CSV_COLUMNS, callLog.countMatching(filter), options, () => {
    if (done) return null;
    const page = callLog.pageForExport(filter, cursor, PAGE_SIZE);
    cursor = page.next;
    done = cursor === null;
    return page.items;
  });
}

/**
 * A team member's log as CSV (issue 15), the calls the list shows for `filter` and the "Placed
 * by" scope (call-log/team-log-page.ts, paged by its keyset), newest first, with the columns of
 * exportCallLogCsv then "Placed by": the member who placed the call, `team.member` (or "you"
 * before the name is known) for this desktop's own calls, empty when nobody in the team did.
 */
export async function exportTeamCallLogCsv(
  db: DatabaseSync,
  target: string,
  filter: CallLogFilter,
  team: CallLogExportTeam,
  options: ExportOptions = {},
): Promise<ExportResult> {
  const placedBy = {
    header: 'Placed by',
    cell: (entry: CallLogListEntry) =>
      entry.placedBy === undefined ? '' : entry.placedBy.kind === 'you' ? team.member || 'you' : entry.placedBy.member,
  };
  const query = { ...filter, team: team.scope };
  let anchor: CallLogAnchor | null = { kind: 'newest' };
  return writeCallsCsv(target, [...CALL_LOG_CSV_COLUMNS, placedBy], teamLogCount(db, query), options, () => {
    if (anchor === null) return null;
    const page = teamLogPage(db, { ...query, anchor, limit: PAGE_SIZE });
    anchor = page.older;
    return page.items;
  });
}

/**
 * Writes a CSV of calls: the header of `columns`, then each page `nextPage` gives (null: no more),
 * reporting progress against `total` and checking for a cancel between pages.
 */
async function writeCallsCsv<T>(
  target: string,
  columns: readonly { header: string; cell: (entry: T) => string | number | null }[],
  total: number,
  options: ExportOptions,
  nextPage: () => T[] | null,
): Promise<ExportResult> {
  const count = await writeFileAtomically(
    target,
    async (write: WriteChunk) => {
      const fields = columns.map((column) => column.header);
      await write(csvChunk(fields, [], true));
      let written = 0;
      for (;;) {
        throwIfCancelled(options.signal);
        const items = nextPage();
        if (items === null) break;
        if (items.length > 0) {
          await write(
            csvChunk(
              fields,
              items.map((entry) => columns.map((column) => column.cell(entry) ?? '')),
              false,
            ),
          );
        }
        written += items.length;
        options.onProgress?.(written, Math.max(total, written));
      }
      throwIfCancelled(options.signal);
      return written;
    },
    { overwrite: options.overwrite },
  );
  return { path: target, count };
}

/**
 * Writes the totals of `query` per day or month (the Insights view's range) as CSV: one row per
 * period and currency spent in it (a period without cost has one row with empty cost columns).
 */
export async function exportTotalsCsv(
  callLog: CallLogRepository,
  target: string,
  query: CallTotalsQuery,
  options: ExportOptions = {},
): Promise<ExportResult> {
  const totals = callLog.totals(query);
  const fields = [
    query.period === 'month' ? 'Month' : 'Day',
    'Calls',
    'Connected calls',
    'Minutes',
    'Cost',
    'Currency',
  ];
  const data = totals.buckets.flatMap((bucket) => {
    const figures = [bucket.bucket, bucket.calls, bucket.connected, bucket.minutes];
    return bucket.costs.length === 0
      ? [[...figures, '', '']]
      : bucket.costs.map((cost) => [...figures, cost.amount, cost.currency]);
  });
  throwIfCancelled(options.signal);
  await writeFileAtomically(target, (write) => write(csvChunk(fields, data, true)), { overwrite: options.overwrite });
  return { path: target, count: totals.buckets.length };
}

function csvChunk(
  fields: readonly string[],
  data: readonly (readonly (string | number)[])[],
  withHeader: boolean,
): string {
  if (data.length === 0)
    return withHeader ? UTF8_BOM + Papa.unparse([fields as string[]], { newline: '\r\n' }) + '\r\n' : '';
  // One formula guard for every cell of every CSV export (safeCell: OWASP CSV injection).
  const body = Papa.unparse(
    {
      fields: [...fields],
      data: data.map((row) => row.map((cell) => (typeof cell === 'string' ? safeCell(cell) : cell))),
    },
    { header: withHeader, newline: '\r\n' },
  );
  return (withHeader ? UTF8_BOM : '') + body + '\r\n';
}

function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AppError('cancelled', 'The export was cancelled; no file was written.');
}
