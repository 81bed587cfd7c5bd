import { FormattedMessage, useIntl, type IntlShape } from 'react-intl';
import type { JobProgress } from '../../../shared/import-export.ts';
import { describeError, describeErrorInFull } from '../i18n/format.ts';
import type { Job } from './use-job.ts';
import styles from './io.module.css';

/** What the user reads under the bar: the step (`io.phase.*`), then how far it is. */
function describeProgress(intl: IntlShape, progress: JobProgress | null): string {
  if (!progress) return intl.formatMessage({ id: 'io.starting' });
  const step = intl.formatMessage({ id: `io.phase.${progress.phase}` });
  if (progress.total === 0) return intl.formatMessage({ id: 'io.step' }, { step });
  // While reading, processed/total count characters: a percentage says more than the raw figures.
  if (progress.phase === 'reading')
    return intl.formatMessage({ id: 'io.stepPercent' }, { step, fraction: progress.processed / progress.total });
  return intl.formatMessage({ id: 'io.stepCount' }, { step, processed: progress.processed, total: progress.total });
}

/**
 * A running job's progress bar (indeterminate until the first report) with Cancel, or how it
 * stopped: cancelled (a status) or failed (an alert with the app's message). Nothing once done,
 * nor for a failure whose every problem the form already words beside its field
 * (`refusalShownBesideFields`: a screen reader would announce it twice).
 */
export function JobStatus<T>({
  job,
  label,
  refusalShownBesideFields = false,
}: {
  job: Job<T>;
  label: string;
  refusalShownBesideFields?: boolean;
}) {
  const intl = useIntl();
  const { state } = job;
  if (state.status === 'running') {
    const { progress } = state;
    const text = describeProgress(intl, progress);
    return (
      <div className={styles.progress} data-testid="job-progress">
        {progress && progress.total > 0 ? (
          <progress aria-label={label} aria-valuetext={text} value={progress.processed} max={progress.total} />
        ) : (
          // Indeterminate: not started yet, or a phase with nothing to count (a backup's copy and check).
          <progress aria-label={label} aria-valuetext={text} />
        )}
        <span className="muted" aria-live="polite">
          {text}
        </span>
        <button type="button" onClick={job.cancel}>
          <FormattedMessage id="common.cancel" />
        </button>
      </div>
    );
  }
  if (state.status === 'cancelled') {
    return (
      <p className="muted" role="status">
        {describeError(intl, state.error)}
      </p>
    );
  }
  if (state.status === 'error' && !refusalShownBesideFields) {
    return (
      <p className="error-text" role="alert">
        {describeErrorInFull(intl, state.error)}
      </p>
    );
  }
  return null;
}
