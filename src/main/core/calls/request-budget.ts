/**
 * A sliding-window limit on background requests to Hoiio (polls, history look-ups), so the
 * engine stays under half of Hoiio's per-endpoint rate limit whatever the number of calls.
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
    while (this.#sentAt.length > 0 && this.#sentAt[0]! <= now - this.#windowMs) this.#sentAt.shift();
    if (this.#sentAt.length < this.#limit) {
      this.#sentAt.push(now);
      return 0;
    }
    return this.#sentAt[0]! + this.#windowMs - now;
  }
}
