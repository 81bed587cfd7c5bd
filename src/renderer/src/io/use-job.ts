import { useCallback, useEffect, useRef, useState } from 'react';
import { AppError, type ErrorCode } from '../../../shared/errors.ts';
import type { JobProgress } from '../../../shared/import-export.ts';
import type { JobFinished } from '../../../shared/job-finished.ts';
import { isRequestTimeout } from '../../../shared/request-timeout.ts';
import { useBridge } from '../bridge-context.tsx';

export type JobState<T> =
  | { status: 'idle' }
  /** `progress` is null until main reports the first step. */
  | { status: 'running'; jobId: string; progress: JobProgress | null }
  | { status: 'done'; value: T }
  /** `error` says what was undone (worded with describeError). */
  | { status: 'cancelled'; error: unknown }
  /** `error` is worded with describeError. */
  | { status: 'error'; code: ErrorCode | null; error: unknown };

/** How a job ended, as its answer or its `jobFinished` event says. */
function endState<T>(result: { ok: true; value: T } | { ok: false; error: unknown }): JobState<T> {
  if (result.ok) return { status: 'done', value: result.value };
  const { error } = result;
  const code = error instanceof AppError ? error.code : null;
  return code === 'cancelled' ? { status: 'cancelled', error } : { status: 'error', code, error };
}

export interface Job<T> {
  readonly state: JobState<T>;
  /** Runs one import or export under a fresh job id, following its importExportProgress events. */
  start(run: (jobId: string) => Promise<T>): Promise<void>;
  /** Asks main to stop the running job; its promise then fails with 'cancelled'. */
  cancel(): void;
  reset(): void;
}

/**
 * One long import/export job: its id (chosen here, so progress can be matched before the result
 * arrives), live progress, and how it ended. A job left running when the view closes finishes in main.
 * When the request is answered with a timeout (shared/request-timeout.ts: nothing heard for a
 * minute) the job may still be running: its timeout shows (saying what to check, never "try
 * again"), and the job is still followed: progress shows it running again, and its `jobFinished`
 * event replaces the timeout with the real outcome.
 */
export function useJob<T>(): Job<T> {
  const hoiio = useBridge();
  const [state, setState] = useState<JobState<T>>({ status: 'idle' });
  /** The job followed: running, or answered with a timeout and perhaps still running. */
  const current = useRef<string | null>(null);
  /** The followed job's request was answered with a timeout: its `jobFinished` event decides. */
  const timedOut = useRef<string | null>(null);
  /** The followed job's `jobFinished`, kept until its answer (it comes first when nothing timed out). */
  const finished = useRef<JobFinished | null>(null);

  useEffect(
    () =>
      hoiio.on.importExportProgress((progress) => {
        if (progress.jobId !== current.current) return;
        const { jobId } = progress;
        setState((now) =>
          (now.status === 'running' && now.jobId === jobId) || timedOut.current === jobId
            ? { status: 'running', jobId, progress }
            : now,
        );
      }),
    [hoiio],
  );
  useEffect(
    () =>
      hoiio.on.jobFinished((event) => {
        if (event.jobId !== current.current) return;
        if (timedOut.current !== event.jobId) {
          finished.current = event;
          return;
        }
        current.current = null;
        timedOut.current = null;
        setState(endOf<T>(event));
      }),
    [hoiio],
  );
  useEffect(
    () => () => {
      current.current = null;
      timedOut.current = null;
    },
    [],
  );

  const start = useCallback(async (run: (jobId: string) => Promise<T>) => {
    const jobId = crypto.randomUUID();
    current.current = jobId;
    timedOut.current = null;
    finished.current = null;
    setState({ status: 'running', jobId, progress: null });
    let result: { ok: true; value: T } | { ok: false; error: unknown };
    try {
      result = { ok: true, value: await run(jobId) };
    } catch (error) {
      result = { ok: false, error };
    }
    if (current.current !== jobId || timedOut.current === jobId) return;
    // Set by the listener meanwhile (TypeScript still narrows it to the null assigned above).
    const seen = finished.current as JobFinished | null;
    const early = seen?.jobId === jobId ? seen : null;
    finished.current = null;
    if (!result.ok && result.error instanceof AppError && isRequestTimeout(result.error)) {
      // Timed out, yet it may have ended meanwhile (its event came first): show that end; else wait for it.
      if (early) {
        current.current = null;
        return setState(endOf<T>(early));
      }
      timedOut.current = jobId;
      return setState(endState<T>(result));
    }
    current.current = null;
    setState(endState(result));
  }, []);

  const cancel = useCallback(() => {
    const jobId = current.current;
    // Nothing to report if it already finished: the result is on its way.
    if (jobId) void hoiio.importExport.cancel({ jobId }).catch(() => undefined);
  }, [hoiio]);

  const reset = useCallback(() => {
    current.current = null;
    timedOut.current = null;
    finished.current = null;
    setState({ status: 'idle' });
  }, []);

  return { state, start, cancel, reset };
}

/** The end a `jobFinished` event reports, for the view that started the job (its kind's value is `T`). */
function endOf<T>(event: JobFinished): JobState<T> {
  return event.result.ok
    ? endState<T>({ ok: true, value: event.result.value as T })
    : endState<T>({ ok: false, error: AppError.fromIpcError(event.result.error) });
}
