/**
 * The core's start as a list of named steps, run one per task of the event loop: between two
 * steps the thread yields (setImmediate), so timers, IPC answers and I/O callbacks that arrived
 * meanwhile run before the next step. No step may grow with the user's data (the call log, the
 * contacts); what does runs in a database worker. `bench/main-thread.bench.ts` scenario (d)
 * measures the longest slice of the thread that answers IPC while the app starts (issue 8).
 */
import { yieldToEventLoop } from './io/source-record.ts';

/** One piece of the start: `run` does it (synchronously or not); `name` says which in errors. */
export interface StartStep {
  /** Short words for logs and errors, e.g. 'open the database'. */
  readonly name: string;
  readonly run: () => void | Promise<void>;
}

/**
 * A step that failed: `step` is its name, `cause` the error it threw, unchanged (an AppError
 * keeps its code and reason there, for the start-up screen).
 */
export class StartStepError extends Error {
  readonly step: string;

  constructor(step: string, cause: unknown) {
    super(`start-up step "${step}" failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'StartStepError';
    this.step = step;
  }
}

/**
 * Runs `steps` in order, each awaited, yielding to the event loop (setImmediate) before each
 * step, so the thread never runs two steps in one task. Stops at the first step that throws or
 * rejects and rejects with a StartStepError naming it (the cause attached); later steps do not run.
 */
export async function runStepsYielding(steps: readonly StartStep[]): Promise<void> {
  for (const step of steps) {
    await yieldToEventLoop();
    try {
      await step.run();
    } catch (error) {
      throw new StartStepError(step.name, error);
    }
  }
}

/**
 * Synchronous work cut into slices: a generator that does one piece, `yield`s, does the next, and
 * finally returns its result. Run it at once (finishNow: tests, tools, the recovery swap) or one
 * slice per task (finishYielding: the core's start). `yield*` nests one inside another.
 */
export type Sliced<T> = Generator<void, T, void>;

/** Runs every slice of `work` now, in this task; returns its result (errors thrown as they are). */
export function finishNow<T>(work: Sliced<T>): T {
  for (;;) {
    const next = work.next();
    if (next.done) return next.value;
  }
}

/**
 * Runs `work` one slice per task: after each `yield` it hands the thread back to the event loop
 * (setImmediate) before the next slice. Resolves with the result; rejects with the error a slice
 * threw, as it is.
 */
export async function finishYielding<T>(work: Sliced<T>): Promise<T> {
  for (;;) {
    const next = work.next();
    if (next.done) return next.value;
    await yieldToEventLoop();
  }
}
