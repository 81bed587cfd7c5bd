/**
 * Request limits (hoiio-api.md §6): a fixed window per (app_id, endpoint), opened by the first counted
 * request and lasting `windowMs` real milliseconds (never scaled by --time-scale); the next request after
 * it opens a new one. A limit of 0 disables limiting.
 */

interface Window {
  start: number;
  count: number;
}

export class RateLimiter {
  readonly #limit: number;
  readonly #windowMs: number;
  readonly #now: () => number;
  readonly #windows = new Map<string, Window>();

  constructor(limit: number, windowMs: number, now: () => number = () => performance.now()) {
    this.#limit = limit;
    this.#windowMs = windowMs;
    this.#now = now;
  }

  /** Counts one request for `key`; false when it is over the limit of its window. */
  hit(key: string): boolean {
    if (this.#limit === 0) return true;
    const now = this.#now();
    let window = this.#windows.get(key);
    if (!window || now - window.start >= this.#windowMs) {
      window = { start: now, count: 0 };
      this.#windows.set(key, window);
    }
    window.count++;
    return window.count <= this.#limit;
  }

  reset(): void {
    this.#windows.clear();
  }
}
