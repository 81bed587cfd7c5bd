import { useCallback, useEffect, useRef, useState } from 'react';
import { AppError, type ErrorCode } from '../../../shared/errors.ts';
import type { JobProgress } from '../../../shared/import-export.ts';
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
 */
export function useJob<T>(): Job<T> {
  const hoiio = useBridge();
  const [state, setState] = useState<JobState<T>>({ status: 'idle' });
  const current = useRef<string | null>(null);

  useEffect(
    () =>
      hoiio.on.importExportProgress((progress) => {
        if (progress.jobId !== current.current) return;
        setState((now) => (now.status === 'running' && now.jobId === progress.jobId ? { ...now, progress } : now));
      }),
    [hoiio],
  );
  useEffect(
    () => () => {
      current.current = null;
    },
    [],
  );

  const start = useCallback(async (run: (jobId: string) => Promise<T>) => {
    const jobId = crypto.randomUUID();
    current.current = jobId;
    setState({ status: 'running', jobId, progress: null });
    const settle = (next: JobState<T>) => {
      if (current.current !== jobId) return;
      current.current = null;
      setState(next);
    };
    try {
      settle({ status: 'done', value: await run(jobId) });
    } catch (error) {
      const code = error instanceof AppError ? error.code : null;
      settle(code === 'cancelled' ? { status: 'cancelled', error } : { status: 'error', code, error });
    }
  }, []);

  const cancel = useCallback(() => {
    const jobId = current.current;
    // Nothing to report if it already finished: the result is on its way.
    if (jobId) void hoiio.importExport.cancel({ jobId }).catch(() => undefined);
  }, [hoiio]);

  const reset = useCallback(() => {
    current.current = null;
    setState({ status: 'idle' });
  }, []);

  return { state, start, cancel, reset };
}
