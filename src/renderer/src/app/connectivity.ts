/**
 * Whether the computer has a network connection (the OS's view, `navigator.onLine` and its
 * `online`/`offline` events), and what that means for calling: in live mode calls need Hoiio, so
 * Call is unavailable offline; the sandbox runs on this computer and keeps working. Contacts and
 * the call history are local and stay usable either way.
 */
import { useSyncExternalStore } from 'react';
import { useHoiioQuery } from '../data/query.ts';

function subscribe(listener: () => void): () => void {
  window.addEventListener('online', listener);
  window.addEventListener('offline', listener);
  return () => {
    window.removeEventListener('online', listener);
    window.removeEventListener('offline', listener);
  };
}

/** True while the OS reports a network connection. */
export function useOnline(): boolean {
  return useSyncExternalStore(subscribe, () => navigator.onLine);
}

/**
 * Why Call cannot be used now, as a catalogue key (`callUnavailable.*`), or null when it can:
 * offline in live mode (Hoiio cannot be reached; the sandbox needs no network).
 */
export function useCallUnavailable(): string | null {
  const online = useOnline();
  const mode = useHoiioQuery('app', 'getInfo').data?.mode;
  return !online && mode === 'live' ? 'callUnavailable.offline' : null;
}
