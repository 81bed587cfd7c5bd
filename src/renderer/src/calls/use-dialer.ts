import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
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
   * A double press is held back by the Dialer's Call button (DialForm); the same call sent twice while the
   * first is in flight is answered once by the core (CallService coalesces identical place requests).
   */
  dial(number: string, contactId: string | null, options?: DialOptions): Promise<boolean>;
  clearError(): void;
}

/** Placing calls, shared by the dialer form and every click-to-call button (one mutation: busy and error). */
export function useDialer(): Dialer {
  const queryClient = useQueryClient();
  const place = useHoiioMutation('calls', 'place', { onSuccess: (call) => rememberCall(queryClient, call) });
  const { mutateAsync, reset } = place;
  const dial = useCallback(
    (number: string, contactId: string | null, options: DialOptions = {}) =>
      mutateAsync({ dest2: number, contactId, ...options }).then(
        () => true,
        () => false,
      ),
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
