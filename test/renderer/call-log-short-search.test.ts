/**
 * A search of 1-2 characters matches contact names only (the search index holds 3-character runs:
 * call-log-search.ts `searchCondition`); the log says so beside its count or empty state.
 * `searchesNamesOnly` decides when, from the search as sent.
 */
import { describe, expect, it } from 'vitest';
import { searchesNamesOnly } from '../../src/renderer/src/call-log/call-log-filter.ts';

describe('searchesNamesOnly', () => {
  it.each(['TX', 'T', ' tx ', 'TX 0042', 'Li Wei'])('%s is searched in names only', (search) => {
    expect(searchesNamesOnly(search)).toBe(true);
  });

  it.each(['', '   ', 'TX0', 'Zoë', 'Grace', 'invoice 42x', '4', '41', '+6', '(415) 55'])(
    '%s is searched in numbers, references and notes too',
    (search) => {
      expect(searchesNamesOnly(search)).toBe(false);
    },
  );
});
