/** Poll cadence (hoiio-api.md §8), the background request budget, and the task scheduler. */
import { describe, expect, it } from 'vitest';
import { RequestBudget } from '../../src/main/core/calls/request-budget.ts';
import { CallTaskScheduler } from '../../src/main/core/calls/scheduler.ts';
import { callTimings, nextPollDelay } from '../../src/main/core/calls/timings.ts';

describe('poll cadence', () => {
  const timings = callTimings();

  it('uses the §8 figures in real time: 3 s for the first minute, then 10 s, at most 60 s, 30 requests/min', () => {
    expect(timings).toMatchObject({
      fastPollMs: 3000,
      fastPhaseMs: 60_000,
      slowPollMs: 10_000,
      maxPollMs: 60_000,
      budgetRequests: 30,
      budgetWindowMs: 60_000,
    });
  });

  it('polls every 3 s during the first minute, then every 10 s', () => {
    const state = { covered: false, pollingSince: 0, backoffSteps: 0 };
    expect(nextPollDelay(state, timings, 0)).toBe(3000);
    expect(nextPollDelay(state, timings, 59_999)).toBe(3000);
    expect(nextPollDelay(state, timings, 60_000)).toBe(10_000);
  });

  it('doubles the interval after each rate-limit error, up to 60 s', () => {
    const at = (backoffSteps: number, now = 0) =>
      nextPollDelay({ covered: false, pollingSince: 0, backoffSteps }, timings, now);
    expect([at(1), at(2), at(3), at(4), at(5)]).toEqual([6000, 12_000, 24_000, 48_000, 60_000]);
    expect(at(1, 120_000)).toBe(20_000);
  });

  it('only checks now and then on calls a notification should finish', () => {
    expect(nextPollDelay({ covered: true, pollingSince: 0, backoffSteps: 0 }, timings, 0)).toBe(60_000);
  });

  it('scales every interval with the time scale, but not the history slack', () => {
    const fast = callTimings(0.01);
    expect(fast).toMatchObject({ fastPollMs: 30, slowPollMs: 100, budgetWindowMs: 600, budgetRequests: 30 });
    expect(fast.historySlackMs).toBe(timings.historySlackMs);
    expect(() => callTimings(0)).toThrow(RangeError);
  });
});

describe('RequestBudget', () => {
  it('allows N requests per sliding window and says how long to wait for the next', () => {
    const budget = new RequestBudget(3, 1000);
    expect([budget.tryTake(0), budget.tryTake(100), budget.tryTake(200)]).toEqual([0, 0, 0]);
    expect(budget.tryTake(300)).toBe(700);
    expect(budget.tryTake(999)).toBe(1);
    expect(budget.tryTake(1000)).toBe(0); // the first slot has left the window
    expect(budget.tryTake(1050)).toBe(50);
  });

  it('record counts a request already sent: it never waits, fills the window and delays the next tryTake', () => {
    const budget = new RequestBudget(3, 1000);
    expect(budget.tryTake(0)).toBe(0);
    budget.record(100);
    budget.record(200);
    expect(budget.tryTake(300)).toBe(700); // full: the slot taken at 0 frees first
    budget.record(400); // over the limit: still counted
    budget.record(500);
    // 5 requests in the window: 3 must leave it (0, 100, 200) before a slot frees.
    expect(budget.tryTake(1000)).toBe(200);
    expect(budget.tryTake(1199)).toBe(1);
    expect(budget.tryTake(1200)).toBe(0);
    // Recorded requests leave the window like taken ones.
    expect(budget.tryTake(1500)).toBe(0);
  });
});

describe('CallTaskScheduler', () => {
  it('runs tasks when due, within the budget: no more than N starts per window', async () => {
    const starts: number[] = [];
    const scheduler = new CallTaskScheduler({
      budget: new RequestBudget(2, 300),
      run: async () => void starts.push(Date.now()),
      onError: () => undefined,
    });
    const begin = Date.now();
    for (const id of ['a', 'b', 'c', 'd']) scheduler.schedule(id, 0);
    const deadline = Date.now() + 3000;
    while (starts.length < 4 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    scheduler.close();
    expect(starts).toHaveLength(4);
    expect(starts[1]! - begin).toBeLessThan(150);
    expect(starts[2]! - begin).toBeGreaterThanOrEqual(290);
    expect(starts[3]! - begin).toBeGreaterThanOrEqual(290);
  });

  it('waits when recorded requests (extra pages, retries) filled the window', async () => {
    const starts: number[] = [];
    const budget = new RequestBudget(2, 300);
    const begin = Date.now();
    budget.record(begin);
    budget.record(begin);
    const scheduler = new CallTaskScheduler({
      budget,
      run: async () => void starts.push(Date.now()),
      onError: () => undefined,
    });
    scheduler.schedule('a', 0);
    const deadline = Date.now() + 3000;
    while (starts.length < 1 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    scheduler.close();
    expect(starts).toHaveLength(1);
    expect(starts[0]! - begin).toBeGreaterThanOrEqual(290);
  });

  it('a rescheduled call runs once; a cancelled or closed one never', async () => {
    const runs: string[] = [];
    const scheduler = new CallTaskScheduler({
      budget: new RequestBudget(100, 1000),
      run: async (id) => void runs.push(id),
      onError: () => undefined,
    });
    scheduler.schedule('a', 20);
    scheduler.schedule('a', 40);
    scheduler.schedule('b', 20);
    scheduler.cancel('b');
    scheduler.schedule('c', 100);
    await new Promise((resolve) => setTimeout(resolve, 70));
    scheduler.close();
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(runs).toEqual(['a']);
    expect(scheduler.isScheduled('c')).toBe(false);
  });

  it('reports a failing task instead of throwing', async () => {
    const failures: string[] = [];
    const scheduler = new CallTaskScheduler({
      budget: new RequestBudget(100, 1000),
      run: () => Promise.reject(new Error('boom')),
      onError: (id, error) => void failures.push(`${id}: ${(error as Error).message}`),
    });
    scheduler.schedule('a', 0);
    await new Promise((resolve) => setTimeout(resolve, 30));
    scheduler.close();
    expect(failures).toEqual(['a: boom']);
  });
});
