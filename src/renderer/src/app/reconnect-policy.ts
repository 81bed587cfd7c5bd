/**
 * When the page tries again to reach the app host after its connection closed: exponential backoff
 * from `firstDelayMs`, doubling, capped at `maxDelayMs`, for at most `maxAttempts` attempts. Pure: the
 * transport (browser-host-transport.ts) asks it before each attempt.
 */
export interface ReconnectPolicy {
  /** Wait before the first attempt, in ms. */
  readonly firstDelayMs: number;
  /** No wait is longer than this, in ms. */
  readonly maxDelayMs: number;
  /** Attempts before the page stops and asks the user to reload or restart the host. */
  readonly maxAttempts: number;
}

/** About 2.5 minutes of trying in all (0.5, 1, 2, 4, 5, 5, … s): long enough for a host restart. */
export const DEFAULT_RECONNECT_POLICY: ReconnectPolicy = { firstDelayMs: 500, maxDelayMs: 5_000, maxAttempts: 30 };

/**
 * The wait in ms before attempt number `attempt` (1-based), or `null` when no attempt is left
 * (`attempt` above `maxAttempts`, or not a positive whole number).
 */
export function reconnectDelayMs(attempt: number, policy: ReconnectPolicy = DEFAULT_RECONNECT_POLICY): number | null {
  if (!Number.isInteger(attempt) || attempt < 1 || attempt > policy.maxAttempts) return null;
  // 2 ** 30 is still exact; the cap keeps larger exponents from mattering.
  const doubled = policy.firstDelayMs * 2 ** Math.min(attempt - 1, 30);
  return Math.min(doubled, policy.maxDelayMs);
}
