import type { JobProgress } from '../../../shared/import-export.ts';
import type { Job } from './use-job.ts';
import { formatNumber } from './format.ts';

const PHASES: Record<JobProgress['phase'], string> = {
  reading: 'Reading the file',
  checking: 'Checking the numbers',
  saving: 'Saving the contacts',
  writing: 'Writing the file',
};

/** What the user reads under the bar: the step, then how far it is. */
function describeProgress(progress: JobProgress | null): string {
  if (!progress) return 'Starting…';
  const step = PHASES[progress.phase];
  if (progress.total === 0) return `${step}…`;
  // While reading, processed/total count characters: a percentage says more than the raw figures.
  if (progress.phase === 'reading') return `${step}… ${Math.floor((progress.processed / progress.total) * 100)}%`;
  return `${step}… ${formatNumber(progress.processed)} of ${formatNumber(progress.total)}`;
}

/**
 * A running job's progress bar (indeterminate until the first report) with Cancel, or how it
 * stopped: cancelled (a status) or failed (an alert with the app's message). Nothing once done.
 */
export function JobStatus<T>({ job, label }: { job: Job<T>; label: string }) {
  const { state } = job;
  if (state.status === 'running') {
    const { progress } = state;
    const text = describeProgress(progress);
    return (
      <div className="job-progress" data-testid="job-progress">
        {progress ? (
          <progress aria-label={label} aria-valuetext={text} value={progress.processed} max={progress.total || 1} />
        ) : (
          <progress aria-label={label} aria-valuetext={text} />
        )}
        <span className="muted" aria-live="polite">
          {text}
        </span>
        <button type="button" onClick={job.cancel}>
          Cancel
        </button>
      </div>
    );
  }
  if (state.status === 'cancelled') {
    return (
      <p className="muted" role="status">
        {state.message}
      </p>
    );
  }
  if (state.status === 'error') {
    return (
      <p className="error-text" role="alert">
        {state.message}
      </p>
    );
  }
  return null;
}
