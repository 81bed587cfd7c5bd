/**
 * Finding calls in voice/get_history (hoiio-api.md §2.3): newest first, 100 per page. Used to
 * learn what became of a call whose voice/call request had no readable answer (matched by
 * its tag, the local call id) and to reconcile calls left unfinished by a previous run.
 */
import type { HoiioClient } from '../hoiio/client.ts';
import type { CallStatus } from '../hoiio/schemas.ts';

/** Bounds the pages read in one search: 500 calls cover far more than any window we ask for. */
export const MAX_HISTORY_PAGES = 5;

export interface HistoryWindow {
  readonly from: Date;
  readonly to: Date;
}

export interface ReadHistoryOptions {
  /** Called just before each page is requested (1 first): lets the caller charge it to a RequestBudget. */
  readonly beforePage?: ((page: number) => void) | undefined;
}

/** Every history entry in the window (up to MAX_HISTORY_PAGES pages), newest first. */
export async function readHistory(
  client: Pick<HoiioClient, 'getHistory'>,
  window: HistoryWindow,
  options: ReadHistoryOptions = {},
): Promise<CallStatus[]> {
  const entries: CallStatus[] = [];
  for (let page = 1; page <= MAX_HISTORY_PAGES; page += 1) {
    options.beforePage?.(page);
    const result = await client.getHistory({ from: window.from, to: window.to, page });
    entries.push(...result.entries);
    if (result.entries.length === 0 || entries.length >= result.totalEntriesCount) break;
  }
  return entries;
}

/** The window around a call's creation in which Hoiio's entry for it must lie. */
export function windowAround(createdAt: string, slackMs: number, now: Date): HistoryWindow {
  const created = Date.parse(createdAt);
  return {
    from: new Date(created - slackMs),
    to: new Date(Math.min(created + slackMs, now.getTime() + slackMs)),
  };
}

/** The entry for a call: its tag is the call's local id, or its txn_ref matches. */
export function matchEntry(
  entries: readonly CallStatus[],
  call: { readonly id: string; readonly txnRef: string | null },
): CallStatus | undefined {
  return entries.find((entry) => entry.tag === call.id || (call.txnRef !== null && entry.txnRef === call.txnRef));
}
