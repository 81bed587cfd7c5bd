/**
 * One shared one-second clock for the live call timers: a single interval while at least one timer
 * is shown, and only the components that read it re-render on each tick (never the whole list).
 */
import { useSyncExternalStore } from 'react';

const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | null = null;
let now = Date.now();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (timer === null) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      listeners.forEach((notify) => notify());
    }, 1000);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== null) {
      clearInterval(timer);
      timer = null;
    }
  };
}

/** The current time (ms since the epoch), updated once a second while a component reads it. */
export function useNow(): number {
  return useSyncExternalStore(subscribe, () => now);
}
