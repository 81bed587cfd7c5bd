import { useInfiniteQuery, type InfiniteData } from '@tanstack/react-query';
import { useCallback, useMemo, useState } from 'react';

/** A page as the store's keyset operations return it (callLog.page, contacts.page). */
export interface KeysetPage<T, A> {
  readonly items: readonly T[];
  /** Anchor of the page below (older calls, later contacts); null at the end. */
  readonly below: A | null;
  /** Anchor of the page above; null at the top. */
  readonly above: A | null;
  readonly total: { count: number; exact: boolean } | null;
}

/** Pages kept in memory: the window slides, so a list of 1,000,000 rows holds at most this many pages. */
const MAX_PAGES = 6;

/**
 * A window onto a long list read by keyset (issue 13): pages are fetched by anchor from the top
 * (`first`) or, after End, from the bottom (`last`), below and above as the user scrolls, and
 * pages far from the view are dropped (react-query's maxPages), so memory and DOM stay bounded at
 * any list length. `offsetOfFirst` is the window's first row's index in the whole list when known
 * (from the top: rows dropped above; from the bottom: total - rows below), for aria-rowindex.
 * Push events invalidate or patch the pages in the cache; refetching re-reads every page from the
 * same anchors, so rows on screen stay where they are. A different `key` (another search or filter)
 * is a new window read from the top (`first`), with its total: never a window of that key cached
 * earlier, which may have slid down the list or been read from the bottom (a cleared search showed
 * a row from the middle with no count line).
 */
export function useKeysetList<T, A>({
  key,
  first,
  last,
  fetchPage,
  enabled = true,
}: {
  /** The list's cache key without the edge: filters and search. */
  key: readonly unknown[];
  first: A;
  last: A;
  /** Reads one page; `withTotal` on the first page read from either edge. */
  fetchPage: (anchor: A, withTotal: boolean) => Promise<KeysetPage<T, A>>;
  enabled?: boolean;
}) {
  const keyId = JSON.stringify(key);
  // `jump` counts every new window (Home, End, a new key), so no window is ever read from the cache of an earlier one.
  const [shownEdge, setEdge] = useState<{ keyId: string; from: 'first' | 'last'; jump: number }>({
    keyId,
    from: 'first',
    jump: 0,
  });
  // Rows dropped above and below the window since it was read from its edge (for aria-rowindex).
  const [dropped, setDropped] = useState({ above: 0, below: 0 });
  const edge = shownEdge.keyId === keyId ? shownEdge : { keyId, from: 'first' as const, jump: shownEdge.jump + 1 };
  if (edge !== shownEdge) {
    // Kept during render (React re-renders at once, before any effect), and this render already reads the new window.
    setEdge(edge);
    setDropped({ above: 0, below: 0 });
  }
  const start = edge.from === 'first' ? first : last;
  const query = useInfiniteQuery<KeysetPage<T, A>, Error, InfiniteData<KeysetPage<T, A>, A>, readonly unknown[], A>({
    queryKey: [...key, edge.from, edge.jump],
    // By value: callers pass the edge anchors as literals, so a refetch after an invalidation (a new
    // render's object) still asks the edge page for its total.
    queryFn: ({ pageParam }) => fetchPage(pageParam as A, JSON.stringify(pageParam) === JSON.stringify(start)),
    initialPageParam: start,
    getNextPageParam: (page) => page.below,
    getPreviousPageParam: (page) => page.above,
    maxPages: MAX_PAGES,
    enabled,
    placeholderData: (previous) => previous,
  });
  const pages = query.data?.pages;
  const items = useMemo(() => (pages ?? []).flatMap((page) => page.items), [pages]);
  // The total comes with the page read at the window's edge; once the window slides past that page
  // (maxPages drops it) the total is still the list's: it is kept for this window (aria-rowcount and
  // the count line stay exact, not "unknown", deep in a long list).
  const windowKey = JSON.stringify([...key, edge.from, edge.jump]);
  const read = pages?.find((page) => page.total !== null)?.total ?? null;
  const [kept, setKept] = useState<{ windowKey: string; total: { count: number; exact: boolean } } | null>(null);
  if (read !== null && (kept?.windowKey !== windowKey || !sameTotal(kept.total, read))) {
    setKept({ windowKey, total: read });
  }
  const total = read ?? (kept?.windowKey === windowKey ? kept.total : null);

  const fetchBelow = useCallback(async () => {
    if (!query.hasNextPage || query.isFetchingNextPage || query.isFetchingPreviousPage) return;
    const before = query.data?.pages ?? [];
    const after = (await query.fetchNextPage()).data?.pages ?? [];
    // At the page limit the top page was dropped: the window's first row moved down the list.
    if (before.length === MAX_PAGES && after.length === MAX_PAGES && before[0] !== after[0]) {
      const gone = before[0]!.items.length;
      const added = after.at(-1)!.items.length;
      setDropped((current) => ({ above: current.above + gone, below: Math.max(0, current.below - added) }));
    }
  }, [query]);
  const fetchAbove = useCallback(async () => {
    if (!query.hasPreviousPage || query.isFetchingNextPage || query.isFetchingPreviousPage) return;
    const before = query.data?.pages ?? [];
    const after = (await query.fetchPreviousPage()).data?.pages ?? [];
    if (before.length === MAX_PAGES && after.length === MAX_PAGES && before.at(-1) !== after.at(-1)) {
      const gone = before.at(-1)!.items.length;
      const added = after[0]!.items.length;
      setDropped((current) => ({ above: Math.max(0, current.above - added), below: current.below + gone }));
    }
  }, [query]);
  const jump = useCallback((to: 'first' | 'last') => {
    setDropped({ above: 0, below: 0 });
    setEdge((current) => ({ keyId: current.keyId, from: to, jump: current.jump + 1 }));
  }, []);

  const atTop = query.data !== undefined && !query.hasPreviousPage;
  const atBottom = query.data !== undefined && !query.hasNextPage;
  let offsetOfFirst: number | null = null;
  if (atTop) offsetOfFirst = 0;
  else if (edge.from === 'first') offsetOfFirst = dropped.above;
  else if (total?.exact) offsetOfFirst = total.count - dropped.below - items.length;
  return {
    query,
    windowId: query.isPlaceholderData ? null : windowKey,
    items,
    total,
    edge: edge.from,
    atTop,
    atBottom,
    offsetOfFirst,
    fetchBelow,
    fetchAbove,
    jump,
  };
}

function sameTotal(a: { count: number; exact: boolean }, b: { count: number; exact: boolean }): boolean {
  return a.count === b.count && a.exact === b.exact;
}
