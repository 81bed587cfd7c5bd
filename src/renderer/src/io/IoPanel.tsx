import { useId, type FormEvent, type ReactNode } from 'react';
import { JobStatus } from './JobStatus.tsx';
import type { Job } from './use-job.ts';

/**
 * The frame of an import or export: a titled form whose fields lock while the job runs, its
 * progress with Cancel, and, once done, what happened (`done`) with a button to close.
 */
export function IoPanel<T>({
  title,
  job,
  submitLabel,
  canSubmit,
  onSubmit,
  onClose,
  done,
  children,
}: {
  title: string;
  job: Job<T>;
  submitLabel: string;
  canSubmit: boolean;
  onSubmit: () => void;
  onClose: () => void;
  done: (value: T) => ReactNode;
  children: ReactNode;
}) {
  const id = useId();
  const running = job.state.status === 'running';
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (canSubmit && !running) onSubmit();
  };
  return (
    <section className="panel io-panel" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {job.state.status === 'done' ? (
        <>
          {done(job.state.value)}
          <button type="button" onClick={onClose} autoFocus>
            Done
          </button>
        </>
      ) : (
        <form onSubmit={submit} aria-labelledby={id}>
          <fieldset className="form-grid io-fields" disabled={running}>
            {children}
            <span />
            <div className="row">
              <button type="submit" className="primary" disabled={!canSubmit}>
                {submitLabel}
              </button>
              <button type="button" onClick={onClose}>
                Close
              </button>
            </div>
          </fieldset>
          <JobStatus job={job} label={`${title} progress`} />
        </form>
      )}
    </section>
  );
}
