import type { CallLogAnchor } from '../../../shared/call-log.ts';

/** A listed call's keyset position: its seq, and for a team row (team-log-page.ts) its team id. */
export interface KeyedItem {
  readonly seq: number;
  readonly teamId?: string | undefined;
}

/** Whether a page from `anchor` reads newest first (newest, olderThan) or oldest first (oldest, newerThan). */
export function readsDescending(anchor: CallLogAnchor): boolean {
  return anchor.kind === 'newest' || anchor.kind === 'olderThan';
}

/** The seq bounds of the rows after `anchor` (exclusive), as planFor takes them. */
export function anchorBounds(anchor: CallLogAnchor): { before?: number; after?: number } {
  return anchor.kind === 'olderThan'
    ? { before: anchor.seq }
    : anchor.kind === 'newerThan'
      ? { after: anchor.seq }
      : {};
}

/** The anchor just past `item` (a team row carries its id: ties within one millisecond). */
export function anchorAt(kind: 'olderThan' | 'newerThan', item: KeyedItem): CallLogAnchor {
  return item.teamId === undefined ? { kind, seq: item.seq } : { kind, seq: item.seq, teamId: item.teamId };
}

/**
 * One keyset page of the log from the rows read after `anchor`, in read order (newest first for
 * `newest`/`olderThan`, oldest first otherwise), at most `limit + 1` of them: the extra row only
 * says that more follow. Returns the first `limit` newest first, with the anchors of the pages
 * older and newer than it (null at either end of the log). Every paging path of the log (the
 * store's `callLog.page`, a team member's log) builds its page here.
 */
export function pageFromRows<T extends KeyedItem>(
  rows: readonly T[],
  anchor: CallLogAnchor,
  limit: number,
): { items: T[]; older: CallLogAnchor | null; newer: CallLogAnchor | null } {
  const descending = readsDescending(anchor);
  const more = rows.length > limit;
  const kept = rows.slice(0, limit);
  const items = descending ? kept : kept.reverse();
  const newest = items[0];
  const oldest = items.at(-1);
  const olderExists = descending ? more : anchor.kind !== 'oldest';
  const newerExists = descending ? anchor.kind !== 'newest' : more;
  return {
    items,
    older: olderExists && oldest ? anchorAt('olderThan', oldest) : null,
    newer: newerExists && newest ? anchorAt('newerThan', newest) : null,
  };
}
