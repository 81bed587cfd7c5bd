/**
 * How often the engine asks Hoiio about calls (hoiio-api.md §8). Every figure scales with
 * `timeScale`, so tests against a sandbox running at time-scale 0.01 run 100x faster.
 */
export interface CallTimings {
  /** Poll interval during the first minute of polling (§8: 3 s). */
  readonly fastPollMs: number;
  /** How long the fast interval applies (§8: one minute). */
  readonly fastPhaseMs: number;
  /** Poll interval after the first minute (§8: 10 s). */
  readonly slowPollMs: number;
  /** Ceiling for intervals doubled after error_rate_limit_exceeded (§8: 60 s). */
  readonly maxPollMs: number;
  /**
   * Safety-net poll interval for calls a notification should finish (a working notify URL):
   * catches a notification lost on the way without spending the rate limit on every call.
   */
  readonly safetyNetPollMs: number;
  /** Background requests (polls, history) allowed per window: half of Hoiio's 60/min (§8). */
  readonly budgetRequests: number;
  readonly budgetWindowMs: number;
  /** When to look for a call whose voice/call outcome is unknown, after the failure. */
  readonly findDelaysMs: readonly number[];
  /** How far around a call's creation time its history entry is searched (clock skew, Hoiio latency). */
  readonly historySlackMs: number;
  /** At start-up, calls from this far back that the log lacks (placed elsewhere) are added from history. */
  readonly historyImportMs: number;
}

const REAL_TIME: CallTimings = {
  fastPollMs: 3_000,
  fastPhaseMs: 60_000,
  slowPollMs: 10_000,
  maxPollMs: 60_000,
  safetyNetPollMs: 60_000,
  budgetRequests: 30,
  budgetWindowMs: 60_000,
  findDelaysMs: [3_000, 10_000, 30_000, 60_000, 120_000],
  historySlackMs: 5 * 60_000,
  historyImportMs: 7 * 24 * 60 * 60_000,
};

export function callTimings(timeScale = 1, overrides: Partial<CallTimings> = {}): CallTimings {
  if (!(timeScale > 0)) throw new RangeError(`timeScale must be > 0, got ${timeScale}`);
  const scale = (ms: number): number => Math.max(1, Math.round(ms * timeScale));
  return {
    fastPollMs: scale(REAL_TIME.fastPollMs),
    fastPhaseMs: scale(REAL_TIME.fastPhaseMs),
    slowPollMs: scale(REAL_TIME.slowPollMs),
    maxPollMs: scale(REAL_TIME.maxPollMs),
    safetyNetPollMs: scale(REAL_TIME.safetyNetPollMs),
    budgetRequests: REAL_TIME.budgetRequests,
    budgetWindowMs: scale(REAL_TIME.budgetWindowMs),
    findDelaysMs: REAL_TIME.findDelaysMs.map(scale),
    // Hoiio dates have one-second precision and real clocks: these are never scaled.
    historySlackMs: REAL_TIME.historySlackMs,
    historyImportMs: REAL_TIME.historyImportMs,
    ...overrides,
  };
}

/** Where a call stands in its polling, for choosing the next interval. */
export interface PollCadenceState {
  /** A working notify URL should finish this call: poll only as a safety net. */
  readonly covered: boolean;
  /** When uncovered polling began (ms since epoch). */
  readonly pollingSince: number;
  /** Doublings after rate-limit errors; reset by a successful poll. */
  readonly backoffSteps: number;
}

/** The delay before the next poll of a call (§8 cadence, doubled after rate limiting). */
export function nextPollDelay(state: PollCadenceState, timings: CallTimings, now: number): number {
  const base = state.covered
    ? timings.safetyNetPollMs
    : now - state.pollingSince < timings.fastPhaseMs
      ? timings.fastPollMs
      : timings.slowPollMs;
  if (state.backoffSteps === 0) return base;
  return Math.min(timings.maxPollMs, base * 2 ** state.backoffSteps);
}
