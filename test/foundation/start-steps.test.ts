/**
 * The core's start runs as named steps, one per task of the event loop (issue 8 (d)): the order
 * kept, a failure named by its step with the original error attached, and the thread handed back
 * between steps (a setImmediate queued by one step runs before the next step).
 */
import { describe, expect, it } from 'vitest';
import {
  finishNow,
  finishYielding,
  runStepsYielding,
  StartStepError,
  type Sliced,
} from '../../src/main/core/start-steps.ts';
import { AppError } from '../../src/shared/errors.ts';

describe('runStepsYielding', () => {
  it('runs the steps in the order given, sync and async alike, each once', async () => {
    const ran: string[] = [];
    await runStepsYielding([
      { name: 'one', run: () => void ran.push('one') },
      {
        name: 'two',
        run: async () => {
          await Promise.resolve();
          ran.push('two');
        },
      },
      { name: 'three', run: () => void ran.push('three') },
    ]);
    expect(ran).toEqual(['one', 'two', 'three']);
  });

  it('yields to the event loop between steps: an immediate queued by a step runs before the next step', async () => {
    const seen: string[] = [];
    await runStepsYielding([
      {
        name: 'first',
        run: () => {
          seen.push('first');
          setImmediate(() => seen.push('immediate queued by first'));
        },
      },
      { name: 'second', run: () => void seen.push('second') },
      {
        name: 'third',
        run: () => {
          seen.push('third');
          setImmediate(() => seen.push('immediate queued by third'));
        },
      },
    ]);
    expect(seen).toEqual(['first', 'immediate queued by first', 'second', 'third']);
  });

  it('an I/O callback that became ready during a step runs before the next step', async () => {
    const seen: string[] = [];
    const timerFired = new Promise<void>((resolve) =>
      setTimeout(() => {
        seen.push('timer');
        resolve();
      }, 0),
    );
    await runStepsYielding([
      {
        name: 'wait for the timer',
        // Busy 5 ms (a bounded loop), so the 1 ms timer is due before the step ends.
        run: () => {
          const until = Date.now() + 5;
          while (Date.now() < until);
          seen.push('busy step');
        },
      },
      { name: 'after', run: () => void seen.push('after') },
    ]);
    await timerFired;
    expect(seen.indexOf('timer')).toBeLessThan(seen.indexOf('after'));
  });

  it('stops at a step that throws and rejects naming it, the original error as its cause', async () => {
    const ran: string[] = [];
    const original = new AppError('storage', 'The database could not be opened.', { reason: 'corrupt' });
    const failure = await runStepsYielding([
      { name: 'open the database', run: () => void ran.push('open') },
      {
        name: 'load settings',
        run: () => {
          throw original;
        },
      },
      { name: 'start the account', run: () => void ran.push('account') },
    ]).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(StartStepError);
    expect((failure as StartStepError).step).toBe('load settings');
    expect((failure as StartStepError).message).toBe(
      'start-up step "load settings" failed: The database could not be opened.',
    );
    expect((failure as StartStepError).cause).toBe(original);
    expect(ran).toEqual(['open']);
  });

  it('a step whose promise rejects is named the same way', async () => {
    const failure = await runStepsYielding([
      { name: 'start the sandbox', run: () => Promise.reject(new Error('port in use')) },
    ]).catch((error: unknown) => error);
    expect(failure).toMatchObject({ step: 'start the sandbox', message: expect.stringContaining('port in use') });
  });
});

describe('sliced work (finishNow, finishYielding)', () => {
  /** Three slices that record themselves and queue an immediate from the first. */
  function* counting(seen: string[]): Sliced<number> {
    seen.push('slice 1');
    setImmediate(() => seen.push('immediate queued by slice 1'));
    yield;
    seen.push('slice 2');
    yield;
    seen.push('slice 3');
    return 3;
  }

  it('finishNow runs every slice in this task and returns the result', () => {
    const seen: string[] = [];
    expect(finishNow(counting(seen))).toBe(3);
    expect(seen).toEqual(['slice 1', 'slice 2', 'slice 3']);
  });

  it('finishYielding hands the thread back between slices: the immediate runs before slice 2', async () => {
    const seen: string[] = [];
    expect(await finishYielding(counting(seen))).toBe(3);
    expect(seen).toEqual(['slice 1', 'immediate queued by slice 1', 'slice 2', 'slice 3']);
  });

  it('an error thrown by a slice comes out as it is, and no later slice runs', async () => {
    const seen: string[] = [];
    const original = new AppError('storage', 'The database is damaged.', { reason: 'corrupt' });
    function* failing(): Sliced<void> {
      seen.push('slice 1');
      yield;
      throw original;
    }
    expect(() => finishNow(failing())).toThrow(original);
    await expect(finishYielding(failing())).rejects.toBe(original);
    expect(seen).toEqual(['slice 1', 'slice 1']);
  });
});
