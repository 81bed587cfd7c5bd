import { useSyncExternalStore } from 'react';

/**
 * Whether the page can reach the app's core: `connected`; `reconnecting` after the connection closed
 * (the transport is trying again, `attempt` 1-based); `replaced` when the host answers but no longer
 * accepts this page's session (it restarted with a new token or port: reload with its new URL);
 * `gaveUp` after the reconnect policy's last attempt (restart the host, then reload).
 */
export type HostConnection =
  | { readonly status: 'connected' }
  | { readonly status: 'reconnecting'; readonly attempt: number }
  | { readonly status: 'replaced' }
  | { readonly status: 'gaveUp' };

let current: HostConnection = { status: 'connected' };
const listeners = new Set<() => void>();

/** Sets the connection state (the transport calls this); listeners run only on a change of status or attempt. */
export function setHostConnection(next: HostConnection): void {
  if (
    next.status === current.status &&
    (next.status !== 'reconnecting' || (current.status === 'reconnecting' && next.attempt === current.attempt))
  ) {
    return;
  }
  current = next;
  for (const listener of [...listeners]) listener();
}

/** The current state, outside React. */
export function hostConnection(): HostConnection {
  return current;
}

/** Calls `listener` on each change; returns the unsubscribe function. */
export function onHostConnectionChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The connection state in a component (re-renders on each change). */
export function useHostConnection(): HostConnection {
  return useSyncExternalStore(onHostConnectionChange, hostConnection);
}
