/**
 * Armed faults (hoiio-api.md §7.7): per endpoint, a queue of `error_*` statuses. The next request to that
 * endpoint that would otherwise succeed takes one and answers with it instead.
 */

export class Faults {
  readonly #queues = new Map<string, string[]>();

  /** Arms `count` faults; returns how many are now armed for `endpoint`. */
  arm(endpoint: string, status: string, count = 1): number {
    const queue = this.#queues.get(endpoint) ?? [];
    for (let i = 0; i < count; i++) queue.push(status);
    this.#queues.set(endpoint, queue);
    return queue.length;
  }

  /** Takes the next armed fault for `endpoint`, if any. */
  take(endpoint: string): string | undefined {
    const queue = this.#queues.get(endpoint);
    const status = queue?.shift();
    if (queue?.length === 0) this.#queues.delete(endpoint);
    return status;
  }

  clear(): void {
    this.#queues.clear();
  }
}
