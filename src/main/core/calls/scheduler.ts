/**
 * Runs one background task per call (a poll or a history look-up) at a chosen time, within
 * a shared RequestBudget: a task whose time has come waits for a free slot. The slot pays for
 * the task's first request; the task records any further ones in the same budget, so a window
 * they filled also holds back the next tasks. A call has at most one pending task; scheduling
 * again replaces it. Tasks never overlap for one call.
 */
import type { RequestBudget } from './request-budget.ts';

export type CallTask = (callId: string) => Promise<void>;

export class CallTaskScheduler {
  readonly #budget: RequestBudget;
  readonly #run: CallTask;
  readonly #onError: (callId: string, error: unknown) => void;
  readonly #timers = new Map<string, NodeJS.Timeout>();
  readonly #running = new Set<string>();
  #closed = false;

  constructor(options: {
    readonly budget: RequestBudget;
    readonly run: CallTask;
    readonly onError: (callId: string, error: unknown) => void;
  }) {
    this.#budget = options.budget;
    this.#run = options.run;
    this.#onError = options.onError;
  }

  /** Runs the call's task after `delayMs` (replacing any pending one). */
  schedule(callId: string, delayMs: number): void {
    if (this.#closed) return;
    this.cancel(callId);
    const timer = setTimeout(() => this.#due(callId), Math.max(0, delayMs));
    timer.unref();
    this.#timers.set(callId, timer);
  }

  cancel(callId: string): void {
    clearTimeout(this.#timers.get(callId));
    this.#timers.delete(callId);
  }

  isScheduled(callId: string): boolean {
    return this.#timers.has(callId);
  }

  close(): void {
    this.#closed = true;
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
  }

  #due(callId: string): void {
    this.#timers.delete(callId);
    if (this.#closed) return;
    // A task still running for this call will schedule its successor itself.
    if (this.#running.has(callId)) return;
    const wait = this.#budget.tryTake(Date.now());
    if (wait > 0) {
      this.schedule(callId, wait);
      return;
    }
    this.#running.add(callId);
    this.#run(callId)
      .catch((error: unknown) => this.#onError(callId, error))
      .finally(() => this.#running.delete(callId));
  }
}
