import { AppError } from '../../../shared/errors.ts';
import type { JobFinished, JobKind, JobValue } from '../../../shared/job-finished.ts';
import type { CoreEvents } from '../events.ts';

/** Long imports/exports by the renderer's job id, so `cancel({ jobId })` can abort them. */
export class JobRegistry {
  readonly #running = new Map<string, AbortController>();

  /** Runs `work` with an AbortSignal registered under `jobId` (ids must be unique among running jobs). */
  async run<T>(jobId: string, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (this.#running.has(jobId)) throw new AppError('conflict', `A job with id ${jobId} is already running.`);
    const controller = new AbortController();
    this.#running.set(jobId, controller);
    try {
      return await work(controller.signal);
    } finally {
      this.#running.delete(jobId);
    }
  }

  cancel(jobId: string): boolean {
    const controller = this.#running.get(jobId);
    controller?.abort();
    return controller !== undefined;
  }

  cancelAll(): void {
    for (const controller of this.#running.values()) controller.abort();
  }
}

/** Calls `emit` at most every `intervalMs`, always letting the final (processed === total) update through. */
export function throttledProgress<P extends { processed: number; total: number; phase: string }>(
  emit: (progress: P) => void,
  intervalMs = 100,
): (progress: P) => void {
  let last = 0;
  let lastPhase = '';
  return (progress) => {
    const now = Date.now();
    const final = progress.processed >= progress.total;
    if (!final && progress.phase === lastPhase && now - last < intervalMs) return;
    last = now;
    lastPhase = progress.phase;
    emit(progress);
  };
}

/**
 * Runs a job's whole operation (everything its answer holds) and publishes how it ended as
 * `jobFinished`, the answer or the error as IPC carries it (shared/job-finished.ts): a renderer
 * whose request timed out while the job went on learns the real outcome from it. Resolves or
 * rejects as `work` does. An error other than AppError is published as `internal` (dispatch words
 * it the same way).
 */
export async function publishingOutcome<K extends JobKind>(
  events: CoreEvents,
  jobId: string,
  kind: K,
  work: () => Promise<JobValue<K>>,
): Promise<JobValue<K>> {
  try {
    const value = await work();
    events.emit('jobFinished', { jobId, kind, result: { ok: true, value } } as JobFinished);
    return value;
  } catch (error) {
    const known =
      error instanceof AppError
        ? error
        : new AppError('internal', 'Something went wrong inside the app. Please try again or report it.');
    events.emit('jobFinished', { jobId, kind, result: { ok: false, error: known.toIpcError() } } as JobFinished);
    throw error;
  }
}
