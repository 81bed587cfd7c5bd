import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { FormFieldErrorsProvider, useFieldErrors } from '../components/use-field-errors.tsx';
import { JobStatus } from './JobStatus.tsx';
import type { Job } from './use-job.ts';
import styles from './io.module.css';

/**
 * The frame of an import or export: a titled form whose fields lock while the job runs, its
 * progress with Cancel, and, once done, what happened (`done`) with a button to close. Focus moves
 * into the panel when it opens and back to what opened it when it closes; Escape closes it (not
 * while the job runs: Cancel stops a job).
 */
export function IoPanel<T>({
  title,
  job,
  submitLabel,
  canSubmit,
  onSubmit,
  onClose,
  done,
  aside,
  fieldError,
  children,
}: {
  title: string;
  job: Job<T>;
  submitLabel: string;
  canSubmit: boolean;
  onSubmit: () => void;
  onClose: () => void;
  done: (value: T) => ReactNode;
  /** Shown below the form until the job is done (e.g. undo of the previous import). */
  aside?: ReactNode;
  /**
   * A refusal from outside the job (e.g. restore's file check): its field problems are shown beside
   * the fields like the job's own. The job's failure is used when this is absent.
   */
  fieldError?: unknown;
  children: ReactNode;
}) {
  const intl = useIntl();
  const id = useId();
  const running = job.state.status === 'running';
  const headingRef = useRef<HTMLHeadingElement>(null);
  // Read while rendering the first time: the button that opened the panel still has focus then.
  const [opener] = useState(() => document.activeElement);
  useEffect(() => {
    headingRef.current?.focus();
    return () => {
      if (opener instanceof HTMLElement && opener.isConnected) opener.focus();
    };
  }, [opener]);
  // The job's refusal (or the form's own check) names fields: each is marked and worded beside it, focus
  // moves to the first. Declared before the effect below, so that focus is on the field when it looks.
  const { formRef, reported, fieldProps, errorFor, markEdited } = useFieldErrors(
    fieldError ?? (job.state.status === 'error' ? job.state.error : null),
  );
  // The job's refusal about a field (the chosen file) is worded beside that field, once: not again below the form.
  const jobRefusalBesideFields =
    (fieldError ?? null) === null && job.state.status === 'error' && Object.keys(reported).length > 0;
  // When the job stops, its Cancel button goes away: keep focus in the panel.
  const status = job.state.status;
  useEffect(() => {
    if (status !== 'running' && document.activeElement === document.body) headingRef.current?.focus();
  }, [status]);
  // A dialog inside the panel (e.g. "Replace the file?") gives focus back to what had it when it opened;
  // when that was nothing (the button was disabled while working), keep focus in the panel, not the body.
  const sectionRef = useRef<HTMLElement>(null);
  useEffect(() => {
    const section = sectionRef.current;
    if (!section) return;
    const onDialogClose = () => {
      const active = document.activeElement;
      // With nothing to go back to, focus stays on a button of the now hidden dialog, then falls to the body.
      if (!active || active === document.body || active.closest('dialog:not([open])')) headingRef.current?.focus();
    };
    // `close` does not bubble: listen in the capture phase.
    section.addEventListener('close', onDialogClose, true);
    return () => section.removeEventListener('close', onDialogClose, true);
  }, []);
  const closeOnEscape = (event: KeyboardEvent) => {
    // A modal <dialog> inside the panel handles its own Escape.
    if (event.key !== 'Escape' || running || (event.target as Element).closest('dialog')) return;
    event.preventDefault();
    onClose();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (canSubmit && !running) onSubmit();
  };
  return (
    <section ref={sectionRef} className={`panel ${styles.panel}`} aria-labelledby={id} onKeyDown={closeOnEscape}>
      <h2 id={id} ref={headingRef} tabIndex={-1}>
        {title}
      </h2>
      {job.state.status === 'done' ? (
        <>
          {done(job.state.value)}
          <button type="button" onClick={onClose} autoFocus>
            <FormattedMessage id="common.done" />
          </button>
        </>
      ) : (
        <form ref={formRef} onSubmit={submit} aria-labelledby={id}>
          <fieldset className={`form-grid ${styles.fields}`} disabled={running}>
            <FormFieldErrorsProvider value={{ fieldProps, errorFor, markEdited }}>{children}</FormFieldErrorsProvider>
            <span />
            <div className="row">
              <button type="submit" className="primary" disabled={!canSubmit}>
                {submitLabel}
              </button>
              <button type="button" onClick={onClose}>
                <FormattedMessage id="common.close" />
              </button>
            </div>
          </fieldset>
          <JobStatus
            job={job}
            label={intl.formatMessage({ id: 'io.progress' }, { title })}
            refusalShownBesideFields={jobRefusalBesideFields}
          />
          {!running && aside}
        </form>
      )}
    </section>
  );
}
