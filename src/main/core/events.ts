import { EventEmitter } from 'node:events';
import type { PushEventName, PushEventPayload } from '../../shared/contract.ts';

/** A minimal typed wrapper over EventEmitter: `on` returns its own unsubscribe function. */
export class TypedEmitter<Events extends Record<string, unknown>> {
  readonly #emitter = new EventEmitter();

  constructor() {
    // Every window and test may subscribe; a leak warning at 10 listeners would be noise.
    this.#emitter.setMaxListeners(0);
  }

  on<E extends keyof Events & string>(name: E, listener: (payload: Events[E]) => void): () => void {
    this.#emitter.on(name, listener);
    return () => this.#emitter.off(name, listener);
  }

  emit<E extends keyof Events & string>(name: E, payload: Events[E]): void {
    this.#emitter.emit(name, payload);
  }

  removeAllListeners(): void {
    this.#emitter.removeAllListeners();
  }
}

/** The push events the core emits; the shells forward them to every window. */
export type CoreEventMap = { [E in PushEventName]: PushEventPayload<E> };
export type CoreEvents = TypedEmitter<CoreEventMap>;
