/**
 * The pieces every Settings panel shares: a titled section whose content waits for one query, and
 * the one-line feedback (saved / why not) under a form.
 */
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { FormattedMessage } from 'react-intl';
import { QueryView } from '../components/QueryView.tsx';
import { useFormat } from '../i18n/format.ts';

/** What a form's last action said: a worded success, or the error to word from the catalogue. */
export type Feedback = { kind: 'ok'; text: string } | { kind: 'error'; error: unknown } | null;

export function FeedbackLine({ feedback }: { feedback: Feedback }) {
  const { error } = useFormat();
  if (!feedback) return null;
  return feedback.kind === 'ok' ? (
    <p className="ok-text" role="status">
      {feedback.text}
    </p>
  ) : (
    <p className="error-text" role="alert">
      {error(feedback.error)}
    </p>
  );
}

/** A Settings panel: heading `titleId` (catalogue) labelling the section, then `children` once `query` has data. */
export function QueryPanel<T>({
  headingId,
  titleId,
  query,
  loadingLabel,
  children,
}: {
  headingId: string;
  titleId: string;
  query: UseQueryResult<T>;
  /** What is loading, as a phrase for "Loading {label}…". */
  loadingLabel: string;
  children: (value: T) => ReactNode;
}) {
  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>
        <FormattedMessage id={titleId} />
      </h2>
      <QueryView query={query} label={loadingLabel}>
        {children}
      </QueryView>
    </section>
  );
}
