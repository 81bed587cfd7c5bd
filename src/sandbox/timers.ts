/**
 * Every timer a sandbox instance starts goes through one TimerSet, so close() and reset can cancel them
 * all and an embedded sandbox never keeps the Node process alive. Delays beyond setTimeout's 24.8-day
 * limit (possible with a large --time-scale) are chained instead of firing at once.
 */

const MAX_DELAY_MS = 2 ** 31 - 1;

export interface TimerHandle {
  timeout: NodeJS.Timeout | undefined;
}

export class TimerSet {
  readonly #live = new Set<TimerHandle>();

  /** Runs `fn` after `ms` milliseconds unless cleared first. */
  set(fn: () => void, ms: number): TimerHandle {
    const handle: TimerHandle = { timeout: undefined };
    const arm = (remaining: number): void => {
      const step = Math.min(Math.max(0, remaining), MAX_DELAY_MS);
      handle.timeout = setTimeout(() => {
        if (remaining > MAX_DELAY_MS) {
          arm(remaining - MAX_DELAY_MS);
          return;
        }
        this.#live.delete(handle);
        fn();
      }, step);
    };
    this.#live.add(handle);
    arm(ms);
    return handle;
  }

  clear(handle: TimerHandle | undefined): void {
    if (!handle) return;
    clearTimeout(handle.timeout);
    this.#live.delete(handle);
  }

  clearAll(): void {
    for (const handle of this.#live) clearTimeout(handle.timeout);
    this.#live.clear();
  }
}
