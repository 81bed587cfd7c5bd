import { useCallback, useState } from 'react';
import { useDebounced } from './use-debounced.ts';

const PAGE_SIZE = 50;

/**
 * The state behind a searchable, paged list: the text as typed, the settled query to load,
 * and how many rows to show. A new search or filter starts again from the first page.
 */
export function usePagedSearch() {
  const [search, setSearchText] = useState('');
  const [limit, setLimit] = useState(PAGE_SIZE);
  const query = useDebounced(search.trim());
  const firstPage = useCallback(() => setLimit(PAGE_SIZE), []);
  const setSearch = useCallback((text: string) => {
    setSearchText(text);
    setLimit(PAGE_SIZE);
  }, []);
  const showMore = useCallback(() => setLimit((current) => current + PAGE_SIZE), []);
  return { search, setSearch, query, limit, firstPage, showMore };
}
