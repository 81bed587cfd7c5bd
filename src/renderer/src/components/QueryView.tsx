import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { FormattedMessage } from 'react-intl';
import { useFormat } from '../i18n/format.ts';

/** Shows a spinner while a query first loads, its error with Try again, or the content (kept while refreshing). */
export function QueryView<T>({
  query,
  label,
  children,
}: {
  query: UseQueryResult<T>;
  /** What is loading, as a phrase for "Loading {label}…" ("contacts"). */
  label: string;
  children: (value: T) => ReactNode;
}) {
  const { error } = useFormat();
  if (query.data !== undefined) return <>{children(query.data)}</>;
  if (query.isError) {
    return (
      <div className="error-panel" role="alert">
        <p>
          <FormattedMessage id="common.loadFailed" values={{ what: label, reason: error(query.error) }} />
        </p>
        <button type="button" onClick={() => void query.refetch()}>
          <FormattedMessage id="common.tryAgain" />
        </button>
      </div>
    );
  }
  return (
    <div className="loading" role="status">
      <span className="spinner" aria-hidden="true" /> <FormattedMessage id="common.loading" values={{ what: label }} />
    </div>
  );
}
