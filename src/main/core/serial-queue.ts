import { AppError } from '../../shared/errors.ts';

/**
 * Runs async work one piece at a time, in the order asked. createCore gives one queue to the
 * settings and account services: an account change (verify, store the token, rebuild the
 * runtime) and a settings change (the base URL lock, a new tunnel) must never interleave.
 */
export class SerialQueue {
  #tail: Promise<unknown> = Promise.resolve();
  #closed = false;

  /** Runs `work` after everything queued before it; rejects with 'conflict' once closed. */
  run<T>(work: () => Promise<T> | T): Promise<T> {
    if (this.#closed) return Promise.reject(new AppError('conflict', 'The app is shutting down.'));
    const run = this.#tail.then(work, work);
    this.#tail = run.catch(() => undefined);
    return run;
  }

  /** Refuses new work; resolves once the work already queued has finished (never rejects). */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#tail;
  }
}
