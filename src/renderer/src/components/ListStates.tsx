import type { ReactNode } from 'react';
import { FormattedMessage } from 'react-intl';
import type { ListTotal } from '../../../shared/call-log.ts';
import { EmptyState } from './EmptyState.tsx';
import styles from './ListStates.module.css';

/** What ListStates reads of a list (use-keyset-list.ts `useKeysetList`). */
export interface ListStatus {
  readonly query: {
    readonly data: unknown;
    readonly isError: boolean;
    readonly isPlaceholderData: boolean;
    refetch(): unknown;
  };
  readonly items: readonly unknown[];
  readonly total: ListTotal | null;
}

/**
 * The states around a long list (the Call log and Contacts), one way for both:
 * - failed with nothing to show: an alert with the reason and Try again;
 * - first read under way: a spinner and "Loading <what>…" (role status);
 * - read and empty (not while the previous rows stand in for a new search): `empty`;
 * - else the count line (role status: "100,000 calls", or "1,000+" when not counted further) and the list;
 * - `note` (e.g. "short searches look at names only") beside the count line and under the empty state's hint.
 */
export function ListStates({
  list,
  loadingLabel,
  failed,
  empty,
  count,
  countTestId,
  note,
  children,
}: {
  list: ListStatus;
  /** What is loading, for "Loading {what}…" (e.g. "calls"). */
  loadingLabel: string;
  /** The failure's words (the alert's text). */
  failed: ReactNode;
  /** The empty state: its title and hint (say whether a filter or search hides rows). */
  empty: { readonly title: string; readonly hint: ReactNode };
  /** The count line's words for the list's total. */
  count: (total: ListTotal) => string;
  countTestId: string;
  /** A short note under the count line (and under an empty state's hint), e.g. what a short search looks at; none: nothing. */
  note?: ReactNode;
  children: ReactNode;
}) {
  if (list.query.isError && list.items.length === 0) {
    return (
      <div className="error-panel" role="alert">
        <p>{failed}</p>
        <button type="button" onClick={() => void list.query.refetch()}>
          <FormattedMessage id="common.tryAgain" />
        </button>
      </div>
    );
  }
  if (list.query.data === undefined) {
    return (
      <div className="loading" role="status">
        <span className="spinner" aria-hidden="true" />
        <span className={styles.after}>
          <FormattedMessage id="common.loading" values={{ what: loadingLabel }} />
        </span>
      </div>
    );
  }
  if (list.items.length === 0 && !list.query.isPlaceholderData) {
    return (
      <EmptyState title={empty.title}>
        {empty.hint}
        {note && <span className={styles.note}>{note}</span>}
      </EmptyState>
    );
  }
  return (
    <>
      <p className="muted" role="status" data-testid={countTestId}>
        {list.total === null ? null : count(list.total)}
        {note && <span className={styles.note}>{note}</span>}
      </p>
      {children}
    </>
  );
}
