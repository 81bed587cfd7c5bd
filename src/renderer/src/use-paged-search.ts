import { useCallback, useState } from 'react';
import { useDebounced } from './use-debounced.ts';

const PAGE_SIZE = 50;

/**
 * The state behind a searchable, paged list: the text as typed, the settled query to load,
 * and how many rows to show. Paging belongs to a query: a new settled query (or a new
 * filter, through `firstPage`) starts again from the first page.
 */
export function usePagedSearch() {
  const [search, setSearch] = useState('');
  const query = useDebounced(search.trim());
  const [paging, setPaging] = useState({ query, limit: PAGE_SIZE });
  const limit = paging.query === query ? paging.limit : PAGE_SIZE;
  const firstPage = useCallback(() => setPaging({ query, limit: PAGE_SIZE }), [query]);
  const showMore = useCallback(() => setPaging({ query, limit: limit + PAGE_SIZE }), [query, limit]);
  return { search, setSearch, query, limit, firstPage, showMore };
}
