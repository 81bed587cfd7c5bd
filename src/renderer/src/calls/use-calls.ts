import { useCallback, useEffect, useState } from 'react';
import type { CallRecord } from '../../../shared/calls.ts';
import { useBridge } from '../bridge-context.tsx';

/**
 * Calls in progress and calls placed in this session, kept current by `callUpdated` events. Updates are applied
 * only when newer (`updatedAt`), so an out-of-order event never moves a call backwards.
 */
export function useSessionCalls(): { calls: CallRecord[]; remember: (call: CallRecord) => void } {
  const hoiio = useBridge();
  const [calls, setCalls] = useState<ReadonlyMap<string, CallRecord>>(new Map());

  const remember = useCallback((call: CallRecord) => {
    setCalls((current) => {
      const known = current.get(call.id);
      if (known && known.updatedAt > call.updatedAt) return current;
      return new Map(current).set(call.id, call);
    });
  }, []);

  useEffect(() => hoiio.on.callUpdated(remember), [hoiio, remember]);
  // Calls still in progress from before this window opened (a reload, or a call placed at start-up).
  useEffect(() => {
    hoiio.callLog.query({ outcomes: ['in_progress'], limit: 20 }).then(
      (page) => page.items.forEach(remember),
      () => {}, // the dialer works without them; the call log shows the error if the store is unreadable
    );
  }, [hoiio, remember]);

  const ordered = [...calls.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return { calls: ordered, remember };
}
