import { useEffect } from 'react';
import { AppError } from '../../../shared/errors.ts';
import { isActiveCall } from './describe-call.ts';
import { useSessionCalls, type Dialer } from './use-dialer.ts';

/** Hoiio's concurrency limit (hoiio-api.md §6): 8 live calls per account. */
const MAX_LIVE_CALLS = 8;
const LIMIT_STATUS = 'error_concurrent_call_limit_reached';

/** True for the refusal "8 calls already in progress" (the core's own check or Hoiio's). */
export function isCallLimitError(error: unknown): boolean {
  if (!(error instanceof AppError)) return false;
  return error.key === `hoiio.${LIMIT_STATUS}` || error.details?.status === LIMIT_STATUS;
}

/**
 * Clears the Dialer's error once it no longer applies: the 8-call limit, as soon as fewer than 8 calls
 * are in progress (issue 12). Other errors stay until the user changes the number or calls again.
 */
export function useClearStaleDialerError(dialer: Dialer): void {
  const liveCount = useSessionCalls().filter(isActiveCall).length;
  const { error, clearError } = dialer;
  const stale = isCallLimitError(error) && liveCount < MAX_LIVE_CALLS;
  useEffect(() => {
    if (stale) clearError();
  }, [stale, clearError]);
}
