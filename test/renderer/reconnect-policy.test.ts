import { describe, expect, it } from 'vitest';
import { DEFAULT_RECONNECT_POLICY, reconnectDelayMs } from '../../src/renderer/src/app/reconnect-policy.ts';

const policy = { firstDelayMs: 100, maxDelayMs: 1_000, maxAttempts: 6 };

describe('reconnectDelayMs', () => {
  it('waits the first delay before the first attempt, then doubles', () => {
    expect([1, 2, 3, 4].map((attempt) => reconnectDelayMs(attempt, policy))).toEqual([100, 200, 400, 800]);
  });

  it('never waits longer than the cap', () => {
    expect(reconnectDelayMs(5, policy)).toBe(1_000);
    expect(reconnectDelayMs(6, policy)).toBe(1_000);
  });

  it('gives up after the last attempt', () => {
    expect(reconnectDelayMs(7, policy)).toBeNull();
    expect(reconnectDelayMs(1_000, policy)).toBeNull();
  });

  it('refuses attempt numbers that are not positive whole numbers', () => {
    expect(reconnectDelayMs(0, policy)).toBeNull();
    expect(reconnectDelayMs(-1, policy)).toBeNull();
    expect(reconnectDelayMs(1.5, policy)).toBeNull();
    expect(reconnectDelayMs(Number.NaN, policy)).toBeNull();
  });

  it('by default stays within its bounds for every attempt and then stops', () => {
    const delays = Array.from({ length: DEFAULT_RECONNECT_POLICY.maxAttempts }, (_, index) =>
      reconnectDelayMs(index + 1),
    );
    expect(delays.every((delay) => delay !== null && delay >= 500 && delay <= 5_000)).toBe(true);
    expect(reconnectDelayMs(DEFAULT_RECONNECT_POLICY.maxAttempts + 1)).toBeNull();
  });
});
