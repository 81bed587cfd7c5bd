/**
 * The core's start as a list of named steps, run one per task of the event loop: between two
 * steps the thread yields (setImmediate), so timers, IPC answers and I/O callbacks that arrived
 * meanwhile run before the next step. No step may grow with the user's data (the call log, the
 * contacts); what does runs in a database worker. `bench/main-thread.bench.ts` scenario (d)
 * measures the longest slice of the thread that answers IPC while the app starts (issue 8).
 */
import { yieldToEventLoop } from '../io/source-record.ts';

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
