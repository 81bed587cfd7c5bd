/**
 * A sliding-window limit on background requests to Hoiio (polls, history look-ups), so the
 * engine stays under half of Hoiio's per-endpoint rate limit whatever the number of calls.
 * Scheduled tasks take a slot before they start (`tryTake`); requests a task makes beyond the
 * one its slot paid for (further history pages, retries after network faults) are counted
 * with `record`, so later tasks wait until the window has room again.
 */
export class RequestBudget {
  readonly #limit: number;
  readonly #windowMs: number;
  readonly #sentAt: number[] = [];

  constructor(limit: number, windowMs: number) {
    if (!(limit >= 1) || !(windowMs > 0)) throw new RangeError('RequestBudget needs limit >= 1 and windowMs > 0');
    this.#limit = limit;
    this.#windowMs = windowMs;
  }

  /** Takes one request slot and returns 0, or returns how many ms to wait before one frees up. */
  tryTake(now: number): number {
    this.#expire(now);
    if (this.#sentAt.length < this.#limit) {
      this.#insert(now);
      return 0;
    }
    // Recorded requests may have pushed the window past the limit: wait until enough have left it.
    return this.#sentAt[this.#sentAt.length - this.#limit]! + this.#windowMs - now;
  }

  /** Counts a request that was sent without a slot (it already happened): never waits, may overfill. */
  record(now: number): void {
    this.#expire(now);
    this.#insert(now);
  }

  #expire(now: number): void {
    while (this.#sentAt.length > 0 && this.#sentAt[0]! <= now - this.#windowMs) this.#sentAt.shift();
  }

  /** Keeps the times sorted (a clock may step back) so the oldest leaves the window first. */
  #insert(at: number): void {
    let index = this.#sentAt.length;
    while (index > 0 && this.#sentAt[index - 1]! > at) index -= 1;
    this.#sentAt.splice(index, 0, at);
  }
}
