import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useRef } from 'react';
import type { CallRecord } from '../../../shared/calls.ts';
import { useBridge } from '../bridge-context.tsx';
import { rememberCall, SESSION_CALLS_KEY, useHoiioMutation } from '../data/query.ts';
import { isActiveCall } from './describe-call.ts';

/** Choices for one call from the Dialer (sent with this call only; Settings keeps the defaults). */
export interface DialOptions {
  /** Your phone (E.164); absent: Settings, then the registered number. */
  readonly dest1?: string | null;
  /** A caller ID of the account or `private`; absent: Settings, then Hoiio's default. */
  readonly callerId?: string | null;
  /** Hoiio's max_duration in seconds (1–86,400); absent: Settings. */
  readonly maxDurationSeconds?: number | null;
  /** Digits to dial once answered (kept with the call; Hoiio cannot dial them). */
  readonly extension?: string | null;
}

export interface Dialer {
  readonly placing: boolean;
  /** Why the last call could not be placed (word it with useFormat().error). */
  readonly error: Error | null;
  /**
   * Places one call (Hoiio rings real phones: never call this from an effect). Resolves true if placed.
   * The same dial again while it is in flight sends nothing and resolves with the first one's answer.
   */
  dial(number: string, contactId: string | null, options?: DialOptions): Promise<boolean>;
  clearError(): void;
}

/** Placing calls, shared by the dialer form and every click-to-call button (one mutation: busy and error). */
export function useDialer(): Dialer {
  const queryClient = useQueryClient();
  const place = useHoiioMutation('calls', 'place', { onSuccess: (call) => rememberCall(queryClient, call) });
  const { mutateAsync, reset } = place;
  // `isPending` reaches the next render only after the press that started it: a second press of the same
  // Call in between (a double click) must not send a second request, so dials in flight are kept here.
  const inFlight = useRef(new Map<string, Promise<boolean>>());
  const dial = useCallback(
    (number: string, contactId: string | null, options: DialOptions = {}) => {
      const request = { dest2: number, contactId, ...options };
      const key = JSON.stringify(request);
      const same = inFlight.current.get(key);
      if (same) return same;
      const placing = mutateAsync(request).then(
        () => true,
        () => false,
      );
      inFlight.current.set(key, placing);
      void placing.then(() => inFlight.current.delete(key));
      return placing;
    },
    [mutateAsync],
  );
  return { placing: place.isPending, error: place.error, dial, clearError: reset };
}

/**
 * Calls in progress and calls placed in this session, newest first: seeded once with the calls still in
 * progress from before this window opened (a reload, or a call placed at start-up), then kept current
 * by `callUpdated` events (followPushEvents), never re-queried.
 */
export function useSessionCalls(): readonly CallRecord[] {
  const hoiio = useBridge();
  const queryClient = useQueryClient();
  return (
    useQuery({
      queryKey: SESSION_CALLS_KEY,
      queryFn: async () => {
        const page = await hoiio.callLog.query({ outcomes: ['in_progress'], limit: 20 }).catch(() => ({ items: [] }));
        // Events that arrived while the seed was in flight are newer than it: merge, do not replace.
        for (const call of page.items) rememberCall(queryClient, call);
        // A call shown as active that is no longer in progress ended while its event could not arrive (the
        // connection to the core was lost, see main.tsx's refetchOnReconnect): read it again.
        const seeded = new Set(page.items.map((call) => call.id));
        const stale = (queryClient.getQueryData<readonly CallRecord[]>(SESSION_CALLS_KEY) ?? []).filter(
          (call) => isActiveCall(call) && !seeded.has(call.id),
        );
        const reread = await Promise.all(stale.map((call) => hoiio.calls.get({ id: call.id }).catch(() => null)));
        for (const call of reread) if (call) rememberCall(queryClient, call);
        return queryClient.getQueryData<readonly CallRecord[]>(SESSION_CALLS_KEY) ?? [];
      },
    }).data ?? []
  );
}
